import { TxRunner } from '../db/gateway';
import { EntityKind } from '../domain/entity-kind';
import { EntityRow, RelationshipRow, SourceRow, StoredEntity, StoredRelationship } from '../domain/graph-rows';
import { RelationshipType } from '../domain/relationship-type';
import { kindLabel, typeAlternation } from './cypher-fragments';
import { byKind, byType } from './write-groups';

/**
 * The properties a bulk CREATE gives an entity: every one of ENTITY_FIELDS from the row (a test
 * checks that none is missing), its dates, and what a write derives. A new field of ENTITY_FIELDS
 * goes here too.
 */
export const ENTITY_CREATE_PROPERTIES = `id: row.id, kind: $kind, degree: 0,
  name: row.props.name, nameFolded: row.props.nameFolded, aliases: row.props.aliases, aliasesText: row.props.aliasesText,
  description: row.props.description, wikidataId: row.props.wikidataId, isoCode: row.props.isoCode,
  title: row.props.title, eventType: row.props.eventType, datePrecision: row.props.datePrecision,
  placeType: row.props.placeType, startDate: date(row.startDate), endDate: date(row.endDate),
  createdAt: datetime(), updatedAt: datetime(), contentHash: row.hash`;

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

  /** The hashes of the stored mention spans of these sources (null: none stored). */
  async storedSpanHashes(tx: TxRunner, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.run('UNWIND $ids AS id MATCH (s:Source {id: id}) USING INDEX s:Source(id) RETURN id, s.spansHash AS hash', {
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

  async createSources(tx: TxRunner, rows: SourceRow[]): Promise<void> {
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

  async updateSources(tx: TxRunner, rows: SourceRow[]): Promise<void> {
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

  /** Creates entities (one statement per kind present: its label is static in the statement). */
  async createEntities(tx: TxRunner, rows: readonly EntityRow[]): Promise<void> {
    for (const [kind, ofKind] of byKind(rows)) {
      await tx.run(
        `UNWIND $rows AS row
         CREATE (e:Entity:${kindLabel(kind)} {${ENTITY_CREATE_PROPERTIES}})`,
        {
          rows: ofKind.map((row) => ({
            id: row.id,
            hash: row.hash,
            props: { ...row.onCreate, ...row.props },
            startDate: row.startDate,
            endDate: row.endDate,
          })),
          kind,
        },
      );
    }
  }

  async updateEntities(tx: TxRunner, rows: EntityRow[]): Promise<void> {
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
   * Creates relationships between existing entities (one statement per type present); returns how
   * many were created (fewer than the rows when an endpoint vanished since it was checked).
   */
  async createRelationships(tx: TxRunner, rows: readonly RelationshipRow[]): Promise<number> {
    let created = 0;
    for (const [type, ofType] of byType(rows)) created += await this.createOfType(tx, type, ofType);
    return created;
  }

  private async createOfType(tx: TxRunner, type: RelationshipType, rows: RelationshipRow[]): Promise<number> {
    const result = await tx.run(
      `UNWIND $rows AS row
       MATCH (a:Entity {id: row.from}) USING INDEX a:Entity(id)
       MATCH (b:Entity {id: row.to}) USING INDEX b:Entity(id)
       CREATE (a)-[r:${typeAlternation([type])} {id: row.id, role: row.props.role, title: row.props.title,
         quantity: row.props.quantity, confidence: row.props.confidence,
         validFromPrecision: row.props.validFromPrecision, validToPrecision: row.props.validToPrecision,
         origin: row.props.origin, status: row.props.status, hedge: row.props.hedge,
         validFrom: date(row.validFrom), validTo: date(row.validTo), recordedAt: datetime(),
         evidenceSources: row.evidenceSources, evidenceQuotes: row.evidenceQuotes,
         evidenceStarts: row.evidenceStarts, evidenceEnds: row.evidenceEnds, contentHash: row.hash}]->(b)
       RETURN count(*) AS created`,
      // origin and status: the defaults under what was given (onCreate), as GraphWriteRepository's MERGE does.
      { rows: rows.map((row) => ({ ...row, props: { ...row.onCreate, ...row.props } })) },
    );
    return Number(result[0]?.created ?? 0);
  }

  /** Sets changed properties and appends the evidence pairs not stored yet (the rows carry only those). */
  async updateRelationships(tx: TxRunner, rows: readonly RelationshipRow[]): Promise<void> {
    for (const [type, ofType] of byType(rows)) await this.updateOfType(tx, type, ofType);
  }

  private async updateOfType(tx: TxRunner, type: RelationshipType, rows: RelationshipRow[]): Promise<void> {
    await tx.run(
      `UNWIND $rows AS row
       MATCH ()-[r:${typeAlternation([type])} {id: row.id}]->() USING INDEX r:${typeAlternation([type])}(id)
       SET r += row.props,
           r.validTo = CASE WHEN row.validTo IS NULL THEN r.validTo ELSE date(row.validTo) END,
           r.evidenceStarts = [j IN range(0, size(coalesce(r.evidenceSources, [])) - 1) | coalesce(r.evidenceStarts[j], -1)] + row.evidenceStarts,
           r.evidenceEnds = [j IN range(0, size(coalesce(r.evidenceSources, [])) - 1) | coalesce(r.evidenceEnds[j], -1)] + row.evidenceEnds,
           r.evidenceSources = coalesce(r.evidenceSources, []) + row.evidenceSources,
           r.evidenceQuotes = coalesce(r.evidenceQuotes, []) + row.evidenceQuotes,
           r.contentHash = row.hash`,
      { rows },
    );
  }

  /**
   * Creates MENTIONS the batch found missing (distinct pairs; see storedMentions): no check per pair.
   * (Another writer adding the same pair between that read and this write would leave two: the price
   * of not locking every source for the whole batch.)
   */
  async createMentions(tx: TxRunner, pairs: readonly { source: string; entity: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    await tx.run(
      `UNWIND $pairs AS pair
       MATCH (s:Source {id: pair.source}) USING INDEX s:Source(id)
       MATCH (e:Entity {id: pair.entity}) USING INDEX e:Entity(id)
       CREATE (s)-[:MENTIONS]->(e)`,
      { pairs },
    );
  }

  /**
   * The entities each of these sources mentions: one walk of each source's MENTIONS per batch, where a
   * MERGE per pair would walk them once per pair.
   */
  async storedMentions(tx: TxRunner, sourceIds: readonly string[]): Promise<Map<string, Set<string>>> {
    if (sourceIds.length === 0) return new Map();
    const rows = await tx.run(
      `UNWIND $ids AS id
       MATCH (s:Source {id: id}) USING INDEX s:Source(id)
       RETURN id, COLLECT { MATCH (s)-[:MENTIONS]->(e:Entity) RETURN e.id } AS entities`,
      { ids: sourceIds },
    );
    return new Map(rows.map((row) => [String(row.id), new Set((row.entities as unknown[]).map(String))]));
  }
}
