/**
 * The Neo4j GraphQL Library's server (bench/lib/neo4j-graphql-server.ts) as a process of its own,
 * so that bench:throughput serves it the way it serves `newsgraph serve`: forked by the benchmark,
 * it reads NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, listens on 127.0.0.1 and sends its URL over
 * the IPC channel; it stops on SIGTERM.
 */
import neo4j from 'neo4j-driver';

import { startNeo4jGraphQL } from './neo4j-graphql-server';

async function main(): Promise<void> {
  const { NEO4J_URI: uri, NEO4J_USER: user, NEO4J_PASSWORD: password } = process.env;
  if (!uri || !user || !password) throw new Error('NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD are needed');
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
  const server = await startNeo4jGraphQL(driver);
  process.once('SIGTERM', () => {
    void server
      .stop()
      .then(() => driver.close())
      .then(() => process.exit(0));
  });
  process.send?.({ url: server.url });
}

main().catch((error: unknown) => {
  process.stderr.write(`neo4j-graphql-process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
