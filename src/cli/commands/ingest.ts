import fs from 'node:fs';
import path from 'node:path';

import { ApiError } from '../../errors/api-errors';
import { NlpService } from '../../nlp/nlp-service';
import { openDatabase } from '../../server/app';
import { StartupError } from '../../server/startup-error';
import { AnnotatedArticle, ArticleInput, IngestService } from '../../services/ingest/ingest.service';
import { defineCommand } from '../command';
import { UsageError } from '../command-line';
import { progressPrinter, stepPrinter } from '../progress';

const INGEST_USAGE = `  ingest FILE|DIR... [--replace]
                        ingest news articles: .txt or .md (first line the title) and .jsonl
                        ({title,url,publisher,author,publishedAt,text} per line); a directory: its files of
                        those kinds. Mentions are linked to the graph and facts proposed for review;
                        --replace extracts an article stored with another text again`;

/** One article to ingest and where it came from (for messages). */
export interface ArticleFile {
  where: string;
  article: ArticleInput;
}

const KINDS = new Set(['.txt', '.md', '.jsonl']);

/** The files named (directories: their .txt, .md and .jsonl files, sorted), each checked to exist. */
export function articleFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    if (!fs.existsSync(given)) throw new StartupError(`ingest: nothing at ${given}.`);
    if (fs.statSync(given).isDirectory()) {
      const inside = fs
        .readdirSync(given)
        .filter((name) => KINDS.has(path.extname(name).toLowerCase()))
        .sort()
        .map((name) => path.join(given, name));
      if (inside.length === 0) throw new StartupError(`ingest: ${given} holds no .txt, .md or .jsonl file.`);
      files.push(...inside);
    } else if (KINDS.has(path.extname(given).toLowerCase())) files.push(given);
    else throw new UsageError(`ingest: ${given} is not a .txt, .md or .jsonl file.`);
  }
  return files;
}

/** The articles of one file: a text file is one article (its first line the title), JSON Lines one per line. */
export function readArticles(file: string, replace: boolean): ArticleFile[] {
  const content = fs.readFileSync(file, 'utf8');
  if (path.extname(file).toLowerCase() !== '.jsonl') {
    const newline = content.indexOf('\n');
    const title = (newline < 0 ? content : content.slice(0, newline)).replace(/^#+\s*/, '').trim();
    const text = newline < 0 ? '' : content.slice(newline + 1).replace(/^\s*\n/, '');
    return [{ where: file, article: { title, text, replace } }];
  }
  return content.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new StartupError(`ingest: ${where} is not JSON.`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new StartupError(`ingest: ${where} is not an object.`);
    const record = value as Record<string, unknown>;
    const text = (key: string): string | null => (typeof record[key] === 'string' ? record[key] : null);
    return [
      {
        where,
        article: {
          title: text('title') ?? '',
          text: text('text') ?? '',
          url: text('url'),
          publisher: text('publisher'),
          author: text('author'),
          publishedAt: text('publishedAt'),
          replace,
        },
      },
    ];
  });
}

const number = (n: number): string => Math.round(n).toLocaleString('en-US');

/** How many articles are annotated ahead of the one being written (CoreNLP serves two at once). */
const ANNOTATED_AHEAD = 2;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
/** A promise that never rejects, so annotations started ahead cannot fail unobserved. */
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value): Settled<T> => ({ ok: true, value }),
    (error: unknown): Settled<T> => ({ ok: false, error }),
  );

/** `newsgraph ingest FILE|DIR... [--replace]`: see INGEST_USAGE and docs/ingest.md. */
export const ingestCommand = defineCommand({
  name: 'ingest',
  usage: INGEST_USAGE,
  flags: { replace: { type: 'boolean' } },
  positionals: ['FILE'],
  variadic: true,
  run: async ({ flags, positionals }, context) => {
    const articles = articleFiles(positionals).flatMap((file) => readArticles(file, flags.replace === true));
    if (articles.length === 0) throw new StartupError('ingest: the files hold no article.');
    const config = context.config();
    const log = context.log();
    const progress = progressPrinter();
    const database = await openDatabase(config, log, stepPrinter);
    const nlp = new NlpService({ url: config.nlpUrl, cacheDir: config.neo4jCacheDir, mavenRepoUrl: config.mavenRepoUrl, progress });
    try {
      const service = new IngestService(database.gateway, nlp);
      progress(
        config.nlpUrl
          ? `Using the NLP server at ${config.nlpUrl}`
          : 'Starting the NLP engine (Stanford CoreNLP, fetched once into the cache)...',
      );
      await nlp.engine();
      const totals = { articles: 0, linked: 0, created: 0, mentions: 0, proposed: 0, ambiguous: 0, words: 0 };
      const failures: string[] = [];
      const started = Date.now();
      const tty = process.stderr.isTTY === true;
      // The engine annotates the next articles (on its own threads) while Neo4j writes this one;
      // writes stay one at a time, in the order given.
      const annotations: Promise<Settled<AnnotatedArticle>>[] = [];
      const annotate = (i: number): void => {
        if (i < articles.length && annotations[i] === undefined)
          annotations[i] = settle(service.annotateArticle(articles[i].article, { wait: true, field: articles[i].where }));
      };
      for (const [i, { where, article }] of articles.entries()) {
        for (let ahead = i; ahead <= i + ANNOTATED_AHEAD; ahead += 1) annotate(ahead);
        const annotated = await annotations[i];
        try {
          if (!annotated.ok) throw annotated.error;
          const report = await service.commitArticle(annotated.value);
          totals.articles += 1;
          totals.linked += report.entitiesLinked;
          totals.created += report.entitiesCreated;
          totals.mentions += report.mentions;
          totals.proposed += report.relationshipsProposed;
          totals.ambiguous += report.ambiguous.length;
          totals.words += article.text.split(/\s+/).filter(Boolean).length;
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          failures.push(`${where}: ${error.message}`);
          process.stderr.write(`${tty ? '\r\x1b[K' : ''}refused ${where}: ${error.message}\n`);
        }
        const done = i + 1;
        const width = 30;
        const filled = Math.round((done / articles.length) * width);
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        progress(
          `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${articles.length} articles, ${(totals.articles / seconds).toFixed(1)} articles/s`,
          done < articles.length,
        );
      }
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      console.log(
        [
          `Ingested ${number(totals.articles)} of ${number(articles.length)} articles in ${seconds.toFixed(1)} s (${(totals.articles / seconds).toFixed(2)} articles/s, ${number(totals.words / seconds)} words/s):`,
          `  entities linked: ${number(totals.linked)}, created: ${number(totals.created)}`,
          `  mentions: ${number(totals.mentions)}${totals.ambiguous > 0 ? ` (${number(totals.ambiguous)} ambiguous, not linked)` : ''}`,
          `  facts proposed: ${number(totals.proposed)}`,
        ].join('\n'),
      );
      if (failures.length > 0)
        throw new StartupError(`ingest: ${failures.length} article(s) refused; nothing of them was written (see above).`);
    } finally {
      await nlp.stop();
      await database.close();
    }
  },
});
