import fs from 'node:fs';
import path from 'node:path';

import { buildSchema, GraphQLSchema, print } from 'graphql';
import { generateRandomQuery, ProviderMap } from 'ibm-graphql-query-generator';

import { Neo4jGateway } from '../../src/db/gateway';
import { generateGraph, writeGenerated } from '../../src/services/generator.service';
import { ImportService } from '../../src/services/import.service';
import { createTestServer, GraphQLResult } from '../support/graphql-harness';
import { connectTestGateway, resetAndSeed, resetDatabase } from '../support/test-db';

/**
 * Differential test of the read planner: random queries generated from the committed schema
 * (ibm-graphql-query-generator, seeded: a failure names its seed, and QUERY_SEED=<n> replays it),
 * with arguments drawn from ids and values present in the data, run with the planner on and off
 * (NEWSGRAPH_READ_PLANNER=off): the JSON must be identical, lists compared as multisets (the
 * contract's orders are checked by the other suites). Queries refused by the limits do not count;
 * at least 80% of those compared must have data at depth 2 (250 + 250 at the time of writing: 239 and 243).
 * DIFFERENTIAL_QUERIES sets how many per graph (default 250).
 */

const PER_GRAPH = Number(process.env.DIFFERENTIAL_QUERIES ?? 250);

/**
 * Known differences, by graph and seed, each to be fixed (the test fails when one goes away or a
 * new one appears). None at present. The one there was (generated graph, seed 5095 before the
 * status argument joined the schema) is a fixed case below.
 */
const KNOWN: Record<string, number[]> = { seed: [], generated: [] };
const committed: GraphQLSchema = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'));

/** mulberry32: a small seeded generator, so argument values replay with the query's seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Data {
  byKind: Map<string, string[]>;
  all: string[];
  sources: string[];
  relationships: { id: string; from: string; to: string }[];
  names: string[];
}

async function dataOf(gateway: Neo4jGateway): Promise<Data> {
  const entities = await gateway.read(
    'MATCH (e:Entity) RETURN e.id AS id, e.kind AS kind, e.name AS name ORDER BY e.degree DESC, e.id LIMIT 2000',
  );
  const byKind = new Map<string, string[]>();
  for (const row of entities) byKind.set(String(row.kind), [...(byKind.get(String(row.kind)) ?? []), String(row.id)]);
  const sources = await gateway.read('MATCH (s:Source) RETURN s.id AS id ORDER BY s.id LIMIT 500');
  const relationships = await gateway.read(
    'MATCH (a:Entity)-[r]->(b:Entity) WHERE r.id IS NOT NULL RETURN r.id AS id, a.id AS from, b.id AS to ORDER BY r.id LIMIT 2000',
  );
  return {
    byKind,
    all: entities.map((row) => String(row.id)),
    sources: sources.map((row) => String(row.id)),
    relationships: relationships.map((row) => ({ id: String(row.id), from: String(row.from), to: String(row.to) })),
    names: entities.slice(0, 200).map((row) => String(row.name)),
  };
}

function providers(data: Data, next: () => number): ProviderMap {
  const pick = <T>(list: readonly T[]): T | null => (list.length === 0 ? null : list[Math.floor(next() * list.length)]);
  const maybe = <T>(value: T): T | null => (next() < 0.5 ? value : null);
  const ofKind = (kind: string) => () => pick(data.byKind.get(kind) ?? []);
  const relationship = pick(data.relationships);
  const dates = ['2019-06-30', '2022-11-15', '2024-01-01', '2024-11-16', '2025-02-01'];
  const types = ['LEADER_OF', 'MEMBER_OF', 'PARTICIPATED_IN', 'HELD_IN', 'LOCATED_IN', 'CONCERNS', 'INVOLVES', 'SUPPORTS', 'BORDERS'];
  const kinds = ['PERSON', 'COUNTRY', 'ORGANIZATION', 'PLACE', 'EVENT', 'TOPIC'];
  const subset = (list: string[]) => () => maybe(list.filter(() => next() < 0.3));
  return {
    '*__*__*': null,
    '*__*__id': () => pick(data.all),
    Query__person__id: ofKind('PERSON'),
    Query__country__id: ofKind('COUNTRY'),
    Query__organization__id: ofKind('ORGANIZATION'),
    Query__place__id: ofKind('PLACE'),
    Query__event__id: ofKind('EVENT'),
    Query__topic__id: ofKind('TOPIC'),
    Query__source__id: () => pick(data.sources),
    Query__relationship__id: () => relationship?.id ?? null,
    Query__relationshipsBetween__a: () => relationship?.from ?? pick(data.all),
    Query__relationshipsBetween__b: () => relationship?.to ?? pick(data.all),
    Query__neighborhood__id: () => pick(data.all),
    Query__shortestPath__from: () => relationship?.from ?? pick(data.all),
    Query__shortestPath__to: () => pick(data.all),
    Query__paths__from: () => relationship?.from ?? pick(data.all),
    Query__paths__to: () => relationship?.to ?? pick(data.all),
    Query__commonNeighbors__ids: () => [pick(data.all), pick(data.all)],
    Query__timeline__entityIds: () => maybe([pick(data.all)]),
    Query__timeline__topicIds: () => maybe([pick(data.byKind.get('TOPIC') ?? [])]),
    Query__search__text: () => pick(data.names) ?? 'korea',
    Query__entities__nameContains: () => maybe(pick(data.names)?.slice(0, 3) ?? null),
    '*__*__first': () => 1 + Math.floor(next() * 4),
    '*__*__limit': () => 5 + Math.floor(next() * 20),
    '*__*__depth': () => 1 + Math.floor(next() * 2),
    '*__*__maxDepth': () => 2 + Math.floor(next() * 2),
    '*__*__at': () => maybe(pick(dates)),
    '*__*__from': () => maybe('2020-01-01'),
    '*__*__to': () => maybe('2025-12-31'),
    '*__*__after': null,
    '*__*__isoCode': null,
    '*__*__types': subset(types),
    '*__*__kinds': subset(kinds),
    '*__*__direction': () => pick(['BOTH', 'OUT', 'IN', null]),
  };
}

/** The JSON with every list sorted (lists compared as multisets). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

const WRAPPERS = new Set(['edges', 'node', 'pageInfo']);

/** How deep the answer has data: nested objects, counting `data` itself, Relay wrappers not counted. */
function dataDepth(value: unknown, key = ''): number {
  if (Array.isArray(value)) return Math.max(0, ...value.map((item) => dataDepth(item, key)));
  if (value === null || typeof value !== 'object') return 0;
  const inner = Math.max(0, ...Object.entries(value).map(([k, v]) => dataDepth(v, k)));
  return WRAPPERS.has(key) ? inner : 1 + inner;
}

const errorsOf = (result: GraphQLResult): string[] =>
  (result.errors ?? []).map((e) => `${String(e.extensions?.code)} ${JSON.stringify(e.path ?? [])}`).sort();

interface Tally {
  compared: number;
  refused: number;
  deep: number;
  mismatches: string[];
}

async function differential(gateway: Neo4jGateway, firstSeed: number, count: number): Promise<Tally> {
  const on = await createTestServer(gateway);
  const off = await createTestServer(gateway, { readPlanner: false });
  const data = await dataOf(gateway);
  const tally: Tally = { compared: 0, refused: 0, deep: 0, mismatches: [] };
  try {
    const only = process.env.QUERY_SEED === undefined ? undefined : Number(process.env.QUERY_SEED);
    for (let seed = only ?? firstSeed; tally.compared < (only === undefined ? count : 1); seed += 1) {
      const { queryDocument, variableValues } = generateRandomQuery(committed, {
        seed,
        maxDepth: 6,
        depthProbability: 0.7,
        breadthProbability: 0.35,
        pickNestedQueryField: true,
        considerInterfaces: true,
        ignoreOptionalArguments: false,
        providerMap: providers(data, random(seed)),
      });
      const query = print(queryDocument);
      const planned = await on.execute(query, variableValues);
      if (errorsOf(planned).some((e) => e.startsWith('QUERY_TOO_COMPLEX'))) {
        tally.refused += 1;
        continue;
      }
      const unplanned = await off.execute(query, variableValues);
      tally.compared += 1;
      // data (1) > the root field's object (2) > a nested object with data (3): depth 2 below the root.
      if (dataDepth(planned.data) >= 3) tally.deep += 1;
      const a = JSON.stringify({ data: canonical(planned.data), errors: errorsOf(planned) });
      const b = JSON.stringify({ data: canonical(unplanned.data), errors: errorsOf(unplanned) });
      if (a !== b && only !== undefined)
        fs.writeFileSync(
          `differential-${seed}.json`,
          JSON.stringify({ query, variableValues, planned: JSON.parse(a), unplanned: JSON.parse(b) }, null, 1),
        );
      if (a !== b)
        tally.mismatches.push(`seed ${seed}: ${query.replace(/\s+/g, ' ').slice(0, 400)} ${JSON.stringify(variableValues).slice(0, 400)}`);
      if (seed - firstSeed > count * 4) break;
    }
  } finally {
    await on.stop();
    await off.stop();
  }
  return tally;
}

let gateway: Neo4jGateway;
let generated = false;

/** The generated graph of the differential test, built once for the tests that need it. */
async function useGeneratedGraph(): Promise<void> {
  if (generated) return;
  await resetDatabase(gateway);
  await writeGenerated(new ImportService(gateway), generateGraph(10_000, 7));
  await gateway.read('CALL db.awaitIndexes(300)');
  generated = true;
}

beforeAll(() => {
  gateway = connectTestGateway({ transactionTimeoutMs: 60_000 });
});
afterAll(async () => {
  await gateway.close();
});

describe('planner on and off give the same JSON', () => {
  it('on the seed graph', async () => {
    generated = false;
    await resetAndSeed(gateway);
    const tally = await differential(gateway, 1000, PER_GRAPH);
    const seeds = tally.mismatches.map((m) => Number(/^seed (\d+)/.exec(m)?.[1]));
    console.log(
      `differential, seed graph: ${tally.compared} compared (${tally.deep} with data at depth 2 or more), ${tally.refused} refused by the limits`,
    );
    expect(tally.mismatches.filter((_m, i) => !KNOWN.seed.includes(seeds[i]))).toEqual([]);
    expect(tally.compared).toBeGreaterThanOrEqual(Math.min(PER_GRAPH, 50));
    // At least 80% of the compared answers have data two levels below the root field (issue #11).
    if (process.env.QUERY_SEED === undefined) expect(tally.deep).toBeGreaterThanOrEqual(Math.ceil(0.8 * tally.compared));
  }, 1_800_000);

  it('on a generated graph of 10,000 entities', async () => {
    await useGeneratedGraph();
    const tally = await differential(gateway, 5000, PER_GRAPH);
    const seeds = tally.mismatches.map((m) => Number(/^seed (\d+)/.exec(m)?.[1]));
    console.log(
      `differential, generated graph: ${tally.compared} compared (${tally.deep} with data at depth 2 or more), ${tally.refused} refused by the limits`,
    );
    expect(tally.mismatches.filter((_m, i) => !KNOWN.generated.includes(seeds[i]))).toEqual([]);
    if (process.env.QUERY_SEED === undefined && PER_GRAPH >= 100)
      expect(seeds.filter((s) => KNOWN.generated.includes(s))).toEqual(KNOWN.generated);
    expect(tally.compared).toBeGreaterThanOrEqual(Math.min(PER_GRAPH, 50));
    // At least 80% of the compared answers have data two levels below the root field (issue #11).
    if (process.env.QUERY_SEED === undefined) expect(tally.deep).toBeGreaterThanOrEqual(Math.ceil(0.8 * tally.compared));
  }, 1_800_000);
});

/**
 * Fixed cases on the generated graph. Neo4j (5.26, slotted runtime) counts the estimated size of
 * every value already in a row once for each row a later ORDER BY ... LIMIT buffers: a nested list
 * fetched before a sibling's page is counted (LIMIT + 1) times against dbms.memory.transaction.total.max.
 */
describe('planner on and off give the same JSON on selections over a hub country', () => {
  const run = async (query: string, variables: Record<string, unknown>) => {
    const on = await createTestServer(gateway);
    const off = await createTestServer(gateway, { readPlanner: false });
    const statements: { operation: string; failed: boolean }[] = [];
    const unsubscribe = gateway.onQuery((event) => statements.push({ operation: event.operation, failed: event.error !== undefined }));
    try {
      const planned = await on.execute(query, variables);
      unsubscribe();
      const unplanned = await off.execute(query, variables);
      return { planned, unplanned, statements };
    } finally {
      unsubscribe();
      await on.stop();
      await off.stop();
    }
  };
  const same = (result: GraphQLResult) => JSON.stringify({ data: canonical(result.data), errors: errorsOf(result) });

  /** The place whose country has the most events, and that country. */
  async function hub(): Promise<{ place: string; country: string }> {
    await useGeneratedGraph();
    const rows = await gateway.read(
      `MATCH (c:Country) WITH c, COUNT { (c)-[:PARTICIPATED_IN|HELD_IN]-(e:Event) } AS events ORDER BY events DESC, c.id LIMIT 1
       MATCH (p:Place)-[:LOCATED_IN]->(c) RETURN p.id AS place, c.id AS country ORDER BY p.id LIMIT 1`,
    );
    return { place: String(rows[0].place), country: String(rows[0].country) };
  }

  // Generated-graph seed 5095 of the schema before the status argument: INTERNAL_SERVER_ERROR with
  // the planner (the country's events, fetched before its relationships page, were counted 52 times).
  it('place { country { events { mentionedIn next { previous next partOf } relationships } relationships } mentionedIn } in one statement', async () => {
    const { place } = await hub();
    const query = `query ($id: ID!, $first: Int) {
      place(id: $id) {
        id kind name placeType
        country {
          mentionedIn(first: $first) { title }
          events {
            mentionedIn(first: $first) { author title }
            next {
              previous { aliases datePrecision endDate id updatedAt wikidataId }
              next { aliases degree description endDate eventType id updatedAt }
              partOf { description eventType }
              degree description id kind startDate
            }
            relationships(first: $first) { edges { cursor } totalCount }
            degree description kind name wikidataId
          }
          relationships(first: $first) { pageInfo { hasNextPage } }
          aliases description id isoCode
        }
        mentionedIn(first: $first) { author title }
      }
    }`;
    const { planned, unplanned, statements } = await run(query, { id: place, first: null });
    expect(planned.errors).toBeUndefined();
    expect(same(planned)).toEqual(same(unplanned));
    expect((planned.data?.place as { country: { events: unknown[] } }).country.events.length).toBeGreaterThan(500);
    expect(statements).toEqual([{ operation: 'planner.entity', failed: false }]);
  }, 600_000);

  // Two lists of the hub's events side by side: whichever comes second buffers its rows with the
  // first one in them, beyond the memory limit in any order. The planner then answers the root
  // field's scalars itself and leaves its nested fields to the resolvers (the fallback).
  it('two heavy sibling lists: the fallback answers, never INTERNAL_SERVER_ERROR', async () => {
    const { country } = await hub();
    const events = `mentionedIn(first: 3) { id } relationships(first: 3) { totalCount edges { node { id } } } id`;
    const query = `query ($id: ID!) {
      country(id: $id) { id name a: events { ${events} } b: events(from: "1000-01-01") { ${events} } }
    }`;
    const { planned, unplanned, statements } = await run(query, { id: country });
    expect(planned.errors).toBeUndefined();
    expect(same(planned)).toEqual(same(unplanned));
    expect((planned.data?.country as { a: unknown[] }).a.length).toBeGreaterThan(500);
    // Tried once: the same statement would meet the same limit again (the driver retries transient errors).
    expect(statements.filter((s) => s.operation === 'planner.entity' && s.failed)).toHaveLength(1);
  }, 600_000);
});
