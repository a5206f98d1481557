/**
 * Where the fixed cost of an HTTP request goes: the same GraphQL request (one that sends no Cypher,
 * and an entity by id) timed through successively more of the stack, interleaved in one run on the
 * seed graph:
 *
 *   in process          Apollo's executeOperation: the GraphQL work alone, no HTTP;
 *   bare HTTP floor     a node:http server answering the same bytes: loopback, HTTP parsing, JSON.parse on the client;
 *   Apollo, no Express  Apollo's executeHTTPGraphQLRequest (NewsGraph's own Apollo options) called from a
 *                       plain node:http handler that reads and parses the body itself: Apollo's HTTP layer alone;
 *   bare Apollo         express.json + Apollo's Express middleware with NewsGraph's own Apollo options,
 *                       none of NewsGraph's middleware (request log, CORS, metrics, web routes);
 *   full app            createHttpApp, as `newsgraph serve` builds it;
 *   full app, fetch     the same server through fetch (undici), the client the benchmarks took before
 *                       bench/lib/graphql-http.ts moved to node:http;
 *   own process         `newsgraph serve` as a separate process, so that client and server do not share one event loop;
 *                       interleaved, it sleeps while the other paths run, and waking it is part of its time;
 *   own process, back to back  the same server, its requests in one block after the interleaved rounds
 *                       (a server under steady traffic does not sleep between requests).
 *
 * Every HTTP client except "fetch" is node:http with a keep-alive agent. Differences of p50s are
 * what each layer adds.
 *
 *   npm run bench:http
 */
import 'reflect-metadata';

import http from 'node:http';

import { ApolloServer, HeaderMap } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

import { runScript } from '../src/cli/command-line';
import { createContext, GraphQLContext } from '../src/graphql/context';
import { buildNewsGraphSchema } from '../src/graphql/schema';
import { createServices } from '../src/server/app';
import { apolloServerOptions, createHttpApp } from '../src/server/http-server';
import { createLogger } from '../src/server/logger';
import { QUERY_LIMITS } from '../src/server/query-limits';
import { listenOnLoopback, graphql as postOverHttp } from './lib/bench-http';
import { openDataset } from './lib/datasets';
import { postGraphQL, postGraphQLWithFetch } from './lib/graphql-http';
import { startProductionServer } from './lib/server-process';
import { interleave, markdownTable, ms, percentile, time } from './lib/stats';

const OPTIONS = { warmup: 50, iterations: 400, budgetMs: 30_000 };

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
  const fullUrl = await listenOnLoopback(full.server);

  const bareApp = express();
  const bareServer = http.createServer(bareApp);
  const bareApollo = new ApolloServer<GraphQLContext>(apolloServerOptions({ schema, log, production: false }));
  await bareApollo.start();
  bareApp.use(
    '/graphql',
    express.json({ limit: QUERY_LIMITS.maxBodyBytes }),
    expressMiddleware(bareApollo, { context: async () => createContext(services, { canWrite: false }) }),
  );
  const bareUrl = await listenOnLoopback(bareServer);

  // Apollo's HTTP layer with no Express: the body read and parsed by hand, the answer written as is.
  const noExpressServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      bareApollo
        .executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: (req.method ?? 'GET').toUpperCase(),
            headers,
            search: '',
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
          },
          context: async () => createContext(services, { canWrite: false }),
        })
        .then((response) => {
          for (const [key, value] of response.headers) res.setHeader(key, value);
          res.statusCode = response.status ?? 200;
          res.end(response.body.kind === 'complete' ? response.body.string : '');
        })
        .catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
    });
  });
  const noExpressUrl = await listenOnLoopback(noExpressServer);

  let floorBody = '{}';
  const floorServer = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(floorBody) });
      res.end(floorBody);
    });
  });
  const floorUrl = await listenOnLoopback(floorServer);

  const own = await startProductionServer(dataset);
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
          'Apollo, no Express': () => post(noExpressUrl),
          'bare Apollo': () => post(bareUrl),
          'full app': () => post(fullUrl),
          'full app, fetch': () => postGraphQLWithFetch(fullUrl, c.query),
          'own process': () => post(own.url),
        },
        OPTIONS,
      );
      const backToBack: number[] = [];
      for (let i = 0; i < OPTIONS.iterations; i += 1) backToBack.push(await time(() => post(own.url)));
      const base = percentile(samples['in process'], 50);
      for (const [contender, values] of Object.entries(samples)) {
        const p50 = percentile(values, 50);
        rows.push([c.name, contender, String(values.length), ms(p50), ms(percentile(values, 95)), ms(p50 - base)]);
      }
      const steady = percentile(backToBack, 50);
      rows.push([
        c.name,
        'own process, back to back',
        String(backToBack.length),
        ms(steady),
        ms(percentile(backToBack, 95)),
        ms(steady - base),
      ]);
      process.stderr.write(`${c.name}: done\n`);
    }
  } finally {
    agent.destroy();
    await own.stop();
    await Promise.all([close(full.server), close(bareServer), close(noExpressServer), close(floorServer)]);
    await Promise.all([full.stop(), bareApollo.stop()]);
    await dataset.close();
  }
  console.log(
    `\nThe fixed cost of HTTP, seed graph: latency in ms (up to ${OPTIONS.iterations} interleaved rounds after warm-up, at most ${OPTIONS.budgetMs / 1000} s a case); "+ p50" is the p50 minus the in-process p50\n`,
  );
  console.log(markdownTable(['request', 'path', 'runs', 'p50', 'p95', '+ p50'], rows));
}

runScript('bench:http', main);
