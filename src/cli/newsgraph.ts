#!/usr/bin/env node
import 'reflect-metadata';

import { ConfigError } from '../config/config';
import { ApiError } from '../errors/api-errors';
import { LocalNeo4jError } from '../local-neo4j/local-neo4j-error';
import { createScrubber } from '../server/logger';
import { StartupError } from '../server/startup-error';
import { CliCommand, lazyContext } from './command';
import { USAGE_EXIT_CODE, UsageError } from './command-line';
import { dbCommand } from './commands/db';
import { exportCommand } from './commands/export';
import { generateCommand } from './commands/generate';
import { importCommand } from './commands/import';
import { ingestCommand } from './commands/ingest';
import { referenceCommand } from './commands/reference';
import { schemaCommand } from './commands/schema';
import { seedCommand } from './commands/seed';
import { serveCommand } from './commands/serve';

/** Every command, in the order `newsgraph help` lists them; one file each under commands/. */
const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  dbCommand,
  seedCommand,
  generateCommand,
  importCommand,
  ingestCommand,
  exportCommand,
  referenceCommand,
  schemaCommand,
];

const USAGE = `Usage: newsgraph <command> [flags]

${COMMANDS.map((command) => command.usage).join('\n')}

A mistake in the command line exits with code 2 and does nothing; a failure while running, with 1.
Configuration comes from the environment; see .env.example.`;

/** Censors secrets from the one-line failure message (set once the configuration is known). */
let scrubFatal = (text: string): string => text;

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new UsageError(`unknown command "${name}"; run 'newsgraph help' for the commands.`);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`Usage:\n${command.usage}`);
    return;
  }
  await command.execute(
    args,
    lazyContext((secrets) => {
      // The last line of a failure is not a log line, but gets the same censoring.
      scrubFatal = createScrubber(secrets).scrub;
    }),
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`newsgraph: ${error.message}\n`);
    process.exit(USAGE_EXIT_CODE);
  }
  const known =
    error instanceof ConfigError || error instanceof LocalNeo4jError || error instanceof StartupError || error instanceof ApiError;
  process.stderr.write(
    scrubFatal(
      `newsgraph: ${known ? (error as Error).message : `unexpected error: ${String(error instanceof Error ? (error.stack ?? error.message) : error)}`}\n`,
    ),
  );
  process.exit(1);
});
