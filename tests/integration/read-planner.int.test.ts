import { OperationDefinitionNode, parse } from 'graphql';

import { QueryEvent } from '../../src/db/gateway';
import * as explorer from '../../web/explorer/api';
import { EXAMPLE_TABS } from '../../web/graphiql/examples';
import { docExamples } from '../support/doc-examples';
import { createTestServer } from '../support/graphql-harness';
import { connectTestGateway, resetAndSeed } from '../support/test-db';

/**
 * The read planner on the queries users send: the README and docs examples, the GraphiQL tabs and
 * the explorer's queries. Each costs one Cypher round trip per root field (counted through the
 * gateway), and no nested field falls back to the DataLoaders.
 */

/** The explorer's queries exactly as it sends them, caught at fetch (as tests/unit/cost-limit.test.ts does). */
async function explorerQueries(): Promise<[string, string, Record<string, unknown>][]> {
  const sent: [string, string, Record<string, unknown>][] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (_url: string, init: { body: string }) => {
    const body = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> };
    sent.push([/query (\w+)/.exec(body.query)?.[1] ?? '?', body.query, body.variables]);
    const data = {
      search: [],
      neighborhood: { truncated: false, nodes: [], edges: [] },
      entity: null,
      relationship: null,
      shortestPath: null,
      paths: [],
      timeline: { edges: [] },
    };
    return { status: 200, json: async () => ({ data }) };
  }) as unknown as typeof fetch;
  try {
    const filters: explorer.Filters = { hiddenTypes: ['BORDERS', 'LOCATED_IN'], hiddenKinds: [] };
    await explorer.search('korea');
    await explorer.neighborhood('north-korea', '2024-01-01', filters, 100);
    await explorer.entityDetails('north-korea', '2024-01-01', filters);
    await explorer.relationship('deployed-to-x');
    await explorer.findPaths('north-korea', 'ukraine', null, filters);
    await explorer.timeline(['joe-biden', 'xi-jinping']);
    await explorer.entitySources('joe-biden');
    await explorer.sourceText('caliber-az-biden-xi-apec-2024');
    await explorer.exportDetails(['north-korea', 'joe-biden'], ['deployed-to-x']);
    await explorer.writeAccess(null);
  } finally {
    globalThis.fetch = realFetch;
  }
  return sent;
}

/** Number of root fields of the document's (single) operation. */
function rootFields(query: string): number {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return operation?.selectionSet.selections.length ?? 0;
}

const gateway = connectTestGateway();
let server: Awaited<ReturnType<typeof createTestServer>>;

beforeAll(async () => {
  await resetAndSeed(gateway);
  server = await createTestServer(gateway);
}, 120_000);

afterAll(async () => {
  await server.stop();
  await gateway.close();
});

interface Outcome {
  roundTrips: number;
  rootFields: number;
  fallbacks: string[];
  errors: unknown;
}

async function run(query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  const events: QueryEvent[] = [];
  const unsubscribe = gateway.onQuery((event) => events.push(event));
  try {
    const result = await server.execute(query, variables);
    return { roundTrips: events.length, rootFields: rootFields(query), fallbacks: server.lastFallbacks(), errors: result.errors ?? null };
  } finally {
    unsubscribe();
  }
}

/** What each query cost beyond one round trip per root field, or what fell back: empty when all is planned. */
function problems(outcomes: [string, Outcome][]): Record<string, Partial<Outcome>> {
  const found: Record<string, Partial<Outcome>> = {};
  for (const [where, outcome] of outcomes) {
    if (outcome.roundTrips > outcome.rootFields || outcome.fallbacks.length > 0 || outcome.errors !== null) found[where] = outcome;
  }
  return found;
}

describe('one round trip per root field, nothing falling back', () => {
  it('for every README and docs example', async () => {
    const outcomes: [string, Outcome][] = [];
    for (const example of docExamples()) outcomes.push([example.where, await run(example.query)]);
    expect(outcomes.length).toBeGreaterThan(5);
    expect(problems(outcomes)).toEqual({});
  });

  it('for every GraphiQL tab', async () => {
    const outcomes: [string, Outcome][] = [];
    for (const [i, tab] of EXAMPLE_TABS.entries())
      outcomes.push([`tab ${i}`, await run(tab.query, tab.variables ? JSON.parse(tab.variables) : undefined)]);
    expect(problems(outcomes)).toEqual({});
  });

  it('for every query the explorer sends', async () => {
    const outcomes: [string, Outcome][] = [];
    for (const [name, query, variables] of await explorerQueries()) outcomes.push([name, await run(query, variables)]);
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    expect(problems(outcomes)).toEqual({});
  });
});

/**
 * Each query: one round trip, nothing falling back to the DataLoaders, and the very answer of the
 * planner off (a server built with readPlanner: false), with nested data in it.
 */
function plannedWhole(queries: Record<string, string>): void {
  let fallback: Awaited<ReturnType<typeof createTestServer>>;

  beforeAll(async () => {
    fallback = await createTestServer(gateway, { readPlanner: false });
  });

  afterAll(async () => {
    await fallback?.stop();
  });

  it.each(Object.entries(queries))('%s: one round trip, nothing falling back, the answer of the fallback', async (where, query) => {
    expect(problems([[where, await run(query)]])).toEqual({});
    const planned = await server.execute(query);
    expect(planned).toEqual(await fallback.execute(query));
    // Nested data came back (not an empty answer compared with an empty answer).
    expect(JSON.stringify(planned.data)).toMatch(/"name":"[^"]+"/);
  });
}

describe('mostConnected, commonNeighbors and timeline, planned whole', () => {
  const QUERIES: Record<string, string> = {
    'mostConnected, nested relationships with evidence and typed lists': `{ mostConnected(first: 5) { degree entity { id name
      ... on Country { leaders { name } } ... on Person { leaderOf { name } }
      relationships(first: 3) { totalCount edges { node { type to { id name } evidence { quote source { title } } } } } } } }`,
    'mostConnected of one kind, aliases': `{ mostConnected(kind: PERSON, first: 3) { degree entity { name ... on Person { events { id } leaderOf { name } } } e: entity { id degree } } }`,
    'commonNeighbors with fragments on kinds': `{ commonNeighbors(ids: ["joe-biden", "xi-jinping"]) { id name degree
      ... on Event { participants { id } location { name } } ... on Country { leaders { id } }
      relationships(first: 2) { totalCount edges { node { id from { name } } } } } }`,
    'commonNeighbors as of a date, of one kind': `{ commonNeighbors(ids: ["joe-biden", "xi-jinping"], kinds: [EVENT], at: "2024-11-16") {
      id ... on Event { participants(kinds: [PERSON]) { name } } } }`,
    'timeline of participants, each event with participants and location': `{ timeline(entityIds: ["joe-biden", "xi-jinping"], first: 3) {
      totalCount edges { cursor node { name ... on Event { participants(kinds: [PERSON]) { id } location { name } } } } pageInfo { hasNextPage endCursor } } }`,
    'timeline by topic in a window, nested relationships': `{ timeline(topicIds: ["us-china-relations"], from: "2024-01-01", to: "2025-12-31") {
      edges { node { name relationships(first: 2, types: [CONCERNS]) { totalCount edges { node { to { name } } } } } } } }`,
  };
  plannedWhole(QUERIES);
});

describe('neighborhood, shortestPath and paths, planned whole', () => {
  const QUERIES: Record<string, string> = {
    'neighborhood, each node with nested relationships and typed lists, each edge with its ends and evidence sources': `{
      neighborhood(id: "north-korea", depth: 2, limit: 30) { truncated
        nodes { id kind label entity { name degree ... on Country { leaders { name } } ... on Person { leaderOf { name } }
          relationships(first: 2) { totalCount edges { node { type to { name } } } } } }
        edges { id type source target relationship { from { name } to { ... on Country { isoCode } } evidence { quote source { title } } } } } }`,
    'neighborhood as of a date, of some kinds and types, aliases of one node field': `{
      neighborhood(id: "joe-biden", at: "2024-11-16", kinds: [PERSON, COUNTRY, EVENT], types: [LEADER_OF, PARTICIPATED_IN, HELD_IN]) {
        nodes { a: entity { name } b: entity { ... on Event { participants { id } location { name } } } }
        edges { relationship { type role } } } }`,
    'shortestPath, nodes with nested fields, hops with ends and evidence sources, the subgraph': `{
      shortestPath(from: "north-korea", to: "ukraine") { length
        nodes { name ... on Country { leaders { name } } relationships(first: 1) { totalCount } }
        relationships { type from { id name } to { name degree } evidence { quote source { title publisher } } }
        subgraph { nodes { label entity { description } } edges { source target relationship { confidence } } } } }`,
    'shortestPath from an entity to itself': `{ shortestPath(from: "joe-biden", to: "joe-biden") { length nodes { name ... on Person { leaderOf { name } } } relationships { id } } }`,
    'paths, each with nested fields on its nodes and hops': `{
      paths(from: "north-korea", to: "ukraine", maxDepth: 3, first: 4) { length
        nodes { id ... on Country { leaders { name } } ... on Event { participants { id } } }
        relationships { type from { name } to { name } evidence { source { title } } }
        subgraph { edges { relationship { from { name degree } } } } } }`,
  };
  plannedWhole(QUERIES);
});

describe('Source.mentionSpans', () => {
  // Astral characters before and inside the spans: offsets count UTF-16 code units, as JavaScript strings do.
  const text = 'Report 📰: Alice Spanner met Bob 🙂 Spanner in Lima. Alice Spanner left.';
  const span = (name: string, from = 0): { start: number; end: number } => {
    const start = text.indexOf(name, from);
    return { start, end: start + name.length };
  };

  beforeAll(async () => {
    const result = await server.execute('mutation($input: GraphImportInput!) { importGraph(input: $input) { created } }', {
      input: {
        entities: [
          { id: 'alice-spanner', kind: 'PERSON', name: 'Alice Spanner', title: 'Reporter' },
          { id: 'bob-spanner', kind: 'PERSON', name: 'Bob 🙂 Spanner' },
        ],
        sources: [
          {
            id: 'spans-report',
            title: 'Spans report',
            text,
            mentionSpans: [
              { entity: 'bob-spanner', ...span('Bob 🙂 Spanner') },
              { entity: 'alice-spanner', ...span('Alice Spanner', span('Alice Spanner').end) },
              { entity: 'alice-spanner', ...span('Alice Spanner') },
            ],
          },
        ],
        relationships: [],
      },
    });
    expect(result.errors).toBeUndefined();
  });

  const QUERY = `{ source(id: "spans-report") { title mentionSpans { start end text entity { id name } who: entity { ... on Person { title } } } } }`;

  it('are planned: one round trip, nothing falling back', async () => {
    expect(problems([['mentionSpans', await run(QUERY)]])).toEqual({});
  });

  it('answer what the DataLoader fallback answers: text order, UTF-16 offsets, each span with its entity', async () => {
    const planned = await server.execute(QUERY);
    const fallback = await createTestServer(gateway, { readPlanner: false });
    try {
      expect(planned).toEqual(await fallback.execute(QUERY));
    } finally {
      await fallback.stop();
    }
    const spans = (planned.data as { source: { mentionSpans: { start: number; text: string; entity: { id: string } }[] } }).source
      .mentionSpans;
    expect(spans.map((m) => [m.text, m.entity.id])).toEqual([
      ['Alice Spanner', 'alice-spanner'],
      ['Bob 🙂 Spanner', 'bob-spanner'],
      ['Alice Spanner', 'alice-spanner'],
    ]);
    expect(spans.map((m) => m.start)).toEqual([span('Alice Spanner').start, span('Bob 🙂 Spanner').start, span('Alice Spanner', 20).start]);
  });
});
