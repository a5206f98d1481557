import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import neo4j from 'neo4j-driver';

import { localStatus } from '../../src/local-neo4j/local-neo4j';
import { freePort } from '../../src/local-neo4j/process-utils';
import { cleanUp, cliEnv, contentChecksum, lastLine, runCli, runningMemory, startServe } from '../support/cli-process';

/**
 * `newsgraph import --initial FILE` on a local Neo4j of the test's own, as a user runs it: a bad
 * line leaves the database untouched; a good file loads through neo4j-admin's offline importer
 * into exactly the graph the online import builds from the same file (equal content checksums, and
 * an online re-import of the file finds every record unchanged); a non-empty database, a remote
 * NEO4J_URI and a database in use by `serve` are refused with one line. The steps build on each
 * other, in order; they keep a `db start` server running, as a user would (every start of Neo4j
 * costs tens of seconds), which --initial stops and starts again around the importer, with the
 * page cache and heap configured for it.
 */

let tmpRoot: string;
let dataDir: string;
let goodFile: string;
let badFile: string;
let offlineChecksum: string;
let offlineSchema: unknown;

const STEP_MS = 600_000;
const env = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => cliEnv(dataDir, overrides);
const BAD_LINE_AT = 200;

const checksum = (): Promise<string> => contentChecksum(env());

/**
 * The schema of the folder's running Neo4j, as SHOW INDEXES and SHOW CONSTRAINTS describe it (ids
 * and element ids left out: they number creation order), and the migrations recorded.
 */
async function schema(): Promise<unknown> {
  const status = localStatus(dataDir);
  if (!status.running || status.uri === undefined) throw new Error(`no Neo4j runs on ${dataDir}`);
  const password = fs.readFileSync(path.join(dataDir, 'password'), 'utf8').trim();
  const driver = neo4j.driver(status.uri, neo4j.auth.basic('neo4j', password));
  try {
    const rows = async (cypher: string): Promise<unknown[]> =>
      (await driver.executeQuery(cypher)).records.map((record) => record.toObject());
    return {
      indexes: await rows(
        'SHOW INDEXES YIELD name, state, type, entityType, labelsOrTypes, properties, indexProvider, owningConstraint, options RETURN * ORDER BY name',
      ),
      constraints: await rows(
        'SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties, ownedIndex, propertyType, options RETURN * ORDER BY name',
      ),
      migrations: await rows('MATCH (m:NewsgraphMigration) RETURN m.id AS id, m.checksum AS checksum ORDER BY id'),
    };
  } finally {
    await driver.close();
  }
}

/** "1,234 created, 0 updated, 5 unchanged" of one kind in the import summary. */
function counts(stdout: string, kind: string): { created: number; updated: number; unchanged: number } {
  const match = new RegExp(`${kind}:\\s+([\\d,]+) created, ([\\d,]+) updated, ([\\d,]+) unchanged`).exec(stdout);
  if (!match) throw new Error(`no ${kind} counts in:\n${stdout}`);
  const n = (text: string): number => Number(text.replace(/,/g, ''));
  return { created: n(match[1]), updated: n(match[2]), unchanged: n(match[3]) };
}

beforeAll(async () => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-initial-'));
  dataDir = path.join(tmpRoot, 'data');
  goodFile = path.join(tmpRoot, 'graph.jsonl');
  badFile = path.join(tmpRoot, 'bad.jsonl');
  // The generator's file: sources with multi-line texts and quotes, every entity kind, evidence.
  const generated = await runCli(['generate', '--entities', '1500', '--seed', '11', '--out', goodFile], env());
  expect({ code: generated.code, stderr: generated.stderr }).toEqual({ code: 0, stderr: expect.any(String) as string });
  // Hand-written records the generator does not make: a text with quotes and commas, aliases, an
  // entity with no evidence-bearing relationship, a relationship without evidence, dates, a quantity.
  const extra: Record<string, unknown>[] = [
    {
      source: {
        id: 'initial-src',
        title: 'A "quoted", comma title',
        url: 'https://example.org/initial',
        publishedAt: '2024-11-16T12:00:00Z',
        text: 'Line one, with "quotes".\nLine two: 10,000 troops were deployed.',
        // Spans naming entities that come later in the file, as an ingested article's export has them.
        mentionSpans: [
          { entity: 'initial-kp', start: 42, end: 48 },
          { entity: 'initial-meeting', start: 0, end: 8 },
        ],
      },
    },
    { entity: { id: 'initial-kp', kind: 'COUNTRY', name: 'North Korea', aliases: ['DPRK', 'Korea, North'], isoCode: 'KP' } },
    { entity: { id: 'initial-ru', kind: 'COUNTRY', name: 'Russia' } },
    { entity: { id: 'initial-meeting', kind: 'EVENT', name: 'A meeting', startDate: '2024-11-16', datePrecision: 'DAY' } },
    {
      relationship: {
        from: 'initial-kp',
        to: 'initial-ru',
        type: 'DEPLOYED_TO',
        quantity: 10000,
        confidence: 0.6,
        validFrom: '2024-10-01',
        validFromPrecision: 'MONTH',
        origin: 'EXTRACTED',
        status: 'PROPOSED',
        hedge: 'reportedly',
        evidence: [{ sourceId: 'initial-src', quote: '10,000 troops were deployed' }],
      },
    },
    { relationship: { from: 'initial-kp', to: 'initial-meeting', type: 'PARTICIPATED_IN', role: 'host' } },
  ];
  // Over 4 MB of multi-line texts with quotes: the importer's v2 multi-line reader failed on such a
  // sources file at its 4 MB buffer boundary.
  for (let i = 0; i < 300; i += 1) {
    const lines = Array.from({ length: 300 }, (_, j) => `Report ${i}.${j}: a person said "hello, again", then left.`);
    extra.push({ source: { id: `long-src-${i}`, title: `Long report ${i}`, text: lines.join('\n') } });
  }
  fs.appendFileSync(goodFile, extra.map((record) => JSON.stringify(record)).join('\n') + '\n');
  // The same file with one bad record in the middle: a quote its source does not contain.
  const lines = fs.readFileSync(goodFile, 'utf8').trimEnd().split('\n');
  const at = lines.findIndex((line, i) => i >= BAD_LINE_AT && line.startsWith('{"relationship"'));
  const bad = JSON.parse(lines[at]) as { relationship: { evidence: { quote: string }[] } };
  bad.relationship.evidence[0].quote = 'a sentence no source holds';
  lines[at] = JSON.stringify(bad);
  fs.writeFileSync(badFile, lines.join('\n') + '\n');
  expect((await runCli(['db', 'start'], env())).code).toBe(0);
}, STEP_MS);

afterAll(async () => {
  await cleanUp([dataDir]);
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}, 120_000);

describe('newsgraph import --initial', () => {
  it(
    'refuses a file with a bad line, naming it, and leaves the database untouched',
    async () => {
      const run = await runCli(['import', '--initial', badFile], env());
      expect(run.code).toBe(1);
      expect(lastLine(run.stderr)).toMatch(/line \d+: relationship\.evidence\[0\]\.quote: the quote does not appear verbatim in source/);
      expect(run.stderr).not.toMatch(/offline importer phase/);
      const empty = await checksum();
      expect(empty).toMatch(/\(0 sources, 0 entities, 0 relationships/);
      // No CSV left behind in the data folder.
      const importDir = path.join(dataDir, 'import');
      expect(fs.existsSync(importDir) ? fs.readdirSync(importDir) : []).toEqual([]);
    },
    STEP_MS,
  );

  it(
    "loads a good file through the offline importer, printing each phase with its time, and starts 'db start''s server again with the configured memory",
    async () => {
      expect(runningMemory(dataDir)).toEqual({ pageCache: '512m', heap: '1g' });
      const run = await runCli(['import', '--initial', goodFile], env({ NEWSGRAPH_NEO4J_PAGECACHE: '96m', NEWSGRAPH_NEO4J_HEAP: '768m' }));
      expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.stderr).toMatch(/Starting the local Neo4j again, as 'newsgraph db start' had left it/);
      expect(runningMemory(dataDir)).toEqual({ pageCache: '96m', heap: '768m' });
      expect((await runCli(['db', 'status'], env())).stdout).toMatch(/^running: .*started by db-start/);
      const output = run.stdout + run.stderr;
      for (const phase of [
        'validate, hash and write the CSV files',
        'offline importer phase',
        'start Neo4j',
        'derive degrees and empty lists',
        'create the final schema over the imported data',
      ])
        expect(output).toMatch(new RegExp(`${phase}: \\d+\\.\\d s`));
      offlineChecksum = await checksum();
      offlineSchema = await schema();
      expect(offlineChecksum).toMatch(/^[0-9a-f]{64} {2}\(\d+ sources, \d+ entities, \d+ relationships/);
      expect(offlineChecksum).not.toMatch(/\(0 sources/);
    },
    STEP_MS,
  );

  it(
    'refuses a database that is not empty, a remote NEO4J_URI and a database that serve uses, each with one line',
    async () => {
      const again = await runCli(['import', '--initial', goodFile], env());
      expect(again.code).toBe(1);
      expect(lastLine(again.stderr)).toMatch(/is not empty \(\d+ nodes\): --initial loads only into an empty one/);

      const remote = await runCli(['import', '--initial', goodFile], env({ NEO4J_URI: 'neo4j+s://db.example:7687', NEO4J_PASSWORD: 'x' }));
      expect(remote.code).toBe(1);
      expect(remote.stderr.trim().split('\n')).toHaveLength(1);
      expect(remote.stderr).toMatch(/NEO4J_URI is set .*'import --initial' loads only the local Neo4j/);

      expect((await runCli(['db', 'stop'], env())).code).toBe(0);
      const serve = await startServe(env({ PORT: String(await freePort()) }));
      try {
        const busy = await runCli(['import', '--initial', goodFile], env());
        expect(busy.code).toBe(1);
        expect(busy.stderr.trim().split('\n')).toHaveLength(1);
        expect(busy.stderr).toMatch(/in use by a running 'newsgraph serve' \(pid \d+\)/);
      } finally {
        await serve.stop();
      }
      expect((await runCli(['db', 'start'], env())).code).toBe(0);
      expect(await checksum()).toBe(offlineChecksum);
    },
    STEP_MS,
  );

  it(
    'an online re-import of the same file finds every record unchanged',
    async () => {
      const run = await runCli(['import', goodFile], env());
      expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
      for (const kind of ['sources', 'entities', 'relationships']) {
        const c = counts(run.stdout, kind);
        expect({ kind, created: c.created, updated: c.updated }).toEqual({ kind, created: 0, updated: 0 });
        expect(c.unchanged).toBeGreaterThan(0);
      }
      expect(await checksum()).toBe(offlineChecksum);
    },
    STEP_MS,
  );

  it(
    'builds the graph and the schema the online import builds from the same file (equal content checksums, indexes and constraints)',
    async () => {
      expect((await runCli(['db', 'stop'], env())).code).toBe(0);
      expect((await runCli(['db', 'reset', '--yes'], env())).code).toBe(0);
      expect((await runCli(['db', 'start'], env())).code).toBe(0);
      const run = await runCli(['import', goodFile], env());
      expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(counts(run.stdout, 'relationships').created).toBeGreaterThan(0);
      expect(await checksum()).toBe(offlineChecksum);
      // The offline path created the final schema at once; this database had every migration applied step by step.
      const migrated = await schema();
      expect(migrated).toEqual(offlineSchema);
      expect((migrated as { indexes: unknown[] }).indexes.length).toBeGreaterThan(40);
    },
    STEP_MS,
  );
});
