import http from 'node:http';

import { assertLoopback, graphql } from './bench-http';

/**
 * One keep-alive agent for every benchmark request. node:http with keep-alive costs about 1 ms less
 * per request than fetch (undici) on loopback (bench:http, "full app" against "full app, fetch"), and
 * every contender of a benchmark goes through this same client, so the saving applies to all alike.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A GraphQL POST over HTTP that throws on HTTP or GraphQL errors (benchmark traffic: 127.0.0.1 only, checked by request()). */
export async function postGraphQL(url: string, query: string): Promise<Record<string, unknown>> {
  const outcome = await graphql(url, query, {}, { agent });
  if (!outcome.ok) throw new Error(`HTTP ${outcome.status}${outcome.error ? ` ${outcome.error}` : ''}: ${JSON.stringify(outcome.body)}`);
  return outcome.data ?? {};
}

/** The same POST through fetch (undici), the client the benchmarks took before; bench:http compares the two. */
export async function postGraphQLWithFetch(url: string, query: string): Promise<Record<string, unknown>> {
  assertLoopback(url);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: {} }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (!response.ok || body.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data ?? {};
}
