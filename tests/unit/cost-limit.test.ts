import { getIntrospectionQuery, GraphQLSchema, parse, specifiedRules, validate } from 'graphql';

import { UNPAGED_LIST_ITEMS } from '../../src/graphql/complexity';
import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { queryCost, TooManyFieldsToCost } from '../../src/server/cost-limit';
import { withoutSuggestions } from '../../src/server/hide-suggestions';
import { depthLimitRule, directiveLimitRule, QUERY_LIMITS } from '../../src/server/query-limits';
import * as explorer from '../../web/explorer/api';
import { EXAMPLE_TABS } from '../../web/graphiql/examples';
import { docQueries } from '../support/doc-examples';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildNewsGraphSchema();
});

const cost = (query: string, variables?: Record<string, unknown>): number | null => queryCost(schema, parse(query), variables, undefined);

/** The explorer's queries exactly as it sends them, caught at fetch. */
async function explorerQueries(): Promise<[string, string, Record<string, unknown>][]> {
  const sent: [string, string, Record<string, unknown>][] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (_url: string, init: { body: string }) => {
    const body = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> };
    sent.push([/(?:query|mutation) (\w+)/.exec(body.query)?.[1] ?? '?', body.query, body.variables]);
    const data = {
      search: [],
      neighborhood: { truncated: false, nodes: [], edges: [] },
      entity: null,
      shortestPath: null,
      paths: [],
      timeline: { edges: [] },
      writeAccess: { readOnly: false, keyRequired: false, allowed: true },
      reviewRelationship: null,
      source: null,
    };
    return { status: 200, json: async () => ({ data }) };
  }) as unknown as typeof fetch;
  try {
    // Filters as a person sets them (some types and kinds hidden), and the neighbourhood size the explorer asks for by default.
    const filters: explorer.Filters = { hiddenTypes: ['BORDERS', 'LOCATED_IN'], hiddenKinds: [] };
    await explorer.search('korea');
    await explorer.neighborhood('north-korea', '2024-01-01', filters, 100); // the explorer's default (web/explorer/state.ts DEFAULT_LIMIT; that file needs the DOM)
    await explorer.entityDetails('north-korea', '2024-01-01', filters);
    await explorer.relationship('deployed-to-x');
    await explorer.findPaths('north-korea', 'ukraine', null, filters);
    await explorer.timeline(['joe-biden', 'xi-jinping']);
    await explorer.writeAccess(null);
    await explorer.reviewRelationship('deployed-to-x', 'ACCEPT', 'a-key');
    await explorer.entitySources('north-korea');
    await explorer.sourceText('caliber-az-biden-xi-apec-2024');
  } finally {
    globalThis.fetch = realFetch;
  }
  return sent;
}

describe('field costs', () => {
  it('counts 1 for a scalar or an object, plus its selection', () => {
    expect(cost('{ graphStats { entities } }')).toBe(2);
    expect(cost('{ entity(id: "x") { id name degree } }')).toBe(4);
  });

  it('multiplies a page by its size, the argument given, else its default', () => {
    expect(cost('{ entities(first: 7) { edges { node { id } } } }')).toBe(1 + 7 * 3);
    expect(cost('{ entities { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(cost('{ search(text: "x") { score } }')).toBe(1 + 10 * 1);
  });

  it('takes page sizes from variables', () => {
    const query = 'query ($n: Int) { entity(id: "x") { neighbors(first: $n) { id } } }';
    expect(cost(query, { n: 3 })).toBe(1 + (1 + 3 * 1));
    expect(cost(query, { n: 300 })).toBe(1 + (1 + 300 * 1));
    expect(cost(query, {})).toBe(1 + (1 + 50 * 1));
  });

  it('caps a page size at the largest the field accepts (beyond it the field answers BAD_USER_INPUT)', () => {
    expect(cost('{ entities(first: 1000000) { totalCount } }')).toBe(1 + 500 * 1);
    expect(cost('{ entities(first: -5) { totalCount } }')).toBe(1);
  });

  it('counts an unpaged one-hop list as UNPAGED_LIST_ITEMS items', () => {
    expect(cost('{ person(id: "x") { events { name } } }')).toBe(1 + (1 + UNPAGED_LIST_ITEMS * 1));
    expect(cost('{ entity(id: "x") { ... on Event { participants { name } } } }')).toBe(1 + (1 + UNPAGED_LIST_ITEMS * 1));
  });

  it('makes traversals cost more with depth and limit', () => {
    const hood = (depth: number, limit: number): number | null =>
      cost(`{ neighborhood(id: "x", depth: ${depth}, limit: ${limit}) { nodes { id } } }`);
    expect(hood(1, 100)).toBe(1 + 100 * (1 + 2));
    expect(hood(3, 100)).toBe(1 + 100 * (3 + 2));
    expect(hood(3, 500)).toBe(1 + 500 * (3 + 2));
    const paths = (first: number, maxDepth: number): number | null =>
      cost(`{ paths(from: "a", to: "b", first: ${first}, maxDepth: ${maxDepth}) { length } }`);
    expect(paths(10, 2)).toBe(1 + 10 * 2 * 1);
    expect(paths(10, 6)).toBe(1 + 10 * 6 * 1);
    expect(cost('{ shortestPath(from: "a", to: "b", maxDepth: 3) { length } }')).toBe(1 + 3 * 1);
    expect(cost('{ commonNeighbors(ids: ["a", "b", "c"]) { id } }')).toBe(1 + UNPAGED_LIST_ITEMS * 1 + 3);
  });

  it('multiplies nested pages', () => {
    const nested = (n: number): string =>
      `{ entity(id: "x") { relationships(first: ${n}) { edges { node { to { relationships(first: ${n}) { edges { cursor } } } } } } } }`;
    expect(cost(nested(2))).toBe(1 + (1 + 2 * (1 + (1 + (1 + (1 + 2 * (1 + 1)))))));
    expect(cost(nested(100))).toBeGreaterThan(QUERY_LIMITS.maxCost);
  });

  it('skips fields left out by @include/@skip', () => {
    expect(cost('{ entities(first: 100) @include(if: false) { totalCount } graphStats { entities } }')).toBe(2);
  });

  it('gives up, rather than hang, on fragments spread in a doubling chain', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Entity { ...F${i + 1} ... on Entity { ...F${i + 1} } }`);
    const query = `{ entity(id: "x") { ...F0 } } ${chain.join(' ')} fragment F40 on Entity { id }`;
    expect(() => cost(query)).toThrow(TooManyFieldsToCost);
  });

  it('leaves variables that do not fit to execution (null)', () => {
    expect(cost('query ($n: Int!) { entities(first: $n) { totalCount } }', { n: 'many' })).toBeNull();
  });
});

describe('the default maximum', () => {
  const wellUnder = QUERY_LIMITS.maxCost / 3;

  it.each(docQueries())(`is well over the cost of the documentation's query at %s`, (_line, query) => {
    const value = cost(query);
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThanOrEqual(wellUnder);
  });

  it.each(EXAMPLE_TABS.map((tab) => [/query (\w+)/.exec(tab.query)?.[1], tab.query]))(
    'is well over the cost of the GraphiQL tab %s',
    (_name, query) => {
      expect(cost(query)).toBeLessThanOrEqual(wellUnder);
    },
  );

  it("is well over the cost of each of the explorer's queries", async () => {
    const sent = await explorerQueries();
    expect(sent.map(([name]) => name)).toEqual([
      'ExplorerSearch',
      'ExplorerNeighborhood',
      'ExplorerEntity',
      'ExplorerRelationship',
      'ExplorerPaths',
      'ExplorerTimeline',
      'ExplorerWriteAccess',
      'ExplorerReview',
      'ExplorerSources',
      'ExplorerSource',
    ]);
    for (const [name, query, variables] of sent)
      expect({ name, cost: (cost(query, variables) ?? 0) <= wellUnder }).toEqual({ name, cost: true });
  });

  it('is well over the cost of ordinary two-level questions over unpaged lists', () => {
    const query =
      '{ person(id: "joe-biden") { leaderOf { id name leaders { id name } } events { id name topics { id name } participants { id name } } } }';
    expect(cost(query)).toBeLessThanOrEqual(wellUnder);
  });

  it('refuses unpaged lists nested as deep as the depth limit allows', () => {
    const query = '{ person(id: "x") { events { participants { ... on Person { events { participants { id } } } } } } }';
    expect(cost(query)).toBeGreaterThan(QUERY_LIMITS.maxCost);
  });

  it("is well over the cost of GraphiQL's introspection query", () => {
    expect(cost(getIntrospectionQuery())).toBeLessThanOrEqual(wellUnder);
  });

  it('is under the cost of 15 neighbourhoods of depth 3 with large limits', () => {
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: neighborhood(id: "x", depth: 3, limit: 500) { nodes { id } edges { id } }`).join(' ')} }`;
    expect(cost(query)).toBeGreaterThan(QUERY_LIMITS.maxCost);
  });
});

describe('shape rules', () => {
  const errorsOf = (query: string, rule: Parameters<typeof validate>[2]): string[] =>
    validate(schema, parse(query), rule).map((error) => error.message);

  it('measures depth once per fragment, so a doubling chain of fragments is measured right', () => {
    const chain = Array.from({ length: 60 }, (_, i) => `fragment F${i} on Entity { ...F${i + 1} ... on Entity { ...F${i + 1} } }`);
    const query = (inner: string): string => `{ entity(id: "x") { ...F0 } } ${chain.join(' ')} fragment F60 on Entity { ${inner} }`;
    expect(errorsOf(query('id'), [depthLimitRule(2)])).toEqual([]);
    expect(errorsOf(query('neighbors { id }'), [depthLimitRule(2)])).toEqual([
      'The query is nested 3 levels deep; at most 2 are allowed. Split it into several requests.',
    ]);
  });

  it('does not count the Relay wrappers edges, node and pageInfo as levels', () => {
    const wrapped = '{ entities { edges { node { relationships { edges { node { evidence { source { title } } } } } } } } }';
    expect(errorsOf(wrapped, [depthLimitRule(QUERY_LIMITS.maxDepth)])).toEqual([]);
    // entities > relationships > evidence > source > title: five levels, the wrappers left out.
    expect(errorsOf(wrapped, [depthLimitRule(5)])).toEqual([]);
    expect(errorsOf(wrapped, [depthLimitRule(4)])).toEqual([
      'The query is nested 5 levels deep; at most 4 are allowed. Split it into several requests.',
    ]);
    expect(errorsOf('{ sources { pageInfo { hasNextPage } } }', [depthLimitRule(2)])).toEqual([]);
    // Through a fragment on the edge type, the wrapper is still recognised by its type.
    const viaFragment = '{ entities { edges { ...E } } } fragment E on EntityEdge { node { id } }';
    expect(errorsOf(viaFragment, [depthLimitRule(2)])).toEqual([]);
  });

  it('still counts every level that is not a Relay wrapper: twelve nested neighbors are refused', () => {
    let inner = 'id';
    for (let i = 0; i < 12; i += 1) inner = `neighbors(first: 1) { ${inner} }`;
    expect(errorsOf(`{ entity(id: "x") { ${inner} } }`, [depthLimitRule()])).toEqual([
      'The query is nested 14 levels deep; at most 8 are allowed. Split it into several requests.',
    ]);
    // A subgraph's edges are not a connection's: they count.
    expect(errorsOf('{ neighborhood(id: "x") { edges { relationship { id } } } }', [depthLimitRule(4)])).toEqual([]);
    expect(errorsOf('{ neighborhood(id: "x") { edges { relationship { id } } } }', [depthLimitRule(3)])).toHaveLength(1);
  });

  it('counts directives across the document, repeated ones each time', () => {
    const repeated = (n: number): string => `{ __typename ${Array.from({ length: n }, () => '@include(if: true)').join(' ')} }`;
    expect(errorsOf(repeated(10), [directiveLimitRule(10)])).toEqual([]);
    expect(errorsOf(repeated(11), [directiveLimitRule(10)])).toEqual(['The query uses 11 directives; at most 10 are allowed.']);
    const spread = '{ a: __typename @skip(if: false) ...F @include(if: true) } fragment F on Query { b: __typename @include(if: true) }';
    expect(errorsOf(spread, [directiveLimitRule(2)])).toEqual(['The query uses 3 directives; at most 2 are allowed.']);
  });

  it('reports the directive limit before graphql-js reports each repetition', () => {
    const overloaded = `{ __typename ${Array.from({ length: 300 }, () => '@include(if: true)').join(' ')} }`;
    const messages = errorsOf(overloaded, [...specifiedRules, directiveLimitRule()]);
    expect(messages[0]).toBe(`The query uses 300 directives; at most ${QUERY_LIMITS.maxDirectives} are allowed.`);
  });
});

describe('suggestions', () => {
  it.each([
    ['Cannot query field "entitie" on type "Query". Did you mean "entities"?', 'Cannot query field "entitie" on type "Query".'],
    [
      'Variable "$k" got invalid value "PERSN" at "k[0]"; Value "PERSN" does not exist in "EntityKind" enum. Did you mean the enum value "PERSON"?',
      'Variable "$k" got invalid value "PERSN" at "k[0]"; Value "PERSN" does not exist in "EntityKind" enum.',
    ],
    [
      'Unknown argument "firts" on field "Query.entities". Did you mean "first"? More text.',
      'Unknown argument "firts" on field "Query.entities". More text.',
    ],
    ['No suggestion here.', 'No suggestion here.'],
  ])('are taken out of %j', (message, expected) => {
    expect(withoutSuggestions(message)).toBe(expected);
  });
});
