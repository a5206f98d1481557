import { Neo4jError } from 'neo4j-driver';

import { ApiError, ConflictError, InternalError, ServiceUnavailableError, TimeoutError } from '../errors/api-errors';

const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
  // The driver reports this transient code as a ClientError once the transaction timed out.
  'Neo.TransientError.Transaction.LockClientStopped',
  'Neo.ClientError.Transaction.LockClientStopped',
]);

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/**
 * Maps a driver or server error onto the API's error codes. The returned error's message never
 * contains Cypher or Neo4j codes; the original is kept as `cause` for logging only.
 */
export function mapNeo4jError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const code = error instanceof Neo4jError ? error.code : undefined;
  let mapped: ApiError;
  if (code !== undefined && TIMEOUT_CODES.has(code)) mapped = new TimeoutError();
  else if (code !== undefined && UNAVAILABLE_CODES.has(code)) mapped = new ServiceUnavailableError();
  // A pool that stays busy: the driver's error has no code, only this message.
  else if (error instanceof Error && /Connection acquisition timed out/i.test(error.message))
    mapped = new ServiceUnavailableError('The service is overloaded right now; try again shortly.');
  else if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    mapped = new ConflictError('That write clashes with an existing id; use another id or update the existing record.');
  } else mapped = new InternalError();
  Object.defineProperty(mapped, 'cause', { value: error, enumerable: false });
  return mapped;
}

const MEMORY_LIMIT_CODES = new Set([
  // dbms.memory.transaction.total.max (all transactions together) and db.memory.transaction.max (one).
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
  'Neo.TransientError.General.TransactionOutOfMemoryError',
]);

/** True when the error (or the Neo4j error an API error was mapped from) is a transaction memory limit. */
export function isMemoryLimitError(error: unknown): boolean {
  const original = error instanceof ApiError ? error.cause : error;
  return original instanceof Neo4jError && MEMORY_LIMIT_CODES.has(original.code);
}
