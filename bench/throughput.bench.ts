/**
 * Throughput of the NewsGraph server as it runs in production: `newsgraph serve` (the compiled
 * CLI) as its own process against the data set's Neo4j, and autocannon in another process
 * (bench/lib/autocannon-runner.ts), at 1, 4 and 16 concurrent connections, for a read lookup
 * (an entity by id) and a traversal (neighbourhood depth 2). Requests per second and p50/p99
 * latency; any error or non-2xx answer is reported.
 *
 * Then "entity, 2 nested levels" (bench/lib/nested-case.ts) at 16 connections against the Neo4j
 * GraphQL Library, served the same way: its Apollo server in a process of its own
 * (bench/lib/neo4j-graphql-process.ts) over the same database, autocannon in a third. The two are
 * run in the order NewsGraph, library, library, NewsGraph (half the time each), so drift in the
 * machine's load hits both alike; requests per second are summed over both halves.
 *
 *   npm run bench:throughput                    # seed, 10000 and 100000
 *   npm run bench:throughput -- seed 10000
 *   BENCH_SECONDS=5 npm run bench:throughput    # shorter runs (default 10 s each)
 */
import 'reflect-metadata';

import path from 'node:path';

import { runScript } from '../src/cli/command-line';
import { Neo4jGateway } from '../src/db/gateway';
import type { RunnerOptions, RunnerResult } from './lib/autocannon-runner';
import { datasetsFromArgs, label, openDataset } from './lib/datasets';
import { forkScript } from './lib/forked';
import { postGraphQL } from './lib/graphql-http';
import { nestedCase } from './lib/nested-case';
import { markdownTable, ratio } from './lib/stats';
import { startProductionServer } from './lib/server-process';

const CONNECTIONS = [1, 4, 16];
const SECONDS = Number(process.env.BENCH_SECONDS ?? '10');
const RUNNER = path.join(__dirname, 'lib', 'autocannon-runner.js');
const LIBRARY = path.join(__dirname, 'lib', 'neo4j-graphql-process.js');
const VERSUS_CONNECTIONS = 16;
/** Each contender's share of the versus rows: two runs of this many seconds. */
const HALF = Math.max(1, Math.round(SECONDS / 2));

interface LibraryProcess {
  url: string;
  stop(): Promise<void>;
}

/** Forks the library's server (bench/lib/neo4j-graphql-process.ts) and waits for its URL. */
async function startLibrary(env: Record<string, string>): Promise<LibraryProcess> {
  const forked = forkScript<{ url: string }>(LIBRARY, [], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    timeoutMs: 120_000,
    name: 'The library server',
  });
  const { url } = await forked.message;
  return { url, stop: forked.stop };
}

/** Sums two runs of one contender: requests, failures; req/s over both; the worse p50 and p99. */
function combine(a: RunnerResult, b: RunnerResult): RunnerResult {
  return {
    requests: a.requests + b.requests,
    requestsPerSecond: (a.requestsPerSecond + b.requestsPerSecond) / 2,
    p50: Math.max(a.p50, b.p50),
    p99: Math.max(a.p99, b.p99),
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    non2xx: a.non2xx + b.non2xx,
  };
}

/** The first request of a shape also plans it; on a loaded machine that may exceed a timeout once. */
async function firstAnswer(url: string, query: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await postGraphQL(url, query);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function runAutocannon(options: RunnerOptions): Promise<RunnerResult> {
  const forked = forkScript<RunnerResult>(RUNNER, [JSON.stringify(options)], {
    timeoutMs: (options.durationSeconds + 60) * 1000,
    name: 'The autocannon runner',
  });
  const result = await forked.message;
  await forked.exited;
  return result;
}

async function requests(gateway: Neo4jGateway): Promise<{ name: string; query: string }[]> {
  const [row] = await gateway.read('MATCH (p:Person) WHERE p.degree >= 3 RETURN p.id AS id ORDER BY p.id LIMIT 1');
  const id = JSON.stringify(String(row.id));
  return [
    { name: 'entity by id', query: `{ entity(id: ${id}) { id name kind description } }` },
    {
      name: 'neighborhood depth 2',
      query: `{ neighborhood(id: ${id}, depth: 2, limit: 100) { nodes { id label } edges { id source target } truncated } }`,
    },
  ];
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const versus: string[][] = [];
  for (const name of datasetsFromArgs(process.argv.slice(2), undefined, 'bench:throughput')) {
    const dataset = await openDataset(name);
    try {
      const server = await startProductionServer(dataset);
      try {
        process.stderr.write(`\n${label(name)}: ${dataset.entities} entities; server pid ${server.pid} at ${server.base}\n`);
        for (const request of await requests(dataset.gateway)) {
          // Fails loudly on a wrong query; the first run also compiles the query plan.
          await firstAnswer(server.url, request.query);
          const body = JSON.stringify({ query: request.query });
          await runAutocannon({ url: server.url, body, connections: 4, durationSeconds: 2 }); // warm-up
          for (const connections of CONNECTIONS) {
            const r = await runAutocannon({ url: server.url, body, connections, durationSeconds: SECONDS });
            const failures = r.errors + r.timeouts + r.non2xx;
            const row = [
              label(name),
              request.name,
              String(connections),
              String(r.requests),
              r.requestsPerSecond.toFixed(0),
              String(r.p50),
              String(r.p99),
              String(failures),
            ];
            rows.push(row);
            process.stderr.write(`${row.join(' | ')}\n`);
          }
        }
        const library = await startLibrary({ NEO4J_URI: dataset.uri, NEO4J_USER: dataset.user, NEO4J_PASSWORD: dataset.password });
        try {
          const nested = await nestedCase(dataset.gateway);
          const contenders = [
            { name: 'NewsGraph', url: server.url, body: JSON.stringify({ query: nested.ours }) },
            { name: '@neo4j/graphql', url: library.url, body: JSON.stringify({ query: nested.theirs }) },
          ];
          for (const c of contenders) {
            await firstAnswer(c.url, JSON.parse(c.body).query as string);
            await runAutocannon({ url: c.url, body: c.body, connections: 4, durationSeconds: 2 }); // warm-up
          }
          const runs: RunnerResult[][] = [[], []];
          for (const index of [0, 1, 1, 0]) {
            const c = contenders[index];
            runs[index].push(await runAutocannon({ url: c.url, body: c.body, connections: VERSUS_CONNECTIONS, durationSeconds: HALF }));
          }
          const [ours, theirs] = runs.map(([a, b]) => combine(a, b));
          for (const [c, r] of [
            [contenders[0], ours],
            [contenders[1], theirs],
          ] as const) {
            const row = [
              label(name),
              c.name,
              r.requests,
              r.requestsPerSecond.toFixed(0),
              r.p50,
              r.p99,
              r.errors + r.timeouts + r.non2xx,
            ].map(String);
            versus.push(row);
            process.stderr.write(`${row.join(' | ')}\n`);
          }
          versus.push([label(name), 'NewsGraph / library, req/s', '', ratio(ours.requestsPerSecond, theirs.requestsPerSecond), '', '', '']);
        } finally {
          await library.stop();
        }
      } finally {
        await server.stop();
      }
    } finally {
      await dataset.close();
    }
  }
  console.log(
    `\nThroughput: newsgraph serve and autocannon in separate processes, ${SECONDS} s per row (after a 2 s warm-up per request); latency in ms\n`,
  );
  console.log(markdownTable(['data', 'request', 'connections', 'requests', 'req/s', 'p50', 'p99', 'errors'], rows, 2));
  console.log(
    `\n"Entity, 2 nested levels" at ${VERSUS_CONNECTIONS} connections: NewsGraph against the Neo4j GraphQL Library, each in its own process, run NewsGraph, library, library, NewsGraph (${HALF} s each); p50 and p99 the worse of the two runs\n`,
  );
  console.log(markdownTable(['data', 'server', 'requests', 'req/s', 'p50', 'p99', 'errors'], versus, 2));
}

runScript('bench:throughput', main);
