import franc from 'franc-min';

import { BadUserInputError } from '../../errors/api-errors';

/** The longest article text ingest takes, in UTF-16 code units (JavaScript string length). */
export const MAX_ARTICLE_LENGTH = 100_000;

/** What the article's text became: the text to store (offsets count into it) and how it was found. */
export interface ArticleText {
  text: string;
  /** True when the input was HTML and was reduced to its text. */
  fromHtml: boolean;
  /** ISO 639-3 code franc detected ('und': too short to tell, taken as English). */
  language: string;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** True when the text looks like an HTML document or fragment (tags of the usual article elements). */
export function looksLikeHtml(text: string): boolean {
  return /<(?:!doctype html|html|body|p|div|article|h[1-6]|br|span|a\s)[\s>/]/i.test(text);
}

/**
 * HTML reduced to its readable text: scripts, styles and comments dropped, block elements become
 * line breaks, other tags vanish, entities are decoded, runs of spaces fold. Offsets of mentions and
 * quotes then refer to this text, which is what is stored.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:p|div|article|section|header|footer|h[1-6]|li|ul|ol|tr|table|blockquote|figure|figcaption|title)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Control characters other than tab, line feed and carriage return, or U+FFFD: signs of binary data. */
function binaryShare(text: string): number {
  let bad = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd || (code >= 0x7f && code < 0xa0)) bad += 1;
  }
  return text.length === 0 ? 0 : bad / text.length;
}

const ENGLISH = new Set(
  'the of and to on for with that was is are were has have had will would said says by from at as it its this be been not but which who their they he she his her an or after over about'.split(
    ' ',
  ),
);

/** The share of the words that are common English function words (about a third in English news, almost none in German or French). */
function englishShare(text: string): number {
  const words =
    text
      .slice(0, 5000)
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [];
  return words.length === 0 ? 0 : words.filter((w) => ENGLISH.has(w)).length / words.length;
}

/**
 * Checks an article's text and returns what is stored: refuses empty text, text over the limit,
 * binary data and text that is not English (ingest's NER models and rules are English ones), and
 * reduces HTML to text. Languages are identified by franc (trigram profiles, no model to fetch).
 */
export function prepareArticleText(raw: string, field = 'input.text'): ArticleText {
  if (typeof raw !== 'string' || raw.trim() === '') throw new BadUserInputError(`${field}: the article has no text`, field);
  if (raw.length > MAX_ARTICLE_LENGTH)
    throw new BadUserInputError(
      `${field}: the article is ${raw.length} characters long; ingest takes at most ${MAX_ARTICLE_LENGTH} characters (split it)`,
      field,
    );
  if (raw.includes('\u0000') || binaryShare(raw) > 0.01)
    throw new BadUserInputError(`${field}: this looks like binary data, not text; give the article's text (UTF-8)`, field);
  const fromHtml = looksLikeHtml(raw);
  const text = fromHtml ? htmlToText(raw) : raw;
  if (text.trim() === '') throw new BadUserInputError(`${field}: the HTML holds no text`, field);
  const language = franc(text.slice(0, 5000), { minLength: 40 });
  // Trigram profiles misjudge short, name-heavy news ("Joe Biden met Xi Jinping in Lima" reads as Dutch):
  // a text is refused only when English function words are rare in it too.
  if (language !== 'und' && language !== 'eng' && language !== 'sco' && englishShare(text) < 0.1)
    throw new BadUserInputError(
      `${field}: the article seems to be in another language (${language}, ISO 639-3) than English; ingest reads English news only`,
      field,
    );
  return { text, fromHtml, language };
}
