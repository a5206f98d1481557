import { TxRunner } from '../db/gateway';
import { EntityKind } from '../domain/entity-kind';
import { EntityRow, RelationshipRow, SourceRow, WriteCounts } from '../domain/graph-rows';
import { RelationshipType } from '../domain/relationship-type';
import { kindLabel, typeAlternation } from './cypher-fragments';
import { byKind, byType } from './write-groups';

/**
 * An entity's degree, kept as a property for `mostConnected`; counted from Neo4j's degree
 * store (no expansion), over the contract's types only (not MENTIONS).
 */
const DEGREE = (variable: 'a' | 'b' | 'e'): string => `COUNT { (${variable})-[:${typeAlternation()}]-() }`;

const COUNTS = `RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND changed THEN 1 ELSE 0 END) AS updated,
       sum(CASE WHEN NOT created AND NOT changed THEN 1 ELSE 0 END) AS unchanged`;

/** The sum of two counts. */
export const add = (a: WriteCounts, b: WriteCounts): WriteCounts => ({
  created: a.created + b.created,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
});

function counts(rows: Record<string, unknown>[]): WriteCounts {
  const row = rows[0] ?? {};
  return { created: Number(row.created ?? 0), updated: Number(row.updated ?? 0), unchanged: Number(row.unchanged ?? 0) };
}

/**
 * Idempotent batch writes (UNWIND + MERGE on constrained ids), run inside a caller's
 * transaction so that an import commits whole or not at all. A content hash stored with each
 * record tells "updated" from "unchanged" without comparing every property in Cypher.
 */
export class GraphWriteRepository {
  /** Kinds of the stored entities among `ids` (absent ids are not in the map). */
  async entityKinds(tx: TxRunner, ids: string[]): Promise<Map<string, EntityKind>> {
    const rows = await tx.run('UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN id, e.kind AS kind', { ids });
    return new Map(rows.map((row) => [String(row.id), row.kind as EntityKind]));
  }

  /** Stored text (or null when none is stored) of the sources among `ids`. */
  async sourceTexts(tx: TxRunner, ids: string[]): Promise<Map<string, string | null>> {
    const rows = await tx.run('UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN id, s.text AS text', { ids });
    return new Map(rows.map((row) => [String(row.id), typeof row.text === 'string' ? row.text : null]));
  }

  async upsertSources(tx: TxRunner, rows: readonly SourceRow[]): Promise<WriteCounts> {
    if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
    return counts(
      await tx.run(
        `UNWIND $rows AS row
         OPTIONAL MATCH (old:Source {id: row.id})
         WITH row, old IS NULL AS created, coalesce(old.contentHash, '') <> row.hash AS changed
         MERGE (s:Source {id: row.id})
         ON CREATE SET s.createdAt = datetime()
         SET s += row.props,
             s.publishedAt = CASE WHEN row.publishedAt IS NULL THEN s.publishedAt ELSE datetime(row.publishedAt) END,
             s.updatedAt = CASE WHEN changed THEN datetime() ELSE s.updatedAt END,
             s.contentHash = row.hash
         ${COUNTS}`,
        { rows },
      ),
    );
  }

  /** Upserts entities, one statement per kind present (its label is static in the statement). */
  async upsertEntities(tx: TxRunner, rows: readonly EntityRow[]): Promise<WriteCounts> {
    let total: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const [kind, ofKind] of byKind(rows)) total = add(total, await this.upsertOfKind(tx, kind, ofKind));
    return total;
  }

  private async upsertOfKind(tx: TxRunner, kind: EntityKind, rows: readonly EntityRow[]): Promise<WriteCounts> {
    return counts(
      await tx.run(
        `UNWIND $rows AS row
         OPTIONAL MATCH (old:Entity {id: row.id})
         WITH row, old IS NULL AS created, coalesce(old.contentHash, '') <> row.hash AS changed
         MERGE (e:Entity {id: row.id})
         ON CREATE SET e.createdAt = datetime(), e.kind = $kind, e.degree = 0, e += row.onCreate
         SET e:${kindLabel(kind)}
         SET e += row.props,
             e.startDate = CASE WHEN row.startDate IS NULL THEN e.startDate ELSE date(row.startDate) END,
             e.endDate = CASE WHEN row.endDate IS NULL THEN e.endDate ELSE date(row.endDate) END,
             e.updatedAt = CASE WHEN changed THEN datetime() ELSE e.updatedAt END,
             e.contentHash = row.hash
         ${COUNTS}`,
        { rows, kind },
      ),
    );
  }

  /**
   * Upserts relationships of one type between existing entities, merging evidence pairs that are
   * not there yet, and records that each cited source mentions both endpoints.
   */
  async upsertRelationships(tx: TxRunner, rows: readonly RelationshipRow[]): Promise<WriteCounts> {
    let total: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const [type, ofType] of byType(rows)) total = add(total, await this.upsertOfType(tx, type, ofType));
    return total;
  }

  private async upsertOfType(tx: TxRunner, type: RelationshipType, rows: readonly RelationshipRow[]): Promise<WriteCounts> {
    const t = typeAlternation([type]);
    return counts(
      await tx.run(
        `UNWIND $rows AS row
         MATCH (a:Entity {id: row.from})
         MATCH (b:Entity {id: row.to})
         MERGE (a)-[r:${t} {id: row.id}]->(b)
         ON CREATE SET r.recordedAt = datetime(), r.evidenceSources = [], r.evidenceQuotes = [], r.evidenceStarts = [], r.evidenceEnds = [],
                       r += row.onCreate
         // Every stored relationship has a contentHash, so its absence means MERGE just created it.
         // (An OPTIONAL MATCH on the pattern before MERGE was planned as a scan of the id index.)
         WITH row, a, b, r, r.contentHash IS NULL AS created, coalesce(r.contentHash, '') <> row.hash AS propsChanged
         WITH row, a, b, r, created, propsChanged,
              [i IN range(0, size(row.evidenceSources) - 1)
                 WHERE NOT any(j IN range(0, size(r.evidenceSources) - 1)
                   WHERE r.evidenceSources[j] = row.evidenceSources[i] AND r.evidenceQuotes[j] = row.evidenceQuotes[i])] AS fresh
         SET r += row.props,
             r.validFrom = date(row.validFrom),
             r.validTo = CASE WHEN row.validTo IS NULL THEN r.validTo ELSE date(row.validTo) END,
             r.evidenceStarts = [j IN range(0, size(r.evidenceSources) - 1) | coalesce(r.evidenceStarts[j], -1)] + [i IN fresh | row.evidenceStarts[i]],
             r.evidenceEnds = [j IN range(0, size(r.evidenceSources) - 1) | coalesce(r.evidenceEnds[j], -1)] + [i IN fresh | row.evidenceEnds[i]],
             r.evidenceSources = r.evidenceSources + [i IN fresh | row.evidenceSources[i]],
             r.evidenceQuotes = r.evidenceQuotes + [i IN fresh | row.evidenceQuotes[i]],
             r.contentHash = row.hash
         WITH row, a, b, created, propsChanged OR size(fresh) > 0 AS changed
         SET a.degree = ${DEGREE('a')}, b.degree = ${DEGREE('b')}
         WITH row, a, b, created, changed
         CALL (row, a, b) {
           UNWIND row.evidenceSources AS sourceId
           MATCH (s:Source {id: sourceId})
           MERGE (s)-[:MENTIONS]->(a)
           MERGE (s)-[:MENTIONS]->(b)
         }
         ${COUNTS}`,
        { rows },
      ),
    );
  }

  /**
   * Stores the located mentions of the sources whose rows carry spans (after the entities are written):
   * each source's stored spans are replaced, on a MENTIONS relationship per entity (created when missing).
   */
  async setMentionSpans(tx: TxRunner, rows: readonly SourceRow[]): Promise<void> {
    const withSpans = rows
      .filter((row) => row.mentionSpans !== null)
      .map((row) => ({ id: row.id, spans: row.mentionSpans, spansHash: row.spansHash }));
    if (withSpans.length === 0) return;
    await tx.run(
      `UNWIND $rows AS row
       MATCH (s:Source {id: row.id})
       SET s.spansHash = row.spansHash
       WITH s, row
       CALL (s) { MATCH (s)-[m:MENTIONS]->() REMOVE m.starts, m.ends }
       WITH s, row
       UNWIND row.spans AS span
       MATCH (e:Entity {id: span.entity})
       CALL (s, e, span) {
         OPTIONAL MATCH (s)-[old:MENTIONS]->(e)
         WITH s, e, span, collect(old) AS existing
         FOREACH (_ IN CASE WHEN size(existing) = 0 THEN [1] ELSE [] END | CREATE (s)-[:MENTIONS {starts: span.starts, ends: span.ends}]->(e))
         FOREACH (m IN existing[0..1] | SET m.starts = span.starts, m.ends = span.ends)
       }`,
      { rows: withSpans },
    );
  }

  /** Recounts the degree of these entities from Neo4j's degree store (after deletes, merges, bulk writes). */
  async refreshDegrees(tx: TxRunner, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.run(`UNWIND $ids AS id MATCH (e:Entity {id: id}) USING INDEX e:Entity(id) SET e.degree = ${DEGREE('e')}`, {
      ids: [...new Set(ids)],
    });
  }

  /** True when the database holds no entity (start-up seeds an empty database). */
  async isEmpty(tx: TxRunner): Promise<boolean> {
    const rows = await tx.run('MATCH (e:Entity) RETURN count(e) = 0 AS empty LIMIT 1');
    return rows[0]?.empty === true;
  }
}
