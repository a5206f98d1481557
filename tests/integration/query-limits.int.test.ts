import { getIntrospectionQuery, parse } from 'graphql';

import { QueryEvent } from '../../src/db/gateway';
import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { queryCost } from '../../src/server/cost-limit';
import { QUERY_LIMITS } from '../../src/server/query-limits';
import { useSeededHttpInBothModes } from '../support/http-harness';

const seeded = useSeededHttpInBothModes();
const { modes } = seeded;

interface Attempt {
  status: number;
  codes: unknown[];
  messages: string[];
  data: unknown;
  cypher: number;
}

/** Posts a query and returns its errors' codes, with the Cypher round trips it caused. */
async function attempt(base: string, query: string, variables?: Record<string, unknown>): Promise<Attempt> {
  const events: QueryEvent[] = [];
  const unsubscribe = seeded.gateway().onQuery((event) => events.push(event));
  try {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    return {
      status: response.status,
      codes: (body.errors ?? []).map((e) => e.extensions?.code),
      messages: (body.errors ?? []).map((e) => e.message),
      data: body.data,
      cypher: events.length,
    };
  } finally {
    unsubscribe();
  }
}

/** A refusal for being over a limit: QUERY_TOO_COMPLEX alone, 400, and no Cypher run. */
function expectTooComplex(result: Attempt, message?: RegExp): void {
  expect({ codes: result.codes, status: result.status, cypher: result.cypher }).toEqual({
    codes: ['QUERY_TOO_COMPLEX'],
    status: 400,
    cypher: 0,
  });
  if (message) expect(result.messages[0]).toMatch(message);
}

/** `{ entity(id: "china") { neighbors { neighbors { ... { id } } } } }` nested `levels` fields deep. */
function nested(levels: number): string {
  let inner = 'id';
  for (let i = 1; i < levels - 1; i += 1) inner = `neighbors(first: 1) { ${inner} }`;
  return `{ entity(id: "china") { ${inner} } }`;
}

/** 15 neighbourhoods of `depth` and `limit`, under aliases. */
const neighborhoods = (depth: number, limit: number): string =>
  `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: neighborhood(id: "china", depth: ${depth}, limit: ${limit}) { nodes { id } }`).join(' ')} }`;

/** 15 pages of `first` entities, under aliases. */
const entityPages = (first: number): string =>
  `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: entities(first: ${first}) { edges { node { id } } }`).join(' ')} }`;

/** A page of relationships with a page of the other end's relationships below each, `$n` per page. */
const PAGES_WITHIN_PAGES = `query PagesWithinPages($n: Int) {
  entity(id: "china") { relationships(first: $n) { edges { node { to { relationships(first: $n) { edges { cursor } } } } } } }
}`;

describe.each(modes)('request shape limits (%s)', (_mode, base) => {
  it(`allows ${QUERY_LIMITS.maxDepth} levels of nesting and refuses ${QUERY_LIMITS.maxDepth + 1}, running no Cypher`, async () => {
    const ok = await attempt(base(), nested(QUERY_LIMITS.maxDepth));
    expect(ok.codes).toEqual([]);
    expectTooComplex(await attempt(base(), nested(QUERY_LIMITS.maxDepth + 1)), /nested 9 levels deep; at most 8/);
  });

  it('does not count edges, node and pageInfo as levels, and still refuses twelve nested neighbors', async () => {
    const wrapped = await attempt(
      base(),
      '{ entities(first: 2) { edges { node { relationships(first: 2) { edges { node { evidence { source { title } } } } } } } } }',
    );
    expect(wrapped.codes).toEqual([]);
    expect(wrapped.cypher).toBeGreaterThan(0);
    expectTooComplex(await attempt(base(), nested(14)), /nested 14 levels deep; at most 8/);
  });

  it('follows fragments when measuring depth, and survives a fragment cycle', async () => {
    const viaFragments = `{ entity(id: "china") { ...A } }
      fragment A on Entity { neighbors(first: 1) { ...B } }
      fragment B on Entity { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { neighbors(first: 1) { id } } } } } } } }`;
    expectTooComplex(await attempt(base(), viaFragments));
    const cycle = await attempt(base(), '{ entity(id: "china") { ...A } } fragment A on Entity { neighbors { ...A } }');
    expect(cycle.codes.length).toBeGreaterThan(0);
    expect(cycle.cypher).toBe(0);
  });

  it('measures a document that spreads fragments in a doubling chain once per fragment', async () => {
    // Each fragment spreads the next twice: followed naively, 2^60 paths.
    const chain = Array.from({ length: 60 }, (_, i) => `fragment F${i} on Entity { ...F${i + 1} ... on Entity { ...F${i + 1} } }`);
    const query = `{ entity(id: "china") { ...F0 } } ${chain.join(' ')} fragment F60 on Entity { neighbors(first: 1) { id } }`;
    expectTooComplex(await attempt(base(), query), /more than 10,000 fields once its fragments are expanded/);
  });

  it(`allows ${QUERY_LIMITS.maxAliases} aliases and refuses more`, async () => {
    const aliases = (n: number): string => `{ ${Array.from({ length: n }, (_, i) => `a${i}: entity(id: "china") { id }`).join(' ')} }`;
    expect((await attempt(base(), aliases(QUERY_LIMITS.maxAliases))).codes).toEqual([]);
    expectTooComplex(await attempt(base(), aliases(QUERY_LIMITS.maxAliases + 1)));
  });

  it(`refuses a document of more than ${QUERY_LIMITS.maxTokens} tokens`, async () => {
    const huge = `{ search(text: "x", kinds: [${Array.from({ length: 2100 }, () => 'PERSON').join(', ')}]) { score } }`;
    expectTooComplex(await attempt(base(), huge));
  });

  it(`allows ${QUERY_LIMITS.maxDirectives} directives and refuses more, repeated ones counted each time`, async () => {
    const directives = (n: number): string =>
      `{ graphStats { ${Array.from({ length: n }, (_, i) => `entities @${i % 2 ? 'skip(if: false)' : 'include(if: true)'}`).join(' ')} } }`;
    const ok = await attempt(base(), directives(QUERY_LIMITS.maxDirectives));
    expect(ok.codes).toEqual([]);
    expect(ok.data).toEqual({ graphStats: { entities: expect.any(Number) } });
    expectTooComplex(
      await attempt(base(), directives(QUERY_LIMITS.maxDirectives + 1)),
      new RegExp(`uses ${QUERY_LIMITS.maxDirectives + 1} directives; at most ${QUERY_LIMITS.maxDirectives}`),
    );
    // Directive overloading: hundreds on one field. Only the limit is reported, not one error per repetition.
    const overloaded = `{ graphStats { entities ${Array.from({ length: 250 }, () => '@include(if: true)').join(' ')} } }`;
    expectTooComplex(await attempt(base(), overloaded), /uses 250 directives/);
  });

  it('refuses 15 neighbourhoods of depth 3 with large limits by their cost, naming the cost and the limit', async () => {
    const schema = await buildNewsGraphSchema();
    const cost = queryCost(schema, parse(neighborhoods(3, 500)), undefined, undefined);
    expect(cost).toBeGreaterThan(QUERY_LIMITS.maxCost);
    const refused = await attempt(base(), neighborhoods(3, 500));
    expectTooComplex(
      refused,
      new RegExp(`costs ${cost?.toLocaleString('en-US')}; at most ${QUERY_LIMITS.maxCost.toLocaleString('en-US')}`),
    );
  });

  it('allows an operation that costs exactly up to the maximum and refuses one just above it', async () => {
    const schema = await buildNewsGraphSchema();
    const costOf = (first: number): number => queryCost(schema, parse(entityPages(first)), undefined, undefined) ?? NaN;
    let first = 1;
    while (costOf(first + 1) <= QUERY_LIMITS.maxCost) first += 1;
    expect(costOf(first)).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    const ok = await attempt(base(), entityPages(first));
    expect(ok.codes).toEqual([]);
    expect(ok.cypher).toBeGreaterThan(0);
    expectTooComplex(await attempt(base(), entityPages(first + 1)));
  });

  it('counts page sizes given in variables: nested pages of 10 pass, of 100 within 100 are refused', async () => {
    const small = await attempt(base(), PAGES_WITHIN_PAGES, { n: 10 });
    expect(small.codes).toEqual([]);
    expect(small.cypher).toBeGreaterThan(0);
    expectTooComplex(await attempt(base(), PAGES_WITHIN_PAGES, { n: 100 }), /costs [\d,]+; at most/);
  });

  it('lets an out-of-range page size through to its own BAD_USER_INPUT', async () => {
    const result = await attempt(base(), '{ entities(first: 100000) { totalCount } }');
    expect(result.codes).toEqual(['BAD_USER_INPUT']);
  });
});

describe('field suggestions and introspection', () => {
  /** What to send, and the name graphql-js would suggest for it. */
  const misspelt: [string, string, Record<string, unknown> | undefined, string][] = [
    ['a misspelt field', '{ entitie(first: 1) { totalCount } }', undefined, '"entities"'],
    ['a misspelt argument', '{ entities(firts: 1) { totalCount } }', undefined, '"first"'],
    ['a misspelt enum value in the query', '{ search(text: "korea", kinds: [PERSN]) { score } }', undefined, '"PERSON"'],
    [
      'a misspelt enum value in a variable',
      'query ($k: [EntityKind!]) { search(text: "korea", kinds: $k) { score } }',
      { k: ['PERSN'] },
      '"PERSON"',
    ],
  ];

  it.each(misspelt)('suggests names for %s in development', async (_what, query, variables, suggestion) => {
    const result = await attempt(seeded.base(), query, variables);
    expect(result.codes).toEqual(['BAD_USER_INPUT']);
    expect(result.messages.join(' ')).toMatch(/Did you mean/);
    expect(result.messages.join(' ')).toContain(suggestion);
    expect(result.cypher).toBe(0);
  });

  it.each(misspelt)('suggests no names for %s in production', async (_what, query, variables, suggestion) => {
    const result = await attempt(modes[1][1](), query, variables);
    expect(result.codes).toEqual(['BAD_USER_INPUT']);
    expect(result.messages.length).toBeGreaterThan(0);
    expect(result.messages.join(' ')).not.toMatch(/Did you mean/);
    expect(result.messages.join(' ')).not.toContain(suggestion);
    expect(result.cypher).toBe(0);
  });

  it("leaves GraphiQL's introspection query alone in development and refuses it in production", async () => {
    const development = await attempt(seeded.base(), getIntrospectionQuery());
    expect(development.codes).toEqual([]);
    const refused = await attempt(modes[1][1](), getIntrospectionQuery());
    expect(refused.codes).toEqual(['BAD_USER_INPUT']);
    expect(refused.messages[0]).toMatch(/introspection/i);
  });
});
