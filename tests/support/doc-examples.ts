import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../../src/config/paths';

/** A fenced ```graphql or ```json block of the user documentation, with where it stands. */
export interface DocBlock {
  /** `README.md` or `docs/<page>.md`, relative to the project root. */
  file: string;
  line: number;
  lang: 'graphql' | 'json';
  text: string;
}

/** A read-only GraphQL example followed by the JSON answer it shows. */
export interface DocExample {
  where: string;
  query: string;
  expected: { data: unknown };
}

/** The README and every page under docs/: wherever examples move, the tests follow them. */
export function documentationFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(projectRoot(), 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** Every ```graphql and ```json block of the documentation, in file order. */
export function docBlocks(): DocBlock[] {
  return documentationFiles().flatMap((file) => {
    const text = fs.readFileSync(path.join(projectRoot(), file), 'utf8');
    return [...text.matchAll(/```(graphql|json)\n([\s\S]*?)```/g)].map((m) => ({
      file,
      line: text.slice(0, m.index).split('\n').length,
      lang: m[1] as 'graphql' | 'json',
      text: m[2],
    }));
  });
}

/** Every GraphQL block of the documentation (queries and mutations), as `file:line` and text. */
export function docQueries(): [string, string][] {
  return docBlocks()
    .filter((block) => block.lang === 'graphql')
    .map((block) => [`${block.file}:${block.line}`, block.text]);
}

/** Read-only examples: a ```graphql block directly followed, in the same file, by its ```json answer. */
export function docExamples(): DocExample[] {
  const blocks = docBlocks();
  const found: DocExample[] = [];
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    if (block.lang !== 'graphql' || next?.lang !== 'json' || next.file !== block.file) return;
    if (/^\s*mutation\b/.test(block.text)) return;
    const parsed = JSON.parse(next.text) as { data?: unknown };
    if (parsed.data === undefined) return;
    found.push({ where: `${block.file}:${block.line}`, query: block.text, expected: { data: parsed.data } });
  });
  return found;
}
