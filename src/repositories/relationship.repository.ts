import { Neo4jGateway } from '../db/gateway';
import { toInt } from '../db/plain';
import { Direction, Page, RelationshipRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { toRelationshipRecord } from './record-mappers';
import { REL_PROJECTION, relPattern, typeAlternation, VALID_AT } from './cypher-fragments';

export interface EntityRelationshipsQuery {
  id: string;
  types?: RelationshipType[] | null;
  direction: Direction;
  at?: string | null;
  first: number;
  /** Keyset cursor: the id of the last relationship of the previous page. */
  after?: string | null;
}

/** Reads relationships. */
export class RelationshipRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  /**
   * One page of an entity's relationships, ordered by relationship id, with the total count
   * computed by a COUNT subquery (nothing materialised) in the same round trip.
   */
  async pageForEntity(query: EntityRelationshipsQuery): Promise<Page<RelationshipRecord>> {
    const pattern = relPattern('e', 'r', typeAlternation(query.types), ':Entity', query.direction);
    const rows = await this.gateway.read(
      `MATCH (e:Entity {id: $id})
       RETURN COUNT { MATCH ${pattern} WHERE ${VALID_AT} RETURN r } AS totalCount,
              COLLECT {
                MATCH ${pattern}
                WHERE ${VALID_AT} AND ($after IS NULL OR r.id > $after)
                WITH r ORDER BY r.id LIMIT $limit
                RETURN ${REL_PROJECTION}
              } AS rels`,
      { id: query.id, at: query.at ?? null, after: query.after ?? null, limit: toInt(query.first + 1) },
      { operation: 'relationship.pageForEntity' },
    );
    if (rows.length === 0) return { items: [], totalCount: 0, hasNextPage: false };
    const rels = (rows[0].rels as unknown[] as Parameters<typeof toRelationshipRecord>[0][]).map(toRelationshipRecord);
    return { items: rels.slice(0, query.first), totalCount: Number(rows[0].totalCount), hasNextPage: rels.length > query.first };
  }
}
