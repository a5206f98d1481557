import { Neo4jGateway } from '../db/gateway';
import { Plain, toInt } from '../db/plain';
import { EntityKind } from '../domain/entity-kind';
import { Direction, EntityRecord, RelationshipRecord, SourceRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { FactStatus, statusesOf } from '../domain/event-type';
import {
  commonNeighborsMatch,
  existsAt,
  REL_PROJECTION,
  SOURCE_PROJECTION,
  relPattern,
  STATUS_OK,
  typeAlternation,
  VALID_AT,
  entityProjection,
} from './cypher-fragments';
import { toEntityRecord, toRelationshipRecord, toSourceRecord } from './record-mappers';

/** Nodes and the edges among them, as graph front ends draw them. */
export interface SubgraphRecord {
  nodes: EntityRecord[];
  edges: RelationshipRecord[];
  truncated: boolean;
}

/** A path: its nodes in order and the relationships between consecutive nodes. */
export interface PathRecord {
  nodes: EntityRecord[];
  relationships: RelationshipRecord[];
  /** The sources the relationships' evidence cites, fetched in the same statement (Evidence.source costs no round trip). */
  sources: SourceRecord[];
}

export interface TraversalFilter {
  types?: RelationshipType[] | null;
  kinds?: EntityKind[] | null;
  direction: Direction;
  at?: string | null;
  /** Review statuses of the relationships walked (default ACCEPTED and PROPOSED). */
  status?: FactStatus[] | null;
}

/** Hop bounds arrive here validated (see traversal.service); they are spliced as integers. */
function hops(value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`Hop bound out of range: ${value}`);
  return value;
}

/**
 * How shortestPath and paths return a path: its entities `ns` and relationships `rels`, in order
 * from the first end asked for to the second, read back by toPath.
 */
const PATH_RETURN = `RETURN [n IN ns | ${entityProjection('n')}] AS nodes, [r IN rels | ${REL_PROJECTION}] AS relationships,
       COLLECT { UNWIND rels AS r UNWIND r.evidenceSources AS sid MATCH (s:Source {id: sid}) RETURN DISTINCT ${SOURCE_PROJECTION} } AS sources`;

/** What a path may use: relationship types, the kinds of entity it passes through, a date. */
export interface PathFilter {
  types?: RelationshipType[] | null;
  /** Kinds of the entities between the two ends (the ends themselves are whatever was asked for). */
  kinds?: EntityKind[] | null;
  at?: string | null;
  /** Review statuses of the relationships walked (default ACCEPTED and PROPOSED). */
  status?: FactStatus[] | null;
}

/** The kinds a path may pass through, or null for any (then the statement has no kind test). */
export const kindsParam = (kinds: EntityKind[] | null | undefined): EntityKind[] | null => (kinds && kinds.length > 0 ? kinds : null);

/**
 * How shortestPath and paths rank the paths `p` found: shorter first; of equal length, more hops
 * quoted from article text first; then through actors (people, countries, organizations) before
 * places, events and topics; then the most confident; then by entity and relationship ids, so
 * the answer is stable. shortestPath is thus the first of paths.
 *
 * A hop is quoted from article text when one of its evidence sources has stored text (the seed's
 * article, an ingested one), unlike reference data such as a list of borders, whose source has no
 * text. That is looked up once per distinct relationship of all the paths, not once per path.
 */
const pathOrder = (fromFirstEnd: boolean): string => `WITH collect(p) AS found
       CALL (found) {
         UNWIND found AS p
         UNWIND relationships(p) AS r
         WITH DISTINCT r
         WHERE EXISTS { MATCH (s:Source) WHERE s.id IN r.evidenceSources AND s.text IS NOT NULL }
         RETURN collect(r) AS quotedHops
       }
       UNWIND found AS p
       WITH ${fromFirstEnd ? ORIENTED_NODES : 'nodes(p)'} AS ns, ${fromFirstEnd ? ORIENTED_RELS : 'relationships(p)'} AS rels, quotedHops
       WITH ns, rels, size(rels) AS hopCount, size([r IN rels WHERE r IN quotedHops]) AS quoted,
            reduce(cost = 0, n IN ns[1..-1] | cost + CASE n.kind WHEN 'PERSON' THEN 0 WHEN 'COUNTRY' THEN 0 WHEN 'ORGANIZATION' THEN 0 WHEN 'PLACE' THEN 1 WHEN 'EVENT' THEN 2 ELSE 3 END) AS indirectness,
            reduce(c = 1.0, r IN rels | c * coalesce(r.confidence, 1.0)) AS confidence
       ORDER BY hopCount, quoted DESC, indirectness, confidence DESC, [n IN ns | n.id], [r IN rels | r.id]`;

/** A path `p` that may run from either end, as entities and relationships from `$from` to `$to`. */
const ORIENTED_NODES = 'CASE WHEN nodes(p)[0].id = $from THEN nodes(p) ELSE reverse(nodes(p)) END';
const ORIENTED_RELS = 'CASE WHEN nodes(p)[0].id = $from THEN relationships(p) ELSE reverse(relationships(p)) END';

/** At most this many paths of the shortest length are ranked by `paths` (a bound for hubs). */
const PATHS_GROUP_CAP = 500;

const entities = (value: Plain): EntityRecord[] => (value as Plain[]).map(toEntityRecord);
const relationships = (value: Plain): RelationshipRecord[] => (value as Plain[]).map(toRelationshipRecord);
const toPath = (row: Record<string, Plain>): PathRecord => ({
  nodes: entities(row.nodes),
  relationships: relationships(row.relationships),
  sources: (Array.isArray(row.sources) ? row.sources : []).map(toSourceRecord),
});

/**
 * Traversals. Each is one Cypher statement (one round trip), with relationship types and hop
 * bounds spliced from validated enums and integers and everything else a parameter.
 */
export class TraversalRepository {
  constructor(private readonly gateway: Neo4jGateway) {}

  /**
   * The search of `neighborhood` for a depth of 1..3: binds `nodes` (the start first, then each
   * hop's new entities), `rels` (every edge among them) and `truncated`. Its parameters are
   * neighborhoodParams'. The read planner appends its own projection of the selection.
   */
  static neighborhoodSearch(depth: number, filter: Pick<TraversalFilter, 'types' | 'direction'>): string {
    const types = typeAlternation(filter.types);
    const expand = relPattern('f', 'r', types, 'o:Entity', filter.direction);
    const hop = (i: number): string => `
       CALL (frontier, seen) {
         UNWIND frontier AS f
         CALL (f, seen) {
           MATCH ${expand}
           WHERE ${VALID_AT} AND ${STATUS_OK} AND ($kinds IS NULL OR o.kind IN $kinds) AND NOT o IN seen
           RETURN DISTINCT o LIMIT $cap
         }
         WITH DISTINCT o LIMIT $cap
         RETURN collect(o) AS found${i}
       }
       WITH seen + found${i} AS seen, found${i} AS frontier`;
    const unrolled = Array.from({ length: hops(depth, 1, 3) }, (_, i) => hop(i + 1)).join('');
    return `MATCH (start:Entity {id: $id}) WHERE ${existsAt('start')}
       WITH [start] AS seen, [start] AS frontier${unrolled}
       WITH seen[0..$limit] AS nodes, size(seen) > $limit AS truncated
       CALL (nodes) {
         UNWIND nodes AS a
         MATCH (a)-[r:${types}]->(b:Entity)
         WHERE b IN nodes AND ${VALID_AT} AND ${STATUS_OK}
         RETURN collect(DISTINCT r) AS rels
       }`;
  }

  /** The parameters of neighborhoodSearch (a checked id, filter and limit). */
  static neighborhoodParams(id: string, filter: TraversalFilter, limit: number): Record<string, unknown> {
    return {
      id,
      kinds: filter.kinds && filter.kinds.length > 0 ? filter.kinds : null,
      at: filter.at ?? null,
      status: statusesOf(filter.status),
      limit: toInt(limit),
      cap: toInt(limit + 1),
    };
  }

  /** Cypher of `neighborhood` for a depth of 1..3 (exported for the golden tests). */
  static neighborhoodCypher(depth: number, filter: TraversalFilter): string {
    return `${TraversalRepository.neighborhoodSearch(depth, filter)}
       RETURN [n IN nodes | ${entityProjection('n')}] AS nodes, [r IN rels | ${REL_PROJECTION}] AS edges, truncated`;
  }

  /**
   * The entities within `depth` hops and every edge among them. Each hop expands at most
   * limit+1 new entities per frontier entity and per hop, so a hub with 100,000 neighbours costs
   * limit+1 rows, not 100,000, and the answer says `truncated`.
   */
  async neighborhood(
    id: string,
    depth: number,
    filter: TraversalFilter,
    limit: number,
    timeoutMs?: number,
  ): Promise<SubgraphRecord | null> {
    const rows = await this.gateway.read(
      TraversalRepository.neighborhoodCypher(depth, filter),
      TraversalRepository.neighborhoodParams(id, filter, limit),
      { operation: 'traversal.neighborhood', timeoutMs },
    );
    if (rows.length === 0) return null;
    return { nodes: entities(rows[0].nodes), edges: relationships(rows[0].edges), truncated: rows[0].truncated === true };
  }

  /**
   * Cypher of `shortestPath` (exported for the golden tests): Neo4j's shortest-path planner finds
   * every shortest path (bidirectional BFS, `at` and `kinds` checked during the search), and
   * pathOrder picks the one that explains best.
   */
  static shortestPathCypher(maxDepth: number, types?: RelationshipType[] | null, byKind = false): string {
    return `${TraversalRepository.shortestPathSearch(maxDepth, types, byKind)}
       ${PATH_RETURN}`;
  }

  /**
   * The search of `shortestPath`: binds the path's entities `ns` and relationships `rels` (one
   * row, or none). Its parameters are pathParams'. The read planner appends its own projection.
   */
  static shortestPathSearch(maxDepth: number, types?: RelationshipType[] | null, byKind = false): string {
    return `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       MATCH p = allShortestPaths((a)-[rs:${typeAlternation(types)}*1..${hops(maxDepth, 1, 10)}]-(b))
       WHERE all(r IN rs WHERE ${VALID_AT} AND ${STATUS_OK})${byKind ? ' AND all(n IN nodes(p) WHERE n = a OR n = b OR n.kind IN $kinds)' : ''}
       ${pathOrder(false)}
       LIMIT 1`;
  }

  /** The parameters of shortestPathSearch and pathsSearch (checked ids and filter; `first` for paths). */
  static pathParams(from: string, to: string, filter: PathFilter, first?: number): Record<string, unknown> {
    return {
      from,
      to,
      at: filter.at ?? null,
      status: statusesOf(filter.status),
      kinds: kindsParam(filter.kinds),
      ...(first === undefined ? {} : { first: toInt(first) }),
    };
  }

  /** One shortest path by Neo4j's shortest-path planner (bidirectional BFS), or null. */
  async shortestPath(from: string, to: string, maxDepth: number, filter: PathFilter, timeoutMs?: number): Promise<PathRecord | null> {
    const rows = await this.gateway.read(
      TraversalRepository.shortestPathCypher(maxDepth, filter.types, kindsParam(filter.kinds) !== null),
      TraversalRepository.pathParams(from, to, filter),
      { operation: 'traversal.shortestPath', timeoutMs },
    );
    return rows.length === 0 ? null : toPath(rows[0]);
  }

  /**
   * Cypher of `paths` (exported for the golden tests). `SHORTEST k` searches breadth-first for
   * the k shortest trails (no relationship twice) instead of enumerating every path up to
   * maxDepth and sorting them: on 100,000 entities that took 6 s where this takes 0.1 s. Trails
   * that visit an entity twice are then dropped, so k is twice `first` to leave room for them.
   * Which of several equally long trails `SHORTEST k` keeps is arbitrary: when all k it found are
   * of the shortest length, more may exist, so `ALL SHORTEST` adds every path of that length (up
   * to PATHS_GROUP_CAP) and pathOrder ranks them all; a quoted explanation is then never cut for
   * an unquoted path as short. Longer paths are ranked among the k found.
   *
   * Each hop's predicates (`at`, statuses, kinds) sit inside the quantified pattern, so the search
   * skips what a path may not use; as a WHERE on the whole path they were checked only after
   * the k trails were picked, and k rejected trails gave no path at all. The search starts from
   * the less connected end (Neo4j's `SHORTEST k` expands from the pattern's left node): from a
   * person with 6,861 relationships to one with 5, through a hub of 100,000, 42 s the one way and
   * 0.6 s the other. The paths are then turned to run from `from` to `to`.
   */
  static pathsCypher(maxDepth: number, first: number, types?: RelationshipType[] | null, byKind = false): string {
    return `${TraversalRepository.pathsSearch(maxDepth, first, types, byKind)}
       ${PATH_RETURN}`;
  }

  /**
   * The search of `paths` (see pathsCypher): binds each path's entities `ns` and relationships
   * `rels`, one row per path, in rank order. Its parameters are pathParams'.
   */
  static pathsSearch(maxDepth: number, first: number, types?: RelationshipType[] | null, byKind = false): string {
    const alternation = typeAlternation(types);
    const depth = hops(maxDepth, 1, 6);
    // A hop towards `b` (or, searching from b, towards `a`): the far end itself may be of any kind.
    const hop = (towardsB: boolean): string =>
      `(()-[r:${alternation}]-(y) WHERE ${VALID_AT} AND ${STATUS_OK}${byKind ? ` AND (y = ${towardsB ? 'b' : 'a'} OR y.kind IN $kinds)` : ''}){1,${depth}}`;
    const k = hops(first, 1, 50) * 2;
    const selector = (all: boolean): string => (all ? 'ALL SHORTEST' : `SHORTEST ${k}`);
    const limit = (all: boolean): string => (all ? ` LIMIT ${PATHS_GROUP_CAP}` : '');
    const search = (all: boolean): string => `
         WITH a, b WHERE fromA
         MATCH p = ${selector(all)} (a)${hop(true)}(b)
         RETURN p${limit(all)}
         UNION
         WITH a, b WHERE NOT fromA
         MATCH p = ${selector(all)} (b)${hop(false)}(a)
         RETURN p${limit(all)}`;
    return `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       WITH a, b, COUNT { (a)--() } <= COUNT { (b)--() } AS fromA
       CALL (a, b, fromA) {
         CALL (a, b, fromA) {${search(false)}
         }
         RETURN collect(p) AS shortest
       }
       CALL (a, b, fromA, shortest) {
         UNWIND shortest AS p
         RETURN p
         UNION
         WITH a, b, fromA, shortest
         WHERE size(shortest) = ${k} AND all(q IN shortest WHERE length(q) = length(shortest[0]))
         CALL (a, b, fromA) {${search(true)}
         }
         RETURN p
       }
       WITH p WHERE all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
       ${pathOrder(true)}
       LIMIT $first`;
  }

  /** Up to `first` simple paths (no entity twice), shortest first, then as pathOrder ranks them. */
  async paths(from: string, to: string, maxDepth: number, filter: PathFilter, first: number, timeoutMs?: number): Promise<PathRecord[]> {
    const rows = await this.gateway.read(
      TraversalRepository.pathsCypher(maxDepth, first, filter.types, kindsParam(filter.kinds) !== null),
      TraversalRepository.pathParams(from, to, filter, first),
      { operation: 'traversal.paths', timeoutMs },
    );
    return rows.map(toPath);
  }

  /** Cypher of `commonNeighbors` (exported for the golden tests): the text varies only with whether kinds are given. */
  static commonNeighborsCypher(withKinds: boolean): string {
    return `${commonNeighborsMatch('x', '$ids', withKinds ? '$kinds' : null, '$at', '$status')}
       RETURN ${entityProjection('x')} AS entity ORDER BY x.id`;
  }

  /** Entities adjacent to every one of `ids` (starting from the least connected of them). */
  async commonNeighbors(
    ids: string[],
    kinds: EntityKind[] | null,
    at: string | null,
    timeoutMs?: number,
    status?: FactStatus[] | null,
  ): Promise<EntityRecord[]> {
    const byKind = kinds !== null && kinds.length > 0;
    const rows = await this.gateway.read(
      TraversalRepository.commonNeighborsCypher(byKind),
      { ids, kinds: byKind ? kinds : null, at, status: statusesOf(status) },
      { operation: 'traversal.commonNeighbors', timeoutMs },
    );
    return rows.map((row) => toEntityRecord(row.entity));
  }
}
