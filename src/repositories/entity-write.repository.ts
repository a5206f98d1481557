import { TxRunner } from '../db/gateway';
import { EntityRecord, RelationshipRecord, SourceRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { REL_PROJECTION, typeAlternation } from './cypher-fragments';
import { toEntityRecord, toRelationshipRecord, toSourceRecord } from './record-mappers';

/** One relationship of a merged-away entity, re-attached to the entity that stays. */
export interface RelationshipMove {
  /** The relationship's id now. */
  oldId: string;
  /** Its id once its end is the kept entity (computed by relationshipId: Cypher has no sha256). */
  newId: string;
  /** The new endpoints, in stored direction (canonical for symmetric types). */
  from: string;
  to: string;
}

/**
 * The Cypher of the write mutations that ImportService does not cover: reading back what was written,
 * merging two entities, deleting. Every method runs inside the caller's transaction (gateway.writeTx),
 * so a service can combine several into one all-or-nothing unit; types and labels come only from the
 * enums through cypher-fragments.
 */
export class EntityWriteRepository {
  /** The stored entities among `ids` (absent ids are not in the map). */
  async findEntities(tx: TxRunner, ids: readonly string[]): Promise<Map<string, EntityRecord>> {
    const rows = await tx.run('UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN properties(e) AS e', { ids: [...new Set(ids)] });
    return new Map(
      rows.map((row) => {
        const entity = toEntityRecord(row.e);
        return [entity.id, entity];
      }),
    );
  }

  async findSource(tx: TxRunner, id: string): Promise<SourceRecord | null> {
    const rows = await tx.run('MATCH (s:Source {id: $id}) RETURN s {.id, .title, .url, .publisher, .author, .publishedAt, .text} AS s', {
      id,
    });
    return rows.length === 0 ? null : toSourceRecord(rows[0].s);
  }

  /** One relationship by id; the type (from the id's prefix) keeps this a single index seek. */
  async findRelationship(tx: TxRunner, type: RelationshipType, id: string): Promise<RelationshipRecord | null> {
    const rows = await tx.run(`MATCH ()-[r:${typeAlternation([type])} {id: $id}]->() RETURN ${REL_PROJECTION} AS r`, { id });
    return rows.length === 0 ? null : toRelationshipRecord(rows[0].r);
  }

  /** Every relationship (of the contract's types, either direction) at an entity, each once. */
  async relationshipsOf(tx: TxRunner, id: string): Promise<RelationshipRecord[]> {
    // DISTINCT: an undirected pattern meets a self-loop from both of its ends.
    const rows = await tx.run(
      `MATCH (:Entity {id: $id})-[r:${typeAlternation()}]-(:Entity)
       WITH DISTINCT r
       RETURN ${REL_PROJECTION} AS r`,
      { id },
    );
    return rows.map((row) => toRelationshipRecord(row.r));
  }

  /**
   * Re-attaches relationships of one type to new endpoints under their new ids. A relationship that
   * lands on one that already exists (same new id) gives it the evidence pairs it lacks and keeps the
   * earlier recordedAt; otherwise it is re-created with all its properties (recordedAt included). The
   * old relationship is deleted either way. Returns how many were moved.
   */
  async moveRelationships(tx: TxRunner, type: RelationshipType, moves: readonly RelationshipMove[]): Promise<number> {
    if (moves.length === 0) return 0;
    const t = typeAlternation([type]);
    const rows = await tx.run(
      `UNWIND $moves AS move
       MATCH ()-[old:${t} {id: move.oldId}]->()
       MATCH (a:Entity {id: move.from})
       MATCH (b:Entity {id: move.to})
       MERGE (a)-[r:${t} {id: move.newId}]->(b)
       // One map: setting old's id first, even for a moment, would break the id's uniqueness constraint.
       ON CREATE SET r += old {.*, id: move.newId}
       WITH old, r,
            coalesce(old.evidenceSources, []) AS sources, coalesce(old.evidenceQuotes, []) AS quotes,
            coalesce(r.evidenceSources, []) AS haveSources, coalesce(r.evidenceQuotes, []) AS haveQuotes
       WITH old, r, sources, quotes, haveSources, haveQuotes,
            [i IN range(0, size(sources) - 1)
               WHERE NOT any(j IN range(0, size(haveSources) - 1)
                 WHERE haveSources[j] = sources[i] AND haveQuotes[j] = quotes[i])] AS fresh
       // Offsets travel with their quotes (-1: not known; lists written before offsets existed have none).
       WITH old, r, sources, quotes, haveSources, haveQuotes, fresh,
            [i IN range(0, size(haveSources) - 1) | coalesce(r.evidenceStarts[i], -1)] AS haveStarts,
            [i IN range(0, size(haveSources) - 1) | coalesce(r.evidenceEnds[i], -1)] AS haveEnds
       SET r.evidenceSources = haveSources + [i IN fresh | sources[i]],
           r.evidenceQuotes = haveQuotes + [i IN fresh | quotes[i]],
           r.evidenceStarts = haveStarts + [i IN fresh | coalesce(old.evidenceStarts[i], -1)],
           r.evidenceEnds = haveEnds + [i IN fresh | coalesce(old.evidenceEnds[i], -1)],
           r.recordedAt = CASE WHEN old.recordedAt < r.recordedAt THEN old.recordedAt ELSE r.recordedAt END
       DELETE old
       RETURN count(*) AS moved`,
      { moves },
    );
    return Number(rows[0]?.moved ?? 0);
  }

  /**
   * Replaces an entity's aliases, keeping `aliasesText` (what the fulltext index reads) in step. The
   * content hash is cleared: it described the last input, which these aliases no longer match, so the
   * next upsert of the entity must count as a change.
   */
  async setAliases(tx: TxRunner, id: string, aliases: readonly string[]): Promise<void> {
    await tx.run(
      `MATCH (e:Entity {id: $id})
       SET e.aliases = $aliases, e.aliasesText = $aliasesText, e.updatedAt = datetime(), e.contentHash = null`,
      { id, aliases: [...aliases], aliasesText: aliases.join(' | ') },
    );
  }

  /** Sources that mentioned `fromId` mention `toId` instead. */
  async repointMentions(tx: TxRunner, fromId: string, toId: string): Promise<void> {
    await tx.run(
      `MATCH (target:Entity {id: $toId})
       MATCH (s:Source)-[m:MENTIONS]->(:Entity {id: $fromId})
       MERGE (s)-[n:MENTIONS]->(target)
       // The located spans move too (Source.mentionSpans reads them in text order).
       FOREACH (_ IN CASE WHEN m.starts IS NULL THEN [] ELSE [1] END |
         SET n.starts = coalesce(n.starts, []) + m.starts, n.ends = coalesce(n.ends, []) + m.ends)
       DELETE m`,
      { fromId, toId },
    );
  }

  /**
   * Deletes an entity with all its relationships. Returns how many relationships of the contract's
   * types it had (sources' MENTIONS go too, uncounted) and the entities at their other ends, or null
   * when there is no such entity.
   */
  async deleteEntity(tx: TxRunner, id: string): Promise<{ relationships: number; neighbors: string[] } | null> {
    const rows = await tx.run(
      `MATCH (e:Entity {id: $id})
       OPTIONAL MATCH (e)-[r:${typeAlternation()}]-(o:Entity)
       WITH e, count(DISTINCT r) AS relationships, collect(DISTINCT o.id) AS neighbors
       DETACH DELETE e
       RETURN relationships, neighbors`,
      { id },
    );
    if (rows.length === 0) return null;
    const neighbors = Array.isArray(rows[0].neighbors) ? rows[0].neighbors.map(String).filter((other) => other !== id) : [];
    return { relationships: Number(rows[0].relationships), neighbors };
  }

  /** Deletes one relationship by id (one index seek on its type); its ends, or null when there is none. */
  async deleteRelationship(tx: TxRunner, type: RelationshipType, id: string): Promise<{ from: string; to: string } | null> {
    const rows = await tx.run(
      `MATCH (a:Entity)-[r:${typeAlternation([type])} {id: $id}]->(b:Entity) DELETE r RETURN a.id AS from, b.id AS to`,
      {
        id,
      },
    );
    return rows.length === 0 ? null : { from: String(rows[0].from), to: String(rows[0].to) };
  }
}
