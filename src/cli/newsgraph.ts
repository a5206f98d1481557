#!/usr/bin/env node
import 'reflect-metadata';

import { assertSafeToServe, Config, ConfigError, loadConfig } from '../config/config';
import { SCHEMA_FILE } from '../config/paths';
import { Neo4jGateway } from '../db/gateway';
import { printSortedSchema, writeSchemaFile } from '../graphql/schema';
import { localStatus, resetLocalNeo4j, startLocalNeo4j, stopLocalNeo4j } from '../local-neo4j/local-neo4j';
import { LocalNeo4jError } from '../local-neo4j/local-neo4j-error';
import { openDatabase, startApp } from '../server/app';
import { createLogger, createScrubber, Logger } from '../server/logger';
import { StartupError } from '../server/startup-error';
import { ImportService } from '../services/import.service';
import { generateGraph, writeGenerated, writeGeneratedFile } from '../services/generator.service';
import { loadSeed } from '../services/seed.service';
import { ApiError } from '../errors/api-errors';
import { exportCommand, EXPORT_USAGE } from './commands/export';
import { importCommand, IMPORT_USAGE } from './commands/import';
import { referenceCommand, REFERENCE_USAGE } from './commands/reference';
import fs from 'node:fs';

const USAGE = `Usage: newsgraph <command>

  serve                 start the API (and a local Neo4j when NEO4J_URI is unset); npm start runs this
  db start              start the local Neo4j in the background and print how to connect
  db stop               stop the local Neo4j
  db status             say whether the local Neo4j runs, and where
  db reset --yes        delete the local database (it must be stopped)
  seed                  load the seed graph from cypher/seed (idempotent)
  generate --entities N [--seed S] [--out FILE.jsonl|FILE.json]
                        add a synthetic news graph of N entities (hubs, sparse people, events, topics),
                        or with --out write it to a file for 'newsgraph import' instead
${IMPORT_USAGE}
${EXPORT_USAGE}
${REFERENCE_USAGE}
  schema --write        write schema/schema.graphql from the code
  schema --check        fail when schema/schema.graphql differs from the code

Configuration comes from the environment; see .env.example.`;

/** Censors secrets from the one-line failure message (set once the configuration is known). */
let scrubFatal = (text: string): string => text;

/**
 * Progress on stderr: rewritten in place on a terminal, one line per step otherwise. Given a logger
 * (serve with LOG_FORMAT=json), progress becomes log lines, so that stderr stays JSON throughout.
 */
function progressPrinter(log?: Logger): (line: string, transient?: boolean) => void {
  let lastTransient = 0;
  return (line, transient = false) => {
    if (log !== undefined) {
      if (!transient || Date.now() - lastTransient > 2000) {
        log.info(line.trim());
        if (transient) lastTransient = Date.now();
      }
    } else if (process.stderr.isTTY) {
      process.stderr.write(`\r\x1b[K${line}${transient ? '' : '\n'}`);
    } else if (!transient || Date.now() - lastTransient > 2000) {
      process.stderr.write(`${line.trim()}\n`);
      if (transient) lastTransient = Date.now();
    }
  };
}

/** How this instance treats writes and browsers, said once at start-up (never the keys themselves). */
function accessSummary(config: Config): string {
  const writes = config.readOnly
    ? 'read-only (NEWSGRAPH_READ_ONLY=true): mutations are refused'
    : config.apiKeys.length > 0
      ? `mutations need one of ${config.apiKeys.length} API key${config.apiKeys.length > 1 ? 's' : ''}`
      : 'mutations are open to anyone (no NEWSGRAPH_API_KEYS)';
  const cors = config.corsOrigins.length === 0 ? 'same-origin only' : config.corsOrigins.join(', ');
  return `Access: reads open; ${writes}; browsers: ${cors}.`;
}

async function serve(config: Config, log: Logger): Promise<void> {
  // Before anything starts: production with writes open to anyone is refused.
  assertSafeToServe(config);
  const started = Date.now();
  // Until start-up is done, an interrupt just exits: the watchdog stops a Neo4j we started, and
  // the next start clears its claim on the data folder.
  const interrupted = (signal: NodeJS.Signals): void => {
    process.stderr.write(`newsgraph: ${signal} during start-up: stopped; a local Neo4j being started is stopped by its watchdog.\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const app = await startApp(config, log, progressPrinter(config.logFormat === 'json' ? log : undefined));
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', interrupted);
  log.info(accessSummary(config));
  log.info(
    `NewsGraph is serving GraphQL at ${app.url}, the explorer at ${app.url.replace(/\/graphql$/, '/')} and GraphiQL at ${app.url.replace(/\/graphql$/, '/graphiql')} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  let stoppingSince = 0;
  const stop = (signal: string): void => {
    // npm and the terminal may both deliver one Ctrl-C; only a later, separate one forces.
    if (stoppingSince > 0) {
      if (Date.now() - stoppingSince < 3000) return;
      log.warn(`${signal} again: exiting now; the Neo4j watchdog stops the database.`);
      process.exit(130);
    }
    stoppingSince = Date.now();
    log.info(`${signal}: stopping (finishing requests, closing Neo4j)...`);
    app.close().then(
      () => {
        log.info('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        log.error(`Stopping failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function db(action: string | undefined, args: string[], config: Config): Promise<void> {
  if (config.neo4j.uri && action !== 'status') {
    throw new StartupError(
      `NEO4J_URI is set (${config.neo4j.uri}): 'newsgraph db ${action ?? ''}' manages only the local Neo4j; unset NEO4J_URI to use it.`,
    );
  }
  switch (action) {
    case 'start': {
      const neo = await startLocalNeo4j({
        dataDir: config.dataDir,
        cacheDir: config.neo4jCacheDir,
        owner: 'db-start',
        progress: progressPrinter(),
        mavenRepoUrl: config.mavenRepoUrl,
      });
      console.log(`Neo4j runs at ${neo.uri} (user ${neo.user}, password in ${config.dataDir}/password). Stop it with 'newsgraph db stop'.`);
      return;
    }
    case 'stop':
      console.log((await stopLocalNeo4j(config.dataDir)) ? 'Neo4j stopped.' : `No local Neo4j runs on ${config.dataDir}.`);
      return;
    case 'status': {
      if (config.neo4j.uri) {
        console.log(`NEO4J_URI is set: NewsGraph uses ${config.neo4j.uri}, not a local Neo4j.`);
        return;
      }
      const status = localStatus(config.dataDir);
      console.log(
        status.running
          ? `running: ${status.uri} (pid ${status.pid}, started by ${status.owner}, data in ${status.dataDir})`
          : `stopped (data in ${status.dataDir})`,
      );
      if (!status.running) process.exitCode = 3;
      return;
    }
    case 'reset':
      if (!args.includes('--yes'))
        throw new StartupError(`This deletes the database in ${config.dataDir}: run 'newsgraph db reset --yes' to confirm.`);
      resetLocalNeo4j(config.dataDir);
      console.log(`Deleted the local database in ${config.dataDir}; the next start creates a new one.`);
      return;
    default:
      throw new StartupError(`Unknown 'db' action "${action ?? ''}": use start, stop, status or reset.\n\n${USAGE}`);
  }
}

async function seed(config: Config, log: Logger): Promise<void> {
  const database = await openDatabase(config, log, progressPrinter());
  try {
    const report = await loadSeed(new ImportService(database.gateway));
    console.log(`Seed graph: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`);
  } finally {
    await database.close();
  }
}

/** The value after a flag (`--entities 1000`), or undefined. */
function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function generate(args: string[], config: Config, log: Logger): Promise<void> {
  const entities = Number(flag(args, '--entities'));
  const seed = Number(flag(args, '--seed') ?? '42');
  if (!Number.isInteger(entities) || entities < 10 || entities > 2_000_000)
    throw new StartupError('generate needs --entities N, a whole number from 10 to 2000000.');
  if (!Number.isInteger(seed)) throw new StartupError('--seed must be a whole number.');
  const started = Date.now();
  const graph = generateGraph(entities, seed);
  const out = flag(args, '--out');
  if (out !== undefined) {
    const written = await writeGeneratedFile(graph, out);
    console.log(
      `Wrote ${out}: ${written.sources} sources, ${written.entities} entities, ${written.relationships} relationships in ${((Date.now() - started) / 1000).toFixed(1)} s; load it with 'newsgraph import ${out}'.`,
    );
    return;
  }
  const progress = progressPrinter();
  const database = await openDatabase(config, log, progress);
  try {
    const report = await writeGenerated(new ImportService(database.gateway), graph, (done, total) =>
      progress(`  generating: ${done}/${total} records (${Math.round((100 * done) / total)}%)`, true),
    );
    const seconds = (Date.now() - started) / 1000;
    progress(
      `Generated ${graph.entities.length} entities, ${graph.relationships.length} relationships, ${graph.sources.length} sources in ${seconds.toFixed(1)} s: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`,
    );
  } finally {
    await database.close();
  }
}

async function schema(args: string[]): Promise<void> {
  if (args.includes('--write')) {
    console.log((await writeSchemaFile(SCHEMA_FILE)) ? `Wrote ${SCHEMA_FILE}.` : `${SCHEMA_FILE} is up to date.`);
    return;
  }
  if (args.includes('--check')) {
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    if (committed !== (await printSortedSchema())) {
      throw new StartupError(`${SCHEMA_FILE} differs from the code: run 'npm run schema:emit' and commit the result.`);
    }
    console.log(`${SCHEMA_FILE} matches the code.`);
    return;
  }
  process.stdout.write(await printSortedSchema());
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }
  if (command === 'schema') return schema(args);
  const config = loadConfig();
  const secrets = [...(config.neo4j.password === undefined ? [] : [config.neo4j.password]), ...config.apiKeys];
  // The last line of a failure is not a log line, but gets the same censoring.
  scrubFatal = createScrubber(secrets).scrub;
  const log = createLogger(config.logLevel, { format: config.logFormat, secrets });
  switch (command) {
    case 'serve':
      return serve(config, log);
    case 'db':
      return db(args[0], args.slice(1), config);
    case 'seed':
      return seed(config, log);
    case 'generate':
      return generate(args, config, log);
    case 'import':
      return importCommand(args, config, log);
    case 'export':
      return exportCommand(args, config, log);
    case 'reference':
      return referenceCommand(args, config, log);
    default:
      throw new StartupError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof LocalNeo4jError || error instanceof StartupError || error instanceof ApiError;
  process.stderr.write(
    scrubFatal(
      `newsgraph: ${known ? (error as Error).message : `unexpected error: ${String(error instanceof Error ? (error.stack ?? error.message) : error)}`}\n`,
    ),
  );
  process.exit(1);
});

export type { Neo4jGateway };
