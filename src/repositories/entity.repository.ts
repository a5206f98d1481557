import { Neo4jGateway } from '../db/gateway';
import { toInt } from '../db/plain';
import { EntityKind } from '../domain/entity-kind';
import { EntityRecord, Page } from '../domain/records';
import { toEntityRecord } from './record-mappers';
import { kindLabel, typeAlternation, entityProjection, nameContainsFilter } from './cypher-fragments';

export interface ScoredEntity {
  score: number;
  entity: EntityRecord;
  /** Names it is found by but not shown with (a country's names in other languages). */
  searchNames?: string[];
  /** Found because the whole text is one of its search names (see EntityService.search). */
  exact?: boolean;
}

/** How many fulltext candidates a search of `first` hits asks the index for. */
export const searchCandidates = (first: number): number => Math.max(100, first * 5);

/** Reads entities. Only this layer writes Cypher; every value arrives as a parameter. */
export class EntityRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  /** The entities with these ids, in one round trip (unknown ids are simply absent). */
  async findByIds(ids: readonly string[]): Promise<Map<string, EntityRecord>> {
    const rows = await this.gateway.read(
      `UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN ${entityProjection('e')} AS e`,
      { ids: [...new Set(ids)] },
      { operation: 'entity.findByIds' },
    );
    return new Map(rows.map((row) => [String((row.e as { id: string }).id), toEntityRecord(row.e)]));
  }

  /**
   * Fulltext search, best first; `luceneQuery` must be built by entity.service's toLuceneQuery.
   * With `exactKey` (search-text.ts's searchKey of the text), the countries that have it among
   * their `searchNameKeys` come too, marked `exact`, whatever the index scores them.
   */
  async search(luceneQuery: string, exactKey: string | null, kinds: EntityKind[] | null, first: number): Promise<ScoredEntity[]> {
    // The read planner sends the same query with the hits' selection (src/planner/render.ts, root 'search').
    const rows = await this.gateway.read(
      `CALL () {
         CALL db.index.fulltext.queryNodes('entity_search_v2', $query, {limit: $candidates}) YIELD node, score
         RETURN node, score, 0 AS exact
         UNION ALL
         MATCH (node:Country) WHERE $key IS NOT NULL AND $key IN node.searchNameKeys
         RETURN node, 0.0 AS score, 1 AS exact
       }
       WITH node, max(score) AS score, max(exact) = 1 AS exact
       WHERE $kinds IS NULL OR node.kind IN $kinds
       RETURN ${entityProjection('node')} AS e, coalesce(node.searchNames, []) AS searchNames, score, exact
       ORDER BY exact DESC, score DESC, node.id
       LIMIT $first`,
      { query: luceneQuery, key: exactKey, kinds, first: toInt(first), candidates: toInt(searchCandidates(first)) },
      { operation: 'entity.search' },
    );
    return rows.map((row) => ({
      score: Number(row.score),
      entity: toEntityRecord(row.e),
      searchNames: (row.searchNames as unknown[]).map(String),
      exact: row.exact === true,
    }));
  }

  /**
   * One page of entities ordered by id (the keyset: inserts between pages neither repeat nor skip
   * anything), optionally of one kind and with a name containing some text (`nameContains`, folded
   * by the service: case-insensitive);
   * the total is a COUNT subquery in the same round trip.
   */
  async page(
    filter: { kind: EntityKind | null; nameContains: string | null },
    first: number,
    after: string | null,
  ): Promise<Page<EntityRecord>> {
    const match = filter.kind ? `MATCH (e:${kindLabel(filter.kind)})` : 'MATCH (e:Entity)';
    const where = `($name IS NULL OR ${nameContainsFilter('e', '$name')})`;
    const rows = await this.gateway.read(
      `RETURN COUNT { ${match} WHERE ${where} RETURN e } AS totalCount,
              COLLECT { ${match} WHERE ${where} AND ($after IS NULL OR e.id > $after)
                        WITH e ORDER BY e.id LIMIT $limit RETURN ${entityProjection('e')} } AS items`,
      { name: filter.nameContains, after, limit: toInt(first + 1) },
      { operation: 'entity.page' },
    );
    const items = (rows[0].items as unknown[] as Parameters<typeof toEntityRecord>[0][]).map(toEntityRecord);
    return { items: items.slice(0, first), totalCount: Number(rows[0].totalCount), hasNextPage: items.length > first };
  }

  /** The country with this ISO 3166-1 alpha-2 code, if any. */
  async findCountryByIsoCode(isoCode: string): Promise<EntityRecord | null> {
    const rows = await this.gateway.read(
      `MATCH (c:Country {isoCode: $isoCode}) RETURN ${entityProjection('c')} AS e ORDER BY c.id LIMIT 1`,
      { isoCode },
      { operation: 'entity.findCountryByIsoCode' },
    );
    return rows.length === 0 ? null : toEntityRecord(rows[0].e);
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
