/**
 * Traversal benchmark: p50/p95 latency of each traversal through GraphQL (in process, and over
 * HTTP on 127.0.0.1) against the same Cypher sent straight through neo4j-driver, in one process,
 * on one Neo4j, on generated graphs of 10,000 and 100,000 entities.
 *
 *   npm run bench:traversal                 # both sizes
 *   npm run bench:traversal -- 10000        # one size
 *
 * Graphs are generated once into .newsgraph/bench-<N> (gitignored) and reused by later runs.
 * Prints a table; the ratios are measured in this run. It stops by itself.
 */
import 'reflect-metadata';

import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';

import neo4j, { Driver } from 'neo4j-driver';

import { loadConfig } from '../src/config/config';
import { projectRoot } from '../src/config/paths';
import { Neo4jGateway } from '../src/db/gateway';
import { applyMigrations } from '../src/db/migrations';
import { toInt } from '../src/db/plain';
import { Direction } from '../src/domain/records';
import { createContext } from '../src/graphql/context';
import { buildNewsGraphSchema } from '../src/graphql/schema';
import { startLocalNeo4j } from '../src/local-neo4j/local-neo4j';
import { MostConnectedRepository } from '../src/repositories/most-connected.repository';
import { TimelineRepository } from '../src/repositories/timeline.repository';
import { TraversalRepository } from '../src/repositories/traversal.repository';
import { createServices } from '../src/server/app';
import { createHttpApp } from '../src/server/http-server';
import { createLogger } from '../src/server/logger';
import { generateGraph, writeGenerated } from '../src/services/generator.service';
import { ImportService } from '../src/services/import.service';

const WARMUP = 15;
const ITERATIONS = 120;
/** A slow case stops early: at most this long measuring it (at least 10 rounds). */
const BUDGET_MS = 30_000;

interface Case {
  name: string;
  graphql: string;
  cypher: string;
  params: Record<string, unknown>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function prepare(size: number, gateway: Neo4jGateway): Promise<void> {
  const [row] = await gateway.read('MATCH (e:Entity) RETURN count(e) AS n');
  if (Number(row.n) >= size) return;
  process.stderr.write(`Generating ${size} entities (once; reused by later runs)...\n`);
  const started = Date.now();
  await writeGenerated(new ImportService(gateway), generateGraph(size, 11), (done, total) => {
    process.stderr.write(`\r  ${done}/${total} records`);
  });
  process.stderr.write(`\n  generated in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

async function cases(gateway: Neo4jGateway): Promise<Case[]> {
  const pick = async (cypher: string): Promise<string> => String((await gateway.read(cypher))[0].id);
  const country = await pick('MATCH (c:Country) RETURN c.id AS id ORDER BY c.degree DESC, c.id SKIP 3 LIMIT 1');
  const otherCountry = await pick('MATCH (c:Country) RETURN c.id AS id ORDER BY c.degree DESC, c.id SKIP 4 LIMIT 1');
  const person = await pick('MATCH (p:Person) WHERE p.degree >= 3 RETURN p.id AS id ORDER BY p.id LIMIT 1');
  const otherPerson = await pick('MATCH (p:Person) WHERE p.degree >= 3 RETURN p.id AS id ORDER BY p.id DESC LIMIT 1');
  const filter = { types: null, kinds: null, direction: Direction.BOTH, at: null };
  const hood = (depth: number): Case => ({
    name: `neighborhood depth ${depth}`,
    graphql: `{ neighborhood(id: "${person}", depth: ${depth}, limit: 100) { nodes { id label } edges { id source target } truncated } }`,
    cypher: TraversalRepository.neighborhoodCypher(depth, filter),
    params: { id: person, kinds: null, at: null, limit: toInt(100), cap: toInt(101) },
  });
  return [
    hood(1),
    hood(2),
    {
      name: 'shortestPath',
      graphql: `{ shortestPath(from: "${person}", to: "${otherPerson}") { length nodes { id name } relationships { id type } } }`,
      cypher: TraversalRepository.shortestPathCypher(6, null),
      params: { from: person, to: otherPerson, at: null },
    },
    {
      name: 'paths (maxDepth 3)',
      graphql: `{ paths(from: "${person}", to: "${otherPerson}", maxDepth: 3, first: 10) { length nodes { id name } relationships { id type } } }`,
      cypher: TraversalRepository.pathsCypher(3, 10, null),
      params: { from: person, to: otherPerson, at: null, first: toInt(10) },
    },
    {
      name: 'commonNeighbors',
      graphql: `{ commonNeighbors(ids: ["${country}", "${otherCountry}"]) { id name } }`,
      cypher: TraversalRepository.commonNeighborsCypher(),
      params: { ids: [country, otherCountry], kinds: null, at: null },
    },
    {
      name: 'timeline (50)',
      graphql: `{ timeline(entityIds: ["${country}"], first: 50) { totalCount edges { cursor node { id name } } } }`,
      cypher: TimelineRepository.cypher({ entityIds: [country], topicIds: null }),
      params: { entityIds: [country], topicIds: null, from: null, to: null, afterDate: null, afterId: null, limit: toInt(51) },
    },
    {
      name: 'mostConnected',
      graphql: '{ mostConnected(first: 10) { degree entity { id name } } }',
      cypher: MostConnectedRepository.CYPHER,
      params: { kind: null, first: toInt(10) },
    },
  ];
}

async function measure(size: number, driver: Driver, gateway: Neo4jGateway): Promise<string[]> {
  const services = createServices(gateway);
  const schema = await buildNewsGraphSchema();
  const http = await createHttpApp({ schema, services, gateway, log: createLogger('silent'), production: false, apiKeys: [] });
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}/graphql`;
  const rows: string[] = [];
  try {
    for (const c of await cases(gateway)) {
      const raw = (): Promise<unknown> => {
        const session = driver.session({ defaultAccessMode: neo4j.session.READ });
        return session.executeRead((tx) => tx.run(c.cypher, c.params), { timeout: 30_000 }).finally(() => session.close());
      };
      const inProcess = async (): Promise<void> => {
        const response = await http.apollo.executeOperation(
          { query: c.graphql },
          { contextValue: createContext(services, { canWrite: false }) },
        );
        if (response.body.kind === 'single' && response.body.singleResult.errors)
          throw new Error(JSON.stringify(response.body.singleResult.errors));
      };
      const overHttp = async (): Promise<void> => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: c.graphql }),
        });
        const body = (await response.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      };
      const warmUntil = Date.now() + BUDGET_MS / 3;
      for (let i = 0; i < WARMUP && (i < 2 || Date.now() < warmUntil); i += 1) {
        await raw();
        await inProcess();
        await overHttp();
      }
      const samples = { raw: [] as number[], gql: [] as number[], http: [] as number[] };
      // Interleaved, so drift in the machine's load hits all three alike.
      const deadline = Date.now() + BUDGET_MS;
      for (let i = 0; i < ITERATIONS && (i < 10 || Date.now() < deadline); i += 1) {
        samples.raw.push(await time(raw));
        samples.gql.push(await time(inProcess));
        samples.http.push(await time(overHttp));
      }
      const [r, g, h] = [samples.raw, samples.gql, samples.http].map((list) => list.sort((a, b) => a - b));
      const fmt = (n: number): string => n.toFixed(2).padStart(7);
      rows.push(
        `| ${String(size).padStart(8)} | ${c.name.padEnd(20)} | ${String(r.length).padStart(4)} | ${fmt(percentile(r, 50))} | ${fmt(percentile(r, 95))} | ${fmt(percentile(g, 50))} | ${fmt(percentile(g, 95))} | ${fmt(percentile(h, 50))} | ${fmt(percentile(h, 95))} | ${(percentile(g, 50) / percentile(r, 50)).toFixed(2).padStart(5)} | ${(percentile(h, 50) / percentile(r, 50)).toFixed(2).padStart(5)} |`,
      );
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    }
  } finally {
    await http.stop();
  }
  return rows;
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const config = loadConfig();
  const all: string[] = [];
  for (const size of sizes.length > 0 ? sizes : [10_000, 100_000]) {
    const dataDir = path.join(projectRoot(), '.newsgraph', `bench-${size}`);
    fs.mkdirSync(dataDir, { recursive: true });
    const server = await startLocalNeo4j({
      dataDir,
      cacheDir: config.neo4jCacheDir,
      owner: 'test',
      progress: (line, transient) => !transient && process.stderr.write(`${line}\n`),
      heap: '2g',
    });
    const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password));
    const gateway = new Neo4jGateway(driver, { database: 'neo4j', transactionTimeoutMs: 30_000 });
    try {
      await gateway.waitUntilReachable(30_000);
      await applyMigrations(gateway);
      await prepare(size, gateway);
      all.push(...(await measure(size, driver, gateway)));
    } finally {
      await driver.close();
      await server.stop();
    }
  }
  console.log(
    `\nTraversal latency in ms (up to ${ITERATIONS} interleaved runs of each after warm-up, at most ${BUDGET_MS / 1000} s a case; ratio = p50 / raw driver p50)\n`,
  );
  console.log(
    '| entities | traversal            | runs | raw p50 | raw p95 | gql p50 | gql p95 | http p50 | http p95 | gql/raw | http/raw |',
  );
  console.log(
    '|---------:|----------------------|-----:|--------:|--------:|--------:|--------:|---------:|---------:|--------:|---------:|',
  );
  for (const row of all) console.log(row);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
