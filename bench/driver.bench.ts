/**
 * NewsGraph over GraphQL against the same Cypher sent straight through neo4j-driver, in one
 * process, on one Neo4j, per data set (the seed, 10,000 and 100,000 generated entities):
 *
 *   raw   the Cypher statements the GraphQL request sends (recorded with gateway.onQuery, with
 *         their parameters), replayed in the same order through the driver: managed read
 *         transactions, one session each, records read and nothing else;
 *   gql   the GraphQL request executed in process by Apollo (executeOperation, no HTTP);
 *   http  the same request POSTed to the server on 127.0.0.1.
 *
 * The three run interleaved, so background load hits them alike; ratios are p50 over raw p50
 * from this run. The "trips" column is the number of Cypher round trips per GraphQL request.
 *
 *   npm run bench:driver                        # seed, 10000 and 100000
 *   npm run bench:driver -- seed 10000          # some of them
 *
 * Generated graphs are built once into .newsgraph/bench-<N> and reused. It stops by itself.
 */
import 'reflect-metadata';

import neo4j, { Driver } from 'neo4j-driver';

import { runScript } from '../src/cli/command-line';
import { QueryEvent } from '../src/db/gateway';
import { Neo4jGateway } from '../src/db/gateway';
import { datasetsFromArgs, label, openDataset } from './lib/datasets';
import { startNewsGraph } from './lib/newsgraph-in-process';
import { interleave, markdownTable, ms, percentile, ratio } from './lib/stats';

const OPTIONS = { warmup: 15, iterations: 120, budgetMs: 30_000 };

interface GraphQLCase {
  name: string;
  graphql: string;
  /** A traversal answers in one Cypher round trip (the target); other cases one per nesting level. */
  traversal: boolean;
}

/** The requests measured, with ids picked from the data set (the same picks on every run). */
async function driverCases(gateway: Neo4jGateway): Promise<GraphQLCase[]> {
  const pick = async (cypher: string): Promise<string> => {
    const rows = await gateway.read(cypher);
    if (rows.length === 0) throw new Error(`No entity for: ${cypher}`);
    return String(rows[0].id);
  };
  const country = await pick('MATCH (c:Country) RETURN c.id AS id ORDER BY c.degree DESC, c.id SKIP 3 LIMIT 1');
  const otherCountry = await pick('MATCH (c:Country) RETURN c.id AS id ORDER BY c.degree DESC, c.id SKIP 4 LIMIT 1');
  const person = await pick('MATCH (p:Person) WHERE p.degree >= 3 RETURN p.id AS id ORDER BY p.id LIMIT 1');
  const otherPerson = await pick('MATCH (p:Person) WHERE p.degree >= 3 RETURN p.id AS id ORDER BY p.id DESC LIMIT 1');
  const [{ name }] = await gateway.read('MATCH (c:Country {id: $id}) RETURN c.name AS name', { id: country });
  // What a user types: a country's name (seed: "North Korea"; generated: "Country 12").
  const searchText = String(name);
  const hood = (depth: number): GraphQLCase => ({
    name: `neighborhood depth ${depth}`,
    traversal: true,
    graphql: `{ neighborhood(id: "${person}", depth: ${depth}, limit: 100) { nodes { id label } edges { id source target } truncated } }`,
  });
  return [
    {
      name: 'entity, 2 nested levels',
      traversal: false,
      graphql: `{ entity(id: "${person}") { id name kind neighbors(first: 10) { id name kind neighbors(first: 10) { id name kind } } } }`,
    },
    hood(1),
    hood(2),
    {
      name: 'shortestPath',
      traversal: true,
      graphql: `{ shortestPath(from: "${person}", to: "${otherPerson}") { length nodes { id name } relationships { id type } } }`,
    },
    {
      name: 'paths (maxDepth 3)',
      traversal: true,
      graphql: `{ paths(from: "${person}", to: "${otherPerson}", maxDepth: 3, first: 10) { length nodes { id name } relationships { id type } } }`,
    },
    {
      name: 'commonNeighbors',
      traversal: true,
      graphql: `{ commonNeighbors(ids: ["${country}", "${otherCountry}"]) { id name } }`,
    },
    {
      name: `search "${searchText}"`,
      traversal: false,
      graphql: `{ search(text: ${JSON.stringify(searchText)}, first: 10) { score entity { id name kind } } }`,
    },
    {
      name: 'timeline page (50)',
      traversal: true,
      graphql: `{ timeline(entityIds: ["${country}"], first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name startDate } } } }`,
    },
    {
      name: 'mostConnected',
      traversal: true,
      graphql: '{ mostConnected(first: 10) { degree entity { id name } } }',
    },
  ];
}

/** Replays recorded statements through the driver as the gateway sends them: one managed read each. */
function replay(driver: Driver, statements: QueryEvent[]): () => Promise<unknown> {
  return async () => {
    for (const { cypher, params } of statements) {
      const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
      try {
        await session.executeRead((tx) => tx.run(cypher, params), { timeout: 30_000 });
      } finally {
        await session.close();
      }
    }
  };
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const trips: string[] = [];
  for (const name of datasetsFromArgs(process.argv.slice(2), undefined, 'bench:driver')) {
    const dataset = await openDataset(name);
    const app = await startNewsGraph(dataset.gateway);
    try {
      process.stderr.write(`\n${label(name)}: ${dataset.entities} entities\n`);
      for (const c of await driverCases(dataset.gateway)) {
        const statements = await app.recordCypher(c.graphql);
        const bytes = Buffer.byteLength(JSON.stringify({ data: await app.post(c.graphql) }));
        const samples = await interleave(
          {
            raw: replay(dataset.driver, statements),
            gql: () => app.execute(c.graphql),
            http: () => app.post(c.graphql),
          },
          OPTIONS,
        );
        const [raw, gql, http] = [samples.raw, samples.gql, samples.http];
        const row = [
          label(name),
          c.name,
          String(statements.length),
          String(raw.length),
          ms(percentile(raw, 50)),
          ms(percentile(raw, 95)),
          ms(percentile(gql, 50)),
          ms(percentile(gql, 95)),
          ms(percentile(http, 50)),
          ms(percentile(http, 95)),
          ratio(percentile(gql, 50), percentile(raw, 50)),
          ratio(percentile(http, 50), percentile(raw, 50)),
          (bytes / 1024).toFixed(1),
        ];
        rows.push(row);
        process.stderr.write(`${row.join(' | ')}\n`);
        if (c.traversal && statements.length !== 1)
          trips.push(`${label(name)} ${c.name}: ${statements.length} round trips (${statements.map((s) => s.operation).join(', ')})`);
        if (!c.traversal) process.stderr.write(`  round trips: ${statements.map((s) => s.operation).join(', ')}\n`);
      }
    } finally {
      await app.stop();
      await dataset.close();
    }
  }
  console.log(
    `\nLatency in ms (up to ${OPTIONS.iterations} interleaved rounds after warm-up, at most ${OPTIONS.budgetMs / 1000} s a case; ratio = p50 / raw p50; trips = Cypher round trips per GraphQL request; KB = JSON response)\n`,
  );
  console.log(
    markdownTable(
      ['data', 'request', 'trips', 'runs', 'raw p50', 'raw p95', 'gql p50', 'gql p95', 'http p50', 'http p95', 'gql/raw', 'http/raw', 'KB'],
      rows,
    ),
  );
  console.log(
    trips.length === 0
      ? '\nEvery traversal request ran in one Cypher round trip.'
      : `\nTraversal requests with more than one round trip:\n${trips.join('\n')}`,
  );
}

runScript('bench:driver', main);
