import { FactStatus } from '../domain/event-type';
import { EntityKind } from '../domain/entity-kind';
import { EntityRecord, Page } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { BadUserInputError } from '../errors/api-errors';
import { TimelineQuery, TimelineRepository, UNDATED } from '../repositories/timeline.repository';
import { PathFilter, PathRecord, SubgraphRecord, TraversalFilter, TraversalRepository } from '../repositories/traversal.repository';
import { EntityRepository } from '../repositories/entity.repository';
import { MostConnectedRepository } from '../repositories/most-connected.repository';
import { checkFirst, decodeCursor, encodeCursor } from './entity.service';
import { validId } from './graph-validation';

/** Allowed ranges of the traversal arguments; outside them is BAD_USER_INPUT, never clamped. */
export const LIMITS = {
  neighborhoodDepth: [1, 3],
  neighborhoodLimit: [1, 1000],
  shortestPathDepth: [1, 10],
  pathsDepth: [1, 6],
  pathsFirst: [1, 50],
  commonIds: [2, 10],
  timelineFirst: [0, 500],
  mostConnectedFirst: [1, 100],
} as const;

function inRange(value: number, [min, max]: readonly [number, number], field: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${field} must be a whole number from ${min} to ${max}; got ${value}.`, field);
  }
  return value;
}

const nonEmpty = <T>(list: T[] | null | undefined): T[] | null => (list && list.length > 0 ? [...new Set(list)] : null);

/** Timeline cursors carry the sort key: the event's start date and id. */
export function encodeTimelineCursor(event: EntityRecord): string {
  return encodeCursor(`${event.startDate ?? UNDATED}|${event.id}`);
}

function decodeTimelineCursor(after: string | null | undefined): { date: string; id: string } | null {
  const key = decodeCursor(after);
  if (key === null) return null;
  const [date, id] = key.split('|');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? '') || !id)
    throw new BadUserInputError('after is not a timeline cursor; pass the endCursor of the previous page.', 'after');
  return { date, id };
}

/** A neighborhood's checked arguments. */
export interface NeighborhoodQuery {
  id: string;
  depth: number;
  filter: TraversalFilter;
  limit: number;
}

/** A shortestPath's or paths' checked arguments (`first` is 1 for shortestPath). */
export interface PathQuery {
  from: string;
  to: string;
  maxDepth: number;
  first: number;
  filter: PathFilter;
}

/** Rules of the traversal fields: ranges checked, ids checked, then one repository call each. */
export class TraversalService {
  constructor(
    private readonly entities: EntityRepository,
    private readonly traversals: TraversalRepository,
    private readonly timelines: TimelineRepository,
    private readonly ranking: MostConnectedRepository,
    /** Per-traversal transaction timeout; unset: the configured NEWSGRAPH_QUERY_TIMEOUT_MS. */
    private readonly timeoutMs?: number,
  ) {}

  async neighborhood(id: string, depth: number, filter: TraversalFilter, limit: number): Promise<SubgraphRecord | null> {
    const checked = this.checkNeighborhood(id, depth, filter, limit);
    return this.traversals.neighborhood(checked.id, checked.depth, checked.filter, checked.limit, this.timeoutMs);
  }

  /** neighborhood's arguments checked (depth, limit, the id), as the read planner takes them too. */
  checkNeighborhood(id: string, depth: number, filter: TraversalFilter, limit: number): NeighborhoodQuery {
    inRange(depth, LIMITS.neighborhoodDepth, 'depth');
    inRange(limit, LIMITS.neighborhoodLimit, 'limit');
    return { id: validId(id, 'id'), depth, filter: { ...filter, types: nonEmpty(filter.types), kinds: nonEmpty(filter.kinds) }, limit };
  }

  /**
   * The shortest path, or null when none lies within maxDepth. A path from an entity to itself has
   * length 0. `kinds` limits the entities the path passes through, not its two ends.
   */
  async shortestPath(
    from: string,
    to: string,
    maxDepth: number,
    types: RelationshipType[] | null | undefined,
    at: string | null | undefined,
    kinds?: EntityKind[] | null,
    status?: FactStatus[] | null,
  ): Promise<PathRecord | null> {
    const checked = this.checkShortestPath(from, to, maxDepth, { types, at, kinds, status });
    if (checked.from === checked.to) {
      const self = (await this.entities.findByIds([from])).get(from);
      return self === undefined ? null : { nodes: [self], relationships: [], sources: [] };
    }
    return this.traversals.shortestPath(checked.from, checked.to, checked.maxDepth, checked.filter, this.timeoutMs);
  }

  /** shortestPath's arguments checked (maxDepth, the ids), as the read planner takes them too. */
  checkShortestPath(from: string, to: string, maxDepth: number, filter: PathFilter): PathQuery {
    inRange(maxDepth, LIMITS.shortestPathDepth, 'maxDepth');
    return { ...this.checkEnds(from, to, maxDepth, filter), first: 1 };
  }

  /** Up to `first` simple paths, shortest first; of equal length, more hops quoted from article text first. */
  async paths(
    from: string,
    to: string,
    maxDepth: number,
    types: RelationshipType[] | null | undefined,
    at: string | null | undefined,
    first: number,
    kinds?: EntityKind[] | null,
    status?: FactStatus[] | null,
  ): Promise<PathRecord[]> {
    const checked = this.checkPaths(from, to, maxDepth, first, { types, at, kinds, status });
    if (checked.from === checked.to) return [];
    return this.traversals.paths(checked.from, checked.to, checked.maxDepth, checked.filter, checked.first, this.timeoutMs);
  }

  /** paths' arguments checked (maxDepth, first, the ids), as the read planner takes them too. */
  checkPaths(from: string, to: string, maxDepth: number, first: number, filter: PathFilter): PathQuery {
    inRange(maxDepth, LIMITS.pathsDepth, 'maxDepth');
    inRange(first, LIMITS.pathsFirst, 'first');
    return { ...this.checkEnds(from, to, maxDepth, filter), first };
  }

  private checkEnds(from: string, to: string, maxDepth: number, filter: PathFilter): Omit<PathQuery, 'first'> {
    validId(from, 'from');
    validId(to, 'to');
    return {
      from,
      to,
      maxDepth,
      filter: { types: nonEmpty(filter.types), kinds: nonEmpty(filter.kinds), at: filter.at ?? null, status: filter.status },
    };
  }

  async commonNeighbors(
    ids: string[],
    kinds: EntityKind[] | null | undefined,
    at: string | null | undefined,
    status?: FactStatus[] | null,
  ): Promise<EntityRecord[]> {
    const checked = this.checkCommonNeighbors(ids, kinds, at);
    return this.traversals.commonNeighbors(checked.ids, checked.kinds, checked.at, this.timeoutMs, status);
  }

  /** commonNeighbors' arguments checked (distinct valid ids, 2 to 10), as the read planner takes them too. */
  checkCommonNeighbors(
    ids: string[],
    kinds: EntityKind[] | null | undefined,
    at: string | null | undefined,
  ): { ids: string[]; kinds: EntityKind[] | null; at: string | null } {
    const unique = [...new Set(ids.map((id, i) => validId(id, `ids[${i}]`)))];
    inRange(unique.length, LIMITS.commonIds, 'ids (distinct)');
    return { ids: unique, kinds: nonEmpty(kinds), at: at ?? null };
  }

  async timeline(
    filter: { entityIds?: string[] | null; topicIds?: string[] | null; from?: string | null; to?: string | null },
    first: number,
    after: string | null | undefined,
    status?: FactStatus[] | null,
  ): Promise<Page<EntityRecord>> {
    return this.timelines.page({ ...this.checkTimeline(filter, first, after), status }, this.timeoutMs);
  }

  /** timeline's arguments checked (the window, the ids, the cursor), as the read planner takes them too. */
  checkTimeline(
    filter: { entityIds?: string[] | null; topicIds?: string[] | null; from?: string | null; to?: string | null },
    first: number,
    after: string | null | undefined,
  ): Omit<TimelineQuery, 'status'> {
    checkFirst(first, LIMITS.timelineFirst[1]);
    if (filter.from && filter.to && filter.to < filter.from) throw new BadUserInputError('to must not be before from.', 'to');
    const entityIds = nonEmpty(filter.entityIds)?.map((id, i) => validId(id, `entityIds[${i}]`)) ?? null;
    const topicIds = nonEmpty(filter.topicIds)?.map((id, i) => validId(id, `topicIds[${i}]`)) ?? null;
    return { entityIds, topicIds, from: filter.from ?? null, to: filter.to ?? null, first, after: decodeTimelineCursor(after) };
  }

  async mostConnected(kind: EntityKind | null | undefined, first: number): Promise<{ entity: EntityRecord; degree: number }[]> {
    const checked = this.checkMostConnected(kind, first);
    return this.ranking.top(checked.kind, checked.first, this.timeoutMs);
  }

  /** mostConnected's arguments checked, as the read planner takes them too. */
  checkMostConnected(kind: EntityKind | null | undefined, first: number): { kind: EntityKind | null; first: number } {
    inRange(first, LIMITS.mostConnectedFirst, 'first');
    return { kind: kind ?? null, first };
  }
}
