import { TxRunner } from '../db/gateway';
import { toInt } from '../db/plain';
import { FactStatus } from '../domain/event-type';
import { RelationshipRecord, SourceRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { REL_PROJECTION, typeAlternation } from './cypher-fragments';
import { toRelationshipRecord, toSourceRecord } from './record-mappers';

/** An entity as linking sees it. */
export interface LinkableEntity {
  id: string;
  kind: string;
  name: string;
  aliases: string[];
  isoCode: string | null;
}

/** A stored event that an article's event may be. */
export interface StoredEvent {
  id: string;
  eventType: string;
  startDate: string | null;
  datePrecision: string | null;
  participants: string[];
}

/** A relationship citing a source, with its evidence as stored. */
export interface CitingRelationship {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  origin: string;
  sources: string[];
  quotes: string[];
  /** Offsets beside the quotes (-1: not known). */
  starts: number[];
  ends: number[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** What article ingest reads and changes beyond the shared write pipeline's rows. */
export class IngestRepository {
  /** The entities a mention may link to: people, countries, organizations, places and topics. */
  async linkableEntities(tx: TxRunner): Promise<LinkableEntity[]> {
    const rows = await tx.run(
      `MATCH (e:Entity) WHERE e.kind IN ['PERSON', 'COUNTRY', 'ORGANIZATION', 'PLACE', 'TOPIC']
       RETURN e.id AS id, e.kind AS kind, e.name AS name, coalesce(e.aliases, []) AS aliases, e.isoCode AS isoCode`,
    );
    return rows.map((row) => ({
      id: String(row.id),
      kind: String(row.kind),
      name: String(row.name),
      aliases: strings(row.aliases),
      isoCode: typeof row.isoCode === 'string' ? row.isoCode : null,
    }));
  }

  /** Stored events of these types, dated in these years or undated, with who took part. */
  async eventsOfTypes(tx: TxRunner, types: string[], years: number[]): Promise<StoredEvent[]> {
    if (types.length === 0) return [];
    const rows = await tx.run(
      `MATCH (e:Event) WHERE e.eventType IN $types AND (e.startDate IS NULL OR e.startDate.year IN $years)
       RETURN e.id AS id, e.eventType AS eventType, toString(e.startDate) AS startDate, e.datePrecision AS datePrecision,
              COLLECT { MATCH (p:Entity)-[:PARTICIPATED_IN]->(e) RETURN p.id } AS participants
       ORDER BY e.id`,
      { types, years: years.map((y) => toInt(y)) },
    );
    return rows.map((row) => ({
      id: String(row.id),
      eventType: String(row.eventType),
      startDate: typeof row.startDate === 'string' ? row.startDate : null,
      datePrecision: typeof row.datePrecision === 'string' ? row.datePrecision : null,
      participants: strings(row.participants),
    }));
  }

  /** The stored text of a source (null: none stored), or undefined when there is no such source. */
  async storedSource(tx: TxRunner, id: string): Promise<{ text: string | null; url: string | null } | undefined> {
    const rows = await tx.run('MATCH (s:Source {id: $id}) RETURN s.text AS text, s.url AS url', { id });
    if (rows.length === 0) return undefined;
    return { text: typeof rows[0].text === 'string' ? rows[0].text : null, url: typeof rows[0].url === 'string' ? rows[0].url : null };
  }

  /** A source as the API reads it (read back in the ingest's own transaction). */
  async sourceRecord(tx: TxRunner, id: string): Promise<SourceRecord> {
    const rows = await tx.run('MATCH (s:Source {id: $id}) RETURN s {.id, .title, .url, .publisher, .author, .publishedAt, .text} AS s', {
      id,
    });
    return toSourceRecord(rows[0].s);
  }

  /** Every relationship with evidence from this source. */
  async citing(tx: TxRunner, sourceId: string): Promise<CitingRelationship[]> {
    const rows = await tx.run(
      `MATCH (a:Entity)-[r:${typeAlternation()}]->(b:Entity) WHERE $id IN r.evidenceSources
       RETURN r.id AS id, type(r) AS type, a.id AS from, b.id AS to, coalesce(r.origin, 'CURATED') AS origin,
              r.evidenceSources AS sources, r.evidenceQuotes AS quotes,
              coalesce(r.evidenceStarts, []) AS starts, coalesce(r.evidenceEnds, []) AS ends`,
      { id: sourceId },
    );
    return rows.map((row) => ({
      id: String(row.id),
      type: row.type as RelationshipType,
      from: String(row.from),
      to: String(row.to),
      origin: String(row.origin),
      sources: strings(row.sources),
      quotes: strings(row.quotes),
      starts: Array.isArray(row.starts) ? row.starts.map(Number) : [],
      ends: Array.isArray(row.ends) ? row.ends.map(Number) : [],
    }));
  }

  /** Replaces the evidence lists of relationships of one type. */
  async setEvidence(
    tx: TxRunner,
    type: RelationshipType,
    rows: { id: string; sources: string[]; quotes: string[]; starts: number[]; ends: number[] }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.run(
      `UNWIND $rows AS row
       MATCH ()-[r:${typeAlternation([type])} {id: row.id}]->()
       SET r.evidenceSources = row.sources, r.evidenceQuotes = row.quotes, r.evidenceStarts = row.starts, r.evidenceEnds = row.ends`,
      { rows: rows.map((row) => ({ ...row, starts: row.starts.map((n) => toInt(n)), ends: row.ends.map((n) => toInt(n)) })) },
    );
  }

  /** Deletes relationships of one type by id. */
  async deleteRelationships(tx: TxRunner, type: RelationshipType, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.run(`UNWIND $ids AS id MATCH ()-[r:${typeAlternation([type])} {id: id}]->() DELETE r`, { ids });
  }

  /** Records a review decision; null when there is no such relationship. */
  async setStatus(tx: TxRunner, type: RelationshipType, id: string, status: FactStatus): Promise<RelationshipRecord | null> {
    const rows = await tx.run(
      `MATCH ()-[r:${typeAlternation([type])} {id: $id}]->()
       SET r.status = $status
       RETURN ${REL_PROJECTION} AS r`,
      { id, status },
    );
    return rows.length === 0 ? null : toRelationshipRecord(rows[0].r);
  }
}
