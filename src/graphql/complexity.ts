import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';

import { LIMITS } from '../services/traversal.service';

/**
 * What fields cost, for the cost limit (src/server/cost-limit.ts). The unit is roughly one value in
 * the answer: a scalar or an object costs 1 (graphql-query-complexity's simpleEstimator), and the
 * fields below, which fetch lists or walk the graph, multiply the cost of their selection by the
 * number of items they may return. Page sizes are taken as given, but never beyond the range the
 * field accepts: past it the field itself answers BAD_USER_INPUT, which says more than a cost would.
 */

/** A field's cost from its arguments and the cost of its selection (a graphql-query-complexity estimator). */
export type FieldCost = (options: ComplexityEstimatorArgs) => number;

/**
 * Items assumed for an unpaged one-hop list (Person.events, Event.participants, ...). News entities
 * rarely have more; 50 (what `neighbors` returns by default) refused ordinary two-level questions, while
 * 20 still refuses such lists nested four deep (20^4 = 160,000).
 */
export const UNPAGED_LIST_ITEMS = 20;

/** A whole number argument, or `fallback` when absent or not a number, kept within 0..max. */
function sized(args: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const value = args[name];
  const wanted = typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
  return Math.min(Math.max(wanted, 0), max);
}

/** Each item costs its selection (at least 1, as a bare list still fetches its items). */
const perItem = ({ childComplexity }: ComplexityEstimatorArgs): number => Math.max(childComplexity, 1);

/** A list or connection of up to `first` items (`fallback` when not given, at most `max`): 1 + first × the selection. */
export function pageCost(fallback: number, max: number, argument = 'first'): FieldCost {
  return (options) => 1 + sized(options.args, argument, fallback, max) * perItem(options);
}

/** A one-hop list with no page argument: 1 + UNPAGED_LIST_ITEMS × the selection. */
export const unpagedListCost: FieldCost = (options) => 1 + UNPAGED_LIST_ITEMS * perItem(options);

/** commonNeighbors: the unpaged list, plus one expansion per given id. */
export const commonNeighborsCost: FieldCost = (options) => {
  const ids = options.args.ids as unknown;
  return unpagedListCost(options) + (Array.isArray(ids) ? Math.min(ids.length, LIMITS.commonIds[1]) : 0);
};

/** neighborhood: up to `limit` nodes, each reached through up to `depth` hops and costing its selection. */
export const neighborhoodCost: FieldCost = (options) => {
  const depth = sized(options.args, 'depth', 1, LIMITS.neighborhoodDepth[1]);
  const limit = sized(options.args, 'limit', 100, LIMITS.neighborhoodLimit[1]);
  return 1 + limit * (depth + perItem(options));
};

/** paths: up to `first` paths of up to `maxDepth` hops, each hop costing the path's selection. */
export const pathsCost: FieldCost = (options) =>
  1 + sized(options.args, 'first', 10, LIMITS.pathsFirst[1]) * sized(options.args, 'maxDepth', 4, LIMITS.pathsDepth[1]) * perItem(options);

/** shortestPath: one path of up to `maxDepth` hops, each hop costing the path's selection. */
export const shortestPathCost: FieldCost = (options) =>
  1 + sized(options.args, 'maxDepth', 6, LIMITS.shortestPathDepth[1]) * perItem(options);
