import { QueryEvent } from '../../src/db/gateway';
import { useSeededHttpInBothModes } from '../support/http-harness';

/**
 * GraphQL over HTTP, refused where the protocol says so: each answer with the 4xx that Apollo Server
 * (or the GraphQL-over-HTTP spec) gives, as a GraphQL-shaped JSON error carrying a contract code,
 * with no stack trace, Cypher or Neo4j code in it, and no Cypher run. In development and production.
 */
const seeded = useSeededHttpInBothModes();
const { modes } = seeded;

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
  allow: string | null;
  cypher: number;
}

const QUERY = '{ graphStats { entities } }';

/** Sends one request to /graphql (`search` appended) and records what came back and the Cypher it caused. */
async function send(base: string, init: RequestInit & { search?: string }): Promise<Answer> {
  const events: QueryEvent[] = [];
  const unsubscribe = seeded.gateway().onQuery((event) => events.push(event));
  try {
    const response = await fetch(`${base}/graphql${init.search ?? ''}`, init);
    const text = await response.text();
    let body: Answer['body'];
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      body = undefined;
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      body,
      allow: response.headers.get('allow'),
      cypher: events.length,
    };
  } finally {
    unsubscribe();
  }
}

/** A refusal: the status, one JSON error with the code, nothing internal, no Cypher. */
function expectRefused(answer: Answer, status: number, code: string, message: RegExp): void {
  expect({ status: answer.status, json: answer.contentType.startsWith('application/json') }).toEqual({ status, json: true });
  expect(answer.body?.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  expect(answer.body?.errors?.[0].message).toMatch(message);
  expect(answer.body?.data).toBeUndefined();
  expect(answer.text).not.toMatch(/\bat .+:\d+:\d+|stacktrace|<html|<pre|Neo\.\w+\.|\bMATCH\b|Cypher/i);
  expect(answer.cypher).toBe(0);
}

const json = { 'content-type': 'application/json' };

describe.each(modes)('GraphQL over HTTP (%s)', (_mode, base) => {
  it('answers a well-formed POST and a GET query carrying a preflight header', async () => {
    const post = await send(base(), { method: 'POST', headers: json, body: JSON.stringify({ query: QUERY }) });
    expect(post.status).toBe(200);
    expect(post.cypher).toBeGreaterThan(0);
    const get = await send(base(), { search: `?query=${encodeURIComponent(QUERY)}`, headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(get.body?.data).toEqual(post.body?.data);
  });

  it('refuses malformed JSON with 400, as JSON', async () => {
    const answer = await send(base(), { method: 'POST', headers: json, body: '{"query": "{ graphStats { entities } }"' });
    expectRefused(answer, 400, 'BAD_USER_INPUT', /not valid JSON/);
  });

  it('refuses an empty body with 400', async () => {
    expectRefused(await send(base(), { method: 'POST', headers: json, body: '' }), 400, 'BAD_USER_INPUT', /POST body missing/);
    expectRefused(await send(base(), { method: 'POST', headers: json, body: '{}' }), 400, 'BAD_USER_INPUT', /POST body missing/);
  });

  it('refuses a body of another content type with 400, and a GET with a non-JSON content type with 415', async () => {
    const xml = await send(base(), {
      method: 'POST',
      headers: { 'content-type': 'application/xml', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: QUERY }),
    });
    expectRefused(xml, 400, 'BAD_USER_INPUT', /invalid Content-Type/);
    const get = await send(base(), {
      search: `?query=${encodeURIComponent(QUERY)}`,
      headers: { 'content-type': 'application/xml', 'apollo-require-preflight': 'true' },
    });
    expectRefused(get, 415, 'BAD_USER_INPUT', /content-type/);
  });

  it('refuses JSON in a charset other than UTF-8 with 415', async () => {
    const answer = await send(base(), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=latin1' },
      body: JSON.stringify({ query: QUERY }),
    });
    expectRefused(answer, 415, 'BAD_USER_INPUT', /UTF-8/);
  });

  it('refuses a mutation over GET with 405 and Allow: POST', async () => {
    const mutation = 'mutation { deleteEntity(id: "china") { deleted } }';
    const answer = await send(base(), {
      search: `?query=${encodeURIComponent(mutation)}`,
      headers: { 'apollo-require-preflight': 'true' },
    });
    expectRefused(answer, 405, 'BAD_USER_INPUT', /GET requests only support query operations/);
    expect(answer.allow).toBe('POST');
  });

  it.each([
    ['a POST of text/plain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: QUERY }) }],
    [
      'a POST of a form',
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent(QUERY)}` },
    ],
    ['a GET without a preflight header', { search: `?query=${encodeURIComponent(QUERY)}` }],
  ] as [string, RequestInit & { search?: string }][])('refuses a CSRF-style simple request, %s, with 400', async (_what, init) => {
    expectRefused(await send(base(), init), 400, 'BAD_USER_INPUT', /Cross-Site Request Forgery/);
  });

  it('refuses a batch (an array body) with 400', async () => {
    const answer = await send(base(), { method: 'POST', headers: json, body: JSON.stringify([{ query: QUERY }, { query: QUERY }]) });
    expectRefused(answer, 400, 'BAD_USER_INPUT', /batching/i);
  });

  it('refuses a body over 1 MB with 413, as JSON', async () => {
    const body = JSON.stringify({ query: QUERY, variables: { pad: 'x'.repeat(1_100_000) } });
    expectRefused(await send(base(), { method: 'POST', headers: json, body }), 413, 'BAD_USER_INPUT', /over the 1 MB limit/);
  });

  it('refuses methods other than GET and POST with 405', async () => {
    const answer = await send(base(), { method: 'PUT', headers: json, body: JSON.stringify({ query: QUERY }) });
    expectRefused(answer, 405, 'BAD_USER_INPUT', /only GET\/POST/);
  });
});
