import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import neo4j from 'neo4j-driver';

import { loadConfig } from '../../src/config/config';
import { LocalNeo4j, localStatus, resetLocalNeo4j, startLocalNeo4j, stopLocalNeo4j } from '../../src/local-neo4j/local-neo4j';
import { LocalNeo4jError } from '../../src/local-neo4j/local-neo4j-error';
import { freePort } from '../../src/local-neo4j/process-utils';

/**
 * The Neo4j that NewsGraph provisions for itself, in fresh temporary folders (never the run's
 * test Neo4j, ~/.newsgraph or the repo's .newsgraph): loopback only, auth on with a generated
 * password, data that survives restarts, no Java process outliving its owner, and the
 * `newsgraph db` commands. Each start takes ~5-10 s and each stop ~10 s, so starts are reused:
 * the tests of a describe block run in order and build on each other.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'newsgraph.js');
const MAIN_CLASS = 'org.neo4j.server.CommunityEntryPoint';
const SEARCH_DPRK = '{ search(text: "DPRK") { entity { id } } }';

let tmpRoot: string;
let cacheDir: string;
/** Folder of the API tests and the `db` commands. */
let dirA: string;
/** Folder of the `serve`-owned Neo4j. */
let dirB: string;
const children = new Set<ChildProcess>();

// ---------------------------------------------------------------------------------------------
// Processes and sockets, read from /proc.

/** Pid -> arguments of every live (non-zombie) process of the Neo4j of `dataDir`: the watchdog sh and the JVM. */
function neo4jProcessesOf(dataDir: string): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (args.includes(MAIN_CLASS) && args.includes(`--home-dir=${dataDir}`)) found.set(Number(entry), args);
  }
  return found;
}

function javaPidOf(dataDir: string): number {
  const pids = [...neo4jProcessesOf(dataDir)].filter(([, args]) => path.basename(args[0]) === 'java').map(([pid]) => pid);
  expect(pids).toHaveLength(1);
  return pids[0];
}

/** Decodes a /proc/net/tcp{,6} address: IPv4-mapped IPv6 addresses are shown as IPv4. */
function decodeAddress(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const chunk = hex.slice(word, word + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(chunk.slice(i, i + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  const v4Mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (v4Mapped) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':');
}

/** Every listening TCP socket on the machine: inode -> "address:port". */
function listeningSockets(): Map<string, string> {
  const sockets = new Map<string, string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A') continue; // 0A = LISTEN
      const [addressHex, portHex] = fields[1].split(':');
      sockets.set(fields[9], `${decodeAddress(addressHex)}:${parseInt(portHex, 16)}`);
    }
  }
  return sockets;
}

/** The "address:port" of every socket the process listens on. */
function listeningAddressesOf(pid: number): string[] {
  const sockets = listeningSockets();
  const addresses: string[] = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    const address = inode === undefined ? undefined : sockets.get(inode);
    if (address !== undefined) addresses.push(address);
  }
  return addresses.sort();
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

// ---------------------------------------------------------------------------------------------
// The CLI.

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  elapsedMs: number;
}

/** A running `node dist/src/cli/newsgraph.js ...`, its output collected. */
class Cli {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    const started = Date.now();
    this.child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(this.child);
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => {
        children.delete(this.child);
        this.exit = { code, signal, elapsedMs: Date.now() - started };
        resolve(this.exit);
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('The CLI did not start');
    return this.child.pid;
  }

  /** Resolves with the exit within `timeoutMs`, or undefined (the process is left running). */
  async exitWithin(timeoutMs: number): Promise<Exit | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for a stderr line matching `pattern`; fails early if the process exits. */
  async waitForStderr(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.stderr);
      if (match) return match;
      if (this.exit) throw new Error(`CLI exited (${JSON.stringify(this.exit)}) before printing ${pattern}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`No ${pattern} on stderr within ${timeoutMs} ms:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The user's environment without Neo4j or data-folder settings, plus `overrides`. */
function cliEnv(dataDir: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('NEO4J_') || key.startsWith('NEWSGRAPH_TEST_')) delete env[key];
  }
  return { ...env, NEWSGRAPH_DATA_DIR: dataDir, NEWSGRAPH_NEO4J_CACHE: cacheDir, LOG_LEVEL: 'info', ...overrides };
}

/** Runs a CLI command to its end (killing it after `timeoutMs`). */
async function runCli(args: string[], dataDir: string, timeoutMs = 90_000): Promise<Exit & { stdout: string; stderr: string }> {
  const cli = new Cli(args, cliEnv(dataDir));
  const exit = await cli.exitWithin(timeoutMs);
  if (!exit) {
    cli.child.kill('SIGKILL');
    throw new Error(`newsgraph ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${cli.stderr}`);
  }
  return { ...exit, stdout: cli.stdout, stderr: cli.stderr };
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** Starts `serve` on the folder and waits until it prints where it serves GraphQL. */
async function startServe(dataDir: string): Promise<{ cli: Cli; url: string }> {
  const cli = new Cli(['serve'], cliEnv(dataDir, { PORT: String(await freePort()) }));
  const match = await cli.waitForStderr(/serving GraphQL at (http:\/\/\S+\/graphql)/, 120_000);
  return { cli, url: match[1] };
}

async function searchDprk(url: string): Promise<string[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: SEARCH_DPRK }),
  });
  const body = (await response.json()) as { data?: { search: { entity: { id: string } }[] }; errors?: unknown[] };
  expect({ status: response.status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  return (body.data?.search ?? []).map((hit) => hit.entity.id);
}

async function withDriver<T>(uri: string, password: string, work: (driver: ReturnType<typeof neo4j.driver>) => Promise<T>): Promise<T> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', password), { connectionTimeout: 5000 });
  try {
    return await work(driver);
  } finally {
    await driver.close();
  }
}

async function countNodes(uri: string, password: string, label?: string): Promise<number> {
  return withDriver(uri, password, async (driver) => {
    const { records } = await driver.executeQuery(
      `MATCH (n${label ? `:${label}` : ''}) RETURN count(n) AS count`,
      {},
      { database: 'neo4j' },
    );
    return (records[0].get('count') as { toNumber(): number }).toNumber();
  });
}

const readPassword = (dataDir: string): string => fs.readFileSync(path.join(dataDir, 'password'), 'utf8').trim();

// ---------------------------------------------------------------------------------------------

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does).`);
  const env: Record<string, string | undefined> = { ...process.env, NEO4J_URI: undefined, NEO4J_PASSWORD: undefined };
  cacheDir = loadConfig(env).neo4jCacheDir;
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-local-neo4j-'));
  dirA = path.join(tmpRoot, 'a');
  dirB = path.join(tmpRoot, 'b');
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await waitUntil(() => children.size === 0, 10_000);
  for (const dir of [dirA, dirB]) {
    if (!dir) continue;
    await stopLocalNeo4j(dir).catch(() => false);
    for (const pid of neo4jProcessesOf(dir).keys()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
}, 120_000);

describe('startLocalNeo4j / stopLocalNeo4j / localStatus on a fresh folder', () => {
  let neo: LocalNeo4j;
  let boltPort: number;
  const progress: string[] = [];
  const start = (): Promise<LocalNeo4j> =>
    startLocalNeo4j({ dataDir: dirA, cacheDir, owner: 'test', progress: (line) => progress.push(line), startTimeoutMs: 90_000 });

  it('starts with a generated password kept in the folder with mode 0600', async () => {
    neo = await start();
    expect(neo.shared).toBe(false);
    expect(neo.user).toBe('neo4j');
    const uri = /^bolt:\/\/127\.0\.0\.1:(\d+)$/.exec(neo.uri);
    expect(uri).not.toBeNull();
    boltPort = Number(uri?.[1]);

    const passwordFile = path.join(dirA, 'password');
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
    const password = readPassword(dirA);
    expect(password).toBe(neo.password);
    expect(password).not.toBe('neo4j');
    expect(password.length).toBeGreaterThanOrEqual(16);

    expect(localStatus(dirA)).toMatchObject({ running: true, uri: neo.uri, owner: 'test', dataDir: dirA });
  }, 120_000);

  it('binds Bolt to 127.0.0.1 only, on the port of the generated neo4j.conf, and listens nowhere else', () => {
    const conf = fs.readFileSync(path.join(dirA, 'conf', 'neo4j.conf'), 'utf8');
    expect(conf).toMatch(new RegExp(`^server\\.bolt\\.listen_address=127\\.0\\.0\\.1:${boltPort}$`, 'm'));
    expect(conf).toMatch(/^server\.default_listen_address=127\.0\.0\.1$/m);
    expect(conf).toMatch(/^dbms\.security\.auth_enabled=true$/m);

    const bolt = [...listeningSockets().values()].filter((address) => address.endsWith(`:${boltPort}`));
    expect(bolt).toEqual([`127.0.0.1:${boltPort}`]);
    // Every port the JVM opened (HTTP is off, so Bolt should be the only one) is loopback.
    const all = listeningAddressesOf(javaPidOf(dirA));
    expect(all).toContain(`127.0.0.1:${boltPort}`);
    expect(all.filter((address) => !address.startsWith('127.0.0.1:'))).toEqual([]);
  });

  it('has authentication on: a wrong password is Unauthorized, the generated one works', async () => {
    await withDriver(neo.uri, 'not-the-password', async (driver) => {
      await expect(driver.verifyConnectivity()).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    });
    await withDriver(neo.uri, 'neo4j', async (driver) => {
      await expect(driver.verifyConnectivity()).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    });
    await withDriver(neo.uri, neo.password, async (driver) => {
      const { records } = await driver.executeQuery('RETURN 1 AS one', {}, { database: 'neo4j' });
      expect((records[0].get('one') as { toNumber(): number }).toNumber()).toBe(1);
    });
  }, 60_000);

  it('keeps data across a stop and a start', async () => {
    await withDriver(neo.uri, neo.password, (driver) =>
      driver.executeQuery('CREATE (:LocalNeo4jTestMarker {token: $token})', { token: 'survives' }, { database: 'neo4j' }),
    );

    expect(await stopLocalNeo4j(dirA)).toBe(true);
    expect([...neo4jProcessesOf(dirA).values()]).toEqual([]);
    expect(localStatus(dirA).running).toBe(false);
    expect(fs.existsSync(path.join(dirA, 'neo4j.json'))).toBe(false);
    expect(await stopLocalNeo4j(dirA)).toBe(false);

    neo = await start();
    expect(neo.password).toBe(readPassword(dirA));
    expect(fs.statSync(path.join(dirA, 'password')).mode & 0o777).toBe(0o600);
    expect(await countNodes(neo.uri, neo.password, 'LocalNeo4jTestMarker')).toBe(1);

    expect(() => resetLocalNeo4j(dirA)).toThrow(LocalNeo4jError);
    await neo.stop();
    expect([...neo4jProcessesOf(dirA).values()]).toEqual([]);
    expect(localStatus(dirA).running).toBe(false);
  }, 150_000);
});

describe('newsgraph db start|status|stop|reset, and serve on the Neo4j that db start left', () => {
  let boltUri: string;
  let neo4jPid: number;

  it('db reset refuses without --yes and deletes nothing', async () => {
    const run = await runCli(['db', 'reset'], dirA);
    expect(run.code).not.toBe(0);
    expect(lastLine(run.stderr)).toMatch(/^newsgraph: .*--yes/);
    expect(run.stderr).not.toMatch(/^ {4}at /m);
    expect(fs.existsSync(path.join(dirA, 'data'))).toBe(true);
    expect(fs.existsSync(path.join(dirA, 'password'))).toBe(true);
  }, 60_000);

  it('db reset --yes deletes the database: the next db start has an empty one, and db status reports it', async () => {
    const oldPassword = readPassword(dirA);
    const reset = await runCli(['db', 'reset', '--yes'], dirA);
    expect({ code: reset.code, stderr: reset.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fs.existsSync(path.join(dirA, 'data'))).toBe(false);

    const start = await runCli(['db', 'start'], dirA);
    expect({ code: start.code, stderr: start.stderr }).toMatchObject({ code: 0 });
    const printed = /Neo4j runs at (bolt:\/\/127\.0\.0\.1:\d+)/.exec(start.stdout);
    expect(printed).not.toBeNull();
    boltUri = printed?.[1] ?? '';

    const status = await runCli(['db', 'status'], dirA);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^running: /);
    expect(status.stdout).toContain(boltUri);
    const local = localStatus(dirA);
    expect(local).toMatchObject({ running: true, uri: boltUri, owner: 'db-start' });
    neo4jPid = local.pid ?? -1;

    const password = readPassword(dirA);
    expect(password).not.toBe(oldPassword);
    expect(await countNodes(boltUri, password)).toBe(0);
  }, 150_000);

  it('db reset --yes refuses while that Neo4j runs', async () => {
    const run = await runCli(['db', 'reset', '--yes'], dirA);
    expect(run.code).not.toBe(0);
    expect(lastLine(run.stderr)).toMatch(/^newsgraph: .*stop it first/);
    expect(fs.existsSync(path.join(dirA, 'data'))).toBe(true);
  }, 60_000);

  it('serve uses it (and says so), answers search, and leaves it running on SIGTERM', async () => {
    const { cli, url } = await startServe(dirA);
    expect(cli.stderr).toContain("'newsgraph db start'");
    expect(cli.stderr).not.toMatch(/Starting Neo4j/);
    const ids = await searchDprk(url);
    expect(ids[0]).toBe('north-korea');

    cli.child.kill('SIGTERM');
    const exit = await cli.exitWithin(40_000);
    expect(exit).toMatchObject({ code: 0, signal: null });

    expect(localStatus(dirA)).toMatchObject({ running: true, uri: boltUri, pid: neo4jPid, owner: 'db-start' });
    expect(await countNodes(boltUri, readPassword(dirA))).toBeGreaterThan(0);
  }, 180_000);

  it('db stop stops it; db status then says stopped, with exit code 3', async () => {
    const stop = await runCli(['db', 'stop'], dirA);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toMatch(/Neo4j stopped/);
    expect([...neo4jProcessesOf(dirA).values()]).toEqual([]);

    const status = await runCli(['db', 'status'], dirA);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/^stopped/);
  }, 120_000);
});

describe('newsgraph serve with its own Neo4j', () => {
  let first: Cli;
  let url: string;

  it('answers search over HTTP once its Neo4j is up', async () => {
    ({ cli: first, url } = await startServe(dirB));
    expect(first.stderr).toMatch(/Starting Neo4j .* on bolt:\/\/127\.0\.0\.1:\d+/);
    expect(localStatus(dirB)).toMatchObject({ running: true, owner: 'serve' });
    const ids = await searchDprk(url);
    expect(ids[0]).toBe('north-korea');
  }, 180_000);

  it('refuses a second serve on the same data folder, and the first keeps serving', async () => {
    const second = new Cli(['serve'], cliEnv(dirB, { PORT: String(await freePort()) }));
    const exit = await second.exitWithin(60_000);
    if (!exit) second.child.kill('SIGKILL');
    expect(exit).toBeDefined();
    expect(exit?.code).not.toBe(0);
    expect(exit?.signal).toBeNull();
    const line = lastLine(second.stderr);
    expect(line).toMatch(/^newsgraph: /);
    expect(line).toMatch(/data folder .* in use/i);
    expect(line).toContain(dirB);
    expect(second.stderr).not.toMatch(/^ {4}at /m);

    const ready = await fetch(url.replace(/\/graphql$/, '/health/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
    expect(localStatus(dirB)).toMatchObject({ running: true, owner: 'serve' });
  }, 90_000);

  it('stops on SIGINT with exit code 0 within 40 s, leaving no Neo4j process of its folder', async () => {
    expect(neo4jProcessesOf(dirB).size).toBeGreaterThan(0);
    first.child.kill('SIGINT');
    const exit = await first.exitWithin(40_000);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect([...neo4jProcessesOf(dirB).values()]).toEqual([]);
    expect(localStatus(dirB).running).toBe(false);
  }, 60_000);

  it("stops a SIGKILLed serve's Neo4j through its watchdog within 30 s", async () => {
    const { cli } = await startServe(dirB);
    expect(javaPidOf(dirB)).toBeGreaterThan(0);
    cli.child.kill('SIGKILL');
    await cli.exited;
    const killedAt = Date.now();
    const gone = await waitUntil(() => neo4jProcessesOf(dirB).size === 0, 30_000);
    expect({ gone, after: `${Date.now() - killedAt} ms`, left: [...neo4jProcessesOf(dirB).values()] }).toMatchObject({
      gone: true,
      left: [],
    });
    expect(localStatus(dirB).running).toBe(false);
  }, 180_000);

  it("clears a killed serve's stale claim, and leaves no Neo4j process behind when interrupted while Neo4j starts", async () => {
    // The killed serve above left its claim on the folder behind; this start must clear it.
    const cli = new Cli(['serve'], cliEnv(dirB, { PORT: String(await freePort()) }));
    await cli.waitForStderr(/Starting Neo4j/, 60_000);
    cli.child.kill('SIGINT');
    const exit = await cli.exitWithin(40_000);
    expect(exit).toBeDefined();
    const gone = await waitUntil(() => neo4jProcessesOf(dirB).size === 0, 30_000);
    expect({ gone, left: [...neo4jProcessesOf(dirB).values()] }).toEqual({ gone: true, left: [] });

    const status = await runCli(['db', 'status'], dirB);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/^stopped/);
  }, 120_000);
});

describe('newsgraph with NEO4J_URI set', () => {
  it('serve uses that server and provisions nothing', async () => {
    const uri = process.env.NEWSGRAPH_TEST_NEO4J_URI;
    if (!uri) throw new Error('NEWSGRAPH_TEST_NEO4J_URI is unset: run integration tests through jest (global setup starts Neo4j).');
    const dataDir = path.join(tmpRoot, 'never-created');
    const cli = new Cli(
      ['serve'],
      cliEnv(dataDir, {
        NEO4J_URI: uri,
        NEO4J_USER: process.env.NEWSGRAPH_TEST_NEO4J_USER ?? 'neo4j',
        NEO4J_PASSWORD: process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD ?? '',
        PORT: String(await freePort()),
      }),
    );
    const match = await cli.waitForStderr(/serving GraphQL at (http:\/\/\S+\/graphql)/, 60_000);
    const ready = await fetch(match[1].replace(/\/graphql$/, '/health/ready'));
    expect(ready.status).toBe(200);
    expect(cli.stderr).not.toMatch(/Starting Neo4j|Fetching Neo4j|db start/);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(neo4jProcessesOf(dataDir).size).toBe(0);

    cli.child.kill('SIGINT');
    expect(await cli.exitWithin(40_000)).toMatchObject({ code: 0, signal: null });
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 90_000);

  it('db start refuses and creates no data folder', async () => {
    const dataDir = path.join(tmpRoot, 'never-created');
    const cli = new Cli(['db', 'start'], cliEnv(dataDir, { NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_PASSWORD: 'x' }));
    const exit = await cli.exitWithin(60_000);
    expect(exit?.code).toBe(1);
    expect(lastLine(cli.stderr)).toMatch(/^newsgraph: NEO4J_URI is set/);
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 90_000);
});
