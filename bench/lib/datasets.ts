/**
 * The benchmark data sets: the seed graph, and generated graphs of N entities, each in its own
 * local Neo4j data folder (.newsgraph/bench-seed, .newsgraph/bench-<N>, gitignored), built once
 * and reused by later runs. Every benchmark measures on exactly these.
 */
import fs from 'node:fs';
import path from 'node:path';

import neo4j, { Driver } from 'neo4j-driver';

import { parseCommandLine, UsageError } from '../../src/cli/command-line';
import { loadConfig } from '../../src/config/config';
import { projectRoot } from '../../src/config/paths';
import { Neo4jGateway } from '../../src/db/gateway';
import { applyMigrations } from '../../src/db/migrations';
import { startLocalNeo4j } from '../../src/local-neo4j/local-neo4j';
import { generateGraph, writeGenerated } from '../../src/services/generator.service';
import { ImportService } from '../../src/services/import.service';
import { loadSeed } from '../../src/services/seed.service';
import { ensureHubs } from './bench-graph';

/** 'seed' or a number of generated entities. */
export type DatasetName = 'seed' | number;

export interface Dataset {
  name: DatasetName;
  /** Entities in the database. */
  entities: number;
  uri: string;
  user: string;
  password: string;
  /** A driver configured as the server's own (plain numbers for integers). */
  driver: Driver;
  gateway: Neo4jGateway;
  close(): Promise<void>;
}

export const DEFAULT_DATASETS: DatasetName[] = ['seed', 10_000, 100_000];

/** Reads data set names from the command line ("seed", "10000", ...); the defaults when none. */
export function datasetsFromArgs(args: string[], defaults: DatasetName[] = DEFAULT_DATASETS, command = 'bench'): DatasetName[] {
  const { positionals } = parseCommandLine(args, { command, flags: {}, positionals: ['DATASET'], minPositionals: 0, variadic: true });
  const chosen: DatasetName[] = [];
  for (const arg of positionals) {
    if (arg === 'seed') chosen.push('seed');
    else if (/^\d+$/.test(arg) && Number(arg) > 0) chosen.push(Number(arg));
    else throw new UsageError(`${command}: unknown data set "${arg}": use "seed" or a number of entities such as 10000.`);
  }
  return chosen.length > 0 ? chosen : defaults;
}

export function label(name: DatasetName): string {
  return name === 'seed' ? 'seed' : String(name);
}

/** Starts the data set's Neo4j, migrates it, and fills it on first use. */
export async function openDataset(name: DatasetName): Promise<Dataset> {
  const config = loadConfig();
  const dataDir = path.join(projectRoot(), '.newsgraph', `bench-${label(name)}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const server = await startLocalNeo4j({
    dataDir,
    cacheDir: config.neo4jCacheDir,
    owner: 'test',
    progress: (line, transient) => !transient && process.stderr.write(`${line}\n`),
    // The benchmarks' data sets run with a 2 GB heap unless NEWSGRAPH_NEO4J_HEAP says otherwise.
    pageCache: config.localNeo4j.pageCache,
    heap: config.localNeo4j.heap ?? '2g',
  });
  const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password), {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
  });
  const gateway = new Neo4jGateway(driver, { database: 'neo4j', transactionTimeoutMs: 30_000 });
  const close = async (): Promise<void> => {
    await driver.close();
    await server.stop();
  };
  try {
    await gateway.waitUntilReachable(30_000);
    await applyMigrations(gateway);
    await fill(name, gateway);
    const [row] = await gateway.read('MATCH (e:Entity) RETURN count(e) AS n');
    return { name, entities: Number(row.n), uri: server.uri, user: server.user, password: server.password, driver, gateway, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function fill(name: DatasetName, gateway: Neo4jGateway): Promise<void> {
  const [row] = await gateway.read('MATCH (e:Entity) RETURN count(e) AS n');
  const present = Number(row.n);
  if (name === 'seed') {
    if (present > 0) return;
    process.stderr.write('Loading the seed graph (once; reused by later runs)...\n');
    await loadSeed(new ImportService(gateway));
    return;
  }
  if (present < name) {
    process.stderr.write(`Generating ${name} entities (once; reused by later runs)...\n`);
    const started = Date.now();
    await writeGenerated(new ImportService(gateway), generateGraph(name, 11), (done, total) => {
      process.stderr.write(`\r  ${done}/${total} records`);
    });
    process.stderr.write(`\n  generated in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  // The hubs of the relationships-page rows (bench/lib/bench-graph.ts), once.
  await ensureHubs(gateway, (line) => process.stderr.write(`${line}\n`));
}
