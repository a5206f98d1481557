import fs from 'node:fs';
import path from 'node:path';

import { CYPHER_DIR } from '../config/paths';
import { GraphData, SourceData } from '../domain/graph-input';
import { ImportReport, ImportService } from './import.service';
import { importWithCountryNames } from './reference/country-names';

export const SEED_DIR = path.join(CYPHER_DIR, 'seed');

type SeedSource = SourceData & { textFile?: string };

/** Reads a seed file: the import shape, where a source may name a `textFile` beside it. */
export function readSeedFile(file: string): GraphData {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<GraphData, 'sources'> & { sources?: SeedSource[] };
  const sources: SourceData[] = (data.sources ?? []).map(({ textFile, ...source }) =>
    textFile === undefined ? source : { ...source, text: fs.readFileSync(path.join(path.dirname(file), textFile), 'utf8') },
  );
  return { ...data, sources };
}

/** Every seed file in order. */
export function seedFiles(dir: string = SEED_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Loads the seed graph; idempotent, so a second run reports everything unchanged. Its countries
 * get their search names (country-names.ts) in the same transaction.
 */
export async function loadSeed(importer: ImportService, dir: string = SEED_DIR): Promise<ImportReport> {
  const total: ImportReport = { created: 0, updated: 0, unchanged: 0 };
  for (const file of seedFiles(dir)) {
    const { searchNames: _names, ...report } = await importWithCountryNames(importer, readSeedFile(file));
    total.created += report.created;
    total.updated += report.updated;
    total.unchanged += report.unchanged;
  }
  return total;
}
