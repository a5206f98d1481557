import fs from 'node:fs';
import path from 'node:path';

/** A mention in the gold set: a span of the article text (UTF-16 offsets) and the entity it names. */
export interface GoldMention {
  start: number;
  end: number;
  text: string;
  kind: 'PERSON' | 'COUNTRY' | 'ORGANIZATION' | 'PLACE' | 'EVENT' | 'TOPIC';
  name: string;
  isoCode?: string;
}

/** A fact endpoint: a named entity of the article, an event (type and date), or a topic (a span). */
export type GoldEndpoint =
  | { kind: 'PERSON' | 'COUNTRY' | 'ORGANIZATION' | 'PLACE'; name: string }
  | { kind: 'EVENT'; eventType: string; date?: string; datePrecision?: 'DAY' | 'MONTH' | 'YEAR' }
  | { kind: 'TOPIC'; text: string; start: number; end: number };

/** A fact the article states, with the sentence (or clause) that states it. */
export interface GoldFact {
  from: GoldEndpoint;
  type: string;
  to: GoldEndpoint;
  role?: string;
  title?: string;
  quantity?: number;
  validFrom?: string;
  validFromPrecision?: 'DAY' | 'MONTH' | 'YEAR';
  hedge: string | null;
  quote: string;
  start: number;
  end: number;
  note?: string;
}

export interface GoldArticle {
  id: string;
  title: string;
  publishedAt: string;
  text: string;
  mentions: GoldMention[];
  facts: GoldFact[];
}

export const GOLD_FILE = path.join(__dirname, '..', 'fixtures', 'ingest-gold', 'gold.json');

/** The gold set (tests/fixtures/ingest-gold/gold.json, built by build-gold.mjs). */
export function loadGold(): GoldArticle[] {
  return (JSON.parse(fs.readFileSync(GOLD_FILE, 'utf8')) as { articles: GoldArticle[] }).articles;
}
