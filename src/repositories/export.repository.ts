import { TxRunner } from '../db/gateway';
import { Plain, toInt } from '../db/plain';
import { RelationshipType } from '../domain/relationship-type';
import { typeAlternation } from './cypher-fragments';

/** A stored node's properties, as plain values (dates as ISO strings). */
export type Props = Record<string, Plain>;

/** A source's MENTIONS of one entity, with the spans located in its text (none: named only by evidence). */
export interface StoredMention {
  entity: string;
  starts: number[];
  ends: number[];
}

export interface StoredRel {
  type: RelationshipType;
  from: string;
  to: string;
  props: Props;
}

const props = (value: Plain): Props => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});

/**
 * Reads the graph page by page for `newsgraph export` and checksums: keyset pages ordered by the
 * constrained ids (index-backed order, so a page costs its size, not the graph's), or lookups by
 * lists of ids for a neighbourhood. Nothing here holds more than one page.
 */
export class ExportRepository {
  async sourcesAfter(tx: TxRunner, after: string, limit: number): Promise<Props[]> {
    const rows = await tx.run('MATCH (s:Source) WHERE s.id > $after RETURN properties(s) AS props ORDER BY s.id LIMIT $limit', {
      after,
      limit: toInt(limit),
    });
    return rows.map((row) => props(row.props));
  }

  async entitiesAfter(tx: TxRunner, after: string, limit: number): Promise<Props[]> {
    const rows = await tx.run('MATCH (e:Entity) WHERE e.id > $after RETURN properties(e) AS props ORDER BY e.id LIMIT $limit', {
      after,
      limit: toInt(limit),
    });
    return rows.map((row) => props(row.props));
  }

  /** Relationships of one type ordered by id (the type's id index gives the order). */
  async relationshipsAfter(tx: TxRunner, type: RelationshipType, after: string, limit: number): Promise<StoredRel[]> {
    const rows = await tx.run(
      `MATCH (a:Entity)-[r:${typeAlternation([type])}]->(b:Entity) WHERE r.id > $after
       RETURN properties(r) AS props, a.id AS from, b.id AS to ORDER BY r.id LIMIT $limit`,
      { after, limit: toInt(limit) },
    );
    return rows.map((row) => ({ type, from: String(row.from), to: String(row.to), props: props(row.props) }));
  }

  /** The entities each source in `ids` mentions, sorted by id, with the located spans of each (text order). */
  async mentions(tx: TxRunner, ids: string[]): Promise<Map<string, StoredMention[]>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.run(
      `UNWIND $ids AS id MATCH (s:Source {id: id})-[m:MENTIONS]->(e:Entity)
       WITH id, e.id AS entity, coalesce(m.starts, []) AS starts, coalesce(m.ends, []) AS ends ORDER BY entity
       RETURN id, collect({entity: entity, starts: starts, ends: ends}) AS entities`,
      { ids },
    );
    const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : []);
    return new Map(
      rows.map((row) => [
        String(row.id),
        (row.entities as Array<{ entity: string; starts: unknown; ends: unknown }>).map((m) => ({
          entity: String(m.entity),
          starts: numbers(m.starts),
          ends: numbers(m.ends),
        })),
      ]),
    );
  }

  async entitiesByIds(tx: TxRunner, ids: string[]): Promise<Props[]> {
    if (ids.length === 0) return [];
    const rows = await tx.run('UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN properties(e) AS props ORDER BY id', { ids });
    return rows.map((row) => props(row.props));
  }

  async sourcesByIds(tx: TxRunner, ids: string[]): Promise<Props[]> {
    if (ids.length === 0) return [];
    const rows = await tx.run('UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN properties(s) AS props ORDER BY id', { ids });
    return rows.map((row) => props(row.props));
  }

  /** The contract-typed relationships leaving the entities in `ids`. */
  async outgoing(tx: TxRunner, ids: string[]): Promise<StoredRel[]> {
    if (ids.length === 0) return [];
    const rows = await tx.run(
      `UNWIND $ids AS id MATCH (a:Entity {id: id})-[r:${typeAlternation()}]->(b:Entity)
       RETURN type(r) AS type, properties(r) AS props, a.id AS from, b.id AS to ORDER BY r.id`,
      { ids },
    );
    return rows.map((row) => ({ type: row.type as RelationshipType, from: String(row.from), to: String(row.to), props: props(row.props) }));
  }

  /** The distinct neighbours (both directions, contract types) of the entities in `ids`. */
  async neighbourIds(tx: TxRunner, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await tx.run(`UNWIND $ids AS id MATCH (:Entity {id: id})-[:${typeAlternation()}]-(n:Entity) RETURN DISTINCT n.id AS id`, {
      ids,
    });
    return rows.map((row) => String(row.id));
  }

  async entityExists(tx: TxRunner, id: string): Promise<boolean> {
    const rows = await tx.run('MATCH (e:Entity {id: $id}) RETURN count(e) > 0 AS found', { id });
    return rows[0]?.found === true;
  }
}
