import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import neo4j from 'neo4j-driver';

import type { Config, LocalNeo4jMemory } from '../config/config';
import { ensureNeo4jJars, findJava, NEO4J_VERSION, ProgressSink } from './distribution';
import { LocalNeo4jError } from './local-neo4j-error';
import { DEFAULT_HEAP, DEFAULT_PAGE_CACHE, jvmArgs, neo4jConf } from './neo4j-conf';
import { commandLine, freePort, isAlive, isListening, sleep, waitForExit } from './process-utils';

/**
 * Who started a local Neo4j: `serve` and `test` stop it when they stop; `db-start` leaves it running.
 * `admin` claims a stopped folder while neo4j-admin works on it (dump, load, the offline importer).
 */
export type Owner = 'serve' | 'db-start' | 'test' | 'admin';

export interface LocalNeo4jOptions {
  dataDir: string;
  cacheDir: string;
  owner: Owner;
  progress: ProgressSink;
  mavenRepoUrl?: string;
  /** The server's page cache, a size such as 512m or 2g (default DEFAULT_PAGE_CACHE). */
  pageCache?: string;
  /** The server's JVM heap, -Xms and -Xmx (default DEFAULT_HEAP). */
  heap?: string;
  startTimeoutMs?: number;
}

/** How the local Neo4j on `dataDir` starts from the configuration: the jars, the Maven mirror, the page cache and heap. */
export function configuredNeo4jOptions(
  config: Pick<Config, 'neo4jCacheDir' | 'mavenRepoUrl' | 'localNeo4j'>,
  dataDir: string,
  owner: Owner,
  progress: ProgressSink,
): LocalNeo4jOptions {
  return { dataDir, cacheDir: config.neo4jCacheDir, owner, progress, mavenRepoUrl: config.mavenRepoUrl, ...config.localNeo4j };
}

/** A running local server and how to reach it. */
export interface LocalNeo4j {
  uri: string;
  user: string;
  password: string;
  pid: number;
  /** True when another command started it (`newsgraph db start`): stop() then leaves it running. */
  shared: boolean;
  stop(): Promise<void>;
}

interface State {
  owner: Owner;
  ownerPid: number;
  pid?: number;
  boltPort?: number;
  version: string;
  startedAt: string;
}

export interface LocalStatus {
  running: boolean;
  dataDir: string;
  uri?: string;
  pid?: number;
  owner?: Owner;
}

const USER = 'neo4j';

/**
 * sh script: runs the server ("$@") and stops it when the owner process ($1) is gone, or when
 * asked to stop (TERM/INT/HUP). Background jobs of a non-interactive sh ignore SIGINT, so the
 * server only ever stops through this script or the `newsgraph` process.
 */
export const WATCHDOG = `owner=$1; shift
"$@" &
server=$!
stop() { kill -TERM "$server" 2>/dev/null; wait "$server"; exit 0; }
trap stop TERM INT HUP
while kill -0 "$server" 2>/dev/null; do
  kill -0 "$owner" 2>/dev/null || stop
  sleep 1 & wait $!
done
wait "$server"`;
const MAIN_CLASS = 'org.neo4j.server.CommunityEntryPoint';

const statePath = (dataDir: string): string => path.join(dataDir, 'neo4j.json');
const passwordPath = (dataDir: string): string => path.join(dataDir, 'password');

function readState(dataDir: string): State | undefined {
  try {
    return JSON.parse(fs.readFileSync(statePath(dataDir), 'utf8')) as State;
  } catch {
    return undefined;
  }
}

/** True when pid is a Neo4j server of this data folder (pids get reused). */
function isOurServer(pid: number | undefined, dataDir: string): pid is number {
  if (pid === undefined || !isAlive(pid)) return false;
  const cmd = commandLine(pid);
  return cmd === undefined || (cmd.includes(MAIN_CLASS) && cmd.includes(`--home-dir=${dataDir}`));
}

/** The generated password of this data folder, created (mode 0600) on first use. */
function passwordOf(dataDir: string): string {
  const file = passwordPath(dataDir);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  fs.chmodSync(file, 0o600);
  return fs.readFileSync(file, 'utf8').trim();
}

/** Reports whether this data folder's Neo4j is running. */
export function localStatus(dataDir: string): LocalStatus {
  const state = readState(dataDir);
  if (state && isOurServer(state.pid, dataDir) && state.boltPort !== undefined) {
    return { running: true, dataDir, uri: `bolt://127.0.0.1:${state.boltPort}`, pid: state.pid, owner: state.owner };
  }
  return { running: false, dataDir };
}

/**
 * Starts the data folder's Neo4j (downloading it on first use), or joins the one that
 * `newsgraph db start` left running. Fails with a LocalNeo4jError when another `serve` or test
 * run owns the folder, and never leaves a half-started server behind.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const { dataDir } = options;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const password = passwordOf(dataDir);

  const existing = readState(dataDir);
  if (existing) {
    const serverAlive = isOurServer(existing.pid, dataDir);
    const ownerAlive = existing.ownerPid !== process.pid && isAlive(existing.ownerPid);
    if (serverAlive && existing.owner === 'db-start' && existing.boltPort !== undefined) {
      options.progress(`Using the Neo4j that 'newsgraph db start' left running (pid ${existing.pid}).`);
      return handle(existing.boltPort, password, existing.pid, true, dataDir);
    }
    if (ownerAlive && existing.owner !== 'db-start') {
      throw new LocalNeo4jError(
        `Data folder ${dataDir} is in use by another NewsGraph process (pid ${existing.ownerPid}): stop that one first, or set NEWSGRAPH_DATA_DIR to another folder.`,
      );
    }
    if (serverAlive && existing.pid !== undefined) {
      options.progress(`Stopping a Neo4j left behind by an earlier run (pid ${existing.pid})...`);
      await terminate(existing.pid);
    }
    fs.rmSync(statePath(dataDir), { force: true });
  }

  const state: State = { owner: options.owner, ownerPid: process.pid, version: NEO4J_VERSION, startedAt: new Date().toISOString() };
  try {
    // 'wx' makes the claim atomic: of two processes starting at once, one gets the folder.
    fs.writeFileSync(statePath(dataDir), JSON.stringify(state), { flag: 'wx' });
  } catch {
    throw new LocalNeo4jError(
      `Data folder ${dataDir} is being started by another process: wait for it, or set NEWSGRAPH_DATA_DIR to another folder.`,
    );
  }

  let pid: number | undefined;
  try {
    const java = await findJava();
    const lib = await ensureNeo4jJars({ cacheDir: options.cacheDir, mavenRepoUrl: options.mavenRepoUrl, progress: options.progress });
    const boltPort = await freePort();
    const confDir = path.join(dataDir, 'conf');
    for (const dir of ['conf', 'data', 'logs', 'run', 'import', 'plugins']) fs.mkdirSync(path.join(dataDir, dir), { recursive: true });
    const pageCache = options.pageCache ?? DEFAULT_PAGE_CACHE;
    const heap = options.heap ?? DEFAULT_HEAP;
    fs.writeFileSync(path.join(confDir, 'neo4j.conf'), neo4jConf(dataDir, boltPort, pageCache));

    const console = fs.openSync(path.join(dataDir, 'logs', 'console.log'), 'a');
    const javaCommand = [
      java,
      ...jvmArgs(heap),
      '-cp',
      `${lib}${path.sep}*`,
      MAIN_CLASS,
      `--home-dir=${dataDir}`,
      `--config-dir=${confDir}`,
    ];
    // Its own process group either way, so a terminal's Ctrl-C reaches NewsGraph, which stops
    // Neo4j in order. A server owned by `serve` or a test run also gets a watchdog that stops it
    // when its owner dies, however it dies: no Java process outlives its owner.
    const [command, ...args] =
      options.owner === 'db-start'
        ? javaCommand
        : ['/bin/sh', '-c', WATCHDOG, 'newsgraph-neo4j-watchdog', String(process.pid), ...javaCommand];
    const child = spawn(command, args, { stdio: ['ignore', console, console], detached: true });
    child.unref();
    fs.closeSync(console);
    const childPid = child.pid;
    if (childPid === undefined) throw new LocalNeo4jError(`Could not start ${java}.`);
    pid = childPid;
    fs.writeFileSync(statePath(dataDir), JSON.stringify({ ...state, pid: childPid, boltPort }));
    options.progress(
      `Starting Neo4j ${NEO4J_VERSION} on bolt://127.0.0.1:${boltPort} (pid ${childPid}, data in ${dataDir}, page cache ${pageCache}, heap ${heap})...`,
    );

    await waitForBolt(childPid, boltPort, dataDir, options.startTimeoutMs ?? 180_000);
    await ensurePassword(boltPort, password, dataDir);
    return handle(boltPort, password, childPid, false, dataDir);
  } catch (error) {
    if (pid !== undefined) await terminate(pid);
    fs.rmSync(statePath(dataDir), { force: true });
    throw error;
  }
}

/** Stops the data folder's Neo4j if it runs; returns whether one was stopped. */
export async function stopLocalNeo4j(dataDir: string): Promise<boolean> {
  const state = readState(dataDir);
  if (state?.owner === 'admin' && state.ownerPid !== process.pid && isAlive(state.ownerPid)) {
    throw new LocalNeo4jError(`A newsgraph db or import command (pid ${state.ownerPid}) works on ${dataDir}: wait for it to finish.`);
  }
  const running = state !== undefined && isOurServer(state.pid, dataDir);
  if (running) await terminate(state.pid as number);
  fs.rmSync(statePath(dataDir), { force: true });
  return running;
}

/** True when the folder holds the files of the `neo4j` database (a server started on it once). */
export function hasLocalDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'data', 'databases', 'neo4j'));
}

/**
 * Refuses, with one line, a folder whose Neo4j another live NewsGraph process owns (a running
 * `serve` or test run, or another admin command); one that `db start` left running is fine.
 */
export function assertNotInUse(dataDir: string, purpose: string): void {
  const existing = readState(dataDir);
  if (existing === undefined) return;
  const ownerAlive = existing.ownerPid !== process.pid && isAlive(existing.ownerPid);
  if (ownerAlive && existing.owner !== 'db-start') {
    const who = existing.owner === 'admin' ? 'another newsgraph db or import command' : `a running 'newsgraph ${existing.owner}'`;
    throw new LocalNeo4jError(
      `The local Neo4j in ${dataDir} is in use by ${who} (pid ${existing.ownerPid}): stop it first, then run ${purpose} again.`,
    );
  }
}

export interface StoppedOptions {
  dataDir: string;
  cacheDir: string;
  mavenRepoUrl?: string;
  progress: ProgressSink;
  /** What the work is, for messages: `dump`, `load`, `the offline import`. */
  purpose: string;
  /**
   * Page cache and heap of the server started again afterwards (NEWSGRAPH_NEO4J_PAGECACHE and
   * NEWSGRAPH_NEO4J_HEAP); not the heap of neo4j-admin, which `heap` of its own options sets.
   */
  restartMemory?: LocalNeo4jMemory;
}

/**
 * Runs `work` while no server runs on the folder, and no other NewsGraph process can start one
 * (the folder is claimed for `admin` meanwhile). A server that `newsgraph db start` left running is
 * stopped first and started again afterwards, also when the work fails. A server that a running
 * `newsgraph serve` (or test run) owns is not taken away from it: that is refused with one line.
 */
export async function whileLocalNeo4jStopped<T>(options: StoppedOptions, work: () => Promise<T>): Promise<T> {
  const { dataDir } = options;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const existing = readState(dataDir);
  let restart = false;
  assertNotInUse(dataDir, options.purpose);
  if (existing) {
    const serverAlive = isOurServer(existing.pid, dataDir);
    if (serverAlive && existing.pid !== undefined) {
      restart = existing.owner === 'db-start';
      options.progress(`Stopping the local Neo4j (pid ${existing.pid}) for ${options.purpose}...`);
      await terminate(existing.pid);
    }
    fs.rmSync(statePath(dataDir), { force: true });
  }
  const claim: State = { owner: 'admin', ownerPid: process.pid, version: NEO4J_VERSION, startedAt: new Date().toISOString() };
  try {
    fs.writeFileSync(statePath(dataDir), JSON.stringify(claim), { flag: 'wx' });
  } catch {
    throw new LocalNeo4jError(
      `Data folder ${dataDir} is being started by another process: wait for it, then run ${options.purpose} again.`,
    );
  }
  let result: T;
  try {
    result = await work();
  } catch (error) {
    release(dataDir);
    // The work's failure is the news; a failed restart after it only gets a progress line.
    if (restart) await restartShared(options).catch((again: unknown) => options.progress(`Could not start it again: ${String(again)}`));
    throw error;
  }
  release(dataDir);
  if (restart) await restartShared(options);
  return result;
}

function release(dataDir: string): void {
  const state = readState(dataDir);
  if (state?.owner === 'admin' && state.ownerPid === process.pid) fs.rmSync(statePath(dataDir), { force: true });
}

/**
 * How whileLocalNeo4jStopped starts a `db start` server again: left running as `db start` leaves
 * it, with the page cache and heap of `restartMemory` (unset: the local server's defaults).
 */
export function restartOptions(options: StoppedOptions): LocalNeo4jOptions {
  return {
    dataDir: options.dataDir,
    cacheDir: options.cacheDir,
    mavenRepoUrl: options.mavenRepoUrl,
    progress: options.progress,
    pageCache: options.restartMemory?.pageCache,
    heap: options.restartMemory?.heap,
    owner: 'db-start',
  };
}

async function restartShared(options: StoppedOptions): Promise<void> {
  options.progress(`Starting the local Neo4j again, as 'newsgraph db start' had left it...`);
  await startLocalNeo4j(restartOptions(options));
}

/** Deletes the data folder's database (and password). The server must be stopped first. */
export function resetLocalNeo4j(dataDir: string): void {
  const state = readState(dataDir);
  if (state?.owner === 'admin' && state.ownerPid !== process.pid && isAlive(state.ownerPid)) {
    throw new LocalNeo4jError(`A newsgraph db or import command (pid ${state.ownerPid}) works on ${dataDir}: wait for it to finish.`);
  }
  if (localStatus(dataDir).running) {
    throw new LocalNeo4jError(`Neo4j is running on ${dataDir}: stop it first ('newsgraph db stop', or stop 'npm start').`);
  }
  for (const entry of ['data', 'logs', 'run', 'conf', 'password', 'password-set', 'neo4j.json']) {
    fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
}

function handle(boltPort: number, password: string, pid: number | undefined, shared: boolean, dataDir: string): LocalNeo4j {
  return {
    uri: `bolt://127.0.0.1:${boltPort}`,
    user: USER,
    password,
    pid: pid ?? -1,
    shared,
    stop: async () => {
      if (shared || pid === undefined) return;
      await terminate(pid);
      const state = readState(dataDir);
      if (state?.pid === pid) fs.rmSync(statePath(dataDir), { force: true });
    },
  };
}

/** Stops a server (and its watchdog) politely, then by force after 30 s: its whole process group. */
async function terminate(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, 30_000))) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitForExit(pid, 5_000);
  }
}

async function waitForBolt(pid: number, port: number, dataDir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      throw new LocalNeo4jError(`Neo4j exited while starting: ${lastLogLine(dataDir)} (logs in ${path.join(dataDir, 'logs')}).`);
    }
    if (await isListening('127.0.0.1', port)) return;
    await sleep(250);
  }
  throw new LocalNeo4jError(`Neo4j did not open Bolt within ${timeoutMs / 1000} s: see ${path.join(dataDir, 'logs', 'neo4j.log')}.`);
}

function lastLogLine(dataDir: string): string {
  for (const name of ['console.log', 'neo4j.log']) {
    try {
      const lines = fs.readFileSync(path.join(dataDir, 'logs', name), 'utf8').split('\n');
      const error = lines.reverse().find((line) => /ERROR|Exception|Error:/.test(line));
      if (error) return error.trim().slice(0, 300);
    } catch {
      // try the next log
    }
  }
  return 'no error in its logs';
}

/**
 * A fresh server has neo4j/neo4j with a password that must be changed; set ours on first
 * start. Admin commands run on the `system` database in auto-commit mode, hence session.run.
 */
async function ensurePassword(port: number, password: string, dataDir: string): Promise<void> {
  const marker = path.join(dataDir, 'password-set');
  if (fs.existsSync(marker)) return;
  const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic(USER, 'neo4j'));
  const session = driver.session({ database: 'system' });
  try {
    await session.run('ALTER CURRENT USER SET PASSWORD FROM $old TO $new', { old: 'neo4j', new: password });
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Unauthorized means the password was changed already (e.g. an interrupted first start).
    if (code !== 'Neo.ClientError.Security.Unauthorized') {
      throw new LocalNeo4jError(
        `Could not set the local Neo4j password (${code ?? String(error)}): run 'newsgraph db reset --yes' to start afresh.`,
      );
    }
  } finally {
    await session.close();
    await driver.close();
  }
  fs.writeFileSync(marker, new Date().toISOString());
}
