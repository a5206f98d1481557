/**
 * A small HTTP/GraphQL client for the fault and load benchmarks. It never throws: every request
 * ends in an Outcome (an HTTP status, or the connection error's code), with its start and end
 * times, so a script can count what happened around a fault. Loopback only.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface Outcome {
  /** HTTP status; 0 when no response came (see error). */
  status: number;
  /** The connection error's code (ECONNREFUSED, ECONNRESET, TIMEOUT...) when no response came. */
  error?: string;
  /** The parsed JSON body, when there was one. */
  body?: unknown;
  /** performance.now() when the request was sent, and when it ended. */
  startedAt: number;
  endedAt: number;
}

export interface GraphQLOutcome extends Outcome {
  data?: Record<string, unknown>;
  /** extensions.code of every GraphQL error. */
  codes: string[];
  /** HTTP 200, data present, and no GraphQL error. */
  ok: boolean;
}

export interface RequestOptions {
  agent?: http.Agent | false;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Throws unless the URL is on 127.0.0.1: benchmark, load and fault traffic goes nowhere else. */
export function assertLoopback(target: string | URL): void {
  const url = typeof target === 'string' ? new URL(target) : target;
  if (url.hostname !== '127.0.0.1') throw new Error(`Benchmark traffic goes to 127.0.0.1 only, not ${url.host}`);
}

/** Listens on 127.0.0.1 and a free port; resolves with the server's `/graphql` URL. */
export function listenOnLoopback(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`)),
  );
}

/** One HTTP request; resolves with what happened, never rejects. */
export function request(method: 'GET' | 'POST', target: string, body?: string, options: RequestOptions = {}): Promise<Outcome> {
  const url = new URL(target);
  assertLoopback(url);
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<Outcome, 'startedAt' | 'endedAt'>): void => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, startedAt, endedAt: performance.now() });
    };
    const req = http.request(
      {
        method,
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        agent: options.agent,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error: NodeJS.ErrnoException) => finish({ status: 0, error: error.code ?? error.message }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = text;
          }
          finish({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => {
      finish({ status: 0, error: 'TIMEOUT' });
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ status: 0, error: error.code ?? error.message }));
    req.end(body);
  });
}

/** A GraphQL POST. */
export async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: RequestOptions = {},
): Promise<GraphQLOutcome> {
  const outcome = await request('POST', url, JSON.stringify({ query, variables }), options);
  const body = (outcome.body ?? {}) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  const codes = (body.errors ?? []).map((error) => error.extensions?.code ?? 'UNKNOWN');
  const data = body.data ?? undefined;
  return { ...outcome, data, codes, ok: outcome.status === 200 && data !== undefined && codes.length === 0 };
}
