import fs from 'node:fs';

import { Config } from '../../config/config';
import { openDatabase } from '../../server/app';
import { Logger } from '../../server/logger';
import { StartupError } from '../../server/startup-error';
import {
  BulkCounts,
  BulkImportFailedError,
  BulkImportReport,
  BulkImportService,
  BulkProgress,
  OnError,
} from '../../services/bulk-import.service';
import { detectFormat, InputFormat, readJsonDocument, readJsonLines } from '../../services/import/record-reader';
import {
  InitialImportOptions,
  InitialImportReport,
  InitialImportStoppedError,
  initialImport,
} from '../../services/initial-import/initial-import.service';
import { CliContext, defineCommand } from '../command';
import { UsageError } from '../command-line';
import { progressPrinter, stepPrinter } from '../progress';

const IMPORT_USAGE = `  import FILE [--on-error stop|skip] [--batch-size N] [--format json|jsonl]
                        load a graph file (the importGraph JSON shape, or JSON Lines) in batches, idempotently
  import --initial FILE [--on-error stop|skip] [--format json|jsonl]
                        first load into an EMPTY local database with Neo4j's offline importer (much faster;
                        stops and restarts the local Neo4j; refused while 'serve' uses it)`;

const number = (n: number): string => Math.round(n).toLocaleString('en-US');

/** "12,000 created, 0 updated, 3 unchanged" for one kind. */
function line(counts: BulkCounts[keyof BulkCounts]): string {
  const skipped = counts.skipped > 0 ? `, ${number(counts.skipped)} skipped` : '';
  return `${number(counts.created)} created, ${number(counts.updated)} updated, ${number(counts.unchanged)} unchanged${skipped}`;
}

/** The closing summary: counts per kind and rates. */
export function summary(report: BulkImportReport): string {
  const seconds = Math.max(report.seconds, 0.001);
  const rels = report.counts.relationships;
  const relsDone = rels.created + rels.updated + rels.unchanged;
  return [
    `  sources:       ${line(report.counts.sources)}`,
    `  entities:      ${line(report.counts.entities)}`,
    `  relationships: ${line(rels)}`,
    `  ${number(report.records)} records in ${seconds.toFixed(1)} s: ${number(report.records / seconds)} records/s, ${number(relsDone / seconds)} relationships/s`,
  ].join('\n');
}

/**
 * Progress on stderr: a bar rewritten in place on a terminal; otherwise a plain line each time
 * another tenth of the file is read, and at least every 30 s.
 */
function progressReporter(totalBytes: number, tty: boolean): (progress: BulkProgress) => void {
  let lastTenth = 0;
  let lastLine = Date.now();
  return ({ bytesRead, records, counts, elapsedMs }) => {
    const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 0;
    const rels = counts.relationships.created + counts.relationships.updated + counts.relationships.unchanged;
    const seconds = Math.max(elapsedMs / 1000, 0.001);
    const rates = `${number(records / seconds)} records/s, ${number(rels / seconds)} relationships/s`;
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const eta = fraction > 0 ? ` ETA ${Math.max(0, Math.round(seconds / fraction - seconds))} s` : '';
      process.stderr.write(
        `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% ${number(records)} records, ${rates}${eta}`,
      );
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth > lastTenth || Date.now() - lastLine > 30_000) {
      lastTenth = Math.max(lastTenth, tenth);
      lastLine = Date.now();
      process.stderr.write(`progress: ${(fraction * 100).toFixed(0)}% of the file, ${number(records)} records, ${rates}\n`);
    }
  };
}

/** `newsgraph import FILE`: see IMPORT_USAGE and docs/API.md's CLI section. */
export const importCommand = defineCommand({
  name: 'import',
  usage: IMPORT_USAGE,
  flags: {
    'on-error': { type: 'string', choices: ['stop', 'skip'] },
    'batch-size': { type: 'integer', min: 1, max: 50_000 },
    format: { type: 'string', choices: ['json', 'jsonl'] },
    initial: { type: 'boolean' },
  },
  positionals: ['FILE'],
  run: async ({ flags, positionals: [file] }, context) => {
    if (flags.initial && flags['batch-size'] !== undefined)
      throw new UsageError('import: --batch-size goes with the online import, not with --initial.');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new StartupError(`import: no file at ${file}.`);
    if (flags.initial) {
      await offlineImport(file, flags['on-error'] === 'skip' ? 'skip' : 'stop', flags.format as InputFormat | undefined, context);
      return;
    }
    await onlineImport(
      file,
      flags['on-error'] === 'skip' ? 'skip' : 'stop',
      flags['batch-size'] ?? 10_000,
      flags.format as InputFormat | undefined,
      context,
    );
  },
});

/**
 * A load is a batch job, not an API request: a database just started on a loaded machine plans its
 * first queries slowly, so its migrations, lookups and derived values get more than the API's
 * per-query timeout (each batch's transaction has its own, longer one).
 */
function batchJobConfig(config: Config): Config {
  return { ...config, neo4j: { ...config.neo4j, transactionTimeoutMs: Math.max(config.neo4j.transactionTimeoutMs, 120_000) } };
}

/**
 * What `import --initial FILE` hands initialImport: the configured local folder, and the configured
 * page cache and heap for a `db start` server it stops and starts again around the importer.
 */
export function initialImportOptions(
  config: Config,
  log: Logger,
  file: string,
  format: InputFormat,
  onError: OnError,
): InitialImportOptions {
  const progress = progressPrinter();
  return {
    file,
    format,
    onError,
    dataDir: config.dataDir,
    cacheDir: config.neo4jCacheDir,
    mavenRepoUrl: config.mavenRepoUrl,
    restartMemory: config.localNeo4j,
    open: (migrate) => openDatabase(batchJobConfig(config), log, stepPrinter, { migrate }),
    progress,
    onProblem: (problem) => progress(`skipped ${problem.where}: ${problem.message}`),
  };
}

async function offlineImport(file: string, onError: OnError, formatFlag: InputFormat | undefined, context: CliContext): Promise<void> {
  const config = context.config();
  if (config.neo4j.uri)
    throw new StartupError(
      `NEO4J_URI is set (${config.neo4j.uri}): 'import --initial' loads only the local Neo4j (it runs neo4j-admin on its files); import without --initial, or use that server's own neo4j-admin.`,
    );
  const format: InputFormat = formatFlag ?? (await detectFormat(file));
  let report: InitialImportReport;
  try {
    report = await initialImport(initialImportOptions(config, context.log(), file, format, onError));
  } catch (error) {
    if (error instanceof InitialImportStoppedError)
      throw new StartupError(
        `import --initial stopped at ${error.message}. Nothing was changed (use --on-error skip to leave bad records out).`,
      );
    throw error;
  }
  const c = report.counts;
  const rate = (n: number, seconds: number): string => number(n / Math.max(seconds, 0.001));
  console.log(
    [
      `Imported ${file} with the offline importer${report.skipped.length > 0 ? ` (${report.skipped.length} bad records skipped)` : ''}:`,
      `  ${number(c.sources)} sources, ${number(c.entities)} entities, ${number(c.relationships)} relationships, ${number(c.mentions)} mentions`,
      ...report.phases.map((phase) => `  ${phase.name}: ${phase.seconds.toFixed(1)} s`),
      `  offline importer phase: ${report.importerSeconds.toFixed(1)} s, ${rate(c.relationships, report.importerSeconds)} relationships/s`,
      `  ${number(report.records)} records in ${report.seconds.toFixed(1)} s end to end: ${rate(c.relationships, report.seconds)} relationships/s`,
    ].join('\n'),
  );
}

async function onlineImport(
  file: string,
  onError: OnError,
  batchSize: number,
  formatFlag: InputFormat | undefined,
  context: CliContext,
): Promise<void> {
  const config = context.config();
  const log = context.log();
  const format: InputFormat = formatFlag ?? (await detectFormat(file));

  const tty = process.stderr.isTTY === true;
  const database = await openDatabase(batchJobConfig(config), log, stepPrinter);
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) {
      process.stderr.write(`\nnewsgraph: ${signal} again: exiting now; the batch in flight is rolled back. Re-run to complete the load.\n`);
      process.exit(130);
    }
    process.stderr.write(`\nnewsgraph: ${signal}: finishing the batch in flight, then stopping (press Ctrl-C again to stop at once).\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const where = (problem: { where: string; message: string }): string => `${problem.where}: ${problem.message}`;
  try {
    process.stderr.write(
      `Importing ${file} (${format === 'jsonl' ? 'JSON Lines' : 'JSON'}, batches of ${batchSize}, on error: ${onError})\n`,
    );
    const service = new BulkImportService(database.gateway);
    const records = format === 'jsonl' ? readJsonLines(file) : readJsonDocument(file);
    let report: BulkImportReport;
    try {
      report = await service.import(records, {
        onError,
        batchSize,
        signal: controller.signal,
        onProgress: progressReporter(fs.statSync(file).size, tty),
        onProblem: (problem) => {
          if (onError === 'skip') process.stderr.write(`${tty ? '\r\x1b[K' : ''}skipped ${where(problem)}\n`);
        },
      });
    } catch (error) {
      if (error instanceof BulkImportFailedError) {
        process.stderr.write(`${tty ? '\n' : ''}${summary(error.report)}\n`);
        throw new StartupError(`import of ${file} failed: ${error.message}`);
      }
      throw error;
    }
    if (tty) process.stderr.write('\n');
    const unit = format === 'jsonl' ? 'line' : 'record';
    switch (report.status) {
      case 'complete':
        console.log(
          `Imported ${file}${report.problemCount > 0 ? ` (${report.problemCount} bad records skipped)` : ''}:\n${summary(report)}`,
        );
        return;
      case 'interrupted':
        console.log(
          `Interrupted: ${report.committedThrough > 0 ? `everything through ${unit} ${report.committedThrough} is loaded` : 'nothing was loaded'}; re-run the same command to complete the load.\n${summary(report)}`,
        );
        process.exitCode = 130;
        return;
      case 'stopped': {
        const bad = report.stoppedAt;
        console.log(summary(report));
        throw new StartupError(
          `import stopped at ${bad ? where(bad) : 'a bad record'}. Everything before it is loaded, nothing after it (use --on-error skip to load the rest and report bad records).`,
        );
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await database.close();
  }
}
