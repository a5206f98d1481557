/**
 * Where the fixed cost of an HTTP request goes: the same GraphQL request (one that sends no Cypher,
 * and an entity by id) timed through successively more of the stack, interleaved in one run on the
 * seed graph:
 *
 *   in process          Apollo's executeOperation: the GraphQL work alone, no HTTP;
 *   bare HTTP floor     a node:http server answering the same bytes: loopback, HTTP parsing, JSON.parse on the client;
 *   bare Apollo         express.json + Apollo's Express middleware with NewsGraph's own Apollo options,
 *                       none of NewsGraph's middleware (request log, CORS, metrics, web routes);
 *   full app            createHttpApp, as `newsgraph serve` builds it;
 *   full app, fetch     the same server through fetch (undici), the client the benchmarks used to take;
 *   own process         `newsgraph serve` as a separate process, so that client and server do not share one event loop.
 *
 * Every HTTP client except "fetch" is node:http with a keep-alive agent. Differences of p50s are
 * what each layer adds.
 *
 *   npm run bench:http
 */
import 'reflect-metadata';

import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

import { runScript } from '../src/cli/command-line';
import { createContext, GraphQLContext } from '../src/graphql/context';
import { buildNewsGraphSchema } from '../src/graphql/schema';
import { createServices } from '../src/server/app';
import { apolloServerOptions, createHttpApp } from '../src/server/http-server';
import { createLogger } from '../src/server/logger';
import { QUERY_LIMITS } from '../src/server/query-limits';
import { graphql as postOverHttp } from './lib/bench-http';
import { openDataset } from './lib/datasets';
import { postGraphQL } from './lib/graphql-http';
import { startServer } from './lib/server-process';
import { interleave, markdownTable, ms, percentile } from './lib/stats';

const OPTIONS = { warmup: 50, iterations: 400, budgetMs: 30_000 };

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`)),
  );
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function main(): Promise<void> {
  const dataset = await openDataset('seed');
  const log = createLogger('silent');
  const services = createServices(dataset.gateway);
  const schema = await buildNewsGraphSchema();
  const full = await createHttpApp({ schema, services, gateway: dataset.gateway, log, production: false, apiKeys: [] });
  const fullUrl = await listen(full.server);

  const bareApp = express();
  const bareServer = http.createServer(bareApp);
  const bareApollo = new ApolloServer<GraphQLContext>(apolloServerOptions({ schema, log, production: false }));
  await bareApollo.start();
  bareApp.use(
    '/graphql',
    express.json({ limit: QUERY_LIMITS.maxBodyBytes }),
    expressMiddleware(bareApollo, { context: async () => createContext(services, { canWrite: false }) }),
  );
  const bareUrl = await listen(bareServer);

  let floorBody = '{}';
  const floorServer = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(floorBody) });
      res.end(floorBody);
    });
  });
  const floorUrl = await listen(floorServer);

  const own = await startServer({
    NEO4J_URI: dataset.uri,
    NEO4J_USER: dataset.user,
    NEO4J_PASSWORD: dataset.password,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    NEWSGRAPH_API_KEYS: randomBytes(16).toString('hex'),
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const [{ id }] = await dataset.gateway.read('MATCH (p:Person) WHERE p.degree >= 3 RETURN p.id AS id ORDER BY p.id LIMIT 1');
  const cases = [
    { name: 'no Cypher: { __typename }', query: '{ __typename }' },
    { name: 'entity by id', query: `{ entity(id: ${JSON.stringify(String(id))}) { id name kind description } }` },
  ];
  const rows: string[][] = [];
  try {
    for (const c of cases) {
      const post = async (url: string): Promise<void> => {
        const outcome = await postOverHttp(url, c.query, {}, { agent });
        if (!outcome.ok) throw new Error(`${url}: HTTP ${outcome.status} ${JSON.stringify(outcome.body)}`);
      };
      const execute = async (): Promise<void> => {
        const response = await full.apollo.executeOperation(
          { query: c.query },
          { contextValue: createContext(services, { canWrite: false }) },
        );
        if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error('in process: GraphQL errors');
      };
      floorBody = JSON.stringify(await postGraphQL(fullUrl, c.query).then((data) => ({ data })));
      const samples = await interleave(
        {
          'in process': execute,
          'bare HTTP floor': () => post(floorUrl),
          'bare Apollo': () => post(bareUrl),
          'full app': () => post(fullUrl),
          'full app, fetch': () => postGraphQL(fullUrl, c.query),
          'own process': () => post(own.url),
        },
        OPTIONS,
      );
      const base = percentile(samples['in process'], 50);
      for (const [contender, values] of Object.entries(samples)) {
        const p50 = percentile(values, 50);
        rows.push([c.name, contender, String(values.length), ms(p50), ms(percentile(values, 95)), ms(p50 - base)]);
      }
      process.stderr.write(`${c.name}: done\n`);
    }
  } finally {
    agent.destroy();
    await own.stop();
    await Promise.all([close(full.server), close(bareServer), close(floorServer)]);
    await Promise.all([full.stop(), bareApollo.stop()]);
    await dataset.close();
  }
  console.log(
    `\nThe fixed cost of HTTP, seed graph: latency in ms (up to ${OPTIONS.iterations} interleaved rounds after warm-up, at most ${OPTIONS.budgetMs / 1000} s a case); "+ p50" is the p50 minus the in-process p50\n`,
  );
  console.log(markdownTable(['request', 'path', 'runs', 'p50', 'p95', '+ p50'], rows));
}

runScript('bench:http', main);
