/**
 * Throughput of the NewsGraph server as it runs in production: `newsgraph serve` (the compiled
 * CLI) as its own process against the data set's Neo4j, and autocannon in another process
 * (bench/lib/autocannon-runner.ts), at 1, 4 and 16 concurrent connections, for a read lookup
 * (an entity by id) and a traversal (neighbourhood depth 2). Requests per second and p50/p99
 * latency; any error or non-2xx answer is reported.
 *
 *   npm run bench:throughput                    # seed, 10000 and 100000
 *   npm run bench:throughput -- seed 10000
 *   BENCH_SECONDS=5 npm run bench:throughput    # shorter runs (default 10 s each)
 */
import 'reflect-metadata';

import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { runScript } from '../src/cli/command-line';
import { Neo4jGateway } from '../src/db/gateway';
import type { RunnerOptions, RunnerResult } from './lib/autocannon-runner';
import { datasetsFromArgs, label, openDataset } from './lib/datasets';
import { postGraphQL } from './lib/graphql-http';
import { markdownTable } from './lib/stats';
import { startServer } from './lib/server-process';

const CONNECTIONS = [1, 4, 16];
const SECONDS = Number(process.env.BENCH_SECONDS ?? '10');
const RUNNER = path.join(__dirname, 'lib', 'autocannon-runner.js');

function runAutocannon(options: RunnerOptions): Promise<RunnerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(RUNNER, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: RunnerResult | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), (options.durationSeconds + 60) * 1000);
    child.on('message', (message) => (result = message as RunnerResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`autocannon runner exited with code ${code} and no result`));
    });
  });
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
  for (const name of datasetsFromArgs(process.argv.slice(2), undefined, 'bench:throughput')) {
    const dataset = await openDataset(name);
    try {
      const server = await startServer({
        NEO4J_URI: dataset.uri,
        NEO4J_USER: dataset.user,
        NEO4J_PASSWORD: dataset.password,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        // Production refuses open writes; the benchmark only reads.
        NEWSGRAPH_API_KEYS: randomBytes(16).toString('hex'),
      });
      try {
        process.stderr.write(`\n${label(name)}: ${dataset.entities} entities; server pid ${server.pid} at ${server.base}\n`);
        for (const request of await requests(dataset.gateway)) {
          // Fails loudly on a wrong query; the first run also compiles the query plan, which on a
          // loaded machine may exceed the server's 5 s timeout once, so it gets three tries.
          for (let attempt = 1; ; attempt += 1) {
            try {
              await postGraphQL(server.url, request.query);
              break;
            } catch (error) {
              if (attempt === 3) throw error;
            }
          }
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
}

runScript('bench:throughput', main);
