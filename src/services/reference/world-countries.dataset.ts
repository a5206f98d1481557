import fs from 'node:fs';

import countries, { Country } from 'world-countries';

/**
 * The npm dataset `world-countries` (pinned in package.json; ODbL 1.0): 250 countries and
 * territories with ISO codes, names in their own and about 25 other languages, capitals and land
 * borders. NewsGraph reads it for two things: the names people type when they search a country
 * (country-names.ts) and the reference data `newsgraph reference load countries` writes.
 */
export type DatasetCountry = Country;

export const DATASET_NAME = 'world-countries';

/** The installed version, read from the package itself so that provenance names what was used. */
export const DATASET_VERSION: string = (
  JSON.parse(fs.readFileSync(require.resolve('world-countries/package.json'), 'utf8')) as { version: string }
).version;

/** Every country of the dataset, in its own order (by common English name). */
export function datasetCountries(): readonly DatasetCountry[] {
  return countries;
}

/** How two names compare for "the same name": Unicode-normalised, case-insensitive, trimmed. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

/**
 * Every name the dataset gives a country, each once (first spelling kept): the English common
 * and official names, the names in its own languages and in the dataset's translations, its
 * alternative spellings ("USA", "DPRK", "Deutschland"), and its ISO 3166-1 alpha-2 and alpha-3
 * codes and IOC code ("US", "USA", "GER").
 */
export function datasetNames(country: DatasetCountry): string[] {
  const all = [
    country.name.common,
    country.name.official,
    ...Object.values(country.name.native ?? {}).flatMap((n) => [n.common, n.official]),
    ...country.altSpellings,
    ...Object.values(country.translations ?? {}).flatMap((n) => [n.common, n.official]),
    country.cca2,
    country.cca3,
    country.cioc,
  ];
  const seen = new Set<string>();
  const names: string[] = [];
  for (const name of all) {
    if (typeof name !== 'string' || name.trim() === '') continue;
    const key = nameKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(name.trim());
  }
  return names;
}
