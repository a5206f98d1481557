import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { freePort } from '../../src/local-neo4j/process-utils';

/**
 * Every way `npm start` can fail on a newcomer's machine ends the same way: within 60 s, with one
 * line on stderr saying what is wrong and what to do, a non-zero exit code, no stack trace, and
 * no half-started Neo4j left behind. Each scenario runs the built CLI (`npm test` builds first)
 * in a controlled environment: never the developer's ~/.newsgraph or the repo's .newsgraph.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'newsgraph.js');
const MAIN_CLASS = 'org.neo4j.server.CommunityEntryPoint';
/** The promise of the issue: every failure ends within this. */
const FAILURE_BUDGET_MS = 60_000;
/** Past this the test kills the CLI itself, so a hang fails the test instead of the run. */
const HARD_KILL_MS = 75_000;
const TEST_TIMEOUT_MS = 100_000;

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  killedByTest: boolean;
}

let tmpRoot: string;

/** A fresh, empty folder under this file's temporary root. */
function freshDir(name: string): string {
  return fs.mkdtempSync(path.join(tmpRoot, `${name}-`));
}

/** A path under the temporary root that does not exist yet (to see whether the CLI creates it). */
function unusedDataDir(): string {
  return path.join(freshDir('case'), 'data');
}

/** The arguments of every live process whose command line names the Neo4j entry point. */
function neo4jProcesses(): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (args.includes(MAIN_CLASS)) found.set(Number(entry), args);
  }
  return found;
}

/** Neo4j processes that appeared since `before` and belong to a folder of this test file. */
function newNeo4jProcessesOfOurs(before: Map<number, string[]>): string[] {
  const leftovers: string[] = [];
  for (const [pid, args] of neo4jProcesses()) {
    if (before.has(pid)) continue;
    const home = args.find((arg) => arg.startsWith('--home-dir='));
    if (home === undefined || home.startsWith(`--home-dir=${tmpRoot}`)) leftovers.push(`${pid}: ${args.join(' ')}`);
  }
  return leftovers;
}

/** The environment of a newcomer's shell, minus any Neo4j settings, plus `overrides` (undefined deletes). */
function cliEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('NEO4J_') || key.startsWith('NEWSGRAPH_')) delete env[key];
  }
  env.LOG_LEVEL = 'info';
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function runServe(env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCli(['serve'], env);
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killedByTest = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      killedByTest = true;
      child.kill('SIGKILL');
    }, HARD_KILL_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started, killedByTest });
    });
  });
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** The promise every failure keeps; returns the one line for scenario-specific checks. */
function expectCleanFailure(run: CliRun, before: Map<number, string[]>): string {
  const context = `exit ${run.code} (${run.signal ?? 'no signal'}) after ${run.elapsedMs} ms\n--- stderr ---\n${run.stderr}`;
  expect({ killedByTest: run.killedByTest, context }).toEqual({ killedByTest: false, context });
  expect(run.elapsedMs).toBeLessThan(FAILURE_BUDGET_MS);
  expect(run.signal).toBeNull();
  expect(run.code).not.toBe(0);
  expect(run.code).not.toBeNull();
  const line = lastLine(run.stderr);
  expect(line).toMatch(/^newsgraph: \S/);
  // No stack trace anywhere, not only on the last line.
  expect(run.stderr).not.toMatch(/^ {4}at /m);
  expect(run.stderr).not.toMatch(/unexpected error/);
  expect(newNeo4jProcessesOfOurs(before)).toEqual([]);
  // Nor anything else it started for our folders (Maven, the watchdog).
  expect(processesMentioning(tmpRoot)).toEqual([]);
  return line;
}

/** Live processes (other than this one) whose command line mentions `text`. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(text)) found.push(`${entry}: ${cmdline}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** A folder holding only symlinks to the named executables found on PATH (or given as paths). */
function binDir(tools: Record<string, string>): string {
  const dir = freshDir('bin');
  for (const [name, target] of Object.entries(tools)) fs.symlinkSync(target, path.join(dir, name));
  return dir;
}

function onPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(`${name} is not on PATH; this test needs it to build its reduced PATH.`);
}

function testNeo4j(): { uri: string; user: string; password: string } {
  const uri = process.env.NEWSGRAPH_TEST_NEO4J_URI;
  if (!uri) throw new Error('NEWSGRAPH_TEST_NEO4J_URI is unset: run integration tests through jest (global setup starts Neo4j).');
  return { uri, user: process.env.NEWSGRAPH_TEST_NEO4J_USER ?? 'neo4j', password: process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD ?? '' };
}

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does).`);
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-cli-failures-'));
});

afterAll(() => {
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
});

describe('newsgraph serve fails cleanly', () => {
  it(
    'names NEO4J_URI when that server is unreachable',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const run = await runServe(
        cliEnv({
          NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`,
          NEO4J_PASSWORD: 'x',
          NEWSGRAPH_CONNECT_TIMEOUT_MS: '3000',
          NEWSGRAPH_DATA_DIR: dataDir,
          PORT: String(await freePort()),
        }),
      );
      const line = expectCleanFailure(run, before);
      expect(line).toMatch(/NEO4J_URI/);
      expect(line).toMatch(/unreachable/i);
      // NEO4J_URI set: nothing is provisioned, not even the data folder.
      expect(fs.existsSync(dataDir)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'names the password when Neo4j refuses it',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const neo = testNeo4j();
      const run = await runServe(
        cliEnv({
          NEO4J_URI: neo.uri,
          NEO4J_USER: neo.user,
          NEO4J_PASSWORD: 'wrong',
          NEWSGRAPH_DATA_DIR: dataDir,
          PORT: String(await freePort()),
        }),
      );
      const line = expectCleanFailure(run, before);
      expect(line).toMatch(/password/i);
      expect(line).toMatch(/NEO4J_PASSWORD/);
      expect(fs.existsSync(dataDir)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says the API port is in use, before connecting or provisioning anything',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const neo = testNeo4j();
      const blocker = net.createServer();
      await new Promise<void>((resolve, reject) => {
        blocker.once('error', reject);
        blocker.listen(0, '127.0.0.1', () => resolve());
      });
      try {
        const address = blocker.address();
        const port = typeof address === 'object' && address !== null ? address.port : 0;
        const run = await runServe(
          cliEnv({
            NEO4J_URI: neo.uri,
            NEO4J_USER: neo.user,
            NEO4J_PASSWORD: neo.password,
            NEWSGRAPH_DATA_DIR: dataDir,
            PORT: String(port),
          }),
        );
        const line = expectCleanFailure(run, before);
        expect(line).toMatch(/port .* in use/i);
        expect(line).toContain(String(port));
        expect(line).toMatch(/PORT/);
        // It failed before opening the database: no "Waiting for Neo4j", no folder, no server.
        expect(run.stderr).not.toMatch(/Waiting for Neo4j|Starting Neo4j/);
        expect(fs.existsSync(dataDir)).toBe(false);
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says Maven is missing when the jars are not cached and mvn is not on PATH',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const run = await runServe(
        cliEnv({
          PATH: binDir({ node: process.execPath, java: onPath('java'), sh: onPath('sh') }),
          NEWSGRAPH_NEO4J_CACHE: freshDir('cache'),
          NEWSGRAPH_DATA_DIR: dataDir,
          PORT: String(await freePort()),
        }),
      );
      const line = expectCleanFailure(run, before);
      expect(line).toMatch(/Maven|mvn/);
      expect(line).toMatch(/install|NEO4J_URI/i);
      // The folder's claim is released, so the next start is not told the folder is in use.
      expect(fs.existsSync(path.join(dataDir, 'neo4j.json'))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says Java is missing when neither PATH nor JAVA_HOME has it',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const run = await runServe(
        cliEnv({
          PATH: binDir({ node: process.execPath, sh: onPath('sh') }),
          JAVA_HOME: undefined,
          NEWSGRAPH_NEO4J_CACHE: freshDir('cache'),
          NEWSGRAPH_DATA_DIR: dataDir,
          PORT: String(await freePort()),
        }),
      );
      const line = expectCleanFailure(run, before);
      expect(line).toMatch(/Java/);
      expect(line).toMatch(/install|JAVA_HOME|NEO4J_URI/);
      expect(fs.existsSync(path.join(dataDir, 'neo4j.json'))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says Maven Central (or the mirror) is unreachable when the download cannot start',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const cacheDir = freshDir('cache');
      const run = await runServe(
        cliEnv({
          NEWSGRAPH_NEO4J_CACHE: cacheDir,
          NEWSGRAPH_MAVEN_REPO_URL: `http://127.0.0.1:${await freePort()}/maven2`,
          // An empty local repository, so ~/.m2 cannot satisfy the download.
          MAVEN_OPTS: `-Dmaven.repo.local=${freshDir('m2')}`,
          NEWSGRAPH_DATA_DIR: dataDir,
          PORT: String(await freePort()),
        }),
      );
      const line = expectCleanFailure(run, before);
      expect(line).toMatch(/Maven|mvn/);
      expect(line).toMatch(/network|proxy|reachable|NEO4J_URI/i);
      expect(fs.existsSync(path.join(dataDir, 'neo4j.json'))).toBe(false);
      // A failed download must not be mistaken for a cached one next time.
      const cached = fs.readdirSync(cacheDir).map((name) => path.join(cacheDir, name, 'COMPLETE'));
      expect(cached.filter((file) => fs.existsSync(file))).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'gives up on a Maven mirror that accepts connections but never answers, within 60 s',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const cacheDir = freshDir('cache');
      const held: net.Socket[] = [];
      const silent = net.createServer((socket) => {
        held.push(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve, reject) => {
        silent.once('error', reject);
        silent.listen(0, '127.0.0.1', () => resolve());
      });
      try {
        const address = silent.address();
        const port = typeof address === 'object' && address !== null ? address.port : 0;
        const run = await runServe(
          cliEnv({
            NEWSGRAPH_NEO4J_CACHE: cacheDir,
            NEWSGRAPH_MAVEN_REPO_URL: `http://127.0.0.1:${port}/maven2`,
            MAVEN_OPTS: `-Dmaven.repo.local=${freshDir('m2')}`,
            NEWSGRAPH_DATA_DIR: dataDir,
            PORT: String(await freePort()),
          }),
        );
        const line = expectCleanFailure(run, before);
        expect(line).toMatch(/Maven/);
        expect(line).toMatch(/reachable|network|proxy/i);
        expect(fs.existsSync(path.join(dataDir, 'neo4j.json'))).toBe(false);
      } finally {
        for (const socket of held) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses production with writes open to anyone, saying how to fix it, before starting anything',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const run = await runServe(
        cliEnv({
          NODE_ENV: 'production',
          NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`,
          NEO4J_PASSWORD: 'x',
          NEWSGRAPH_DATA_DIR: dataDir,
          PORT: String(await freePort()),
        }),
      );
      const line = expectCleanFailure(run, before);
      expect(line).toMatch(/NODE_ENV=production/);
      expect(line).toMatch(/NEWSGRAPH_API_KEYS/);
      expect(line).toMatch(/NEWSGRAPH_READ_ONLY=true/);
      expect(run.stderr.trim().split('\n')).toEqual([line]);
      expect(fs.existsSync(dataDir)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps NEO4J_PASSWORD and the API keys out of everything it prints, at debug level, in both log formats',
    async () => {
      const secret = 'some-secret-Neo4j-pw-31337';
      const key = 'api-key-never-printed-4242';
      for (const format of ['json', 'pretty']) {
        const before = neo4jProcesses();
        const run = await runServe(
          cliEnv({
            LOG_LEVEL: 'debug',
            LOG_FORMAT: format,
            NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`,
            NEO4J_PASSWORD: secret,
            NEWSGRAPH_API_KEYS: key,
            NEWSGRAPH_CONNECT_TIMEOUT_MS: '2000',
            NEWSGRAPH_DATA_DIR: unusedDataDir(),
            PORT: String(await freePort()),
          }),
        );
        const line = expectCleanFailure(run, before);
        expect(line).toMatch(/unreachable/i);
        // It did log on its way (so the check below looks at real output).
        expect(run.stderr).toMatch(/Waiting for Neo4j/);
        const logLines = run.stderr.split('\n').filter((text) => text.trim() !== '' && text !== line);
        if (format === 'json') for (const text of logLines) expect(() => JSON.parse(text) as unknown).not.toThrow();
        for (const output of [run.stderr, run.stdout]) {
          expect(output).not.toContain(secret);
          expect(output).not.toContain(key);
          expect(output).not.toMatch(/bearer/i);
        }
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'names PORT when its value is invalid',
    async () => {
      const before = neo4jProcesses();
      const dataDir = unusedDataDir();
      const run = await runServe(cliEnv({ PORT: 'abc', NEWSGRAPH_DATA_DIR: dataDir }));
      const line = expectCleanFailure(run, before);
      expect(line).toMatch(/PORT/);
      expect(line).toContain('abc');
      expect(fs.existsSync(dataDir)).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a mistake in the command line', () => {
  /** Exit code 2, one line on stderr naming the flag, nothing on stdout, nothing started or written. */
  async function expectUsageError(args: string[], named: RegExp): Promise<void> {
    const before = neo4jProcesses();
    const dataDir = unusedDataDir();
    const run = await runCli(args, cliEnv({ NEWSGRAPH_DATA_DIR: dataDir, PORT: String(await freePort()) }));
    const line = expectCleanFailure(run, before);
    expect({ args, code: run.code }).toEqual({ args, code: 2 });
    expect(run.stderr.trim().split('\n')).toEqual([line]);
    expect(line).toMatch(named);
    expect(run.stdout).toBe('');
    expect(fs.existsSync(dataDir)).toBe(false);
  }

  it('generate --entities --seed 5: a flag without its value', async () => {
    await expectUsageError(['generate', '--entities', '--seed', '5'], /--entities needs a value/);
  });

  it('import --bogus x: an unknown flag, named (not "import needs a file")', async () => {
    await expectUsageError(['import', '--bogus', 'x'], /unknown flag --bogus/);
  });

  it(
    'a bad number, a word outside the choices, an unknown command or db action',
    async () => {
      const file = path.join(freshDir('out'), 'graph.jsonl');
      await expectUsageError(['generate', '--entities', 'many', '--out', file], /--entities must be a whole number/);
      expect(fs.existsSync(file)).toBe(false);
      await expectUsageError(['import', 'x.jsonl', '--batch-size', '0'], /--batch-size must be a whole number from 1/);
      await expectUsageError(['export', '--format', 'xml'], /--format must be json, graphml or cypher/);
      await expectUsageError(['db', 'reset', '--yes', 'now'], /unexpected argument "now"/);
      await expectUsageError(['db', 'frobnicate'], /unknown action "frobnicate"/);
      await expectUsageError(['frobnicate'], /unknown command "frobnicate"/);
    },
    TEST_TIMEOUT_MS,
  );

  it('keeps exit code 1 for a failure at run time', async () => {
    const before = neo4jProcesses();
    const run = await runCli(['import', path.join(tmpRoot, 'no-such-file.jsonl')], cliEnv({ NEWSGRAPH_DATA_DIR: unusedDataDir() }));
    expect(expectCleanFailure(run, before)).toMatch(/no file at/);
    expect(run.code).toBe(1);
  });
});
