import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

import { ErrorCode } from '../errors/error-codes';
import { QUERY_LIMITS } from './query-limits';

/** Thrown when the cost cannot be worked out within QUERY_LIMITS.maxCostNodes fields. */
export class TooManyFieldsToCost extends Error {}

/**
 * The estimated cost of an operation: the `complexity` of each field (src/graphql/complexity.ts), and
 * 1 plus its selection for every other field. Variables count with their values, so a page size
 * given as `$first` costs as much as the same number written in the query. Returns null when the
 * variables do not fit the operation: execution refuses those before any resolver runs.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  maxNodes: number = QUERY_LIMITS.maxCostNodes,
): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      variables,
      operationName,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      maxQueryNodes: maxNodes,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) throw new TooManyFieldsToCost();
    return null;
  }
}

function tooCostly(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, http: { status: 400 } } });
}

/**
 * Refuses an operation whose estimated cost is over `maxCost`, after Apollo has parsed, validated and
 * picked the operation and before anything executes, so a refused query runs no Cypher.
 */
export function costLimitPlugin(maxCost: number = QUERY_LIMITS.maxCost): ApolloServerPlugin {
  const format = (n: number): string => n.toLocaleString('en-US');
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation picked: execution refuses the request before any resolver runs.
          if (operation === undefined) return;
          let cost: number | null;
          try {
            cost = queryCost(schema, document, request.variables, operation.name?.value);
          } catch (error) {
            if (!(error instanceof TooManyFieldsToCost)) throw error;
            throw tooCostly(
              `The query has more than ${format(QUERY_LIMITS.maxCostNodes)} fields once its fragments are expanded. Split it into several requests.`,
            );
          }
          if (cost !== null && cost > maxCost) {
            throw tooCostly(
              `The query costs ${format(cost)}; at most ${format(maxCost)} is allowed. Ask for smaller pages (first, limit), ` +
                'shallower traversals (depth, maxDepth) or fewer fields, or split it into several requests.',
            );
          }
        },
      };
    },
  };
}
