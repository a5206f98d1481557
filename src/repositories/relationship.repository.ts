import { Neo4jGateway } from '../db/gateway';
import { Plain, toInt } from '../db/plain';
import { Direction, EntityRecord, Page, RelationshipRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { FactStatus, statusesOf } from '../domain/event-type';
import {
  entityProjection,
  REL_PROJECTION,
  relationshipRows,
  relationshipTotal,
  STATUS_OK,
  typeAlternation,
  VALID_AT,
} from './cypher-fragments';
import { toEntityRecord, toRelationshipRecord } from './record-mappers';

export interface RelationshipFilterQuery {
  types?: RelationshipType[] | null;
  direction: Direction;
  at?: string | null;
  /** Review statuses to show (default ACCEPTED and PROPOSED). */
  status?: FactStatus[] | null;
  first: number;
  /** Keyset cursor: the id of the last relationship of the previous page. */
  after?: string | null;
}

/** A relationship together with its two endpoints, which arrive in the same round trip. */
export interface RelationshipWithEnds {
  relationship: RelationshipRecord;
  ends: EntityRecord[];
}

/** Relationship, its endpoints' properties alongside (so `from`/`to` need no extra round trip). */
const WITH_ENDS = `{rel: ${REL_PROJECTION}, ends: [n IN [startNode(r), endNode(r)] | ${entityProjection('n')}]}`;

function withEnds(value: Plain): RelationshipWithEnds {
  const item = value as { rel: Plain; ends: Plain[] };
  return { relationship: toRelationshipRecord(item.rel), ends: item.ends.map(toEntityRecord) };
}

/** Reads relationships. */
export class RelationshipRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  /**
   * One page of relationships for each of many entities, in one round trip: ordered by
   * relationship id (the keyset), with each entity's total counted by a COUNT subquery
   * (nothing materialised).
   */
  async pagesForEntities(ids: readonly string[], query: RelationshipFilterQuery): Promise<Map<string, Page<RelationshipWithEnds>>> {
    const { types, direction } = query;
    const rows = await this.gateway.read(
      `UNWIND $ids AS id
       MATCH (e:Entity {id: id})
       RETURN id,
              ${relationshipTotal('e', 'r', types ?? null, direction, '$at', '$status')} AS totalCount,
              COLLECT {
                ${relationshipRows('e', 'r', types ?? null, direction, '$at', '$status', '$after', '$limit')}
                RETURN ${WITH_ENDS}
              } AS rels`,
      {
        ids: [...new Set(ids)],
        at: query.at ?? null,
        status: statusesOf(query.status),
        after: query.after ?? null,
        limit: toInt(query.first + 1),
      },
      { operation: 'relationship.pagesForEntities' },
    );
    const pages = new Map<string, Page<RelationshipWithEnds>>();
    for (const row of rows) {
      const rels = (row.rels as Plain[]).map(withEnds);
      pages.set(String(row.id), {
        items: rels.slice(0, query.first),
        totalCount: Number(row.totalCount),
        hasNextPage: rels.length > query.first,
      });
    }
    return pages;
  }

  /** A relationship by id; the id's prefix names its type, so this is one typed index seek. */
  async findById(id: string, type: RelationshipType): Promise<RelationshipWithEnds | null> {
    const rows = await this.gateway.read(
      `MATCH ()-[r:${typeAlternation([type])} {id: $id}]->() RETURN ${WITH_ENDS} AS item`,
      { id },
      { operation: 'relationship.findById' },
    );
    return rows.length === 0 ? null : withEnds(rows[0].item);
  }

  /** Every relationship directly between two entities, either direction, valid at `at`. */
  async between(a: string, b: string, at: string | null, status?: FactStatus[] | null): Promise<RelationshipWithEnds[]> {
    const rows = await this.gateway.read(
      `MATCH (x:Entity {id: $a})-[r:${typeAlternation()}]-(y:Entity {id: $b})
       WHERE ${VALID_AT} AND ${STATUS_OK}
       WITH DISTINCT r ORDER BY r.id
       RETURN ${WITH_ENDS} AS item`,
      { a, b, at, status: statusesOf(status) },
      { operation: 'relationship.between' },
    );
    return rows.map((row) => withEnds(row.item));
  }
}
