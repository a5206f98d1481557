/**
 * `newsgraph serve` as a separate process, the way it runs in production: the compiled CLI
 * (dist/src/cli/newsgraph.js), configured only through its environment, on 127.0.0.1 and a free
 * port. Its output is kept so that a benchmark can read its log.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../../src/config/paths';
import { freePort, sleep } from '../../src/local-neo4j/process-utils';
import { request } from './bench-http';

export const CLI = path.join(projectRoot(__dirname), 'dist', 'src', 'cli', 'newsgraph.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() at exit. */
  at: number;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** http://127.0.0.1:<port> */
  base: string;
  /** <base>/graphql */
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL after 20 s; resolves with the exit. */
  stop(): Promise<Exit>;
}

/** Starts `newsgraph <args>` with exactly these variables (plus PATH and HOME); does not wait for anything. */
export function runCli(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<Exit> } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-bench-cli-'));
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), NEWSGRAPH_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal, at: performance.now() });
    });
  });
  return { child, output: () => output, exited };
}

/** Starts `newsgraph serve` on a free loopback port and waits until /health/live answers. */
export async function startServer(env: Record<string, string>, readyTimeoutMs = 120_000): Promise<ServerProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { child, output, exited } = runCli(['serve'], { HOST: '127.0.0.1', PORT: String(port), ...env });
  let exit: Exit | undefined;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exit) throw new Error(`newsgraph serve exited (code ${exit.code}) before it was ready:\n${output().slice(-3000)}`);
    if ((await request('GET', `${base}/health/live`, undefined, { agent: false, timeoutMs: 1000 })).status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`newsgraph serve was not ready within ${readyTimeoutMs / 1000} s:\n${output().slice(-3000)}`);
    }
    await sleep(200);
  }
  const pid = child.pid as number;
  return {
    child,
    pid,
    base,
    url: `${base}/graphql`,
    output,
    exited,
    stop: async () => {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Resident set size and its peak, in MB, from /proc/<pid>/status. */
export function residentMemory(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * `newsgraph serve` as in production (NODE_ENV=production, log warn) against a benchmark data set's
 * Neo4j, with a random API key: production refuses open writes, and the benchmarks only read.
 */
export function startProductionServer(neo4j: { uri: string; user: string; password: string }): Promise<ServerProcess> {
  return startServer({
    NEO4J_URI: neo4j.uri,
    NEO4J_USER: neo4j.user,
    NEO4J_PASSWORD: neo4j.password,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    NEWSGRAPH_API_KEYS: randomBytes(16).toString('hex'),
  });
}
