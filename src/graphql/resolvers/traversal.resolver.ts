import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';

import { statusesOf } from '../../domain/event-type';

import { EntityKind as Kind } from '../../domain/entity-kind';
import { Direction as DirectionEnum, EntityRecord, RelationshipRecord } from '../../domain/records';
import { RelationshipType as Type } from '../../domain/relationship-type';
import { PathRecord, SubgraphRecord } from '../../repositories/traversal.repository';
import { encodeTimelineCursor, LIMITS } from '../../services/traversal.service';
import { GraphQLContext } from '../context';
import { commonNeighborsCost, neighborhoodCost, pageCost, pathsCost, shortestPathCost } from '../complexity';
import { DateScalar } from '../scalars';
import { Direction, EntityKind, RelationshipType } from '../types/enums';
import { Entity } from '../types/entity.type';
import { Connection, toConnection } from '../types/connection.type';
import { EntityDegree, EventConnection, Path, Subgraph } from '../types/subgraph.type';
import { StatusArg, StatusList } from '../types/status-arg';

/** What the Subgraph type is resolved from: nodes and edges that carry their records. */
interface SubgraphShape {
  nodes: { id: string; kind: Kind; label: string; entity: EntityRecord }[];
  edges: { id: string; type: Type; source: string; target: string; relationship: RelationshipRecord }[];
  truncated: boolean;
}

/** What the Path type is resolved from. */
interface PathShape {
  length: number;
  nodes: EntityRecord[];
  relationships: RelationshipRecord[];
  subgraph: SubgraphShape;
}

/**
 * The Subgraph shape of nodes and edges. A fallback record (every scalar of each node) primes the
 * entity loader; the planner's records carry only what the selection asked for and never do.
 */
function toSubgraph({ loaders }: GraphQLContext, record: SubgraphRecord, planned: boolean): SubgraphShape {
  if (!planned) for (const node of record.nodes) loaders.entity.prime(node.id, node);
  return {
    nodes: record.nodes.map((entity: EntityRecord) => ({ id: entity.id, kind: entity.kind, label: entity.name, entity })),
    edges: record.edges.map((relationship: RelationshipRecord) => ({
      id: relationship.id,
      type: relationship.type,
      source: relationship.from,
      target: relationship.to,
      relationship,
    })),
    truncated: record.truncated,
  };
}

function toPath(context: GraphQLContext, record: PathRecord, planned: boolean): PathShape {
  const shape = {
    length: record.relationships.length,
    nodes: record.nodes,
    relationships: record.relationships,
    subgraph: toSubgraph(context, { nodes: record.nodes, edges: record.relationships, truncated: false }, planned),
  };
  // The planner fetched each hop's ends and evidence sources under their response keys.
  if (planned) return shape;
  // The fallback's statement fetched each hop's ends and the sources its evidence cites: the nested
  // resolvers find them here (whatever their response keys), with no further round trip.
  const nodes = new Map(record.nodes.map((node) => [node.id, node]));
  const sources = new Map(record.sources.map((source) => [source.id, source]));
  for (const relationship of record.relationships) {
    const fields = context.planned.fieldsOf(relationship);
    fields.anyKey.from = nodes.get(relationship.from);
    fields.anyKey.to = nodes.get(relationship.to);
    for (const evidence of relationship.evidence) context.planned.fieldsOf(evidence).anyKey.source = sources.get(evidence.sourceId);
  }
  return shape;
}

/**
 * Traversal and analysis fields: each is one Cypher round trip (see traversal.repository); with
 * the read planner on, each is planned whole: its entities' and relationships' nested selections
 * come back in the same statement.
 */
@Resolver()
export class TraversalResolver {
  @Query(() => Subgraph, {
    complexity: neighborhoodCost,
    description: 'Entities within `depth` hops (1..3) and every edge among them; `truncated` when `limit` cut it. Empty for an unknown id.',
  })
  async neighborhood(
    @Ctx() context: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('depth', () => Int, { nullable: true, defaultValue: 1 }) depth: number | null | undefined,
    @Arg('types', () => [RelationshipType], { nullable: true }) types: Type[] | null | undefined,
    @Arg('kinds', () => [EntityKind], { nullable: true }) kinds: Kind[] | null | undefined,
    @Arg('direction', () => Direction, { nullable: true, defaultValue: DirectionEnum.BOTH }) direction: DirectionEnum | null | undefined,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit: number | null | undefined,
    @StatusArg() status: StatusList,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SubgraphShape> {
    const { services, planned } = context;
    const filter = { types, kinds, direction: direction ?? DirectionEnum.BOTH, at, status };
    const record =
      services.planner !== undefined
        ? await services.planner.neighborhood(info, planned, services.traversals.checkNeighborhood(id, depth ?? 1, filter, limit ?? 100))
        : await services.traversals.neighborhood(id, depth ?? 1, filter, limit ?? 100);
    return toSubgraph(context, record ?? { nodes: [], edges: [], truncated: false }, services.planner !== undefined);
  }

  @Query(() => Path, {
    nullable: true,
    complexity: shortestPathCost,
    description:
      "A shortest path by Neo4j's shortest-path planner, each hop with its evidence; null when none lies within maxDepth. Of equally short paths: the one with most hops quoted from article text, then through people, countries and organizations before places, events and topics, then the most confident.",
  })
  async shortestPath(
    @Ctx() context: GraphQLContext,
    @Arg('from', () => ID) from: string,
    @Arg('to', () => ID) to: string,
    @Arg('maxDepth', () => Int, { nullable: true, defaultValue: 6 }) maxDepth: number | null | undefined,
    @Arg('types', () => [RelationshipType], { nullable: true }) types: Type[] | null | undefined,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @Arg('kinds', () => [EntityKind], {
      nullable: true,
      description: 'The kinds of entity the path may pass through (its two ends excepted); empty or null: any.',
    })
    kinds: Kind[] | null | undefined,
    @StatusArg() status: StatusList,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PathShape | null> {
    const { services, planned } = context;
    const record =
      services.planner !== undefined
        ? await services.planner.shortestPath(
            info,
            planned,
            services.traversals.checkShortestPath(from, to, maxDepth ?? 6, { types, at, kinds, status }),
          )
        : await services.traversals.shortestPath(from, to, maxDepth ?? 6, types, at, kinds, status);
    return record === null ? null : toPath(context, record, services.planner !== undefined);
  }

  @Query(() => [Path], {
    complexity: pathsCost,
    description:
      'Up to `first` simple paths, shortest first; of equal length, those with more hops quoted from article text first (then ranked as shortestPath ranks them); [] when none lies within maxDepth.',
  })
  async paths(
    @Ctx() context: GraphQLContext,
    @Arg('from', () => ID) from: string,
    @Arg('to', () => ID) to: string,
    @Arg('maxDepth', () => Int, { nullable: true, defaultValue: 4 }) maxDepth: number | null | undefined,
    @Arg('types', () => [RelationshipType], { nullable: true }) types: Type[] | null | undefined,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null | undefined,
    @Arg('kinds', () => [EntityKind], {
      nullable: true,
      description: 'The kinds of entity the path may pass through (its two ends excepted); empty or null: any.',
    })
    kinds: Kind[] | null | undefined,
    @StatusArg() status: StatusList,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PathShape[]> {
    const { services, planned } = context;
    const records =
      services.planner !== undefined
        ? await services.planner.paths(
            info,
            planned,
            services.traversals.checkPaths(from, to, maxDepth ?? 4, first ?? 10, { types, at, kinds, status }),
          )
        : await services.traversals.paths(from, to, maxDepth ?? 4, types, at, first ?? 10, kinds, status);
    return records.map((record) => toPath(context, record, services.planner !== undefined));
  }

  @Query(() => [Entity], {
    complexity: commonNeighborsCost,
    description: 'Entities adjacent to every one of the given entities (2 to 10 ids), by id.',
  })
  async commonNeighbors(
    @Ctx() { services, loaders, planned }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('kinds', () => [EntityKind], { nullable: true }) kinds: Kind[] | null | undefined,
    @Arg('at', () => DateScalar, { nullable: true }) at: string | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<EntityRecord[]> {
    if (services.planner !== undefined)
      return services.planner.commonNeighbors(info, planned, {
        ...services.traversals.checkCommonNeighbors(ids, kinds, at),
        status: statusesOf(status),
      });
    const found = await services.traversals.commonNeighbors(ids, kinds, at, status);
    for (const entity of found) loaders.entity.prime(entity.id, entity);
    return found;
  }

  @Query(() => EventConnection, {
    complexity: pageCost(50, LIMITS.timelineFirst[1]),
    description: 'Events by startDate then id, filtered by participants, topics and a date window.',
  })
  async timeline(
    @Ctx() { services, loaders, planned }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('entityIds', () => [ID], { nullable: true, description: 'Events any of these entities took part in.' })
    entityIds: string[] | null | undefined,
    @Arg('topicIds', () => [ID], { nullable: true, description: 'Events concerning any of these topics.' })
    topicIds: string[] | null | undefined,
    @Arg('from', () => DateScalar, { nullable: true }) from: string | null | undefined,
    @Arg('to', () => DateScalar, { nullable: true }) to: string | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @StatusArg() status: StatusList,
  ): Promise<Connection<EntityRecord>> {
    if (services.planner !== undefined) {
      const checked = services.traversals.checkTimeline({ entityIds, topicIds, from, to }, first ?? 50, after);
      return toConnection(
        await services.planner.timeline(info, planned, { ...checked, status: statusesOf(status) }),
        after,
        encodeTimelineCursor,
      );
    }
    const page = await services.traversals.timeline({ entityIds, topicIds, from, to }, first ?? 50, after, status);
    for (const event of page.items) loaders.entity.prime(event.id, event);
    return toConnection(page, after, encodeTimelineCursor);
  }

  @Query(() => [EntityDegree], {
    complexity: pageCost(10, LIMITS.mostConnectedFirst[1]),
    description: 'Entities ranked by number of relationships, optionally of one kind.',
  })
  async mostConnected(
    @Ctx() { services, loaders, planned }: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('kind', () => EntityKind, { nullable: true }) kind: Kind | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: 10 }) first: number | null | undefined,
  ): Promise<{ entity: EntityRecord; degree: number }[]> {
    if (services.planner !== undefined)
      return services.planner.mostConnected(info, planned, services.traversals.checkMostConnected(kind, first ?? 10));
    const ranked = await services.traversals.mostConnected(kind, first ?? 10);
    for (const { entity } of ranked) loaders.entity.prime(entity.id, entity);
    return ranked;
  }
}
