import fs from 'node:fs';
import path from 'node:path';

import type { GoldArticle } from '../../src/ingest/evaluation';

export type { GoldArticle, GoldEndpoint, GoldFact, GoldMention } from '../../src/ingest/evaluation';

export const GOLD_FILE = path.join(__dirname, '..', 'fixtures', 'ingest-gold', 'gold.json');

/** The gold set (tests/fixtures/ingest-gold/gold.json, built by build-gold.mjs). */
export function loadGold(): GoldArticle[] {
  return (JSON.parse(fs.readFileSync(GOLD_FILE, 'utf8')) as { articles: GoldArticle[] }).articles;
}
