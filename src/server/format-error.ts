import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLFormattedError } from 'graphql';

import { ApiError } from '../errors/api-errors';
import { ErrorCode } from '../errors/error-codes';
import { Logger } from './logger';

const CONTRACT_CODES = new Set<string>(Object.values(ErrorCode));

/** Apollo/graphql-js codes for malformed requests, shown to clients as BAD_USER_INPUT. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The last look at every error before it leaves: contract codes only, and nothing from Neo4j,
 * Cypher or a stack trace. Errors we did not mean to show are logged and replaced.
 */
export function createFormatError(log: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof ApiError) {
      if (
        original.extensions.code === ErrorCode.INTERNAL_SERVER_ERROR ||
        original.extensions.code === ErrorCode.SERVICE_UNAVAILABLE ||
        original.extensions.code === ErrorCode.TIMEOUT
      ) {
        const cause = (original as { cause?: unknown }).cause;
        if (cause !== undefined)
          log.error('query failed', { code: original.extensions.code, cause: describe(cause), path: formatted.path });
      }
      return { ...base, message: original.message, extensions: { ...original.extensions } };
    }
    const code = String(formatted.extensions?.code ?? '');
    if (original !== null && typeof original === 'object' && (original as { name?: string }).name === 'ArgumentValidationError') {
      return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    if (REQUEST_CODES.has(code)) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    if (CONTRACT_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) return { ...base, extensions: { code } };
    log.error('unexpected error', { error: describe(original), path: formatted.path });
    return {
      message: 'Something went wrong on our side; the error has been logged.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
