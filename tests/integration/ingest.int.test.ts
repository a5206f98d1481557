import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { loadConfig } from '../../src/config/config';
import { Neo4jGateway } from '../../src/db/gateway';
import { CoreNlpEngine } from '../../src/nlp/corenlp-client';
import { CoreNlpServer, startCoreNlpServer } from '../../src/nlp/corenlp-server';
import type { NerEngine } from '../../src/nlp/nlp-document';
import { NlpError } from '../../src/nlp/nlp-error';
import { BulkImportService } from '../../src/services/bulk-import.service';
import { ExportService } from '../../src/services/export.service';
import { JsonExportWriter } from '../../src/services/export/json.writer';
import { readJsonDocument } from '../../src/services/import/record-reader';
import { articleSourceId, EngineSource } from '../../src/services/ingest/ingest.service';
import { createTestServer, Execute } from '../support/graphql-harness';
import { snapshotGraph } from '../support/graph-snapshot';
import { cliEnv, runCli } from '../support/cli-process';
import { SEED_ARTICLE_NAMED } from '../support/ingest-gold';
import { connectTestGateway, resetAndSeed } from '../support/test-db';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Article ingest end to end: the real CoreNLP (fetched into the cache and started like the local
 * Neo4j), the real Neo4j with the seed graph, through the GraphQL API.
 */
const seedDir = path.join(__dirname, '..', '..', 'cypher', 'seed');
const seedText = fs.readFileSync(path.join(seedDir, '000_3a89fb6e0ed68f4a.txt'), 'utf8');
const SEED_ARTICLE = {
  title: 'Biden and Xi to meet in Lima',
  text: seedText,
  publisher: 'Caliber.Az',
  publishedAt: '2024-11-14T00:00:00Z',
};

const INGEST = `mutation($input: ArticleInput!) { ingestArticle(input: $input) {
  source { id text } entitiesLinked entitiesCreated mentions relationshipsProposed ambiguous { text start end candidates { id } } } }`;

interface Report {
  source: { id: string; text: string };
  entitiesLinked: number;
  entitiesCreated: number;
  mentions: number;
  relationshipsProposed: number;
  ambiguous: { text: string; start: number; end: number; candidates: { id: string }[] }[];
}

interface Rel {
  id: string;
  type: string;
  origin: string;
  status: string;
  quantity: number | null;
  hedge: string | null;
  confidence: number | null;
  from: { id: string };
  to: { id: string };
  evidence: { quote: string; start: number | null; end: number | null; source: { id: string; text: string | null } }[];
}

const REL_FIELDS = `id type origin status quantity hedge confidence from { id } to { id } evidence { quote start end source { id text } }`;

/** The CLI's environment for a run against the test Neo4j, with its cache in `dir`. */
const testDatabaseEnv = (dir: string): NodeJS.ProcessEnv =>
  cliEnv(dir, {
    NEO4J_URI: process.env.NEWSGRAPH_TEST_NEO4J_URI ?? '',
    NEO4J_USER: process.env.NEWSGRAPH_TEST_NEO4J_USER ?? 'neo4j',
    NEO4J_PASSWORD: process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD ?? '',
  });

describe('ingestArticle with Stanford CoreNLP into the seeded graph', () => {
  let server: CoreNlpServer;
  let engine: NerEngine;
  let gateway: Neo4jGateway;
  let api: Awaited<ReturnType<typeof createTestServer>>;
  let execute: Execute;
  let ready = true;
  let broken: NerEngine | undefined;
  const engines: EngineSource = {
    engineNow: () => {
      if (!ready) throw new NlpError('The NLP engine is starting: try again in 30 seconds.', true);
      return broken ?? engine;
    },
    engine: () => Promise.resolve(engine),
  };
  const data = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const result = await execute<T>(query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data as T;
  };
  const ingest = (input: Record<string, unknown>): Promise<Report> =>
    data<{ ingestArticle: Report }>(INGEST, { input }).then((d) => d.ingestArticle);
  const relationshipsBetween = async (a: string, b: string, status?: string[]): Promise<Rel[]> =>
    (
      await data<{ relationshipsBetween: Rel[] }>(
        `query($a: ID!, $b: ID!, $status: [FactStatus!]) { relationshipsBetween(a: $a, b: $b, status: $status) { ${REL_FIELDS} } }`,
        { a, b, status: status ?? null },
      )
    ).relationshipsBetween;

  beforeAll(async () => {
    const config = loadConfig();
    server = await startCoreNlpServer({
      cacheDir: config.neo4jCacheDir,
      mavenRepoUrl: config.mavenRepoUrl,
      progress: (line, transient) => {
        if (!transient) process.stderr.write(`[test corenlp] ${line}\n`);
      },
    });
    engine = new CoreNlpEngine(server, 'crf', 600_000);
    await engine.annotate('NewsGraph warms up on Monday in Lima, Peru.', '2024-01-01');
    gateway = connectTestGateway({ transactionTimeoutMs: 120_000 });
    await resetAndSeed(gateway);
    api = await createTestServer(gateway, { engines });
    execute = api.execute;
  }, 900_000);

  afterAll(async () => {
    await api?.stop();
    await gateway?.close();
    await server?.stop();
  });

  let report: Report;

  it('ingests the seed article as a new source: every entity links to the hand-built one, the key facts carry located evidence', async () => {
    const before = await data<{ entities: { totalCount: number } }>('{ entities(kind: PERSON) { totalCount } }');
    const countries = await data<{ entities: { totalCount: number } }>('{ entities(kind: COUNTRY) { totalCount } }');
    report = await ingest(SEED_ARTICLE);
    process.stdout.write(`Seed article ingested: ${JSON.stringify({ ...report, source: report.source.id })}\n`);
    expect(report.source.text).toBe(seedText);
    expect(report.source.id).not.toBe('caliber-az-biden-xi-apec-2024');
    // No new person or country.
    expect((await data<{ entities: { totalCount: number } }>('{ entities(kind: PERSON) { totalCount } }')).entities.totalCount).toBe(
      before.entities.totalCount,
    );
    expect((await data<{ entities: { totalCount: number } }>('{ entities(kind: COUNTRY) { totalCount } }')).entities.totalCount).toBe(
      countries.entities.totalCount,
    );

    // At least 90% of the people, countries, organizations and places the article names are among its mentions.
    const spans = await data<{
      source: { text: string; mentionSpans: { start: number; end: number; text: string; entity: { id: string } }[] };
    }>('query($id: ID!) { source(id: $id) { text mentionSpans { start end text entity { id } } } }', { id: report.source.id });
    for (const m of spans.source.mentionSpans) expect(spans.source.text.slice(m.start, m.end)).toBe(m.text);
    const named = SEED_ARTICLE_NAMED;
    const found = new Set(spans.source.mentionSpans.map((m) => m.entity.id));
    const share = named.filter((id) => found.has(id)).length / named.length;
    process.stdout.write(`Seed article mentions: ${spans.source.mentionSpans.length}; named entities found ${(share * 100).toFixed(0)}%\n`);
    expect(share).toBeGreaterThanOrEqual(0.9);
    expect(report.mentions).toBe(spans.source.mentionSpans.length);

    // North Korea DEPLOYED_TO Russia, quantity 10000, with evidence from the new source at the right offsets.
    const deployed = (await relationshipsBetween('north-korea', 'russia')).filter((r) => r.type === 'DEPLOYED_TO');
    const fromArticle = deployed.find((r) => r.evidence.some((e) => e.source.id === report.source.id));
    expect(fromArticle).toMatchObject({ quantity: 10000, from: { id: 'north-korea' }, to: { id: 'russia' } });
    for (const e of fromArticle!.evidence.filter((x) => x.source.id === report.source.id)) {
      expect(e.start).not.toBeNull();
      expect(seedText.slice(e.start!, e.end!)).toBe(e.quote);
    }

    // Biden and Xi PARTICIPATED_IN the 2024-11-16 meeting (the seed's), with evidence from the new source.
    for (const person of ['joe-biden', 'xi-jinping']) {
      const rels = (await relationshipsBetween(person, 'biden-xi-meeting-2024-lima')).filter((r) => r.type === 'PARTICIPATED_IN');
      const quoted = rels.flatMap((r) => r.evidence.filter((e) => e.source.id === report.source.id).map((e) => ({ r, e })));
      expect(quoted.length).toBeGreaterThan(0);
      for (const { r, e } of quoted) {
        expect(seedText.slice(e.start!, e.end!)).toBe(e.quote);
        if (r.origin === 'EXTRACTED') expect(r.status).toBe('PROPOSED');
      }
    }
    // What the docs show: the facts the new source proposes about these pairs.
    for (const [a, b] of [
      ['joe-biden', 'biden-xi-meeting-2024-lima'],
      ['north-korea', 'russia'],
    ] as const)
      for (const r of await relationshipsBetween(a, b, ['ACCEPTED', 'PROPOSED', 'REJECTED']))
        process.stdout.write(
          `${a} ~ ${b}: ${r.type} ${r.origin} ${r.status} quantity=${r.quantity} confidence=${r.confidence} hedge=${r.hedge} quotes=${JSON.stringify(r.evidence.map((e) => [e.source.id === report.source.id ? 'new' : e.source.id, e.quote, e.start, e.end]))}\n`,
        );
    // Every evidence of the new source: quote == text.slice(start, end).
    const quotes = await gateway.read(
      'MATCH ()-[r]->() WHERE $id IN r.evidenceSources RETURN r.evidenceSources AS s, r.evidenceQuotes AS q, r.evidenceStarts AS a, r.evidenceEnds AS b',
      { id: report.source.id },
    );
    expect(quotes.length).toBeGreaterThan(0);
    for (const row of quotes)
      (row.s as string[]).forEach((s, i) => {
        if (s === report.source.id)
          expect(seedText.slice(Number((row.a as number[])[i]), Number((row.b as number[])[i]))).toBe((row.q as string[])[i]);
      });
  }, 300_000);

  it('changes nothing when the same article is ingested again (every node, relationship and property)', async () => {
    const before = await snapshotGraph(gateway);
    const again = await ingest(SEED_ARTICLE);
    expect(again.source.id).toBe(report.source.id);
    expect(again.relationshipsProposed).toBe(0);
    expect(again.entitiesCreated).toBe(0);
    const after = await snapshotGraph(gateway);
    expect(after.checksum).toBe(before.checksum);
  }, 300_000);

  it('refuses the same url with another text (CONFLICT, nothing written); replace: true extracts again and keeps review decisions whose quote still occurs', async () => {
    const url = 'https://example.com/news/deployment';
    const first =
      'North Korea has deployed 3,000 troops to Russia, officials said on Monday. Kim Jong Un met Vladimir Putin in Moscow on Tuesday.';
    const a = await ingest({ title: 'Deployment', text: first, url, publishedAt: '2024-10-21T00:00:00Z' });
    const proposed = (await relationshipsBetween('north-korea', 'russia')).find(
      (r) => r.type === 'DEPLOYED_TO' && r.evidence.some((e) => e.source.id === a.source.id),
    );
    expect(proposed).toMatchObject({ origin: 'EXTRACTED', status: 'PROPOSED', quantity: 3000 });
    // A reviewer rejects it: it disappears from default reads, and only status: [REJECTED] shows it.
    const reviewed = await data<{ reviewRelationship: { id: string; status: string } }>(
      'mutation($id: ID!) { reviewRelationship(id: $id, decision: REJECT) { id status } }',
      { id: proposed!.id },
    );
    expect(reviewed.reviewRelationship.status).toBe('REJECTED');
    expect((await relationshipsBetween('north-korea', 'russia')).map((r) => r.id)).not.toContain(proposed!.id);
    expect((await relationshipsBetween('north-korea', 'russia', ['REJECTED'])).map((r) => r.id)).toContain(proposed!.id);

    const before = await snapshotGraph(gateway);
    const changed = `${first} South Korea protested.`;
    const conflict = await execute(INGEST, { input: { title: 'Deployment', text: changed, url } });
    expect(conflict.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await snapshotGraph(gateway)).checksum).toBe(before.checksum);

    // Replace: the quote of the rejected fact still occurs, so it stays rejected (never revived).
    const replaced = await ingest({ title: 'Deployment', text: changed, url, replace: true });
    expect(replaced.source.text).toBe(changed);
    const after = (await relationshipsBetween('north-korea', 'russia', ['REJECTED', 'PROPOSED', 'ACCEPTED'])).find(
      (r) => r.id === proposed!.id,
    );
    expect(after?.status).toBe('REJECTED');
    for (const e of after!.evidence.filter((x) => x.source.id === a.source.id)) expect(changed.slice(e.start!, e.end!)).toBe(e.quote);

    // ACCEPT makes a fact ACCEPTED; status: [ACCEPTED] then lists it.
    const meeting = (await relationshipsBetween('north-korea', 'russia', ['PROPOSED'])).find((r) =>
      r.evidence.some((e) => e.source.id === a.source.id),
    );
    if (meeting !== undefined) {
      await data('mutation($id: ID!) { reviewRelationship(id: $id, decision: ACCEPT) { id } }', { id: meeting.id });
      expect((await relationshipsBetween('north-korea', 'russia', ['ACCEPTED'])).map((r) => r.id)).toContain(meeting.id);
    }
  }, 300_000);

  it('refuses bad input with a clear error and writes nothing', async () => {
    const before = await snapshotGraph(gateway);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ title: 'Empty', text: '   ' }, 'BAD_USER_INPUT', /no text/],
      [{ title: 'Long', text: 'Word '.repeat(20_001) }, 'BAD_USER_INPUT', /at most 100000 characters/],
      [{ title: 'Binary', text: `PK\u0003\u0004\u0000\u0001binary\u0000data` }, 'BAD_USER_INPUT', /binary/],
      [
        {
          title: 'German',
          text: 'Der Bundeskanzler trifft sich am Samstag mit dem französischen Präsidenten in Berlin, um über die Lage in der Ukraine zu sprechen.',
        },
        'BAD_USER_INPUT',
        /another language \(deu/,
      ],
    ];
    for (const [input, code, message] of cases) {
      const result = await execute(INGEST, { input });
      expect(result.errors?.[0].extensions?.code).toBe(code);
      expect(result.errors?.[0].message).toMatch(message);
    }
    ready = false;
    const starting = await execute(INGEST, { input: { title: 'Later', text: 'Joe Biden met Xi Jinping in Lima on Saturday.' } });
    ready = true;
    expect(starting.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 30 });
    // The engine down (nothing listens where it was) or too slow: SERVICE_UNAVAILABLE, nothing written.
    const closed = await freePort();
    broken = new CoreNlpEngine({ url: `http://127.0.0.1:${closed}` }, 'crf', 2000);
    const down = await execute(INGEST, { input: { title: 'Down', text: 'Joe Biden met Xi Jinping in Lima on Saturday.' } });
    broken = new CoreNlpEngine(server, 'crf', 1);
    const slow = await execute(INGEST, { input: { title: 'Slow', text: seedText } });
    broken = undefined;
    expect(down.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(down.errors?.[0].message).toMatch(/unreachable/);
    expect(slow.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(slow.errors?.[0].message).toMatch(/did not answer within/);
    expect((await snapshotGraph(gateway)).checksum).toBe(before.checksum);
  }, 300_000);

  it('follows the rules of every mutation: an API key is needed, a read-only service refuses', async () => {
    const reader = await createTestServer(gateway, { engines, canWrite: false });
    try {
      const refused = await reader.execute(INGEST, { input: { title: 'No key', text: 'Joe Biden met Xi Jinping in Lima on Saturday.' } });
      expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const review = await reader.execute('mutation { reviewRelationship(id: "x", decision: ACCEPT) { id } }');
      expect(review.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await reader.stop();
    }
  });

  it('newsgraph ingest: usage errors exit 2 and name the problem; a text file is ingested with a summary, and again changes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-cli-'));
    const env = testDatabaseEnv(dir);
    const none = await runCli(['ingest'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/ingest needs FILE/);
    const flag = await runCli(['ingest', '--bogus', 'x.txt'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--bogus/);
    const pdf = path.join(dir, 'a.pdf');
    fs.writeFileSync(pdf, 'x');
    expect((await runCli(['ingest', pdf], env)).code).toBe(2);

    const file = path.join(dir, 'talks.md');
    fs.writeFileSync(file, '# Macron meets Scholz\n\nEmmanuel Macron met Olaf Scholz in Berlin on Monday. France supports Ukraine.\n');
    const first = await runCli(['ingest', file], env, 600_000);
    process.stdout.write(`newsgraph ingest ${path.basename(file)}:\n${first.stdout}\n`);
    if (first.code !== 0) process.stderr.write(`newsgraph ingest failed (exit ${String(first.code)}):\n${first.stderr}\n`);
    expect(first.stderr + first.stdout).toMatch(/Ingested 1 of 1 articles/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/entities linked: \d+, created: \d+/);
    expect(first.stdout).toMatch(/facts proposed: \d+/);
    const before = await snapshotGraph(gateway);
    const again = await runCli(['ingest', dir], env, 600_000);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/facts proposed: 0/);
    expect((await snapshotGraph(gateway)).checksum).toBe(before.checksum);
  }, 900_000);

  it('newsgraph ingest of a feed: refused articles write nothing and are named, the others are written (annotated ahead, written in turn)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-feed-'));
    const env = testDatabaseEnv(dir);
    const feed = [
      { title: 'Talks in Paris', url: 'https://example.org/feed-1', text: 'Emmanuel Macron met Olaf Scholz in Paris on Tuesday.' },
      { title: 'Nothing', url: 'https://example.org/feed-2', text: '' },
      {
        title: 'Auf Deutsch',
        url: 'https://example.org/feed-3',
        text: 'Der Bundeskanzler traf gestern den französischen Präsidenten in Berlin und sprach mit ihm über die Lage in der Ukraine.',
      },
      { title: 'Talks in Rome', url: 'https://example.org/feed-4', text: 'Giorgia Meloni met Olaf Scholz in Rome on Wednesday.' },
      { title: 'Talks in Madrid', url: 'https://example.org/feed-5', text: 'Pedro Sánchez met Olaf Scholz in Madrid on Thursday.' },
    ].map((article) => ({ ...article, publishedAt: '2024-11-11T00:00:00Z' }));
    const file = path.join(dir, 'feed.jsonl');
    fs.writeFileSync(file, feed.map((article) => JSON.stringify(article)).join('\n') + '\n');
    const run = await runCli(['ingest', file], env, 600_000);
    expect(run.stdout).toMatch(/Ingested 3 of 5 articles/);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused [^\n]*feed\.jsonl:2: /);
    expect(run.stderr).toMatch(/refused [^\n]*feed\.jsonl:3: /);
    expect(run.stderr).toMatch(/2 article\(s\) refused/);
    const ids = feed.map((article) => articleSourceId(article.title, article.url, article.text));
    const rows = await gateway.read('MATCH (s:Source) WHERE s.id IN $ids RETURN s.id AS id', { ids });
    expect(new Set(rows.map((row) => String(row.id)))).toEqual(new Set([ids[0], ids[3], ids[4]]));
  }, 900_000);

  it('reduces HTML to text: offsets refer to the stored text', async () => {
    const html =
      '<html><head><title>x</title><script>var a = 1;</script></head><body><h1>Talks</h1><p>Joe Biden met Xi Jinping in Lima on Saturday.</p><p>The leaders discussed trade &amp; security.</p></body></html>';
    const r = await ingest({ title: 'HTML article', text: html, publishedAt: '2024-11-14T00:00:00Z' });
    expect(r.source.text).not.toMatch(/<|script/);
    expect(r.source.text).toContain('trade & security');
    const spans = await data<{ source: { text: string; mentionSpans: { start: number; end: number; text: string }[] } }>(
      'query($id: ID!) { source(id: $id) { text mentionSpans { start end text } } }',
      { id: r.source.id },
    );
    expect(spans.source.mentionSpans.length).toBeGreaterThan(0);
    for (const m of spans.source.mentionSpans) expect(spans.source.text.slice(m.start, m.end)).toBe(m.text);
  }, 300_000);

  it('exports the ingested article to JSON and imports it back into an empty database with the same content checksum', async () => {
    const exporter = new ExportService(gateway);
    const before = await exporter.checksum();
    let json = '';
    await exporter.export(new JsonExportWriter(), (text) => {
      json += text;
    });
    const parsed = JSON.parse(json) as { sources: { id: string; mentionSpans?: unknown[] }[] };
    expect(parsed.sources.find((s) => s.id === report.source.id)?.mentionSpans?.length).toBeGreaterThan(0);
    await gateway.write('MATCH (n) DETACH DELETE n', {}, { operation: 'test.reset' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-export-')), 'graph.json');
    fs.writeFileSync(file, json);
    await new BulkImportService(gateway).import(readJsonDocument(file), { onError: 'stop', batchSize: 100_000 });
    const after = await exporter.checksum();
    expect(after.checksum).toBe(before.checksum);
  }, 300_000);
});
