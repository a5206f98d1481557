import { Config } from '../../config/config';
import { localStatus, resetLocalNeo4j, startLocalNeo4j, stopLocalNeo4j } from '../../local-neo4j/local-neo4j';
import { StartupError } from '../../server/startup-error';
import { CliCommand, CliContext, defineCommand } from '../command';
import { UsageError } from '../command-line';
import { progressPrinter } from '../progress';

/** The actions of `db` manage the local Neo4j only; with NEO4J_URI set they refuse (status says so). */
function localOnly(config: Config, action: string): void {
  if (config.neo4j.uri) {
    throw new StartupError(
      `NEO4J_URI is set (${config.neo4j.uri}): 'newsgraph db ${action}' manages only the local Neo4j; unset NEO4J_URI to use it.`,
    );
  }
}

const start = defineCommand({
  name: 'db start',
  usage: '  db start              start the local Neo4j in the background and print how to connect',
  flags: {},
  run: async (_line, context) => {
    const config = context.config();
    localOnly(config, 'start');
    const neo = await startLocalNeo4j({
      dataDir: config.dataDir,
      cacheDir: config.neo4jCacheDir,
      owner: 'db-start',
      progress: progressPrinter(),
      mavenRepoUrl: config.mavenRepoUrl,
    });
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

/** The actions of `db`, each its own command line. */
export const DB_ACTIONS: readonly CliCommand[] = [start, stop, status, reset];

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
