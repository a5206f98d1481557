import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Neo4jGateway } from '../../src/db/gateway';
import { typeAlternation } from '../../src/repositories/cypher-fragments';
import { BulkImportOptions, BulkImportReport, BulkImportService } from '../../src/services/bulk-import.service';
import { ExportService } from '../../src/services/export.service';
import { generateGraph, GeneratedGraph, writeGenerated, writeGeneratedFile } from '../../src/services/generator.service';
import { ImportService } from '../../src/services/import.service';
import { readJsonDocument, readJsonLines } from '../../src/services/import/record-reader';
import { connectTestGateway, resetDatabase } from '../support/test-db';

/**
 * `newsgraph import` against the real Neo4j: the bulk path must write exactly what importGraph
 * writes (same checksum, degrees and mentions included), be idempotent, report bad lines by number,
 * never leave part of a batch behind, and complete an interrupted load on a re-run.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'newsgraph.js');

let gateway: Neo4jGateway;
let tmp: string;
let graph: GeneratedGraph;
let jsonl: string;
let json: string;
/** The checksum of `graph` written through importGraph (ImportService), the reference. */
let reference: { checksum: string; entities: number; relationships: number; sources: number; mentions: number };

const checksum = (): ReturnType<ExportService['checksum']> => new ExportService(gateway).checksum();
const load = (file: string, options: BulkImportOptions = {}): Promise<BulkImportReport> =>
  new BulkImportService(gateway).import(file.endsWith('.jsonl') ? readJsonLines(file) : readJsonDocument(file), options);
const writeLines = (name: string, lines: unknown[]): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
  return file;
};
const ids = async (label: 'Entity' | 'Source'): Promise<string[]> =>
  (await gateway.read(`MATCH (n:${label}) RETURN n.id AS id ORDER BY id`)).map((row) => String(row.id));

beforeAll(async () => {
  gateway = connectTestGateway();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-bulk-'));
  graph = generateGraph(300, 5);
  jsonl = path.join(tmp, 'graph.jsonl');
  json = path.join(tmp, 'graph.json');
  await writeGeneratedFile(graph, jsonl);
  await writeGeneratedFile(graph, json);
  await resetDatabase(gateway);
  await writeGenerated(new ImportService(gateway), graph);
  reference = await checksum();
}, 120_000);

afterAll(async () => {
  await gateway.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetDatabase(gateway);
});

describe('newsgraph import (service)', () => {
  it('loads JSON Lines to exactly what importGraph writes, and a re-run finds everything unchanged', async () => {
    const first = await load(jsonl, { batchSize: 250 });
    expect(first.status).toBe('complete');
    expect(first.counts.entities).toEqual({ created: graph.entities.length, updated: 0, unchanged: 0, skipped: 0 });
    expect(first.counts.relationships).toEqual({ created: graph.relationships.length, updated: 0, unchanged: 0, skipped: 0 });
    expect(await checksum()).toEqual(reference);

    const second = await load(jsonl, { batchSize: 250 });
    expect(second.counts.entities).toEqual({ created: 0, updated: 0, unchanged: graph.entities.length, skipped: 0 });
    expect(second.counts.relationships).toEqual({ created: 0, updated: 0, unchanged: graph.relationships.length, skipped: 0 });
    expect(second.counts.sources).toEqual({ created: 0, updated: 0, unchanged: graph.sources.length, skipped: 0 });
    expect(await checksum()).toEqual(reference);
  });

  it('loads the importGraph JSON shape to the same graph', async () => {
    const report = await load(json, { batchSize: 400 });
    expect(report.status).toBe('complete');
    expect(await checksum()).toEqual(reference);
  });

  it('keeps every degree equal to a recount', async () => {
    await load(jsonl, { batchSize: 100 });
    const [row] = await gateway.read(
      `MATCH (e:Entity) WHERE e.degree <> COUNT { (e)-[:${typeAlternation()}]-() } RETURN count(e) AS wrong, sum(e.degree) AS total`,
    );
    expect(row.wrong).toBe(0);
    const [all] = await gateway.read('MATCH (e:Entity) RETURN sum(e.degree) AS total');
    expect(all.total).toBe(2 * graph.relationships.length);
  });

  it('counts a changed record as updated and merges new evidence', async () => {
    const base = [
      { source: { id: 'note-a', title: 'Note A', text: 'Alpha met Beta. They agreed.' } },
      { entity: { id: 'alpha', kind: 'PERSON', name: 'Alpha' } },
      { entity: { id: 'summit-x', kind: 'EVENT', name: 'Summit X' } },
      {
        relationship: {
          from: 'alpha',
          to: 'summit-x',
          type: 'PARTICIPATED_IN',
          evidence: [{ sourceId: 'note-a', quote: 'Alpha met Beta' }],
        },
      },
    ];
    await load(writeLines('base.jsonl', base));
    const changed = await load(
      writeLines('changed.jsonl', [
        base[0],
        { entity: { id: 'alpha', kind: 'PERSON', name: 'Alpha', description: 'A person.' } },
        base[2],
        {
          relationship: {
            from: 'alpha',
            to: 'summit-x',
            type: 'PARTICIPATED_IN',
            evidence: [{ sourceId: 'note-a', quote: 'They agreed' }],
          },
        },
      ]),
    );
    expect(changed.counts.entities).toEqual({ created: 0, updated: 1, unchanged: 1, skipped: 0 });
    expect(changed.counts.relationships).toEqual({ created: 0, updated: 1, unchanged: 0, skipped: 0 });
    const [rel] = await gateway.read(
      'MATCH (:Entity {id: "alpha"})-[r:PARTICIPATED_IN]->() RETURN r.evidenceQuotes AS quotes, count(r) AS n',
    );
    expect(rel.quotes).toEqual(['Alpha met Beta', 'They agreed']);
    expect(rel.n).toBe(1);
  });
});

describe('bad records', () => {
  const good = [
    { entity: { id: 'p-one', kind: 'PERSON', name: 'One' } },
    { entity: { id: 'e-one', kind: 'EVENT', name: 'Event one' } },
    { relationship: { from: 'p-one', to: 'e-one', type: 'PARTICIPATED_IN' } },
  ];
  const after = [
    { entity: { id: 'p-two', kind: 'PERSON', name: 'Two' } },
    { relationship: { from: 'p-two', to: 'e-one', type: 'PARTICIPATED_IN' } },
  ];

  it('under stop, names the line and why, loads everything before it and nothing after (one batch)', async () => {
    // The missing endpoint is found inside the batch's transaction: the batch rolls back, the
    // lines before the bad one are committed again on their own, the rest never is.
    const file = writeLines('stop.jsonl', [...good, { relationship: { from: 'nobody', to: 'e-one', type: 'PARTICIPATED_IN' } }, ...after]);
    const report = await load(file, { batchSize: 100 });
    expect(report.status).toBe('stopped');
    expect(report.stoppedAt).toMatchObject({ where: 'line 4' });
    expect(report.stoppedAt?.message).toMatch(/relationship\.from: no entity has the id "nobody"/);
    expect(report.committedThrough).toBe(3);
    expect(await ids('Entity')).toEqual(['e-one', 'p-one']);
    const [row] = await gateway.read('MATCH ()-[r:PARTICIPATED_IN]->() RETURN count(r) AS n');
    expect(row.n).toBe(1);
  });

  it('under stop, a line that is not JSON stops the load there too', async () => {
    const file = writeLines('stop-json.jsonl', [...good, '{"entity": {"id": "broken"', ...after]);
    const report = await load(file, { batchSize: 2 });
    expect(report.stoppedAt).toMatchObject({ where: 'line 4' });
    expect(report.stoppedAt?.message).toMatch(/not valid JSON/);
    expect(await ids('Entity')).toEqual(['e-one', 'p-one']);
  });

  it('under skip, reports each bad line with its number and reason and loads the rest', async () => {
    const file = writeLines('skip.jsonl', [
      ...good,
      { relationship: { from: 'nobody', to: 'e-one', type: 'PARTICIPATED_IN' } },
      { entity: { id: 'Bad Id', kind: 'PERSON', name: 'X' } },
      { thing: {} },
      { relationship: { from: 'e-one', to: 'p-one', type: 'PARTICIPATED_IN' } },
      ...after,
    ]);
    const report = await load(file, { onError: 'skip', batchSize: 3 });
    expect(report.status).toBe('complete');
    expect(report.problems.map((p) => p.where).sort()).toEqual(['line 4', 'line 5', 'line 6', 'line 7']);
    expect(report.problems.find((p) => p.where === 'line 4')?.message).toMatch(/no entity has the id "nobody"/);
    expect(report.problems.find((p) => p.where === 'line 5')?.message).toMatch(/entity\.id: must be a slug/);
    expect(report.problems.find((p) => p.where === 'line 6')?.message).toMatch(/exactly one key/);
    expect(report.problems.find((p) => p.where === 'line 7')?.message).toMatch(
      /PARTICIPATED_IN goes from PERSON or COUNTRY or ORGANIZATION, and "e-one" is a EVENT/,
    );
    expect(await ids('Entity')).toEqual(['e-one', 'p-one', 'p-two']);
    expect(report.counts.relationships).toMatchObject({ created: 2, skipped: 2 });
  });

  it('refuses a relationship whose endpoint comes later in the file', async () => {
    const file = writeLines('forward.jsonl', [good[0], good[2], good[1]]);
    const report = await load(file);
    expect(report.stoppedAt).toMatchObject({ where: 'line 2' });
    expect(report.stoppedAt?.message).toMatch(/to: no entity has the id "e-one" \(neither earlier in the file nor in the database\)/);
    expect(await ids('Entity')).toEqual(['p-one']);
  });
});

describe('resuming', () => {
  it('completes a load cut off after a prefix, without duplicates', async () => {
    const lines = fs.readFileSync(jsonl, 'utf8').trimEnd().split('\n');
    const prefix = writeLines('prefix.jsonl', lines.slice(0, Math.floor(lines.length * 0.6)));
    await load(prefix, { batchSize: 200 });
    const resumed = await load(jsonl, { batchSize: 200 });
    const total = resumed.counts.relationships;
    expect(total.created + total.unchanged).toBe(graph.relationships.length);
    expect(total.unchanged).toBeGreaterThan(0);
    expect(await checksum()).toEqual(reference);
  });
});

describe('batches', () => {
  // About 2,000 bytes a line: two fit under 5,000 bytes, a third does not.
  const article = (i: number, spans: boolean): Record<string, unknown> => {
    const text = `Reporter Kim wrote article ${i}. ${'Long reporting on the talks. '.repeat(68)}`;
    return {
      source: {
        id: `article-${i}`,
        title: `Article ${i}`,
        text,
        ...(spans ? { mentionSpans: [{ entity: 'reporter-kim', start: 0, end: 'Reporter Kim'.length }] } : {}),
      },
    };
  };

  it('close at batchBytes of input as well as at batchSize records, so long texts make no huge transaction', async () => {
    const file = writeLines(
      'articles.jsonl',
      Array.from({ length: 12 }, (_, i) => article(i, false)),
    );
    const batches: number[] = [];
    const report = await load(file, {
      batchSize: 10_000,
      batchBytes: 5_000,
      onProgress: (progress) => batches.push(progress.counts.sources.created),
    });
    expect(report.counts.sources.created).toBe(12);
    expect(batches).toEqual([2, 4, 6, 8, 10, 12]);
    expect(await ids('Source')).toHaveLength(12);
  });

  it('cap the mention spans written after the other records the same way', async () => {
    const lines = [
      ...Array.from({ length: 6 }, (_, i) => article(i, true)),
      { entity: { id: 'reporter-kim', kind: 'PERSON', name: 'Reporter Kim' } },
    ];
    const file = writeLines('articles-spans.jsonl', lines);
    const batches: number[] = [];
    const report = await load(file, { batchSize: 10_000, batchBytes: 5_000, onProgress: (progress) => batches.push(progress.records) });
    expect(report.status).toBe('complete');
    // Three batches of two articles (the entity joins the last), then the spans of two articles per batch.
    expect(batches).toHaveLength(6);
    const [row] = await gateway.read(
      'MATCH (:Source)-[m:MENTIONS]->(:Entity {id: "reporter-kim"}) WHERE m.starts = [0] RETURN count(m) AS n',
    );
    expect(row.n).toBe(6);
  });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI against the test Neo4j; `onStderr` sees stderr as it arrives. */
function cli(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        NEO4J_URI: process.env.NEWSGRAPH_TEST_NEO4J_URI,
        NEO4J_USER: process.env.NEWSGRAPH_TEST_NEO4J_USER,
        NEO4J_PASSWORD: process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('newsgraph import (CLI)', () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  });

  it('prints plain progress lines and a summary when stderr is not a terminal', async () => {
    const run = await cli(['import', jsonl, '--batch-size', '100']);
    expect(run.code).toBe(0);
    const progress = run.stderr.split('\n').filter((line) => line.startsWith('progress: '));
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(run.stderr).not.toContain('\r');
    expect(run.stdout).toContain(`relationships: ${graph.relationships.length.toLocaleString('en-US')} created, 0 updated, 0 unchanged`);
    expect(run.stdout).toMatch(/records\/s, [\d,]+ relationships\/s/);
    expect(await checksum()).toEqual(reference);
  }, 120_000);

  it('stops on Ctrl-C after the batch in flight, and a re-run completes the same graph', async () => {
    let sent = false;
    const interrupted = await cli(['import', jsonl, '--batch-size', '20'], (stderr, child) => {
      if (!sent && /^progress: /m.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(interrupted.code).toBe(130);
    expect(interrupted.stdout).toMatch(/Interrupted: everything through line \d+ is loaded; re-run/);
    const [partial] = await gateway.read('MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n');
    expect(Number(partial.n)).toBeLessThan(graph.relationships.length);

    const rerun = await cli(['import', jsonl]);
    expect(rerun.code).toBe(0);
    expect(await checksum()).toEqual(reference);
  }, 180_000);

  it('exits non-zero naming the bad line under the default --on-error stop', async () => {
    const file = writeLines('cli-bad.jsonl', [
      { entity: { id: 'p-one', kind: 'PERSON', name: 'One' } },
      { entity: { id: 'p-two', kind: 'ALIEN', name: 'Two' } },
    ]);
    const run = await cli(['import', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/import stopped at line 2: entity\.kind: must be one of PERSON/);
    expect(await ids('Entity')).toEqual(['p-one']);
  }, 120_000);
});
