import { QueryEvent } from '../../src/db/gateway';
import { QUERY_LIMITS } from '../../src/server/query-limits';
import { useSeededHttp } from '../support/http-harness';

const seeded = useSeededHttp();

/** Posts a query and returns its errors' codes, with the Cypher round trips it caused. */
async function attempt(query: string): Promise<{ status: number; codes: unknown[]; messages: string[]; cypher: number }> {
  const events: QueryEvent[] = [];
  const unsubscribe = seeded.gateway().onQuery((event) => events.push(event));
  try {
    const response = await fetch(`${seeded.base()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    return {
      status: response.status,
      codes: (body.errors ?? []).map((e) => e.extensions?.code),
      messages: (body.errors ?? []).map((e) => e.message),
      cypher: events.length,
    };
  } finally {
    unsubscribe();
  }
}

/** `{ entity(id: "china") { neighbors { neighbors { ... { id } } } } }` nested `levels` fields deep. */
function nested(levels: number): string {
  let inner = 'id';
  for (let i = 1; i < levels - 1; i += 1) inner = `neighbors(first: 1) { ${inner} }`;
  return `{ entity(id: "china") { ${inner} } }`;
}

describe('request shape limits', () => {
  it(`allows ${QUERY_LIMITS.maxDepth} levels of nesting and refuses ${QUERY_LIMITS.maxDepth + 1}, running no Cypher`, async () => {
    const ok = await attempt(nested(QUERY_LIMITS.maxDepth));
    expect(ok.codes).toEqual([]);
    const deep = await attempt(nested(QUERY_LIMITS.maxDepth + 1));
    expect(deep.codes).toEqual(['QUERY_TOO_COMPLEX']);
    expect(deep.messages[0]).toMatch(/nested 9 levels deep; at most 8/);
    expect(deep.cypher).toBe(0);
  });

  it('follows fragments when measuring depth, and survives a fragment cycle', async () => {
    const viaFragments = `{ entity(id: "china") { ...A } }
      fragment A on Entity { neighbors(first: 1) { ...B } }
      fragment B on Entity { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { id } } } } } } } }`;
    expect((await attempt(viaFragments)).codes).toEqual(['QUERY_TOO_COMPLEX']);
    const cycle = await attempt('{ entity(id: "china") { ...A } } fragment A on Entity { neighbors { ...A } }');
    expect(cycle.codes.length).toBeGreaterThan(0);
    expect(cycle.cypher).toBe(0);
  });

  it("leaves GraphiQL's introspection query alone", async () => {
    const { getIntrospectionQuery } = await import('graphql');
    expect((await attempt(getIntrospectionQuery())).codes).toEqual([]);
  });

  it(`allows ${QUERY_LIMITS.maxAliases} aliases and refuses more`, async () => {
    const aliases = (n: number): string => `{ ${Array.from({ length: n }, (_, i) => `a${i}: entity(id: "china") { id }`).join(' ')} }`;
    expect((await attempt(aliases(QUERY_LIMITS.maxAliases))).codes).toEqual([]);
    const many = await attempt(aliases(QUERY_LIMITS.maxAliases + 1));
    expect(many.codes).toEqual(['QUERY_TOO_COMPLEX']);
    expect(many.cypher).toBe(0);
  });

  it(`refuses a document of more than ${QUERY_LIMITS.maxTokens} tokens`, async () => {
    const huge = `{ search(text: "x", kinds: [${Array.from({ length: 2100 }, () => 'PERSON').join(', ')}]) { score } }`;
    const result = await attempt(huge);
    expect(result.codes).toEqual(['QUERY_TOO_COMPLEX']);
    expect(result.cypher).toBe(0);
  });

  it('refuses a body over 1 MB with 413 and batched requests', async () => {
    const big = await fetch(`${seeded.base()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ graphStats { entities } }', variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(big.status).toBe(413);
    const batch = await fetch(`${seeded.base()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ graphStats { entities } }' }, { query: '{ graphStats { sources } }' }]),
    });
    expect(batch.status).toBe(400);
  });
});
