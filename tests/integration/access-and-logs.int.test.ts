import { loadConfig } from '../../src/config/config';
import { Neo4jGateway } from '../../src/db/gateway';
import { HttpApp } from '../../src/server/http-server';
import { createLogger, Logger } from '../../src/server/logger';
import { listenOnLoopback } from '../support/http-harness';
import { connectTestGateway, resetAndSeed } from '../support/test-db';

/**
 * The real HTTP app over the test Neo4j: one structured log line per GraphQL request, secrets kept
 * out of every line, read-only mode, and CORS (same-origin by default).
 */

const KEY = 'access-test-key-7f3a9c2e';
const PERSONAL = 'personal-marker-5d1e';
const UPSERT = 'mutation Upsert($input: EntityInput!) { upsertEntity(input: $input) { id } }';
const DELETE = 'mutation Delete($id: ID!) { deleteEntity(id: $id) { deleted } }';
const READ = 'query Read { entity(id: "xi-jinping") { name } }';

interface LogEntry {
  level: string;
  msg: string;
  time: string;
  requestId?: string;
  operationName?: string;
  operationType?: string;
  durationMs?: number;
  outcome?: string;
  errorCodes?: string[];
  status?: number;
  query?: string;
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: { code: string } }[];
}

/** A logger writing into an array, as the service would to stderr; no secrets are given to it. */
function capturingLogger(level: 'info' | 'debug'): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger(level, { format: 'json', destination: { write: (line: string) => lines.push(line) } }), lines };
}

const parsed = (lines: string[]): LogEntry[] => lines.map((line) => JSON.parse(line) as LogEntry);
const requestLines = (lines: string[]): LogEntry[] => parsed(lines).filter((entry) => entry.msg === 'graphql request');

async function post(
  base: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: GraphQLBody }> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: GraphQLBody = {};
  try {
    json = JSON.parse(text) as GraphQLBody;
  } catch {
    // A refusal before GraphQL (e.g. malformed JSON) may not be JSON.
  }
  return { status: response.status, headers: response.headers, body: json };
}

/** Waits until `count` request lines are logged (the line is written when the response closes). */
async function requestLinesSoon(lines: string[], count: number): Promise<LogEntry[]> {
  for (let i = 0; i < 100 && requestLines(lines).length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return requestLines(lines);
}

let gateway: Neo4jGateway;

beforeAll(async () => {
  gateway = connectTestGateway();
  await resetAndSeed(gateway);
});

afterAll(async () => {
  await gateway.close();
});

describe('request logs', () => {
  let app: HttpApp;
  let base: string;
  const captured = capturingLogger('debug');

  beforeAll(async () => {
    ({ app, base } = await listenOnLoopback(gateway, { apiKeys: [KEY], log: captured.log }));
  });

  afterAll(async () => {
    await app.stop();
  });

  beforeEach(() => {
    captured.lines.length = 0;
  });

  it('writes one JSON line per request: id, operation, type, duration, outcome, status', async () => {
    const response = await post(base, { query: READ });
    expect(response.body.errors).toBeUndefined();
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const [line, ...others] = await requestLinesSoon(captured.lines, 1);
    expect(others).toEqual([]);
    expect(line).toMatchObject({ level: 'info', requestId: id, operationName: 'Read', operationType: 'query', outcome: 'ok', status: 200 });
    expect(typeof line.durationMs).toBe('number');
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(line.errorCodes).toBeUndefined();
  });

  it('keeps a well-formed X-Request-Id and replaces one that is not', async () => {
    const kept = await post(base, { query: READ }, { 'x-request-id': 'client-trace:42.a_b-c' });
    expect(kept.headers.get('x-request-id')).toBe('client-trace:42.a_b-c');
    for (const bad of ['has spaces in it', 'x'.repeat(129), '<script>', '']) {
      const replaced = await post(base, { query: READ }, { 'x-request-id': bad });
      const id = replaced.headers.get('x-request-id') ?? '';
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const ids = (await requestLinesSoon(captured.lines, 5)).map((entry) => entry.requestId);
    expect(ids[0]).toBe('client-trace:42.a_b-c');
    expect(new Set(ids).size).toBe(5);
  });

  it('gives the outcome of failed requests as their error codes, with the HTTP status', async () => {
    const unauthenticated = await post(base, { query: DELETE, variables: { id: 'nobody' } }, { authorization: 'Bearer wrong-key-1234' });
    expect(unauthenticated.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const notFound = await post(base, { query: DELETE, variables: { id: 'nobody-at-all' } }, { authorization: `Bearer ${KEY}` });
    expect(notFound.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const badInput = await post(base, { query: '{ entity(id: ' });
    expect(badInput.status).toBe(400);
    const malformed = await post(base, '{"query": ');
    expect(malformed.status).toBe(400);

    const [a, b, c, d] = await requestLinesSoon(captured.lines, 4);
    expect(a).toMatchObject({
      operationName: 'Delete',
      operationType: 'mutation',
      outcome: 'error',
      errorCodes: ['UNAUTHENTICATED'],
      status: 200,
    });
    expect(b).toMatchObject({ operationName: 'Delete', outcome: 'error', errorCodes: ['NOT_FOUND'], status: 200 });
    expect(c).toMatchObject({ outcome: 'error', errorCodes: ['BAD_USER_INPUT'], status: 400 });
    expect(c.operationType).toBeUndefined();
    // Refused by the JSON parser, before Apollo: still one line, with its status.
    expect(d).toMatchObject({ outcome: 'error', status: 400 });
    for (const [entry, response] of [
      [a, unauthenticated],
      [b, notFound],
      [c, badInput],
      [d, malformed],
    ] as const) {
      expect(entry.requestId).toBe(response.headers.get('x-request-id'));
    }
  });

  it('logs the query text at debug level, but never variables', async () => {
    const response = await post(
      base,
      { query: UPSERT, variables: { input: { kind: 'PERSON', name: `Someone ${PERSONAL}` } } },
      { authorization: `Bearer ${KEY}` },
    );
    expect(response.body.errors).toBeUndefined();
    await requestLinesSoon(captured.lines, 1);
    const text = captured.lines.join('');
    expect(text).not.toContain(PERSONAL);
    const queryLine = parsed(captured.lines).find((entry) => entry.msg === 'graphql query');
    expect(queryLine?.query).toBe(UPSERT);
    expect(queryLine?.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('logs no query text at info level', async () => {
    const info = capturingLogger('info');
    const served = await listenOnLoopback(gateway, { log: info.log });
    try {
      await post(served.base, { query: READ });
      const [line] = await requestLinesSoon(info.lines, 1);
      expect(line.operationName).toBe('Read');
      expect(info.lines.join('')).not.toContain('xi-jinping');
    } finally {
      await served.app.stop();
    }
  });
});

describe('secrets never reach the logs', () => {
  it('neither the API key, the Neo4j password nor "Bearer", over a mix of requests', async () => {
    const password = process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD ?? '';
    expect(password.length).toBeGreaterThan(3);
    const captured = capturingLogger('debug');
    const { app, base } = await listenOnLoopback(gateway, { apiKeys: [KEY], log: captured.log });
    try {
      const auth = { authorization: `Bearer ${KEY}` };
      const results = [
        await post(base, { query: UPSERT, variables: { input: { kind: 'PERSON', name: 'Logged Person' } } }, auth),
        await post(
          base,
          { query: UPSERT, variables: { input: { kind: 'PERSON', name: 'Logged Person' } } },
          { authorization: `Bearer ${KEY}x` },
        ),
        await post(base, { query: UPSERT, variables: { input: { kind: 'PERSON', name: '' } } }, auth),
        await post(base, { query: DELETE, variables: { id: 'no-such-entity' } }, auth),
        await post(base, '{ not json', auth),
        await post(base, { query: READ }, { authorization: KEY }),
      ];
      expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 400, 200]);
      const codes = results.map((result) => result.body.errors?.[0]?.extensions.code);
      expect([...codes.slice(0, 4), codes[5]]).toEqual([undefined, 'UNAUTHENTICATED', 'BAD_USER_INPUT', 'NOT_FOUND', undefined]);
      const lines = await requestLinesSoon(captured.lines, results.length);
      expect(lines).toHaveLength(results.length);
      for (const line of captured.lines) {
        expect(() => JSON.parse(line) as unknown).not.toThrow();
        expect(line).not.toContain(KEY);
        expect(line).not.toContain(password);
        expect(line).not.toMatch(/bearer/i);
      }
    } finally {
      await app.stop();
    }
  });

  it('censors a configured key even where a client typed it into query text (debug level)', async () => {
    const lines: string[] = [];
    const log = createLogger('debug', { format: 'json', secrets: [KEY], destination: { write: (line: string) => lines.push(line) } });
    const { app, base } = await listenOnLoopback(gateway, { apiKeys: [KEY], log });
    try {
      await post(base, { query: `query Leaky { entity(id: "${KEY}") { id } }` });
      await requestLinesSoon(lines, 1);
      expect(parsed(lines).find((entry) => entry.msg === 'graphql query')?.query).toContain('[redacted]');
      expect(lines.join('')).not.toContain(KEY);
    } finally {
      await app.stop();
    }
  });

  it('an error logged while a request runs carries its request id, and no connection secret', async () => {
    const config = loadConfig({});
    const dead = Neo4jGateway.connect('bolt://127.0.0.1:1', 'neo4j', 'dead-gateway-password', {
      ...config.neo4j,
      transactionTimeoutMs: 2000,
    });
    const captured = capturingLogger('info');
    const { app, base } = await listenOnLoopback(dead, { log: captured.log });
    try {
      const response = await post(base, { query: READ }, { 'x-request-id': 'trace-dead-1' });
      expect(response.body.errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      const [line] = await requestLinesSoon(captured.lines, 1);
      expect(line).toMatchObject({ level: 'warn', requestId: 'trace-dead-1', outcome: 'error', errorCodes: ['SERVICE_UNAVAILABLE'] });
      const failures = parsed(captured.lines).filter((entry) => entry.msg === 'query failed');
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) expect(failure.requestId).toBe('trace-dead-1');
      expect(captured.lines.join('')).not.toContain('dead-gateway-password');
    } finally {
      await app.stop();
      await dead.close();
    }
  });
});

describe('read-only mode (NEWSGRAPH_READ_ONLY=true)', () => {
  let app: HttpApp;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await listenOnLoopback(gateway, { readOnly: true, apiKeys: [KEY] }));
  });

  afterAll(async () => {
    await app.stop();
  });

  it('refuses every mutation with FORBIDDEN, even with a valid key, and runs no Cypher for it', async () => {
    const operations: string[] = [];
    const unsubscribe = gateway.onQuery((event) => operations.push(event.operation));
    try {
      for (const authorization of [`Bearer ${KEY}`, undefined]) {
        for (const [query, variables] of [
          [UPSERT, { input: { id: 'read-only-person', kind: 'PERSON', name: 'Read Only Person' } }],
          [UPSERT, { input: { kind: 'PERSON', name: '' } }],
          [DELETE, { id: 'xi-jinping' }],
          ['mutation { importGraph(input: { entities: [{ kind: PERSON, name: "Imported" }] }) { created } }', {}],
        ] as const) {
          const response = await post(base, { query, variables }, authorization === undefined ? {} : { authorization });
          expect(response.body.data ?? null).toBeNull();
          expect(response.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
          expect(response.body.errors?.[0].message).toMatch(/read-only/);
        }
      }
      expect(operations).toEqual([]);
    } finally {
      unsubscribe();
    }
    const still = await post(base, { query: '{ kept: entity(id: "xi-jinping") { id } added: entity(id: "read-only-person") { id } }' });
    expect(still.body).toEqual({ data: { kept: { id: 'xi-jinping' }, added: null } });
  });

  it('answers queries as usual', async () => {
    const response = await post(base, { query: READ });
    expect(response.body).toEqual({ data: { entity: { name: 'Xi Jinping' } } });
  });
});

describe('writeAccess: what a client may write, before it writes', () => {
  const QUERY = '{ writeAccess { readOnly keyRequired allowed } }';
  const served: HttpApp[] = [];
  const answer = async (base: string, authorization?: string): Promise<unknown> =>
    (await post(base, { query: QUERY }, authorization === undefined ? {} : { authorization })).body;
  const access = (readOnly: boolean, keyRequired: boolean, allowed: boolean): unknown => ({
    data: { writeAccess: { readOnly, keyRequired, allowed } },
  });

  afterAll(async () => {
    await Promise.all(served.map((app) => app.stop()));
  });

  it('an open service lets anyone write; a keyed one only a request with a key; a read-only one nobody', async () => {
    const open = await listenOnLoopback(gateway, {});
    const keyed = await listenOnLoopback(gateway, { apiKeys: [KEY] });
    const readOnly = await listenOnLoopback(gateway, { readOnly: true, apiKeys: [KEY] });
    served.push(open.app, keyed.app, readOnly.app);
    const operations: string[] = [];
    const unsubscribe = gateway.onQuery((event) => operations.push(event.operation));
    try {
      expect(await answer(open.base)).toEqual(access(false, false, true));
      expect(await answer(keyed.base)).toEqual(access(false, true, false));
      expect(await answer(keyed.base, `Bearer ${KEY}`)).toEqual(access(false, true, true));
      expect(await answer(readOnly.base, `Bearer ${KEY}`)).toEqual(access(true, true, false));
      expect(await answer(readOnly.base)).toEqual(access(true, true, false));
    } finally {
      unsubscribe();
    }
    // It reads nothing from the database.
    expect(operations).toEqual([]);
    // What it says is what a mutation meets.
    const write = { query: UPSERT, variables: { input: { id: 'write-access-person', kind: 'PERSON', name: 'Write Access' } } };
    expect((await post(keyed.base, write)).body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await post(keyed.base, write, { authorization: `Bearer ${KEY}` })).body.errors).toBeUndefined();
  });

  it('a wrong key is not allowed (the query itself is answered), and neither is a key of another form', async () => {
    const keyed = await listenOnLoopback(gateway, { apiKeys: [KEY] });
    served.push(keyed.app);
    expect(await answer(keyed.base, 'Bearer not-the-key')).toEqual(access(false, true, false));
    expect(await answer(keyed.base, KEY)).toEqual(access(false, true, false));
    expect(await answer(keyed.base, `Basic ${KEY}`)).toEqual(access(false, true, false));
  });
});

describe('CORS', () => {
  const OTHER = 'https://other.example';

  const preflight = (base: string, origin: string): Promise<Response> =>
    fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,apollo-require-preflight,x-request-id',
      },
    });

  const served: { app: HttpApp; base: string }[] = [];
  const serve = async (corsOrigins?: string[]): Promise<string> => {
    const one = await listenOnLoopback(gateway, { corsOrigins });
    served.push(one);
    return one.base;
  };

  afterAll(async () => {
    for (const one of served) await one.app.stop();
  });

  it('sends no CORS headers by default: another origin gets no Access-Control-Allow-Origin', async () => {
    const base = await serve();
    const response = await preflight(base, OTHER);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
    const read = await post(base, { query: READ }, { origin: OTHER });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows a configured origin, with the headers the API uses, and no other origin', async () => {
    const base = await serve([OTHER, 'http://localhost:5173']);
    const allowed = await preflight(base, OTHER);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(OTHER);
    const headers = (allowed.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    for (const header of ['authorization', 'content-type', 'apollo-require-preflight', 'x-request-id']) expect(headers).toContain(header);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

    const read = await post(base, { query: READ }, { origin: OTHER });
    expect(read.headers.get('access-control-allow-origin')).toBe(OTHER);
    expect(read.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');

    for (const origin of ['https://evil.example', 'https://other.example.evil.example', 'http://other.example']) {
      expect((await preflight(base, origin)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('with *, lets any origin read', async () => {
    const base = await serve(['*']);
    expect((await preflight(base, 'https://anyone.example')).headers.get('access-control-allow-origin')).toBe('*');
    const read = await post(base, { query: READ }, { origin: 'https://anyone.example' });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(read.body).toEqual({ data: { entity: { name: 'Xi Jinping' } } });
  });

  it('keeps Apollo CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const base = await serve(['*']);
    const response = await fetch(`${base}/graphql?query=${encodeURIComponent(READ)}`, { headers: { origin: OTHER } });
    expect(response.status).toBe(400);
  });
});
