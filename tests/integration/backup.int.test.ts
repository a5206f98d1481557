import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from '../../src/local-neo4j/process-utils';
import { cleanUp, cliEnv, contentChecksum, lastLine, runCli, runningMemory, startServe } from '../support/cli-process';

/**
 * `newsgraph db dump FILE` and `db load FILE [--force]` on a local Neo4j of the test's own: the
 * content checksum (`export --checksum`) after dump, reset and load equals the one before; they
 * refuse to overwrite without --force, a remote NEO4J_URI, and a folder that `serve` uses. The
 * steps build on each other, in order (every start of Neo4j costs tens of seconds).
 */

let tmpRoot: string;
let dataDir: string;
let dumpFile: string;
let before: string;

const STEP_MS = 600_000;
const env = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => cliEnv(dataDir, overrides);

const checksum = (): Promise<string> => contentChecksum(env());

beforeAll(() => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-backup-'));
  dataDir = path.join(tmpRoot, 'data');
  dumpFile = path.join(tmpRoot, 'graph.dump');
});

afterAll(async () => {
  await cleanUp([dataDir]);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}, 120_000);

describe('db dump and db load', () => {
  it(
    "dumps a database that 'db start' left running, and leaves it running, with the configured memory",
    async () => {
      expect((await runCli(['db', 'start'], env())).code).toBe(0);
      expect((await runCli(['seed'], env())).code).toBe(0);
      before = await checksum();
      expect(before).toMatch(/^[0-9a-f]{64} {2}\(1 sources, \d+ entities, \d+ relationships/);

      expect(runningMemory(dataDir)).toEqual({ pageCache: '512m', heap: '1g' });
      const dump = await runCli(['db', 'dump', dumpFile], env({ NEWSGRAPH_NEO4J_PAGECACHE: '96m', NEWSGRAPH_NEO4J_HEAP: '768m' }));
      expect({ code: dump.code, stderr: dump.stderr }).toEqual({
        code: 0,
        stderr: expect.stringMatching(/Stopping the local Neo4j/) as string,
      });
      expect(dump.stdout).toMatch(/^Dumped the local database to /);
      expect(fs.statSync(dumpFile).size).toBeGreaterThan(0);
      expect(fs.existsSync(`${dumpFile}.partial`)).toBe(false);
      const status = await runCli(['db', 'status'], env());
      expect(status.stdout).toMatch(/^running: .*started by db-start/);
      expect(runningMemory(dataDir)).toEqual({ pageCache: '96m', heap: '768m' });
    },
    STEP_MS,
  );

  it(
    'refuses to overwrite the dump file or the database without --force',
    async () => {
      const mtime = fs.statSync(dumpFile).mtimeMs;
      const again = await runCli(['db', 'dump', dumpFile], env());
      expect(again.code).toBe(1);
      expect(again.stderr.trim().split('\n')).toEqual([`newsgraph: ${dumpFile} exists: add --force to overwrite it.`]);
      expect(fs.statSync(dumpFile).mtimeMs).toBe(mtime);

      const load = await runCli(['db', 'load', dumpFile], env());
      expect(load.code).toBe(1);
      expect(lastLine(load.stderr)).toMatch(/would be replaced .*add --force/);
      // Refused before anything was stopped.
      expect((await runCli(['db', 'status'], env())).stdout).toMatch(/^running:/);
    },
    STEP_MS,
  );

  it(
    'refuses a remote NEO4J_URI with one line pointing at its own tools or export and import',
    async () => {
      const other = path.join(tmpRoot, 'remote.dump');
      for (const action of ['dump', 'load']) {
        const run = await runCli(
          ['db', action, action === 'dump' ? other : dumpFile],
          env({ NEO4J_URI: 'neo4j+s://db.example:7687', NEO4J_PASSWORD: 'x' }),
        );
        expect(run.code).toBe(1);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(
          /NEO4J_URI is set .* works only on the local Neo4j; back that server up with its own tools .*'newsgraph export' and 'newsgraph import'/,
        );
      }
      expect(fs.existsSync(other)).toBe(false);
    },
    STEP_MS,
  );

  it(
    'after db reset, loads the dump: the content checksum is the one before the dump',
    async () => {
      expect((await runCli(['db', 'stop'], env())).code).toBe(0);
      expect((await runCli(['db', 'reset', '--yes'], env())).code).toBe(0);
      const load = await runCli(['db', 'load', dumpFile], env());
      expect({ code: load.code, stderr: load.stderr }).toEqual({ code: 0, stderr: expect.any(String) as string });
      expect(await checksum()).toBe(before);
    },
    STEP_MS,
  );

  it(
    "refuses to take the database away from a running 'newsgraph serve', then loads with --force once it stopped",
    async () => {
      const serve = await startServe(env({ PORT: String(await freePort()) }));
      try {
        const other = path.join(tmpRoot, 'while-serving.dump');
        const dump = await runCli(['db', 'dump', other], env());
        expect(dump.code).toBe(1);
        expect(dump.stderr.trim().split('\n')).toHaveLength(1);
        expect(dump.stderr).toMatch(/in use by a running 'newsgraph serve' \(pid \d+\): stop it first/);
        expect(fs.existsSync(other)).toBe(false);
        const load = await runCli(['db', 'load', dumpFile, '--force'], env());
        expect(load.code).toBe(1);
        expect(load.stderr).toMatch(/in use by a running 'newsgraph serve'/);
        // serve still answers.
        const response = await fetch(serve.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ graphStats { entities } }' }),
        });
        expect(response.status).toBe(200);
      } finally {
        await serve.stop();
      }
      const load = await runCli(['db', 'load', dumpFile, '--force'], env());
      expect(load.code).toBe(0);
      expect(await checksum()).toBe(before);
    },
    STEP_MS,
  );
});
