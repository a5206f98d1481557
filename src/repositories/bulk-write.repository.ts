import { Integer } from 'neo4j-driver';

import { TxRunner } from '../db/gateway';
import { EntityKind } from '../domain/entity-kind';
import { RelationshipType } from '../domain/relationship-type';
import { kindLabel, typeAlternation } from './cypher-fragments';

/** What is stored of an entity, to tell new from changed from unchanged. */
export interface StoredEntity {
  kind: EntityKind;
  hash: string | null;
}

/** What is stored of a relationship: its content hash and its evidence pairs. */
export interface StoredRelationship {
  hash: string | null;
  evidenceSources: string[];
  evidenceQuotes: string[];
}

export interface BulkSourceRow {
  id: string;
  hash: string;
  props: Record<string, string>;
  publishedAt: string | null;
}

export interface BulkEntityRow {
  id: string;
  hash: string;
  /**
   * Properties to set; keys left out keep their stored values. A new entity's properties are the
   * model's fields (ENTITY_CREATE_FIELDS); any other key is not written on create.
   */
  props: Record<string, string | string[]>;
  startDate: string | null;
  endDate: string | null;
}

/** The entity fields a create writes (the keys of ValidEntity.fields, and aliasesText). */
export const ENTITY_CREATE_FIELDS = [
  'name',
  'aliases',
  'aliasesText',
  'description',
  'wikidataId',
  'isoCode',
  'title',
  'eventType',
  'datePrecision',
  'placeType',
] as const;

export interface BulkRelationshipRow {
  id: string;
  from: string;
  to: string;
  hash: string;
  props: Record<string, string | number | Integer>;
  validFrom: string | null;
  validTo: string | null;
  /** On create: all evidence; on update: only the pairs not stored yet. */
  evidenceSources: string[];
  evidenceQuotes: string[];
}

/**
 * The Cypher of `newsgraph import`. Unlike GraphWriteRepository's one-statement upserts, the bulk
 * path reads the stored state of a batch first (index seeks on the constrained ids), decides in
 * the service what is new, changed or unchanged, and then runs write-only statements: CREATE for
 * new records and a SET for changed ones. None of the write statements reads what it writes, so
 * the planner needs no Eager operator, and nothing is written (or recounted) for unchanged rows.
 * Creates put every property in the CREATE pattern (a `SET x += map` after it costs an Eager).
 * Every lookup carries an index hint: a plan cached while the database (or a type) is still empty
 * prefers a scan, and without the hint that stale plan scans a growing store for every row.
 */
export class BulkWriteRepository {
  async storedSources(tx: TxRunner, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.run('UNWIND $ids AS id MATCH (s:Source {id: id}) USING INDEX s:Source(id) RETURN id, s.contentHash AS hash', {
      ids,
    });
    return new Map(rows.map((row) => [String(row.id), typeof row.hash === 'string' ? row.hash : null]));
  }

  async storedEntities(tx: TxRunner, ids: string[]): Promise<Map<string, StoredEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.run(
      'UNWIND $ids AS id MATCH (e:Entity {id: id}) USING INDEX e:Entity(id) RETURN id, e.kind AS kind, e.contentHash AS hash',
      { ids },
    );
    return new Map(
      rows.map((row) => [String(row.id), { kind: row.kind as EntityKind, hash: typeof row.hash === 'string' ? row.hash : null }]),
    );
  }

  /** Stored relationships of one type among `ids` (one relationship-index seek each). */
  async storedRelationships(tx: TxRunner, type: RelationshipType, ids: string[]): Promise<Map<string, StoredRelationship>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.run(
      `UNWIND $ids AS id
       MATCH ()-[r:${typeAlternation([type])} {id: id}]->() USING INDEX r:${typeAlternation([type])}(id)
       RETURN id, r.contentHash AS hash, r.evidenceSources AS sources, r.evidenceQuotes AS quotes`,
      { ids },
    );
    const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
    return new Map(
      rows.map((row) => [
        String(row.id),
        { hash: typeof row.hash === 'string' ? row.hash : null, evidenceSources: list(row.sources), evidenceQuotes: list(row.quotes) },
      ]),
    );
  }

  async createSources(tx: TxRunner, rows: BulkSourceRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.run(
      `UNWIND $rows AS row
       CREATE (s:Source {id: row.id})
       SET s += row.props,
           s.publishedAt = CASE WHEN row.publishedAt IS NULL THEN null ELSE datetime(row.publishedAt) END,
           s.createdAt = datetime(), s.updatedAt = datetime(), s.contentHash = row.hash`,
      { rows },
    );
  }

  async updateSources(tx: TxRunner, rows: BulkSourceRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.run(
      `UNWIND $rows AS row
       MATCH (s:Source {id: row.id}) USING INDEX s:Source(id)
       SET s += row.props,
           s.publishedAt = CASE WHEN row.publishedAt IS NULL THEN s.publishedAt ELSE datetime(row.publishedAt) END,
           s.updatedAt = datetime(), s.contentHash = row.hash`,
      { rows },
    );
  }

  /** Creates entities of one kind (its label is static in the statement). */
  async createEntities(tx: TxRunner, kind: EntityKind, rows: BulkEntityRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.run(
      `UNWIND $rows AS row
       CREATE (e:Entity:${kindLabel(kind)} {id: row.id, kind: $kind, degree: 0,
         name: row.props.name, aliases: row.props.aliases, aliasesText: row.props.aliasesText,
         description: row.props.description, wikidataId: row.props.wikidataId, isoCode: row.props.isoCode,
         title: row.props.title, eventType: row.props.eventType, datePrecision: row.props.datePrecision,
         placeType: row.props.placeType, startDate: date(row.startDate), endDate: date(row.endDate),
         createdAt: datetime(), updatedAt: datetime(), contentHash: row.hash})`,
      { rows, kind },
    );
  }

  async updateEntities(tx: TxRunner, rows: BulkEntityRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.run(
      `UNWIND $rows AS row
       MATCH (e:Entity {id: row.id}) USING INDEX e:Entity(id)
       SET e += row.props,
           e.startDate = CASE WHEN row.startDate IS NULL THEN e.startDate ELSE date(row.startDate) END,
           e.endDate = CASE WHEN row.endDate IS NULL THEN e.endDate ELSE date(row.endDate) END,
           e.updatedAt = datetime(), e.contentHash = row.hash`,
      { rows },
    );
  }

  /**
   * Creates relationships of one type between existing entities; returns how many were created
   * (fewer than the rows when an endpoint vanished since it was checked: the caller rolls back).
   */
  async createRelationships(tx: TxRunner, type: RelationshipType, rows: BulkRelationshipRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await tx.run(
      `UNWIND $rows AS row
       MATCH (a:Entity {id: row.from}) USING INDEX a:Entity(id)
       MATCH (b:Entity {id: row.to}) USING INDEX b:Entity(id)
       CREATE (a)-[r:${typeAlternation([type])} {id: row.id, role: row.props.role, title: row.props.title,
         quantity: row.props.quantity, confidence: row.props.confidence,
         validFrom: date(row.validFrom), validTo: date(row.validTo), recordedAt: datetime(),
         evidenceSources: row.evidenceSources, evidenceQuotes: row.evidenceQuotes, contentHash: row.hash}]->(b)
       RETURN count(*) AS created`,
      { rows },
    );
    return Number(result[0]?.created ?? 0);
  }

  /** Sets changed properties and appends the evidence pairs not stored yet. */
  async updateRelationships(tx: TxRunner, type: RelationshipType, rows: BulkRelationshipRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.run(
      `UNWIND $rows AS row
       MATCH ()-[r:${typeAlternation([type])} {id: row.id}]->() USING INDEX r:${typeAlternation([type])}(id)
       SET r += row.props,
           r.validTo = CASE WHEN row.validTo IS NULL THEN r.validTo ELSE date(row.validTo) END,
           r.evidenceSources = coalesce(r.evidenceSources, []) + row.evidenceSources,
           r.evidenceQuotes = coalesce(r.evidenceQuotes, []) + row.evidenceQuotes,
           r.contentHash = row.hash`,
      { rows },
    );
  }

  /** Records that each source mentions each entity (distinct pairs). */
  async mergeMentions(tx: TxRunner, pairs: { source: string; entity: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    await tx.run(
      `UNWIND $pairs AS pair
       MATCH (s:Source {id: pair.source}) USING INDEX s:Source(id)
       MATCH (e:Entity {id: pair.entity}) USING INDEX e:Entity(id)
       MERGE (s)-[:MENTIONS]->(e)`,
      { pairs },
    );
  }

  /** Recounts the degree of these entities from Neo4j's degree store (no expansion). */
  async refreshDegrees(tx: TxRunner, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.run(
      `UNWIND $ids AS id MATCH (e:Entity {id: id}) USING INDEX e:Entity(id) SET e.degree = COUNT { (e)-[:${typeAlternation()}]-() }`,
      { ids },
    );
  }
}
