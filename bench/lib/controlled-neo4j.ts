/**
 * A Neo4j that a fault benchmark may kill: the project's own local Neo4j (startLocalNeo4j, owner
 * 'test', so its watchdog stops it when this process dies) in a fresh temporary folder. kill()
 * SIGKILLs the Java process itself (no shutdown, no checkpoint); restart() starts the same command
 * line on the same data folder and Bolt port, again under a watchdog tied to this process, and
 * resolves when a query answers. stop() ends it and deletes the folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import neo4j from 'neo4j-driver';

import { Neo4jGateway } from '../../src/db/gateway';

import { Config, loadConfig } from '../../src/config/config';
import { configuredNeo4jOptions, LocalNeo4jOptions, startLocalNeo4j, WATCHDOG } from '../../src/local-neo4j/local-neo4j';
import { isAlive, sleep, waitForExit } from '../../src/local-neo4j/process-utils';
import { connect, fillGraph, pickSamples, Samples } from './bench-graph';

export interface ControlledNeo4j {
  uri: string;
  user: string;
  password: string;
  dataDir: string;
  /** The Java process. */
  javaPid(): number;
  /** SIGKILL of the Java process; resolves when it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same folder and port; resolves when `RETURN 1` answers on the database. */
  restart(): Promise<void>;
  /** True when `RETURN 1` answers now. */
  answers(): Promise<boolean>;
  stop(): Promise<void>;
}

/** The Java child of a watchdog shell (found through /proc: its parent pid). */
function childOf(parent: number): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may contain spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

async function waitForChild(parent: number): Promise<number> {
  for (let i = 0; i < 100; i += 1) {
    const pid = childOf(parent);
    if (pid !== undefined) return pid;
    await sleep(50);
  }
  throw new Error(`No Java process under watchdog ${parent}`);
}

/** The variables of the local Neo4j a benchmark starts; the rest (NEO4J_URI and so on) is the benchmark's own. */
const LOCAL_NEO4J_VARIABLES = [
  'HOME',
  'XDG_CACHE_HOME',
  'NEWSGRAPH_NEO4J_CACHE',
  'NEWSGRAPH_MAVEN_REPO_URL',
  'NEWSGRAPH_NEO4J_PAGECACHE',
  'NEWSGRAPH_NEO4J_HEAP',
] as const;

/**
 * The configuration of the controlled Neo4j, read by loadConfig from those variables of `env` alone
 * (a bad NEWSGRAPH_NEO4J_PAGECACHE or NEWSGRAPH_NEO4J_HEAP fails with its one line).
 */
export function controlledNeo4jConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(Object.fromEntries(LOCAL_NEO4J_VARIABLES.map((name) => [name, env[name]])));
}

/** How the controlled Neo4j starts on `dataDir`: owner 'test', with the configured page cache and heap. */
export function controlledNeo4jOptions(config: Config, dataDir: string, progress: (line: string) => void): LocalNeo4jOptions {
  return configuredNeo4jOptions(config, dataDir, 'test', (line, transient) => {
    if (!transient) progress(line);
  });
}

export async function startControlledNeo4j(label: string, progress: (line: string) => void): Promise<ControlledNeo4j> {
  const config = controlledNeo4jConfig();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `newsgraph-bench-${label}-`));
  // restart() below runs the same command line (the heap) on the same neo4j.conf (the page cache).
  const local = await startLocalNeo4j(controlledNeo4jOptions(config, dataDir, progress));
  let watchdog = local.pid;
  let java = await waitForChild(watchdog);
  const javaArgs = fs
    .readFileSync(`/proc/${java}/cmdline`, 'utf8')
    .split('\0')
    .filter((arg) => arg !== '');
  let respawned = false;

  const answers = async (): Promise<boolean> => {
    const driver = neo4j.driver(local.uri, neo4j.auth.basic(local.user, local.password), { connectionTimeout: 1000 });
    try {
      const session = driver.session({ database: 'neo4j' });
      try {
        await session.run('RETURN 1');
        return true;
      } finally {
        await session.close();
      }
    } catch {
      return false;
    } finally {
      await driver.close();
    }
  };

  return {
    uri: local.uri,
    user: local.user,
    password: local.password,
    dataDir,
    javaPid: () => java,
    answers,
    kill: async () => {
      process.kill(java, 'SIGKILL');
      if (!(await waitForExit(java, 10_000))) throw new Error(`Neo4j (pid ${java}) survived SIGKILL`);
      // Its watchdog sees the server gone and exits within a second.
      await waitForExit(watchdog, 5_000);
    },
    restart: async () => {
      const log = fs.openSync(path.join(dataDir, 'logs', 'console.log'), 'a');
      const child = spawn('/bin/sh', ['-c', WATCHDOG, 'newsgraph-bench-watchdog', String(process.pid), ...javaArgs], {
        stdio: ['ignore', log, log],
        detached: true,
      });
      child.unref();
      fs.closeSync(log);
      if (child.pid === undefined) throw new Error('Could not restart Neo4j');
      watchdog = child.pid;
      respawned = true;
      java = await waitForChild(watchdog);
      const deadline = Date.now() + 120_000;
      while (!(await answers())) {
        if (!isAlive(java)) throw new Error(`Restarted Neo4j exited: see ${path.join(dataDir, 'logs')}`);
        if (Date.now() > deadline) throw new Error('Restarted Neo4j did not answer within 120 s');
        await sleep(100);
      }
    },
    stop: async () => {
      if (respawned) {
        try {
          process.kill(watchdog, 'SIGTERM');
        } catch {
          // already gone
        }
        if (!(await waitForExit(java, 30_000))) process.kill(java, 'SIGKILL');
        await waitForExit(watchdog, 5_000);
      } else {
        await local.stop();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A controlled Neo4j filled with the seed and `entities` generated entities, with a gateway to it
 * and sample ids, for `work`; the gateway is closed and the Neo4j stopped afterwards.
 */
export async function withFilledNeo4j<T>(
  label: string,
  entities: number,
  log: (line: string) => void,
  work: (neo: ControlledNeo4j, gateway: Neo4jGateway, samples: Samples) => Promise<T>,
): Promise<T> {
  const neo = await startControlledNeo4j(label, log);
  const gateway = connect(neo);
  try {
    log(`filling it: seed + ${entities} generated entities...`);
    const seconds = await fillGraph(gateway, entities, log);
    log(`  filled in ${seconds.toFixed(0)} s`);
    return await work(neo, gateway, await pickSamples(gateway));
  } finally {
    await gateway.close();
    await neo.stop();
  }
}
