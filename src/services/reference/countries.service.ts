import { Neo4jGateway, TxRunner } from '../../db/gateway';
import { EntityKind } from '../../domain/entity-kind';
import { EntityData, GraphData, RelationshipData } from '../../domain/graph-input';
import { RelationshipType } from '../../domain/relationship-type';
import { ReferenceRepository, StoredCountry, StoredEntity } from '../../repositories/reference.repository';
import { ImportReport, ImportService } from '../import.service';
import { slugify } from '../ids';
import { importWithCountryNames } from './country-names';
import { DATASET_NAME, DATASET_VERSION, DatasetCountry, datasetCountries, nameKey } from './world-countries.dataset';

/** Ids of reference sources start so; a relationship supported only by them is reference data. */
export const REFERENCE_SOURCE_PREFIX = `reference-${DATASET_NAME}-`;

/**
 * The Source that reference data cites: the dataset and its version. It has no text, so its
 * hops never count as quoted from article text (paths and shortestPath rank those first), and its
 * quotes are the dataset's own fields as JSON, checkable against the package.
 */
export const REFERENCE_SOURCE = {
  id: slugify(`reference ${DATASET_NAME} ${DATASET_VERSION}`),
  title: `${DATASET_NAME} ${DATASET_VERSION}: countries, capitals and land borders (reference data, not news)`,
  publisher: `${DATASET_NAME} (npm package, ODbL 1.0)`,
} as const;

export interface ReferenceLoadReport {
  source: string;
  /** Countries of the dataset written as new entities, and those found stored (by ISO code). */
  countries: { created: number; linked: number };
  /** Capitals written as new places, and those found stored (a place of that name in the country). */
  capitals: { created: number; linked: number };
  /** LOCATED_IN and BORDERS relationships of the dataset, and those left alone as stated elsewhere. */
  relationships: { locatedIn: number; borders: number; statedElsewhere: number };
  /** What the import wrote (created, updated, unchanged records). */
  written: ImportReport;
  /** Countries whose search names changed. */
  searchNames: number;
}

const pairKey = (a: string, b: string): string => `${a}|${b}`;

/** The dataset's own fields that state a fact, as JSON: the quote of that fact's evidence. */
const fieldQuote = (fields: Record<string, unknown>): string => JSON.stringify(fields);

/**
 * Loads the dataset's 250 countries and territories with their capitals (PLACE, LOCATED_IN the
 * country) and land borders (BORDERS, one relationship per pair) as reference data, in one
 * transaction, idempotently (a second run writes nothing new). A country already stored with the
 * same ISO 3166-1 alpha-2 code is that country (the seed's `north-korea`, ...), never a copy; a
 * capital already stored as a place of that name in the country is that place (the seed's `lima`).
 * A LOCATED_IN or BORDERS already stated by another source (an article) is left as it is.
 */
export class ReferenceCountriesService {
  constructor(
    private readonly gateway: Neo4jGateway,
    private readonly importer = new ImportService(gateway),
    private readonly repository = new ReferenceRepository(),
  ) {}

  async load(): Promise<ReferenceLoadReport> {
    const plan = await this.gateway.readTx((tx) => this.plan(tx), { operation: 'reference.plan', timeoutMs: 60_000 });
    const written = await importWithCountryNames(this.importer, plan.graph);
    const { searchNames, ...counts } = written;
    return { ...plan.report, written: counts, searchNames };
  }

  /** What to write: the graph for the import, and counts for the report. */
  private async plan(tx: TxRunner): Promise<{
    graph: GraphData;
    report: Omit<ReferenceLoadReport, 'written' | 'searchNames'>;
  }> {
    const dataset = datasetCountries();
    const stored = new Map<string, StoredCountry>(
      (
        await this.repository.countriesByIsoCode(
          tx,
          dataset.map((c) => c.cca2),
        )
      ).map((c) => [c.isoCode, c]),
    );

    // Ids the dataset's new entities would take, and whoever holds them already.
    const countrySlug = (c: DatasetCountry): string => slugify(c.name.common);
    const capitalSlugs = new Map<string, number>();
    for (const c of dataset)
      for (const capital of c.capital) capitalSlugs.set(slugify(capital), (capitalSlugs.get(slugify(capital)) ?? 0) + 1);
    const candidates = dataset.flatMap((c) => {
      const iso = c.cca2.toLowerCase();
      return [countrySlug(c), `${countrySlug(c)}-${iso}`, ...c.capital.flatMap((cap) => [slugify(cap), `${slugify(cap)}-${iso}`])];
    });
    const holders = new Map<string, StoredEntity>((await this.repository.entitiesByIds(tx, candidates)).map((e) => [e.id, e]));
    const used = new Set<string>();
    const take = (options: string[], what: string): string => {
      const id = options.find((option) => option !== '' && !holders.has(option) && !used.has(option));
      if (id === undefined) throw new Error(`reference data: no free id for ${what} (tried ${options.join(', ')})`);
      used.add(id);
      return id;
    };

    const entities: EntityData[] = [];
    const countryIds = new Map<string, string>();
    let linkedCountries = 0;
    for (const c of dataset) {
      const existing = stored.get(c.cca2);
      if (existing !== undefined) {
        countryIds.set(c.cca3, existing.id);
        used.add(existing.id);
        linkedCountries += 1;
      }
    }
    for (const c of dataset) {
      if (countryIds.has(c.cca3)) continue;
      const id = take([countrySlug(c), `${countrySlug(c)}-${c.cca2.toLowerCase()}`], `the country ${c.cca2}`);
      countryIds.set(c.cca3, id);
      const where = c.subregion || c.region;
      entities.push({
        id,
        kind: EntityKind.COUNTRY,
        name: c.name.common,
        isoCode: c.cca2,
        description: `${c.independent ? 'Country' : 'Territory'}${where ? ` in ${where}` : ''} (reference data).`,
      });
    }

    const relationships: RelationshipData[] = [];
    const evidence = (quote: Record<string, unknown>): RelationshipData['evidence'] => [
      { sourceId: REFERENCE_SOURCE.id, quote: fieldQuote(quote) },
    ];
    const places = await this.repository.placesIn(tx, [...new Set(countryIds.values())]);
    let createdCapitals = 0;
    let linkedCapitals = 0;
    for (const c of dataset) {
      const countryId = countryIds.get(c.cca3) as string;
      for (const capital of c.capital) {
        const known = (places.get(countryId) ?? []).find((p) => nameKey(p.name) === nameKey(capital));
        let id: string;
        if (known !== undefined) {
          id = known.id;
          linkedCapitals += 1;
        } else {
          const slug = slugify(capital);
          const suffixed = `${slug}-${c.cca2.toLowerCase()}`;
          // A name two capitals share (Kingston) always takes the country's code, whichever comes first.
          id = take((capitalSlugs.get(slug) ?? 0) > 1 ? [suffixed] : [slug, suffixed], `the capital ${capital} of ${c.cca2}`);
          createdCapitals += 1;
          entities.push({
            id,
            kind: EntityKind.PLACE,
            name: capital,
            placeType: 'city',
            description: `Capital of ${c.name.common} (reference data).`,
          });
        }
        relationships.push({
          from: id,
          to: countryId,
          type: RelationshipType.LOCATED_IN,
          evidence: evidence({ cca2: c.cca2, capital: c.capital }),
        });
      }
    }

    const byCode = new Map(dataset.map((c) => [c.cca3, c]));
    const borders = new Map<string, RelationshipData>();
    for (const c of dataset) {
      for (const other of c.borders) {
        const neighbour = byCode.get(other);
        if (neighbour === undefined) continue;
        const [from, to] = [countryIds.get(c.cca3) as string, countryIds.get(other) as string].sort();
        const key = pairKey(from, to);
        const quote = { cca3: c.cca3, borders: c.borders };
        const known = borders.get(key);
        if (known === undefined) borders.set(key, { from, to, type: RelationshipType.BORDERS, evidence: evidence(quote) });
        else known.evidence?.push(...(evidence(quote) ?? []));
      }
    }

    const statedLocated = await this.repository.pairsStatedElsewhere(
      tx,
      'LOCATED_IN',
      relationships.map((r) => [r.from, r.to]),
      REFERENCE_SOURCE_PREFIX,
    );
    const statedBorders = await this.repository.pairsStatedElsewhere(
      tx,
      'BORDERS',
      [...borders.values()].map((r) => [r.from, r.to]),
      REFERENCE_SOURCE_PREFIX,
    );
    const located = relationships.filter((r) => !statedLocated.has(pairKey(r.from, r.to)));
    const bordering = [...borders.values()].filter((r) => !statedBorders.has(pairKey(r.from, r.to)));
    return {
      graph: { sources: [{ ...REFERENCE_SOURCE }], entities, relationships: [...located, ...bordering] },
      report: {
        source: REFERENCE_SOURCE.id,
        countries: { created: dataset.length - linkedCountries, linked: linkedCountries },
        capitals: { created: createdCapitals, linked: linkedCapitals },
        relationships: {
          locatedIn: located.length,
          borders: bordering.length,
          statedElsewhere: relationships.length - located.length + borders.size - bordering.length,
        },
      },
    };
  }
}
