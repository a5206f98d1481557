import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';

import { loadConfig } from '../../src/config/config';
import { analyzeDocument, ArticleAnalysis } from '../../src/ingest/analyze';
import { SCORED_KINDS, scoreFacts, scoreMentions } from '../../src/ingest/evaluation';
import type { KnownEntity } from '../../src/ingest/linking';
import { CoreNlpEngine } from '../../src/nlp/corenlp-client';
import { CoreNlpServer, startCoreNlpServer } from '../../src/nlp/corenlp-server';
import { loadGold, SEED_ARTICLE_NAMED } from '../support/ingest-gold';

/**
 * The chosen NER configuration (CoreNLP's 3-class CRF with our gazetteer; docs/ingest.md) on the
 * gold set and on the seed article, against a real CoreNLP server fetched and started like the
 * local Neo4j. Prints the scores; asserts the quality targets (never timing).
 */
const seedDir = path.join(__dirname, '..', '..', 'cypher', 'seed');
const seedText = fs.readFileSync(path.join(seedDir, '000_3a89fb6e0ed68f4a.txt'), 'utf8');
const seedGraph = JSON.parse(fs.readFileSync(path.join(seedDir, '000_3a89fb6e0ed68f4a.json'), 'utf8')) as {
  entities: Array<{ id: string; kind: KnownEntity['kind']; name: string; aliases?: string[]; isoCode?: string }>;
};
const known: KnownEntity[] = seedGraph.entities.map((e) => ({
  id: e.id,
  kind: e.kind,
  name: e.name,
  aliases: e.aliases ?? [],
  isoCode: e.isoCode,
}));

describe('ingest quality with Stanford CoreNLP (3-class CRF)', () => {
  let server: CoreNlpServer;
  let engine: CoreNlpEngine;

  beforeAll(async () => {
    const config = loadConfig();
    server = await startCoreNlpServer({
      cacheDir: config.neo4jCacheDir,
      mavenRepoUrl: config.mavenRepoUrl,
      progress: (line, transient) => {
        if (!transient) process.stderr.write(`[test corenlp] ${line}\n`);
      },
    });
    // The first request loads the models; a busy CI machine may take minutes.
    engine = new CoreNlpEngine(server, 'crf', 600_000);
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('reaches the entity and fact targets on the gold set, and prints its scores', async () => {
    const gold = loadGold();
    const pairs: Array<{ gold: (typeof gold)[number]; analysis: ArticleAnalysis }> = [];
    for (const article of gold) {
      const doc = await engine.annotate(article.text, article.publishedAt);
      pairs.push({ gold: article, analysis: analyzeDocument(article.text, article.publishedAt, doc, []) });
    }
    const mentions = scoreMentions(pairs);
    const facts = scoreFacts(pairs);
    const lines = [
      `Gold set: ${gold.length} articles, ${gold.reduce((n, a) => n + a.mentions.length, 0)} mentions, ${gold.reduce((n, a) => n + a.facts.length, 0)} facts`,
      '| kind | precision | recall | F1 | tp | fp | fn |',
      '|---|---|---|---|---|---|---|',
      ...SCORED_KINDS.map((k) => {
        const s = mentions[k];
        return `| ${k} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.f1.toFixed(3)} | ${s.tp} | ${s.fp} | ${s.fn} |`;
      }),
      `| facts | ${facts.score.precision.toFixed(3)} | ${facts.score.recall.toFixed(3)} | ${facts.score.f1.toFixed(3)} | ${facts.score.tp} | ${facts.score.fp} | ${facts.score.fn} |`,
      ...Object.entries(facts.byType).map(
        ([t, s]) => `|   ${t} | ${s.precision.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.f1.toFixed(3)} | ${s.tp} | ${s.fp} | ${s.fn} |`,
      ),
      `Matched facts with the gold quantity ${facts.attributes.quantity.join('/')}, validFrom ${facts.attributes.validFrom.join('/')}, hedged-or-not ${facts.attributes.hedge.join('/')}`,
    ];
    // The held-out articles (written after the rules were frozen) on their own: the honest figure.
    const heldOut = pairs.filter((p) => p.gold.heldOut);
    const heldMentions = scoreMentions(heldOut);
    const heldFacts = scoreFacts(heldOut).score;
    lines.push(
      `Held out (${heldOut.length} articles): entity F1 ${SCORED_KINDS.map((k) => `${k} ${heldMentions[k].f1.toFixed(3)}`).join(', ')}; facts P ${heldFacts.precision.toFixed(3)} R ${heldFacts.recall.toFixed(3)} (${heldFacts.tp}/${heldFacts.fp}/${heldFacts.fn})`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    for (const kind of SCORED_KINDS) expect(mentions[kind].f1).toBeGreaterThanOrEqual(0.85);
    expect(facts.score.precision).toBeGreaterThanOrEqual(0.8);
    expect(facts.score.recall).toBeGreaterThanOrEqual(0.5);
  });

  it('ingests the seed article into the seed graph: its names link to the hand-built entities, its key facts at the right offsets', async () => {
    const doc = await engine.annotate(seedText, '2024-11-14');
    const analysis = analyzeDocument(seedText, '2024-11-14', doc, known);
    for (const m of analysis.mentions) expect(seedText.slice(m.start, m.end)).toBe(m.text);

    // No new person or country: every one it names is the seed's.
    expect(analysis.created.filter((e) => e.kind === 'PERSON' || e.kind === 'COUNTRY')).toEqual([]);
    // At least 90% of the people, countries, organisations and places the article names are among its mentions.
    const named = SEED_ARTICLE_NAMED;
    const found = named.filter((id) => analysis.entities.get(id)?.spans.length);
    process.stdout.write(
      `Seed article: ${found.length}/${named.length} named entities found; missing: ${named.filter((id) => !found.includes(id)).join(', ') || 'none'}\n`,
    );
    expect(found.length / named.length).toBeGreaterThanOrEqual(0.9);

    const deployment = analysis.facts.find((f) => f.type === 'DEPLOYED_TO' && 'entityId' in f.from && f.from.entityId === 'north-korea');
    expect(deployment).toMatchObject({ to: { entityId: 'russia' }, quantity: 10000 });
    expect(seedText.slice(deployment!.start, deployment!.end)).toBe(deployment!.quote);
    expect(deployment!.quote).toContain('10,000 DPRK troops to Russia');

    const meeting = analysis.events.find((e) => e.eventType === 'MEETING' && e.date === '2024-11-16');
    expect(meeting).toMatchObject({ datePrecision: 'DAY' });
    for (const person of ['joe-biden', 'xi-jinping']) {
      const fact = analysis.facts.find(
        (f) =>
          f.type === 'PARTICIPATED_IN' &&
          'entityId' in f.from &&
          f.from.entityId === person &&
          'event' in f.to &&
          f.to.event === meeting!.key,
      );
      expect(fact).toBeDefined();
      expect(seedText.slice(fact!.start, fact!.end)).toBe(fact!.quote);
    }
  });

  it('counts offsets in UTF-16 code units after characters outside the BMP, as JavaScript does', async () => {
    const text = 'Refugees \u{1F1FA}\u{1F1E6} arrived. Volodymyr Zelensky met Andrzej Duda in Warsaw.';
    const doc = await engine.annotate(text, '2024-07-08');
    const spans = doc.entities.map((e) => text.slice(e.start, e.end));
    expect(spans).toEqual(expect.arrayContaining(['Volodymyr Zelensky', 'Andrzej Duda', 'Warsaw']));
  });

  it('listens on 127.0.0.1 only and refuses requests without its generated password', async () => {
    expect(server.loopbackOnly).toBe(true);
    const unauthenticated = await fetch(`${server.url}/?properties=${encodeURIComponent('{"annotators":"tokenize"}')}`, {
      method: 'POST',
      body: 'Hello.',
    });
    expect(unauthenticated.status).toBe(401);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const port = Number(new URL(server.url).port);
      const reached = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: external.address, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect(reached).toBe(false);
    }
  });
});
