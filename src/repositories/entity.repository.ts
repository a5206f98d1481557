import { Neo4jGateway } from '../db/gateway';
import { toInt } from '../db/plain';
import { EntityKind } from '../domain/entity-kind';
import { Direction, EntityRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { toEntityRecord } from './record-mappers';
import { relPattern, typeAlternation, VALID_AT } from './cypher-fragments';

export interface NeighborQuery {
  id: string;
  types?: RelationshipType[] | null;
  kinds?: EntityKind[] | null;
  direction: Direction;
  at?: string | null;
  first: number;
}

export interface ScoredEntity {
  score: number;
  entity: EntityRecord;
}

/** Reads entities. Only this layer writes Cypher; every value arrives as a parameter. */
export class EntityRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  /** The entities with these ids, in one round trip (unknown ids are simply absent). */
  async findByIds(ids: readonly string[]): Promise<Map<string, EntityRecord>> {
    const rows = await this.gateway.read(
      'UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN properties(e) AS e',
      { ids: [...new Set(ids)] },
      { operation: 'entity.findByIds' },
    );
    return new Map(rows.map((row) => [String((row.e as { id: string }).id), toEntityRecord(row.e)]));
  }

  /** Fulltext search, best first; `luceneQuery` must be built by entity.service's toLuceneQuery. */
  async search(luceneQuery: string, kinds: EntityKind[] | null, first: number): Promise<ScoredEntity[]> {
    const rows = await this.gateway.read(
      `CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: $candidates}) YIELD node, score
       WHERE $kinds IS NULL OR node.kind IN $kinds
       RETURN properties(node) AS e, score
       ORDER BY score DESC, node.id
       LIMIT $first`,
      { query: luceneQuery, kinds, first: toInt(first), candidates: toInt(Math.max(100, first * 5)) },
      { operation: 'entity.search' },
    );
    return rows.map((row) => ({ score: Number(row.score), entity: toEntityRecord(row.e) }));
  }

  /** Distinct neighbours of one entity, ordered by id. */
  async neighbors(query: NeighborQuery): Promise<EntityRecord[]> {
    const pattern = relPattern('e', 'r', typeAlternation(query.types), 'o:Entity', query.direction);
    const rows = await this.gateway.read(
      `MATCH (e:Entity {id: $id})
       MATCH ${pattern}
       WHERE ${VALID_AT} AND ($kinds IS NULL OR o.kind IN $kinds)
       WITH DISTINCT o
       RETURN properties(o) AS e
       ORDER BY o.id
       LIMIT $first`,
      { id: query.id, kinds: query.kinds ?? null, at: query.at ?? null, first: toInt(query.first) },
      { operation: 'entity.neighbors' },
    );
    return rows.map((row) => toEntityRecord(row.e));
  }

  /** Number of relationships (of the contract's types) at each entity, in one round trip. */
  async degrees(ids: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.gateway.read(
      `UNWIND $ids AS id MATCH (e:Entity {id: id})
       RETURN id, COUNT { (e)-[:${typeAlternation()}]-(:Entity) } AS degree`,
      { ids: [...new Set(ids)] },
      { operation: 'entity.degrees' },
    );
    return new Map(rows.map((row) => [String(row.id), Number(row.degree)]));
  }
}
