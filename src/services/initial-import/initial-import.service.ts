import fs from 'node:fs';
import path from 'node:path';

import type { LocalNeo4jMemory } from '../../config/config';
import { Neo4jGateway } from '../../db/gateway';
import { applyFinalSchema } from '../../db/migrations';
import { assertNotInUse, hasLocalDatabase, localStatus, StoppedOptions, whileLocalNeo4jStopped } from '../../local-neo4j/local-neo4j';
import { LocalNeo4jError } from '../../local-neo4j/local-neo4j-error';
import { runNeo4jAdmin } from '../../local-neo4j/neo4j-admin';
import { InitialImportRepository } from '../../repositories/initial-import.repository';
import { InputFormat, readJsonDocument, readJsonLines } from '../import/record-reader';
import { ARRAY_DELIMITER, InitialCounts, InitialCsvFiles, InitialProblem, writeInitialCsv } from './initial-csv.writer';

/** An open local database: the gateway, and closing it (which stops a server it started). */
export interface OpenedDatabase {
  gateway: Neo4jGateway;
  close(): Promise<void>;
}

export interface InitialImportOptions {
  file: string;
  format: InputFormat;
  onError?: 'stop' | 'skip';
  dataDir: string;
  cacheDir: string;
  mavenRepoUrl?: string;
  /**
   * Opens the local database (starting its server when none runs) and, when `migrate`, applies the
   * migrations; after the import it is opened without them (applyFinalSchema creates the schema).
   */
  open(migrate: boolean): Promise<OpenedDatabase>;
  progress: (line: string, transient?: boolean) => void;
  onProblem?: (problem: InitialProblem) => void;
  /** Memory the importer may use off-heap (neo4j-admin's --max-off-heap-memory). */
  offHeapMemory?: string;
  /**
   * Page cache and heap of a `db start` server stopped for the importer and started again after it
   * (NEWSGRAPH_NEO4J_PAGECACHE and NEWSGRAPH_NEO4J_HEAP); unset: the local server's defaults.
   */
  restartMemory?: LocalNeo4jMemory;
}

export interface InitialPhase {
  name: string;
  seconds: number;
}

export interface InitialImportReport {
  counts: InitialCounts;
  records: number;
  skipped: InitialProblem[];
  phases: InitialPhase[];
  /** The importer alone (neo4j-admin database import full). */
  importerSeconds: number;
  seconds: number;
}

const PURPOSE = `'newsgraph import --initial'`;

/** The first bad record under --on-error stop: nothing was changed. */
export class InitialImportStoppedError extends Error {
  constructor(readonly problem: InitialProblem) {
    super(`${problem.where}: ${problem.message}`);
  }
}

/**
 * `newsgraph import --initial FILE`: a first load into an EMPTY local database through Neo4j's own
 * offline importer. While Neo4j still runs: check it is empty, validate the whole file and write
 * the CSV files (a bad record stops here, with nothing changed); with no server running and no
 * database in the folder, it is empty without opening it. Then stop the server, run
 * `neo4j-admin database import full`, start it again, create the final schema once (applyFinalSchema:
 * every migration recorded as applied, none replayed over the data), and derive what the importer
 * cannot write (degrees, empty lists). Each phase is timed.
 */
export async function initialImport(options: InitialImportOptions): Promise<InitialImportReport> {
  const started = performance.now();
  const phases: InitialPhase[] = [];
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    const seconds = (performance.now() - t) / 1000;
    phases.push({ name, seconds });
    options.progress(`  ${name}: ${seconds.toFixed(1)} s`);
    return result;
  };
  // Refused before anything is said or opened: one line, as for every other refusal.
  assertNotInUse(options.dataDir, PURPOSE);
  options.progress(
    `Importing ${options.file} into the empty local database with Neo4j's offline importer (on error: ${options.onError ?? 'stop'})`,
  );

  const csvDir = path.join(options.dataDir, 'import', `initial-${process.pid}-${Date.now()}`);
  try {
    // With no server running and no database folder there is nothing to open: the database is empty.
    const database =
      !localStatus(options.dataDir).running && !hasLocalDatabase(options.dataDir)
        ? undefined
        : await timed('open the local Neo4j and check it is empty', () => options.open(true));
    let csv;
    try {
      const nodes = database === undefined ? 0 : await new InitialImportRepository(database.gateway).dataNodes();
      if (nodes > 0)
        throw new LocalNeo4jError(
          `The local database in ${options.dataDir} is not empty (${nodes} nodes): --initial loads only into an empty one; run 'newsgraph db reset --yes' first (after 'newsgraph db dump FILE' to keep it), or import without --initial.`,
        );
      const records = options.format === 'jsonl' ? readJsonLines(options.file) : readJsonDocument(options.file);
      const size = fs.statSync(options.file).size;
      csv = await timed('validate, hash and write the CSV files', () =>
        writeInitialCsv(records, csvDir, {
          onError: options.onError,
          onProblem: options.onProblem,
          onProgress: (bytes, count) =>
            options.progress(
              `  validating: ${Math.round((100 * bytes) / Math.max(size, 1))}% of the file, ${count.toLocaleString('en-US')} records`,
              true,
            ),
        }),
      );
    } finally {
      await database?.close();
    }
    if (csv.status === 'stopped') throw new InitialImportStoppedError(csv.problem);
    const files = csv.files;

    let importerSeconds = 0;
    await timed('stop Neo4j, run the offline importer', () =>
      whileLocalNeo4jStopped(stoppedOptions(options), async () => {
        const t = performance.now();
        await runNeo4jAdmin(options, importArguments(files, options.offHeapMemory ?? '2G'), {
          onLine: (line) => {
            if (/^IMPORT DONE|^Imported:|^\s+\d+ (nodes|relationships|properties)/.test(line))
              options.progress(`  neo4j-admin: ${line.trim()}`);
          },
        });
        importerSeconds = (performance.now() - t) / 1000;
        options.progress(`  offline importer phase: ${importerSeconds.toFixed(1)} s`);
      }),
    );

    const after = await timed('start Neo4j', () => options.open(false));
    try {
      // Before the schema: the indexes are then built once over the final values, not kept up meanwhile.
      await timed('derive degrees and empty lists', async () => {
        const repository = new InitialImportRepository(after.gateway);
        await repository.deriveEntityValues();
        for (const type of csv.counts.typesWithoutEvidence) await repository.emptyEvidenceLists(type);
      });
      // The final schema built once over the imported data, instead of every migration replayed over it
      // (a load cut off before this leaves no migration records: the next start applies them all).
      await timed('create the final schema over the imported data', () => applyFinalSchema(after.gateway));
    } finally {
      await after.close();
    }
    return {
      counts: csv.counts,
      records: csv.records,
      skipped: csv.skipped,
      phases,
      importerSeconds,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    fs.rmSync(csvDir, { recursive: true, force: true });
  }
}

/** How the importer's phase stops the local server, and starts a `db start` one again after it. */
export function stoppedOptions(options: InitialImportOptions): StoppedOptions {
  return {
    dataDir: options.dataDir,
    cacheDir: options.cacheDir,
    mavenRepoUrl: options.mavenRepoUrl,
    progress: options.progress,
    purpose: PURPOSE,
    restartMemory: options.restartMemory,
  };
}

/** The arguments of `neo4j-admin database import full` for these CSV files (bench:import's ceiling reads them too). */
export function importArguments(files: InitialCsvFiles, offHeap: string): string[] {
  const args = [
    'database',
    'import',
    'full',
    // The database name first: after the last --relationships=... (when no multi-line option follows)
    // the tool reads it as one more file ("File 'neo4j' doesn't exist").
    'neo4j',
    '--overwrite-destination=true',
    '--id-type=string',
    `--array-delimiter=U+${ARRAY_DELIMITER.codePointAt(0)?.toString(16).padStart(4, '0').toUpperCase()}`,
    // Every row was checked before: any bad entry is a bug, and must fail the import.
    '--bad-tolerance=0',
    `--max-off-heap-memory=${offHeap}`,
    `--report-file=${path.join(files.dir, 'import.report')}`,
    ...files.nodes.map((node) => `--nodes=${node.labels}=${node.file}`),
    ...files.relationships.map((rel) => `--relationships=${rel.type}=${rel.file}`),
  ];
  // The v2 multi-line reader (per file) failed on a 100,000-relationship file at a 4 MB buffer
  // boundary ("Weird input data, found CR outside a text cell"); the v1 reader reads it.
  if (files.multiline.length > 0) args.push('--multiline-fields-format=v1', '--multiline-fields=true');
  return args;
}
