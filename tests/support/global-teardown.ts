import fs from 'node:fs';

import { LocalNeo4j } from '../../src/local-neo4j/local-neo4j';

/** Stops the run's Neo4j and deletes its folder. */
export default async function globalTeardown(): Promise<void> {
  const neo4j = (globalThis as { __NEWSGRAPH_TEST_NEO4J__?: LocalNeo4j }).__NEWSGRAPH_TEST_NEO4J__;
  if (!neo4j) return;
  await neo4j.stop();
  const dataDir = process.env.NEWSGRAPH_TEST_DATA_DIR;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
