import { GraphQLError } from 'graphql';

import { ErrorCode } from './error-codes';

/** Base of every error the API shows to clients on purpose; its message is safe to show. */
export class ApiError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = new.target.name;
  }
}

export class BadUserInputError extends ApiError {
  /** @param field the argument or input field at fault, reported in extensions.field */
  constructor(message: string, field?: string) {
    super(message, ErrorCode.BAD_USER_INPUT, field === undefined ? {} : { field });
  }
}

export class NotFoundError extends ApiError {
  /** @param field the argument or input field holding the unknown id, reported in extensions.field */
  constructor(message: string, field?: string) {
    super(message, ErrorCode.NOT_FOUND, field === undefined ? {} : { field });
  }
}

export class ConflictError extends ApiError {
  /** @param field the argument or input field holding the clashing id, reported in extensions.field */
  constructor(message: string, field?: string) {
    super(message, ErrorCode.CONFLICT, field === undefined ? {} : { field });
  }
}

/** A write without a valid API key while keys are configured (NEWSGRAPH_API_KEYS). */
export class UnauthenticatedError extends ApiError {
  constructor(message = 'Writes need an API key: send the header "Authorization: Bearer <key>" with a key from NEWSGRAPH_API_KEYS.') {
    super(message, ErrorCode.UNAUTHENTICATED);
  }
}

/** A mutation while the service is read-only (NEWSGRAPH_READ_ONLY=true). */
export class ForbiddenError extends ApiError {
  constructor(
    message = 'This NewsGraph service is read-only (NEWSGRAPH_READ_ONLY=true): mutations are turned off; queries work as usual.',
  ) {
    super(message, ErrorCode.FORBIDDEN);
  }
}

export class TimeoutError extends ApiError {
  constructor(message = 'The query took longer than the time allowed; narrow it (fewer hops, a smaller limit) and try again.') {
    super(message, ErrorCode.TIMEOUT);
  }
}

export class ServiceUnavailableError extends ApiError {
  /** `extensions` adds to the code, e.g. `retryAfterSeconds` while the NLP engine starts. */
  constructor(message = 'The graph database is unreachable right now; try again shortly.', extensions: Record<string, unknown> = {}) {
    super(message, ErrorCode.SERVICE_UNAVAILABLE, extensions);
  }
}

export class InternalError extends ApiError {
  constructor(message = 'Something went wrong on our side; the error has been logged.') {
    super(message, ErrorCode.INTERNAL_SERVER_ERROR);
  }
}
