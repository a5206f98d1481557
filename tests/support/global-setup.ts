import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Config, loadConfig } from '../../src/config/config';
import { configuredNeo4jOptions, LocalNeo4jOptions, startLocalNeo4j } from '../../src/local-neo4j/local-neo4j';

/**
 * How the run's Neo4j starts on `dataDir`: the jars, the Maven mirror, and the page cache and heap
 * (NEWSGRAPH_NEO4J_PAGECACHE and NEWSGRAPH_NEO4J_HEAP, unset: the local server's defaults) as
 * `newsgraph serve` takes them from the configuration.
 */
export function testNeo4jOptions(config: Config, dataDir: string): LocalNeo4jOptions {
  return configuredNeo4jOptions(config, dataDir, 'test', (line, transient) => {
    if (!transient) process.stderr.write(`[test neo4j] ${line}\n`);
  });
}

/**
 * Starts one real Neo4j for the whole integration run, in a fresh temporary folder: never the
 * developer's data folder, never NEO4J_URI. NEWSGRAPH_TEST_NEO4J_URI (with _USER/_PASSWORD)
 * points the tests at an existing, disposable server instead; the tests wipe it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.NEWSGRAPH_TEST_NEO4J_URI) return;
  // A bad variable (NEWSGRAPH_NEO4J_HEAP=2gb) stops the run here with loadConfig's one line.
  const config = loadConfig();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-test-'));
  const started = Date.now();
  const neo4j = await startLocalNeo4j(testNeo4jOptions(config, dataDir));
  process.stderr.write(`[test neo4j] ready at ${neo4j.uri} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.env.NEWSGRAPH_TEST_NEO4J_URI = neo4j.uri;
  process.env.NEWSGRAPH_TEST_NEO4J_USER = neo4j.user;
  process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD = neo4j.password;
  process.env.NEWSGRAPH_TEST_DATA_DIR = dataDir;
  (globalThis as { __NEWSGRAPH_TEST_NEO4J__?: typeof neo4j }).__NEWSGRAPH_TEST_NEO4J__ = neo4j;
}
