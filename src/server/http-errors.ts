import type { ErrorRequestHandler } from 'express';

import { ErrorCode } from '../errors/error-codes';
import { Logger } from './logger';
import { QUERY_LIMITS } from './query-limits';

/** What body-parser's errors (`type`) mean to a client, in words it can act on. */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.too.large': `The request body is over the ${QUERY_LIMITS.maxBodyBytes / 1024 / 1024} MB limit. Send a large import in several smaller batches.`,
  'encoding.unsupported': 'The request body has a content encoding the server does not accept (use none, gzip or deflate).',
  'charset.unsupported': 'The request body has a charset the server does not accept; send JSON in UTF-8.',
  'request.aborted': 'The request was aborted before its body arrived.',
  'request.size.invalid': 'The request body is shorter or longer than its Content-Length says.',
};

/**
 * The last handler of /graphql: an error raised before Apollo answers (the body parser's malformed
 * JSON, a body over the limit, ...) becomes a GraphQL-shaped JSON error with the parser's 4xx status,
 * instead of Express's HTML page, which outside production shows a stack trace. Anything else is a
 * 500 INTERNAL_SERVER_ERROR whose details go to the log only.
 */
export function graphqlHttpErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    let message: string;
    if (clientError) {
      message = (typeof type === 'string' ? BODY_ERRORS[type] : undefined) ?? 'The request could not be read.';
    } else {
      log.error('request failed before GraphQL', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      message = 'Something went wrong on our side; the error has been logged.';
    }
    const code = clientError ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL_SERVER_ERROR;
    res
      .status(clientError ? status : 500)
      .type('application/json')
      .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  };
}
