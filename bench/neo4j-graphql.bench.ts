/**
 * NewsGraph against the Neo4j GraphQL Library (@neo4j/graphql 7, devDependency) serving an
 * equivalent schema (bench/lib/neo4j-graphql-server.ts) over the same database, for what the
 * library can express: an entity by id, an entity with two nested levels of typed
 * relationships, a filtered list (people whose name contains some text, ordered by id, with the
 * total) and fulltext search (the same Lucene query on our entity_search_v2 index).
 *
 * Before timing, each pair of requests must answer the same content (lists compared as sets of
 * entities: NewsGraph orders and de-duplicates, the library returns one item per relationship in
 * no stated order), so like is compared with like. Both run in this process and both are timed
 * twice, interleaved: executed in process by Apollo, and POSTed over HTTP on 127.0.0.1 to
 * Apollo behind Express 5. Round trips: gateway.onQuery for NewsGraph, a counting driver for
 * the library.
 *
 *   npm run bench:neo4j-graphql                 # seed, 10000 and 100000
 *   npm run bench:neo4j-graphql -- seed 10000
 */
import 'reflect-metadata';

import { isDeepStrictEqual } from 'node:util';

import neo4j from 'neo4j-driver';

import { runScript } from '../src/cli/command-line';
import { Neo4jGateway } from '../src/db/gateway';
import { toLuceneQuery } from '../src/services/entity.service';
import { BENCH_HUBS } from './lib/bench-graph';
import { countingDriver } from './lib/counting-driver';
import { Dataset, datasetsFromArgs, label, openDataset } from './lib/datasets';
import { startNeo4jGraphQL } from './lib/neo4j-graphql-server';
import { nestedCase } from './lib/nested-case';
import { InProcessNewsGraph, startNewsGraph } from './lib/newsgraph-in-process';
import { interleave, markdownTable, ms, percentile, ratio } from './lib/stats';

const OPTIONS = { warmup: 15, iterations: 120, budgetMs: 30_000 };

type Data = Record<string, unknown>;

interface Case {
  name: string;
  ours: string;
  theirs: string;
  /** Extracts the comparable content of each answer. */
  oursContent(data: Data): unknown;
  theirsContent(data: Data): unknown;
}

interface Named {
  id: string;
  [key: string]: unknown;
}

/** Lists become sorted, de-duplicated lists (by id), recursively: content without order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    if (items.every((item) => typeof item === 'object' && item !== null && 'id' in item)) {
      const byId = new Map((items as Named[]).map((item) => [item.id, item]));
      return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }
    return items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, canonical(inner)]));
  }
  return value;
}

const edgesToNodes = (connection: unknown): unknown => (connection as { edges: { node: unknown }[] }).edges.map((edge) => edge.node);

async function cases(gateway: Neo4jGateway): Promise<Case[]> {
  const nested = await nestedCase(gateway);
  const { person } = nested;

  // A name fragment whose matches do not depend on case (NewsGraph matches case-insensitively,
  // the library's `contains` does not), with at least a page of people.
  let fragment: string | null = null;
  for (const candidate of ['an', 'ar', 'er', 'in', 'ov', 'el', 'o', 'a', 'e']) {
    const [row] = await gateway.read(
      `MATCH (p:Person) RETURN sum(CASE WHEN p.name CONTAINS $s THEN 1 ELSE 0 END) AS exact,
                               sum(CASE WHEN toLower(p.name) CONTAINS $s THEN 1 ELSE 0 END) AS folded`,
      { s: candidate },
    );
    if (row.exact === row.folded && Number(row.exact) >= 3) {
      fragment = candidate;
      break;
    }
  }
  if (fragment === null) throw new Error('No name fragment to filter people by');

  // A search for countries whose hits all fit in one answer of 100, so both return the same set
  // whatever the order (NewsGraph re-ranks); NewsGraph filters kinds among its first 1,500
  // fulltext candidates, so the word's hits of all kinds stay below that. Seed names are words,
  // generated ones "Country <number>" (aliases "Land <number>").
  const names = await gateway.read(
    `CALL () { MATCH (c:Country) RETURN c.name AS name ORDER BY c.degree DESC, c.id LIMIT 20
               UNION ALL MATCH (c:Country) RETURN c.name AS name ORDER BY c.id DESC LIMIT 20 }
     RETURN name`,
  );
  let searchText: string | null = null;
  for (const word of names.flatMap((row) => String(row.name).split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3)) {
    const [row] = await gateway.read(
      `CALL db.index.fulltext.queryNodes('entity_search_v2', $q) YIELD node
       RETURN count(node) AS hits, count(CASE WHEN node.kind = 'COUNTRY' THEN 1 END) AS countries`,
      { q: toLuceneQuery(word) },
    );
    if (Number(row.countries) >= 2 && Number(row.countries) <= 100 && Number(row.hits) <= 1000) {
      searchText = word;
      break;
    }
  }
  if (searchText === null) throw new Error('No search word with 2 to 100 countries among its fulltext hits');

  // Three levels (events, the larger event each is part of, its topics), through fragments on kinds;
  // the library gets the same fragments, on its concrete types. About 2,600 of the cost limit.
  const threeLevels =
    '{ id name ... on Person { leaderOf { id name ... on Country { leaders { id name } } } ' +
    'events { id name ... on Event { partOf { id name ... on Event { topics { id name } } } topics { id name } } } } }';
  const list: Case[] = [
    {
      name: 'entity by id',
      ours: `{ person(id: ${person}) { id name title } }`,
      theirs: `{ people(where: { id: { eq: ${person} } }) { id name title } }`,
      oursContent: (data) => data.person,
      theirsContent: (data) => (data.people as unknown[])[0],
    },
    {
      name: 'entity, 2 nested levels',
      ours: nested.ours,
      theirs: nested.theirs,
      oursContent: (data) => data.person,
      theirsContent: (data) => (data.people as unknown[])[0],
    },
    {
      name: `people, name contains "${fragment}" (20)`,
      ours: `{ entities(kind: PERSON, nameContains: "${fragment}", first: 20) { totalCount edges { node { id name } } } }`,
      theirs: `{ peopleConnection(where: { name: { contains: "${fragment}" } }, sort: [{ id: ASC }], first: 20) { totalCount edges { node { id name } } } }`,
      // The page is ordered by id on both sides: compare it in order.
      oursContent: (data) => data.entities,
      theirsContent: (data) => data.peopleConnection,
    },
    {
      name: `fulltext search "${searchText}", countries`,
      ours: `{ search(text: ${JSON.stringify(searchText)}, kinds: [COUNTRY], first: 100) { entity { id name } } }`,
      theirs: `{ searchEntities(phrase: ${JSON.stringify(toLuceneQuery(searchText))}, where: { node: { kind: { eq: "COUNTRY" } } }, first: 100) { edges { node { id name } } } }`,
      oursContent: (data) => (data.search as { entity: unknown }[]).map((hit) => hit.entity),
      theirsContent: (data) => edgesToNodes(data.searchEntities),
    },
  ];
  list.splice(2, 0, {
    name: 'three nesting levels, fragments on kinds',
    ours: `{ entity(id: ${person}) ${threeLevels} }`,
    theirs: `{ people(where: { id: { eq: ${person} } }) ${threeLevels} }`,
    oursContent: (data) => data.entity,
    // The library's partOf is a list (of at most one event here): compared as NewsGraph's one event.
    theirsContent: (data) => firstOf((data.people as unknown[])[0], 'partOf'),
  });
  const [hub] = await gateway.read('MATCH (h:Entity {id: $id}) RETURN h.id AS id', { id: BENCH_HUBS[0].id });
  if (hub) {
    const id = JSON.stringify(BENCH_HUBS[0].id);
    list.push({
      name: `hub: relationships first 10 + totalCount (${BENCH_HUBS[0].visible})`,
      // The library's connection is one relationship field (one type, one direction): so is ours here.
      ours: `{ entity(id: ${id}) { relationships(types: [SUPPORTS], direction: OUT, first: 10) { totalCount edges { node { id to { id name } } } } } }`,
      theirs:
        `{ organizations(where: { id: { eq: ${id} } }) { supportsConnection(first: 10, sort: [{ edge: { id: ASC } }], ` +
        'where: { edge: { status: { in: ["ACCEPTED", "PROPOSED"] } } }) { totalCount edges { properties { id } node { id name } } } } }',
      oursContent: (data) => {
        const page = (data.entity as { relationships: { totalCount: number; edges: { node: { id: string; to: unknown } }[] } })
          .relationships;
        return { totalCount: page.totalCount, items: page.edges.map((edge) => ({ id: edge.node.id, to: edge.node.to })) };
      },
      theirsContent: (data) => {
        const [organization] = data.organizations as {
          supportsConnection: { totalCount: number; edges: { properties: { id: string }; node: unknown }[] };
        }[];
        const page = organization.supportsConnection;
        return { totalCount: page.totalCount, items: page.edges.map((edge) => ({ id: edge.properties.id, to: edge.node })) };
      },
    });
  }
  return list;
}

/** `value` with every list under `key` replaced by its first item (or null), at any depth. */
function firstOf(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => firstOf(item, key));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) =>
      name === key && Array.isArray(inner) ? [name, inner.length === 0 ? null : firstOf(inner[0], key)] : [name, firstOf(inner, key)],
    ),
  );
}

/**
 * NewsGraph alone, in process: the first page of 10 with totalCount on the hub of 100,000 (visible)
 * relationships and on the one of 100, with and without `at`, of one type (as in the row against
 * the library) and of every type (the argument's default); ratio = the hub's p50 / the 100's.
 */
async function hubRows(dataset: Dataset, ours: InProcessNewsGraph): Promise<string[][]> {
  const [hub] = await dataset.gateway.read('MATCH (h:Entity {id: $id}) RETURN h.id AS id', { id: BENCH_HUBS[0].id });
  if (!hub) return [];
  const variants = [
    { name: 'types: [SUPPORTS], direction: OUT', args: 'types: [SUPPORTS], direction: OUT, first: 10' },
    { name: 'types: [SUPPORTS], direction: OUT, at: "2024-06-01"', args: 'types: [SUPPORTS], direction: OUT, at: "2024-06-01", first: 10' },
    { name: 'every type (default)', args: 'first: 10' },
    { name: 'every type, at: "2024-06-01"', args: 'at: "2024-06-01", first: 10' },
  ];
  const query = (id: string, args: string): string =>
    `{ entity(id: ${JSON.stringify(id)}) { relationships(${args}) { totalCount edges { node { id to { id name } } } } } }`;
  const contenders: Record<string, () => Promise<unknown>> = {};
  for (const [v, variant] of variants.entries()) {
    for (const [h, node] of BENCH_HUBS.entries()) contenders[`${v}:${h}`] = () => ours.execute(query(node.id, variant.args));
  }
  const s = await interleave(contenders, OPTIONS);
  const rows: string[][] = [];
  for (const [v, variant] of variants.entries()) {
    const big = s[`${v}:0`];
    const small = s[`${v}:1`];
    const answer = (await ours.execute(query(BENCH_HUBS[0].id, variant.args))) as { entity: { relationships: { totalCount: number } } };
    rows.push([
      label(dataset.name),
      variant.name,
      String(answer.entity.relationships.totalCount),
      String(big.length),
      ms(percentile(big, 50)),
      ms(percentile(big, 95)),
      ms(percentile(small, 50)),
      ms(percentile(small, 95)),
      ratio(percentile(big, 50), percentile(small, 50)),
    ]);
    process.stderr.write(`${rows[rows.length - 1].join(' | ')}\n`);
  }
  return rows;
}

async function measure(dataset: Dataset): Promise<{ rows: string[][]; hubs: string[][] }> {
  const ours = await startNewsGraph(dataset.gateway);
  // The library gets its own driver with the driver's defaults, as its documentation sets it up.
  const counted = countingDriver(neo4j.driver(dataset.uri, neo4j.auth.basic(dataset.user, dataset.password)));
  const theirs = await startNeo4jGraphQL(counted.driver);
  const rows: string[][] = [];
  const hubs: string[][] = [];
  try {
    for (const c of await cases(dataset.gateway)) {
      const a = canonical(c.oursContent(await ours.execute(c.ours)));
      const b = canonical(c.theirsContent(await theirs.execute(c.theirs)));
      if (!isDeepStrictEqual(a, b)) {
        throw new Error(`${c.name}: the answers differ\nNewsGraph:      ${JSON.stringify(a)}\n@neo4j/graphql: ${JSON.stringify(b)}`);
      }
      const size = Array.isArray(a) ? `${a.length} items` : 'same';
      const oursTrips = (await ours.recordCypher(c.ours)).length;
      const before = counted.count();
      await theirs.execute(c.theirs);
      const theirTrips = counted.count() - before;
      const s = await interleave(
        {
          oursIn: () => ours.execute(c.ours),
          theirsIn: () => theirs.execute(c.theirs),
          oursHttp: () => ours.post(c.ours),
          theirsHttp: () => theirs.post(c.theirs),
        },
        OPTIONS,
      );
      const p = (list: number[], q: number): number => percentile(list, q);
      const row = [
        label(dataset.name),
        c.name,
        size,
        `${oursTrips} / ${theirTrips}`,
        String(s.oursIn.length),
        ms(p(s.oursIn, 50)),
        ms(p(s.oursIn, 95)),
        ms(p(s.theirsIn, 50)),
        ms(p(s.theirsIn, 95)),
        ratio(p(s.oursIn, 50), p(s.theirsIn, 50)),
        ms(p(s.oursHttp, 50)),
        ms(p(s.oursHttp, 95)),
        ms(p(s.theirsHttp, 50)),
        ms(p(s.theirsHttp, 95)),
        ratio(p(s.oursHttp, 50), p(s.theirsHttp, 50)),
      ];
      rows.push(row);
      process.stderr.write(`${row.join(' | ')}\n`);
    }
    hubs.push(...(await hubRows(dataset, ours)));
  } finally {
    await theirs.stop();
    await ours.stop();
    await counted.driver.close();
  }
  return { rows, hubs };
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const hubs: string[][] = [];
  for (const name of datasetsFromArgs(process.argv.slice(2), undefined, 'bench:neo4j-graphql')) {
    const dataset = await openDataset(name);
    try {
      process.stderr.write(`\n${label(name)}: ${dataset.entities} entities\n`);
      const measured = await measure(dataset);
      rows.push(...measured.rows);
      hubs.push(...measured.hubs);
    } finally {
      await dataset.close();
    }
  }
  console.log(
    `\nNewsGraph (ng) vs @neo4j/graphql (lib), latency in ms (up to ${OPTIONS.iterations} interleaved rounds after warm-up, at most ${OPTIONS.budgetMs / 1000} s a case; ` +
      'answers checked equal first; trips = Cypher round trips per request, ng / lib; ratio = ng p50 / lib p50, below 1 is faster)\n',
  );
  console.log(
    markdownTable(
      [
        'data',
        'request',
        'answer',
        'trips',
        'runs',
        'ng p50',
        'ng p95',
        'lib p50',
        'lib p95',
        'ng/lib',
        'ng http p50',
        'ng http p95',
        'lib http p50',
        'lib http p95',
        'http ng/lib',
      ],
      rows,
      4,
    ),
  );
  if (hubs.length > 0) {
    console.log(
      `\nNewsGraph alone, in process: relationships(first: 10) with totalCount and the ends' names on ${BENCH_HUBS[0].id} ` +
        `(${BENCH_HUBS[0].visible} visible relationships, all SUPPORTS) and ${BENCH_HUBS[1].id} (${BENCH_HUBS[1].visible}); ` +
        'ratio = hub p50 / 100 p50\n',
    );
    console.log(markdownTable(['data', 'arguments', 'hub total', 'runs', 'hub p50', 'hub p95', '100 p50', '100 p95', 'ratio'], hubs, 2));
  }
}

runScript('bench:neo4j-graphql', main);
