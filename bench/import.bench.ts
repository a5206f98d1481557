/**
 * Bulk import benchmark: `newsgraph import`'s service on a generated JSON Lines file of
 * 1,000,000 relationships, into a fresh local Neo4j, then the same file again (the idempotent
 * re-run: everything unchanged); then `newsgraph import --initial`'s offline importer on the same
 * file into another fresh database, end to end and its neo4j-admin phase alone. Ceiling rows show
 * what Neo4j itself does here (bench/lib/import-ceilings.ts): the file's first 100,000
 * relationships created from prebuilt rows, and neo4j-admin on a graph of the file's size with ids only.
 *
 *   npm run bench:import                  # 1,000,000 relationships
 *   npm run bench:import -- 100000        # another size
 *   npm run bench:import -- 100000 --online-only --batch-size 5000   # quicker experiments
 *
 * The file is generated once into .newsgraph/bench-import/ (gitignored) and reused; the database
 * folder there is wiped at every run. Prints the rates measured in this run; stops by itself.
 */
import 'reflect-metadata';

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parseCommandLine, runScript, UsageError } from '../src/cli/command-line';
import { Config, loadConfig } from '../src/config/config';
import { projectRoot } from '../src/config/paths';
import { Neo4jGateway } from '../src/db/gateway';
import { applyMigrations } from '../src/db/migrations';
import { startLocalNeo4j } from '../src/local-neo4j/local-neo4j';
import { BulkImportReport, BulkImportService } from '../src/services/bulk-import.service';
import { initialImport, InitialImportReport, OpenedDatabase } from '../src/services/initial-import/initial-import.service';
import { generateGraph, writeGeneratedFile } from '../src/services/generator.service';
import { readJsonLines } from '../src/services/import/record-reader';
import { addCounts, emptyCounts } from '../src/services/write';
import { CeilingRun, importerCeiling, onlineCeiling, planFile } from './lib/import-ceilings';

/** Relationships of the file that the online ceiling writes (fewer when the file has fewer). */
const CEILING_SAMPLE = 100_000;

/** Entities whose generated graph has at least this many relationships (about 3.1 per entity). */
const entitiesFor = (relationships: number): number => Math.ceil(relationships / 2.9);

/** One row of the table: a run's records, time, rates and counts (created/updated/unchanged). */
interface Row {
  label: string;
  records: number;
  seconds: number;
  relationships: number;
  /** Absent for a ceiling (not a load of the file). */
  entities?: { created: number; updated: number; unchanged: number };
  relationshipCounts?: { created: number; updated: number; unchanged: number };
}

const createdUpdatedUnchanged = (c: Row['entities']): string => (c === undefined ? '-' : `${c.created}/${c.updated}/${c.unchanged}`);

function line(row: Row): string {
  const cells = [
    row.label.padEnd(45),
    row.records.toString().padStart(9),
    row.seconds.toFixed(1).padStart(7),
    Math.round(row.records / row.seconds)
      .toString()
      .padStart(10),
    Math.round(row.relationships / row.seconds)
      .toString()
      .padStart(8),
    createdUpdatedUnchanged(row.entities).padStart(20),
    createdUpdatedUnchanged(row.relationshipCounts).padStart(22),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** A run of the online import (or of the floor). */
function bulkRow(label: string, report: BulkImportReport): Row {
  const r = report.counts.relationships;
  return {
    label,
    records: report.records,
    seconds: report.seconds,
    relationships: r.created + r.updated + r.unchanged,
    entities: report.counts.entities,
    relationshipCounts: r,
  };
}

/** The offline importer over `seconds` (end to end, or its neo4j-admin phase): everything created. */
function initialRow(label: string, report: InitialImportReport, seconds: number): Row {
  const c = report.counts;
  return {
    label,
    records: report.records,
    seconds,
    relationships: c.relationships,
    entities: { created: c.entities, updated: 0, unchanged: 0 },
    relationshipCounts: { created: c.relationships, updated: 0, unchanged: 0 },
  };
}

/** A ceiling: relationships written by Neo4j alone (records are those relationships). */
function ceilingRow(run: CeilingRun): Row {
  return { label: run.label, records: run.relationships, seconds: run.seconds, relationships: run.relationships };
}

/**
 * The floor: what Node does for a load without any database: read and parse each line, validate it,
 * build its rows and content hashes, and plan the batches (references checked against what earlier
 * batches brought, as the online load does with its caches).
 */
async function parseValidateHash(file: string, batchSize = 10_000): Promise<BulkImportReport> {
  const started = performance.now();
  const counts = emptyCounts();
  const records = await planFile(file, batchSize, (planned) => {
    addCounts(counts, planned.counts);
    return true;
  });
  return {
    counts,
    records,
    seconds: (performance.now() - started) / 1000,
    problems: [],
    problemCount: 0,
    committedThrough: records,
    status: 'complete',
  };
}

/**
 * A local Neo4j on `dataDir` with the migrations applied, and closing it (the gateway, then the
 * server). Its statements may take long: a machine shared with other jobs is slow to plan them.
 */
async function openBenchDatabase(dataDir: string, config: Config, migrate = true): Promise<OpenedDatabase> {
  const server = await startLocalNeo4j({
    dataDir,
    cacheDir: config.neo4jCacheDir,
    owner: 'test',
    mavenRepoUrl: config.mavenRepoUrl,
    // NEWSGRAPH_NEO4J_PAGECACHE and NEWSGRAPH_NEO4J_HEAP, as `newsgraph serve` takes them.
    ...config.localNeo4j,
    // A machine shared with other jobs can take minutes to open Bolt; the default 90 s gave up there.
    startTimeoutMs: 300_000,
    progress: (text, transient) => {
      if (!transient) process.stderr.write(`[neo4j] ${text}\n`);
    },
  });
  const gateway = Neo4jGateway.connect(server.uri, server.user, server.password, { ...config.neo4j, transactionTimeoutMs: 3_600_000 });
  const close = async (): Promise<void> => {
    await gateway.close();
    await server.stop();
  };
  try {
    await gateway.waitUntilReachable(60_000);
    if (migrate) await applyMigrations(gateway);
  } catch (error) {
    await close();
    throw error;
  }
  return { gateway, close };
}

async function main(): Promise<void> {
  const { positionals, flags } = parseCommandLine(process.argv.slice(2), {
    command: 'bench:import',
    flags: {
      /** Leave out the offline importer runs. */
      'online-only': { type: 'boolean' },
      /** Records per transaction of the online runs (the service's default: 10,000). */
      'batch-size': { type: 'integer', min: 1, max: 1_000_000 },
    },
    positionals: ['RELATIONSHIPS'],
    minPositionals: 0,
  });
  const target = positionals[0] === undefined ? 1_000_000 : /^\d+$/.test(positionals[0]) ? Number(positionals[0]) : NaN;
  if (!(target >= 1000))
    throw new UsageError(`bench:import: RELATIONSHIPS must be a whole number of at least 1000, not "${positionals[0]}".`);
  const dir = path.join(projectRoot(), '.newsgraph', 'bench-import');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `generated-${target}.jsonl`);
  if (!fs.existsSync(file)) {
    process.stderr.write(`Generating ${file} (once; reused by later runs)...\n`);
    const started = Date.now();
    const graph = generateGraph(entitiesFor(target), 7);
    if (graph.relationships.length < target) throw new Error(`the generator gave only ${graph.relationships.length} relationships`);
    const partial = file.replace(/\.jsonl$/, '.partial.jsonl');
    const written = await writeGeneratedFile(graph, partial, { maxRelationships: target });
    fs.renameSync(partial, file);
    process.stderr.write(
      `  ${written.sources} sources, ${written.entities} entities, ${written.relationships} relationships in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
  const dataDir = path.join(dir, 'neo4j');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig();
  const database = await openBenchDatabase(dataDir, config);
  const gateway = database.gateway;
  let stopped = false;
  try {
    const size = fs.statSync(file).size;
    const rows: string[] = [];
    process.stderr.write('parse, validate and hash only (no database)...\n');
    rows.push(line(bulkRow('parse, validate and hash only (no database)', await parseValidateHash(file, flags['batch-size']))));
    /** Time inside Neo4j round trips per statement (its first words), for each online run. */
    const byRun = new Map<string, Map<string, { calls: number; ms: number }>>();
    let byStatement = new Map<string, { calls: number; ms: number }>();
    const stopListening = gateway.onQuery((event) => {
      const key = event.cypher
        .replace(/\s+/g, ' ')
        .replace(/USING INDEX \S+/g, '')
        .slice(0, 70);
      const entry = byStatement.get(key) ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      entry.ms += event.durationMs;
      byStatement.set(key, entry);
    });
    for (const label of ['first import (empty database)', 're-import (all unchanged)']) {
      process.stderr.write(`${label}...\n`);
      byStatement = new Map();
      byRun.set(label, byStatement);
      const report = await new BulkImportService(gateway).import(readJsonLines(file), {
        batchSize: flags['batch-size'],
        onProgress: ({ bytesRead, records }) => process.stderr.write(`\r  ${((100 * bytesRead) / size).toFixed(0)}% ${records} records`),
      });
      process.stderr.write('\n');
      if (report.status !== 'complete' || report.problemCount > 0)
        throw new Error(`import ${report.status}: ${JSON.stringify(report.problems[0])}`);
      rows.push(line(bulkRow(label, report)));
    }
    stopListening();
    const [count] = await gateway.read('MATCH ()-[r]->() WHERE NOT r:MENTIONS RETURN count(r) AS n');
    await database.close();
    stopped = true;

    // Neo4j's own speed here: the file's first relationships written from prebuilt rows.
    const ceilingDir = path.join(dir, 'neo4j-ceiling');
    const sample = Math.min(CEILING_SAMPLE, target);
    fs.rmSync(ceilingDir, { recursive: true, force: true });
    process.stderr.write(`ceiling: ${sample} relationships written by Neo4j alone...\n`);
    const ceilingDatabase = await openBenchDatabase(ceilingDir, config);
    try {
      for (const run of await onlineCeiling(ceilingDatabase.gateway, file, sample)) rows.push(line(ceilingRow(run)));
    } finally {
      await ceilingDatabase.close();
      fs.rmSync(ceilingDir, { recursive: true, force: true });
    }
    const load = (): string =>
      os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(', ');
    const printTable = (): void => {
      console.log(`\nMachine: ${os.cpus().length} cores, load average ${load()} (1, 5, 15 min) when the runs ended.`);
      console.log(
        `\nBulk import of ${path.basename(file)} (${(size / 1e6).toFixed(0)} MB) into a fresh local Neo4j; ${count.n} relationships stored.\n`,
      );
      console.log(
        '| run                                           |   records |       s |  records/s |  rels/s | entities c/u/unch.   | relationships c/u/unch. |',
      );
      console.log(
        '|-----------------------------------------------|----------:|--------:|-----------:|--------:|---------------------:|-----------------------:|',
      );
      for (const row of rows) console.log(row);
      for (const [label, statements] of byRun) {
        const total = [...statements.values()].reduce((sum, { ms }) => sum + ms, 0);
        console.log(
          `\n${label}: ${(total / 1000).toFixed(1)} s in Neo4j round trips, by statement (the rest is reading, validating and hashing in Node, and the commits):\n`,
        );
        for (const [statement, { calls, ms }] of [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10))
          console.log(`${(ms / 1000).toFixed(1).padStart(7)} s ${String(calls).padStart(5)} calls  ${statement}`);
      }
    };
    if (flags['online-only']) {
      printTable();
      return;
    }

    // The offline importer on the same file, into another empty database (as `import --initial`).
    process.stderr.write('initial import (offline importer)...\n');
    fs.rmSync(dataDir, { recursive: true, force: true });
    const initial = await initialImport({
      file,
      format: 'jsonl',
      dataDir,
      cacheDir: config.neo4jCacheDir,
      mavenRepoUrl: config.mavenRepoUrl,
      open: (migrate) => openBenchDatabase(dataDir, config, migrate),
      progress: (text, transient) => {
        if (!transient) process.stderr.write(`${text}\n`);
      },
    });
    rows.push(line(initialRow('initial import (offline importer), end to end', initial, initial.seconds)));
    rows.push(line(initialRow('offline importer phase', initial, initial.importerSeconds)));
    process.stderr.write('ceiling: the offline importer on ids only...\n');
    try {
      const ceiling = { dataDir: ceilingDir, cacheDir: config.neo4jCacheDir, mavenRepoUrl: config.mavenRepoUrl };
      rows.push(line(ceilingRow(await importerCeiling(ceiling, initial.counts.entities, initial.counts.relationships))));
    } finally {
      fs.rmSync(ceilingDir, { recursive: true, force: true });
    }
    printTable();
    console.log('\nInitial import (offline importer), time by phase:\n');
    for (const phase of initial.phases) console.log(`${phase.seconds.toFixed(1).padStart(7)} s  ${phase.name}`);
    console.log(
      `${initial.importerSeconds.toFixed(1).padStart(7)} s  of which neo4j-admin database import full (the offline importer phase)`,
    );
  } finally {
    if (!stopped) await database.close();
  }
}

runScript('bench:import', main);
