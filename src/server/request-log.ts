import { randomUUID } from 'node:crypto';

import { ApolloServerPlugin } from '@apollo/server';
import { NextFunction, Request, RequestHandler, Response } from 'express';

import { ErrorCode } from '../errors/error-codes';
import { logScope, Logger } from './logger';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** An incoming id is kept only when it is this: bounded, and nothing a log viewer could misread. */
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Operation names are client text: logged only when they are GraphQL names of sane length. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** The query text is logged (at debug only) up to this many characters. */
const MAX_QUERY_CHARS = 4000;

/** The caller's X-Request-Id when well formed, otherwise a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && WELL_FORMED_ID.test(value) ? value : randomUUID();
}

/** What one request's log line says; the Apollo plugin fills in the GraphQL part. */
export interface RequestLogEntry {
  requestId: string;
  operationName?: string;
  operationType?: string;
  /** The error codes sent to the client, in order of first appearance (empty: none). */
  errorCodes: string[];
}

const ENTRY = Symbol('requestLogEntry');
type WithEntry = Response & { locals: { [ENTRY]?: RequestLogEntry } };

/** The entry of a request that went through requestLogMiddleware (a fresh id otherwise). */
export function requestLogEntryOf(res: Response): RequestLogEntry {
  const locals = (res as WithEntry).locals;
  locals[ENTRY] ??= { requestId: randomUUID(), errorCodes: [] };
  return locals[ENTRY];
}

/**
 * Where a GraphQL context keeps its request's entry: a symbol, so it stays out of the context's type,
 * and a property, since Apollo hands plugins a shallow copy of the context (which keeps it).
 */
const CONTEXT_ENTRY = Symbol('requestLogEntry');
type WithContextEntry = { [CONTEXT_ENTRY]?: RequestLogEntry };

/** Ties a request's GraphQL context to its log entry; returns the context. */
export function withRequestLog<TContext extends object>(context: TContext, res: Response): TContext {
  (context as TContext & WithContextEntry)[CONTEXT_ENTRY] = requestLogEntryOf(res);
  return context;
}

const SERVER_SIDE = new Set<string>([ErrorCode.INTERNAL_SERVER_ERROR]);
const DEGRADED = new Set<string>([ErrorCode.TIMEOUT, ErrorCode.SERVICE_UNAVAILABLE]);

/**
 * Express middleware for /graphql: gives the request its id (echoed in the X-Request-Id response
 * header) and writes one line when the response is done, whether Apollo answered it or something
 * before Apollo refused it (malformed JSON, a body too large). Neither variables nor the query text
 * appear in it.
 */
export function requestLogMiddleware(log: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const entry = requestLogEntryOf(res);
    entry.requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, entry.requestId);
    res.once('close', () => {
      const status = res.statusCode;
      const finished = res.writableFinished;
      const outcome = !finished ? 'aborted' : entry.errorCodes.length === 0 && status < 400 ? 'ok' : 'error';
      const fields: Record<string, unknown> = {
        requestId: entry.requestId,
        operationName: entry.operationName,
        operationType: entry.operationType,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        outcome,
        errorCodes: entry.errorCodes.length > 0 ? entry.errorCodes : undefined,
        status: finished ? status : undefined,
        method: req.method,
      };
      const codes = entry.errorCodes;
      if (status >= 500 || codes.some((code) => SERVER_SIDE.has(code))) log.error('graphql request', fields);
      else if (codes.some((code) => DEGRADED.has(code)) || outcome === 'aborted') log.warn('graphql request', fields);
      else log.info('graphql request', fields);
    });
    next();
  };
}

/**
 * Express middleware, placed right before Apollo (after the body is read, whose stream events lose
 * the async context): everything logged while the request runs carries its request id.
 */
export function requestLogScope(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    logScope.run({ requestId: requestLogEntryOf(res).requestId }, next);
  };
}

/** The Apollo plugin: records the operation and the error codes in the request's entry. */
export function requestLogPlugin<TContext extends object>(log: Logger): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: async ({ contextValue }) => {
      const entry = (contextValue as TContext & WithContextEntry)[CONTEXT_ENTRY];
      return {
        didResolveSource: async ({ source }) => {
          // The query text can hold personal data in literals: debug level only, and never the variables.
          log.debug('graphql query', { requestId: entry?.requestId, query: source.slice(0, MAX_QUERY_CHARS) });
        },
        willSendResponse: async ({ operationName, operation, request, response }) => {
          if (entry === undefined) return;
          const name = operationName ?? request.operationName;
          if (name && OPERATION_NAME.test(name)) entry.operationName = name;
          if (operation) entry.operationType = operation.operation;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const error of errors) {
            const code = String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
            if (!entry.errorCodes.includes(code)) entry.errorCodes.push(code);
          }
        },
      };
    },
  };
}
