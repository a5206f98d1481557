import cors from 'cors';
import { RequestHandler } from 'express';

import { REQUEST_ID_HEADER } from './request-log';

/** Headers a page on another origin may send: the key, JSON, Apollo's CSRF header and its own request id. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'apollo-require-preflight', REQUEST_ID_HEADER];

/**
 * CORS for /graphql from NEWSGRAPH_CORS_ORIGINS: undefined when no origins are configured, so that no
 * CORS header is ever sent and browsers keep other origins' pages out (the explorer at / is same-origin).
 * `['*']` lets any origin read; otherwise only exact matches get Access-Control-Allow-Origin.
 * No cookies are used, so credentials are never allowed. Apollo's CSRF prevention stays on either way.
 */
export function corsMiddleware(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: [REQUEST_ID_HEADER],
    credentials: false,
    maxAge: 600,
  });
}
