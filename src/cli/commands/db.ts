import { Config } from '../../config/config';
import { dumpLocalDatabase, loadLocalDatabase } from '../../local-neo4j/backup';
import { configuredNeo4jOptions, localStatus, resetLocalNeo4j, startLocalNeo4j, stopLocalNeo4j } from '../../local-neo4j/local-neo4j';
import { StartupError } from '../../server/startup-error';
import { CliCommand, CliContext, defineCommand } from '../command';
import { UsageError } from '../command-line';
import { progressPrinter } from '../progress';

/** The actions of `db` manage the local Neo4j only; with NEO4J_URI set they refuse (status says so). */
function localOnly(config: Config, action: string): void {
  if (config.neo4j.uri) {
    const instead =
      action === 'dump' || action === 'load'
        ? "back that server up with its own tools (neo4j-admin, Aura snapshots), or use 'newsgraph export' and 'newsgraph import'"
        : 'unset NEO4J_URI to use it';
    throw new StartupError(`NEO4J_URI is set (${config.neo4j.uri}): 'newsgraph db ${action}' works only on the local Neo4j; ${instead}.`);
  }
}

const start = defineCommand({
  name: 'db start',
  usage: '  db start              start the local Neo4j in the background and print how to connect',
  flags: {},
  run: async (_line, context) => {
    const config = context.config();
    localOnly(config, 'start');
    const neo = await startLocalNeo4j(configuredNeo4jOptions(config, config.dataDir, 'db-start', progressPrinter()));
    console.log(`Neo4j runs at ${neo.uri} (user ${neo.user}, password in ${config.dataDir}/password). Stop it with 'newsgraph db stop'.`);
  },
});

const stop = defineCommand({
  name: 'db stop',
  usage: '  db stop               stop the local Neo4j',
  flags: {},
  run: async (_line, context) => {
    const config = context.config();
    localOnly(config, 'stop');
    console.log((await stopLocalNeo4j(config.dataDir)) ? 'Neo4j stopped.' : `No local Neo4j runs on ${config.dataDir}.`);
  },
});

/** Exit codes: 0 running (or NEO4J_URI set), 3 stopped (as `systemctl status` and LSB init scripts). */
const status = defineCommand({
  name: 'db status',
  usage: '  db status             say whether the local Neo4j runs, and where (exit code 3 when stopped)',
  flags: {},
  run: async (_line, context) => {
    const config = context.config();
    if (config.neo4j.uri) {
      console.log(`NEO4J_URI is set: NewsGraph uses ${config.neo4j.uri}, not a local Neo4j.`);
      return;
    }
    const state = localStatus(config.dataDir);
    console.log(
      state.running
        ? `running: ${state.uri} (pid ${state.pid}, started by ${state.owner}, data in ${state.dataDir})`
        : `stopped (data in ${state.dataDir})`,
    );
    if (!state.running) process.exitCode = 3;
  },
});

const reset = defineCommand({
  name: 'db reset',
  usage: '  db reset --yes        delete the local database (it must be stopped)',
  flags: { yes: { type: 'boolean' } },
  run: async ({ flags }, context) => {
    const config = context.config();
    localOnly(config, 'reset');
    if (!flags.yes) throw new StartupError(`This deletes the database in ${config.dataDir}: run 'newsgraph db reset --yes' to confirm.`);
    resetLocalNeo4j(config.dataDir);
    console.log(`Deleted the local database in ${config.dataDir}; the next start creates a new one.`);
  },
});

/** Backups work on the local Neo4j only: a remote server has its own tools (see docs/operations.md). */
export function backupOptions(config: Config, force: boolean): Parameters<typeof dumpLocalDatabase>[1] {
  return {
    dataDir: config.dataDir,
    cacheDir: config.neo4jCacheDir,
    mavenRepoUrl: config.mavenRepoUrl,
    progress: progressPrinter(),
    force,
    restartMemory: config.localNeo4j,
  };
}

const dump = defineCommand({
  name: 'db dump',
  usage: `  db dump FILE [--force] write the local database to FILE (neo4j-admin database dump; a Neo4j that
                        'db start' left running is stopped and started again; refused while 'serve' uses it)`,
  flags: { force: { type: 'boolean' } },
  positionals: ['FILE'],
  run: async ({ flags, positionals: [file] }, context) => {
    const config = context.config();
    localOnly(config, 'dump');
    const done = await dumpLocalDatabase(file, backupOptions(config, flags.force));
    console.log(`Dumped the local database to ${file} (${(done.bytes / 1024 / 1024).toFixed(1)} MB in ${done.seconds.toFixed(1)} s).`);
  },
});

const load = defineCommand({
  name: 'db load',
  usage: `  db load FILE [--force] replace the local database with a dump (--force when it holds a database)`,
  flags: { force: { type: 'boolean' } },
  positionals: ['FILE'],
  run: async ({ flags, positionals: [file] }, context) => {
    const config = context.config();
    localOnly(config, 'load');
    const done = await loadLocalDatabase(file, backupOptions(config, flags.force));
    console.log(`Loaded ${file} into the local database in ${config.dataDir} (${done.seconds.toFixed(1)} s).`);
  },
});

/** The actions of `db`, each its own command line. */
export const DB_ACTIONS: readonly CliCommand[] = [start, stop, status, reset, dump, load];

/** `newsgraph db ACTION ...`: dispatches to the action. */
export const dbCommand: CliCommand = {
  name: 'db',
  usage: DB_ACTIONS.map((action) => action.usage).join('\n'),
  execute: (args: readonly string[], context: CliContext) => {
    const [action, ...rest] = args;
    const found = DB_ACTIONS.find((candidate) => candidate.name === `db ${action ?? ''}`);
    if (found === undefined) {
      const names = DB_ACTIONS.map((candidate) => candidate.name.slice(3));
      throw new UsageError(
        action === undefined ? `db needs an action: ${names.join(', ')}.` : `db: unknown action "${action}" (use ${names.join(', ')}).`,
      );
    }
    return found.execute(rest, context);
  },
};
