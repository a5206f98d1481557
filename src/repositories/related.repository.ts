import { Neo4jGateway } from '../db/gateway';
import { toInt } from '../db/plain';
import { EntityKind } from '../domain/entity-kind';
import { Direction, EntityRecord, SourceRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { FactStatus, statusesOf } from '../domain/event-type';
import { relPattern, STATUS_OK, statusFilter, typeAlternation, VALID_AT, entityProjection } from './cypher-fragments';
import { toEntityRecord, toSourceRecord } from './record-mappers';

/** Which entities to follow from each starting entity: one hop, filtered. */
export interface RelatedSpec {
  types: RelationshipType[];
  direction: Direction;
  kinds?: EntityKind[] | null;
  /** Validity date applied to the hop. */
  at?: string | null;
  /** Review statuses of the hop (default ACCEPTED and PROPOSED). */
  status?: FactStatus[] | null;
  /** Window on the related entity's startDate (events); undated entities are left out when set. */
  from?: string | null;
  to?: string | null;
  limit: number;
}

/**
 * Follows one hop from many entities at once: the batch behind every typed list field
 * (Person.leaderOf, Event.participants, Topic.involves, ...), so a list of N entities costs one
 * round trip per field, not N. Results are ordered by startDate (undated last), then id.
 */
export class RelatedRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  async relatedMany(ids: readonly string[], spec: RelatedSpec): Promise<Map<string, EntityRecord[]>> {
    const pattern = relPattern('e', 'r', typeAlternation(spec.types), 'o:Entity', spec.direction);
    const rows = await this.gateway.read(
      `UNWIND $ids AS id
       MATCH (e:Entity {id: id})
       CALL (e) {
         MATCH ${pattern}
         WHERE ${VALID_AT} AND ${STATUS_OK}
           AND ($kinds IS NULL OR o.kind IN $kinds)
           AND ($from IS NULL OR o.startDate >= date($from))
           AND ($to IS NULL OR o.startDate <= date($to))
         WITH DISTINCT o
         ORDER BY o.startDate, o.id
         LIMIT $limit
         RETURN collect(${entityProjection('o')}) AS related
       }
       RETURN id, related`,
      {
        ids: [...new Set(ids)],
        kinds: spec.kinds && spec.kinds.length > 0 ? spec.kinds : null,
        at: spec.at ?? null,
        status: statusesOf(spec.status),
        from: spec.from ?? null,
        to: spec.to ?? null,
        limit: toInt(spec.limit),
      },
      { operation: 'related.many' },
    );
    return new Map(
      rows.map((row) => [String(row.id), (row.related as unknown[] as Parameters<typeof toEntityRecord>[0][]).map(toEntityRecord)]),
    );
  }

  /** The country each place lies in, following LOCATED_IN through up to three places. */
  async countriesOfPlaces(ids: readonly string[], status?: FactStatus[] | null): Promise<Map<string, EntityRecord>> {
    const rows = await this.gateway.read(
      `UNWIND $ids AS id
       MATCH (p:Place {id: id})
       CALL (p) {
         MATCH path = (p)-[hops:LOCATED_IN*1..3]->(c:Country)
         WHERE all(h IN hops WHERE ${statusFilter('h')})
         RETURN c ORDER BY length(path), c.id LIMIT 1
       }
       RETURN id, ${entityProjection('c')} AS country`,
      { ids: [...new Set(ids)], status: statusesOf(status) },
      { operation: 'related.countriesOfPlaces' },
    );
    return new Map(rows.map((row) => [String(row.id), toEntityRecord(row.country)]));
  }

  /** Sources mentioning each entity, by source id. */
  async sourcesMentioning(ids: readonly string[], first: number): Promise<Map<string, SourceRecord[]>> {
    const rows = await this.gateway.read(
      `UNWIND $ids AS id
       MATCH (e:Entity {id: id})
       CALL (e) {
         MATCH (s:Source)-[:MENTIONS]->(e)
         WITH s ORDER BY s.id LIMIT $first
         RETURN collect(s {.id, .title, .url, .publisher, .author, .publishedAt, .text}) AS sources
       }
       RETURN id, sources`,
      { ids: [...new Set(ids)], first: toInt(first) },
      { operation: 'related.sourcesMentioning' },
    );
    return new Map(
      rows.map((row) => [String(row.id), (row.sources as unknown[] as Parameters<typeof toSourceRecord>[0][]).map(toSourceRecord)]),
    );
  }

  /** Entities each source mentions, by entity id. */
  async mentionedBy(sourceIds: readonly string[]): Promise<Map<string, EntityRecord[]>> {
    const rows = await this.gateway.read(
      `UNWIND $ids AS id
       MATCH (s:Source {id: id})
       CALL (s) {
         MATCH (s)-[:MENTIONS]->(e:Entity)
         WITH e ORDER BY e.id
         RETURN collect(${entityProjection('e')}) AS entities
       }
       RETURN id, entities`,
      { ids: [...new Set(sourceIds)] },
      { operation: 'related.mentionedBy' },
    );
    return new Map(
      rows.map((row) => [String(row.id), (row.entities as unknown[] as Parameters<typeof toEntityRecord>[0][]).map(toEntityRecord)]),
    );
  }
}
