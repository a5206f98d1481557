import fs from 'node:fs';
import path from 'node:path';

import type { GoldArticle } from '../../src/ingest/evaluation';

export type { GoldArticle, GoldEndpoint, GoldFact, GoldMention } from '../../src/ingest/evaluation';

export const GOLD_FILE = path.join(__dirname, '..', 'fixtures', 'ingest-gold', 'gold.json');

/** The gold set (tests/fixtures/ingest-gold/gold.json, built by build-gold.mjs). */
export function loadGold(): GoldArticle[] {
  return (JSON.parse(fs.readFileSync(GOLD_FILE, 'utf8')) as { articles: GoldArticle[] }).articles;
}

/**
 * The people, countries, organizations and places the seed article names, as the seed graph's ids:
 * at least 90% of them must be among the mentions when the article is ingested.
 */
export const SEED_ARTICLE_NAMED: readonly string[] = [
  'joe-biden',
  'xi-jinping',
  'donald-trump',
  'tamilla-hasanova',
  'united-states',
  'china',
  'russia',
  'ukraine',
  'north-korea',
  'peru',
  'indonesia',
  'apec',
  'g20',
  'caliber-az',
  'lima',
  'bali',
  'san-francisco',
  'california',
  'europe',
  'indo-pacific',
];
