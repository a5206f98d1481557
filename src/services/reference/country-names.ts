import { TxRunner } from '../../db/gateway';
import { GraphData } from '../../domain/graph-input';
import { ReferenceRepository, SearchNamesRow } from '../../repositories/reference.repository';
import { ImportReport, ImportService } from '../import.service';
import { keepStoredWhenOmitted } from '../write';
import { validateGraph } from '../graph-validation';
import { searchKey } from '../search-text';
import { datasetCountries, datasetNames, nameKey } from './world-countries.dataset';

/** How the names of one country are joined into `searchNamesText`. */
export const SEARCH_NAMES_SEPARATOR = ' | ';

/**
 * Gives every stored country whose ISO code the dataset knows the names people type for it in
 * many languages ("USA", "Россия", "Deutschland"), as `searchNames` (with `searchNamesText`, which
 * the fulltext index `entity_search_v2` covers, and `searchNameKeys`, by which search finds a
 * name typed exactly): searchable, but not shown, since the displayed
 * `aliases` stay as curated. Names equal to the country's name or one of its aliases are left out
 * (they are indexed already). Idempotent: answers how many countries changed.
 */
export async function applyCountryNames(tx: TxRunner, repository = new ReferenceRepository()): Promise<number> {
  const dataset = datasetCountries();
  const stored = new Map(
    (
      await repository.countriesByIsoCode(
        tx,
        dataset.map((c) => c.cca2),
      )
    ).map((c) => [c.isoCode, c]),
  );
  const rows: SearchNamesRow[] = [];
  for (const country of dataset) {
    const entity = stored.get(country.cca2);
    if (entity === undefined) continue;
    const shown = new Set([entity.name, ...entity.aliases].map(nameKey));
    const names = datasetNames(country).filter((name) => !shown.has(nameKey(name)));
    rows.push({
      isoCode: country.cca2,
      names,
      text: names.join(SEARCH_NAMES_SEPARATOR),
      keys: [...new Set(names.map(searchKey).filter((key) => key !== ''))],
    });
  }
  return rows.length === 0 ? 0 : repository.setSearchNames(tx, rows);
}

/**
 * `importGraph`, and in the same transaction the search names of the countries (the seed's
 * countries get them as they are loaded; reference data too).
 */
export function importWithCountryNames(importer: ImportService, data: GraphData): Promise<ImportReport & { searchNames: number }> {
  const valid = validateGraph(data);
  const graph = { ...valid, entities: valid.entities.map((entity, i) => keepStoredWhenOmitted(entity, data.entities?.[i])) };
  return importer.importValidated(graph, async (tx, report) => ({ ...report, searchNames: await applyCountryNames(tx) }), {
    operation: 'importGraph',
    timeoutMs: 120_000,
  });
}
