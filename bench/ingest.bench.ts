/**
 * Ingest engine benchmark: for each NER configuration tried (CoreNLP's default NER; the 3-class
 * CRF with SUTime and ner.applyFineGrained=false; the 3-class CRF alone, without (crf) and with
 * (crf-pos) the pos and lemma annotators; compromise), the gold
 * set's articles annotated and analysed (typing, linking, facts), cold (a fresh CoreNLP server:
 * JVM start and model loading included) then warm (the same articles again), plus 800-word
 * articles (gold texts joined) warm. Also prints each configuration's entity F1 per kind and fact
 * precision/recall on the gold set, measured in the same run.
 *
 *   npm run bench:ingest                      # every configuration
 *   npm run bench:ingest -- crf compromise    # some of them
 *
 * CoreNLP is fetched into the cache on first use; each server is stopped when its configuration is done.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadConfig } from '../src/config/config';
import { projectRoot } from '../src/config/paths';
import { analyzeDocument, ArticleAnalysis } from '../src/ingest/analyze';
import { GoldArticle, SCORED_KINDS, scoreFacts, scoreMentions } from '../src/ingest/evaluation';
import { CompromiseEngine } from '../src/nlp/compromise-engine';
import { CoreNlpConfiguration, CoreNlpEngine } from '../src/nlp/corenlp-client';
import { startCoreNlpServer } from '../src/nlp/corenlp-server';
import type { NerEngine } from '../src/nlp/nlp-document';

type Configuration = CoreNlpConfiguration | 'compromise';
const ALL: Configuration[] = ['crf', 'crf-pos', 'crf-sutime', 'default', 'compromise'];
const LONG_WORDS = 800;

interface Pass {
  seconds: number;
  articles: number;
  tokens: number;
}

const words = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;

/**
 * The gold articles annotated and analysed, `inFlight` at a time (2: as `newsgraph ingest` does, which
 * writes while the engine annotates); `keep` receives each analysis at its article's index.
 */
async function pass(engine: NerEngine, articles: GoldArticle[], inFlight = 1, keep?: ArticleAnalysis[]): Promise<Pass> {
  const started = process.hrtime.bigint();
  let tokens = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < articles.length) {
      const index = next;
      next += 1;
      const article = articles[index];
      const doc = await engine.annotate(article.text, article.publishedAt);
      tokens += doc.sentences.reduce((n, s) => n + s.tokens.length, 0);
      const analysis = analyzeDocument(article.text, article.publishedAt, doc, []);
      if (keep) keep[index] = analysis;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, articles: articles.length, tokens };
}

/** Articles of about 800 words: gold texts joined in order (their offsets are not scored). */
function longArticles(gold: GoldArticle[], count: number): GoldArticle[] {
  const result: GoldArticle[] = [];
  let at = 0;
  for (let n = 0; n < count; n += 1) {
    let text = '';
    while (words(text) < LONG_WORDS) {
      text += `${gold[at % gold.length].text}\n\n`;
      at += 1;
    }
    result.push({ ...gold[0], id: `long-${n}`, text, mentions: [], facts: [] });
  }
  return result;
}

const rate = (p: Pass): string =>
  `${(p.articles / p.seconds).toFixed(2).padStart(7)} art/s ${Math.round(p.tokens / p.seconds)
    .toString()
    .padStart(7)} tok/s`;

async function main(): Promise<void> {
  const requested = process.argv.slice(2) as Configuration[];
  const configurations = requested.length > 0 ? requested.filter((c) => ALL.includes(c)) : ALL;
  const gold = (
    JSON.parse(fs.readFileSync(path.join(projectRoot(), 'tests', 'fixtures', 'ingest-gold', 'gold.json'), 'utf8')) as {
      articles: GoldArticle[];
    }
  ).articles;
  const long = longArticles(gold, 6);
  const config = loadConfig();
  console.log(
    `Ingest benchmark: ${gold.length} gold articles (${gold.reduce((n, a) => n + words(a.text), 0)} words), ${long.length} articles of ${LONG_WORDS}+ words.`,
  );
  console.log(
    `Machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at start.\n`,
  );
  const rows: string[] = [];
  for (const configuration of configurations) {
    let engine: NerEngine;
    let stop = async (): Promise<void> => undefined;
    let startSeconds = 0;
    if (configuration === 'compromise') engine = new CompromiseEngine();
    else {
      const t = process.hrtime.bigint();
      const server = await startCoreNlpServer({
        cacheDir: config.neo4jCacheDir,
        mavenRepoUrl: config.mavenRepoUrl,
        progress: (m) => console.log(`  ${m}`),
      });
      startSeconds = Number(process.hrtime.bigint() - t) / 1e9;
      stop = () => server.stop();
      engine = new CoreNlpEngine(server, configuration, 900_000);
    }
    try {
      const analyses: ArticleAnalysis[] = [];
      const cold = await pass(engine, gold);
      const warm = await pass(engine, gold, 1, analyses);
      const warmLong = await pass(engine, long);
      const warmLongTwo = await pass(engine, long, 2);
      const pairs = gold.map((g, i) => ({ gold: g, analysis: analyses[i] }));
      const mentions = scoreMentions(pairs);
      const facts = scoreFacts(pairs).score;
      const f1 = SCORED_KINDS.map((k) => mentions[k].f1.toFixed(3)).join(' / ');
      console.log(`${configuration}: server start ${startSeconds.toFixed(1)} s`);
      console.log(`  cold (first pass, models loading): ${rate(cold)}  (${cold.seconds.toFixed(1)} s)`);
      console.log(`  warm (second pass):                ${rate(warm)}`);
      console.log(`  warm, ${LONG_WORDS}-word articles:       ${rate(warmLong)}`);
      console.log(`  the same, two at a time:           ${rate(warmLongTwo)}`);
      console.log(`  entity F1 person/country/org/place ${f1}; facts P ${facts.precision.toFixed(3)} R ${facts.recall.toFixed(3)}\n`);
      rows.push(
        `| ${configuration.padEnd(10)} | ${startSeconds.toFixed(1).padStart(5)} | ${(cold.articles / cold.seconds).toFixed(2).padStart(6)} | ${(warm.articles / warm.seconds).toFixed(2).padStart(6)} | ${Math.round(
          warm.tokens / warm.seconds,
        )
          .toString()
          .padStart(
            6,
          )} | ${(warmLong.articles / warmLong.seconds).toFixed(2).padStart(6)} | ${(warmLongTwo.articles / warmLongTwo.seconds).toFixed(2).padStart(6)} | ${f1} | ${facts.precision.toFixed(3)} / ${facts.recall.toFixed(3)} |`,
      );
    } finally {
      await stop();
    }
  }
  console.log(
    '| configuration | server start s | cold art/s | warm art/s | warm tok/s | warm 800-word art/s | same, 2 at a time | entity F1 P/C/O/Pl | facts P / R |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(
    `\nLoad average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
