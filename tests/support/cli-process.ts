import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { loadConfig } from '../../src/config/config';
import { localStatus, stopLocalNeo4j } from '../../src/local-neo4j/local-neo4j';

/**
 * The built CLI (`npm test` builds first) run as a user runs it, on a data folder of the test's own
 * (never ~/.newsgraph, the repo's .newsgraph or the run's test Neo4j), sharing the cached jars.
 */

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'newsgraph.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/** Where the Neo4j jars are cached for this user (so tests do not download them again). */
export function cachedJars(): string {
  return loadConfig({ ...process.env, NEO4J_URI: undefined, NEO4J_PASSWORD: undefined }).neo4jCacheDir;
}

/** The user's environment without Neo4j or data-folder settings, pointed at `dataDir`, plus `overrides`. */
export function cliEnv(dataDir: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('NEO4J_') || key.startsWith('NEWSGRAPH_')) delete env[key];
  return { ...env, NEWSGRAPH_DATA_DIR: dataDir, NEWSGRAPH_NEO4J_CACHE: cachedJars(), LOG_LEVEL: 'warn', ...overrides };
}

/** Runs `newsgraph ARGS` to its end; a run past `timeoutMs` is killed and fails the test. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<CliResult> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does).`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (signal === 'SIGKILL') reject(new Error(`newsgraph ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${stderr}`));
      else resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A `newsgraph serve` on the folder, once it says where it serves; `stop()` ends it with SIGINT. */
export async function startServe(env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<{ url: string; stop(): Promise<void> }> {
  // The 'serving GraphQL at' line is logged at info: cliEnv's LOG_LEVEL=warn would hide it, and the
  // wait below would then run out however healthy serve is.
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: { ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  const closed = new Promise<void>((resolve) =>
    child.once('close', () => {
      children.delete(child);
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving GraphQL at (http:\/\/\S+\/graphql)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void closed.then(() => reject(new Error(`serve exited before it served:\n${stderr}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGINT');
      await closed;
    },
  };
}

/**
 * `newsgraph export --checksum` on the folder of `env`: the content checksum line. The command must
 * succeed (its stderr goes into the failure when it does not).
 */
export async function contentChecksum(env: NodeJS.ProcessEnv): Promise<string> {
  const run = await runCli(['export', '--checksum'], env);
  if (run.code !== 0) throw new Error(`newsgraph export --checksum exited with ${run.code}:\n${run.stderr}`);
  return run.stdout.trim();
}

/** The last non-empty line of a text (the CLI's one-line failure). */
export function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/**
 * The memory of the local Neo4j running on `dataDir`: the page cache of its neo4j.conf and the heap
 * (-Xmx) of its command line.
 */
export function runningMemory(dataDir: string): { pageCache?: string; heap?: string } {
  const status = localStatus(dataDir);
  if (!status.running || status.pid === undefined) throw new Error(`no Neo4j runs on ${dataDir}`);
  const conf = fs.readFileSync(path.join(dataDir, 'conf', 'neo4j.conf'), 'utf8');
  const args = fs.readFileSync(`/proc/${status.pid}/cmdline`, 'utf8').split('\0');
  return {
    pageCache: /^server\.memory\.pagecache\.size=(\S+)$/m.exec(conf)?.[1],
    heap: args.find((arg) => arg.startsWith('-Xmx'))?.slice('-Xmx'.length),
  };
}

/** Ends every CLI still running and any Neo4j left on the folders. */
export async function cleanUp(dataDirs: string[]): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dataDirs) await stopLocalNeo4j(dir).catch(() => false);
}
