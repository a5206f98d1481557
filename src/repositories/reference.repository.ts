import { TxRunner } from '../db/gateway';
import { Plain } from '../db/plain';

/** A stored country, as reference data links to it. */
export interface StoredCountry {
  id: string;
  isoCode: string;
  name: string;
  aliases: string[];
}

/** A stored entity whose id a reference entity would like to take. */
export interface StoredEntity {
  id: string;
  kind: string;
  name: string;
  isoCode: string | null;
  /** Ids of the entities it is LOCATED_IN. */
  locatedIn: string[];
}

/** One country's names to search it by, already without its name and aliases. */
export interface SearchNamesRow {
  isoCode: string;
  names: string[];
  /** The names joined, as the fulltext index reads them (it reads string properties). */
  text: string;
  /** The names as exact-match keys (search-text.ts's searchKey). */
  keys: string[];
}

const strings = (value: Plain): string[] => (Array.isArray(value) ? value.map(String) : []);

/**
 * Cypher of the reference data loader (src/services/reference/) and of the country names that
 * search reads. Every value is a parameter; the statements are fixed.
 */
export class ReferenceRepository {
  /** The countries with one of these ISO 3166-1 alpha-2 codes (the first by id per code). */
  async countriesByIsoCode(tx: TxRunner, isoCodes: readonly string[]): Promise<StoredCountry[]> {
    const rows = await tx.run(
      `UNWIND $isoCodes AS isoCode
       CALL (isoCode) {
         MATCH (c:Country {isoCode: isoCode})
         RETURN c ORDER BY c.id LIMIT 1
       }
       RETURN c.id AS id, c.isoCode AS isoCode, c.name AS name, coalesce(c.aliases, []) AS aliases`,
      { isoCodes: [...new Set(isoCodes)] },
    );
    return rows.map((row) => ({ id: String(row.id), isoCode: String(row.isoCode), name: String(row.name), aliases: strings(row.aliases) }));
  }

  /** The stored entities with these ids, with what they are LOCATED_IN. */
  async entitiesByIds(tx: TxRunner, ids: readonly string[]): Promise<StoredEntity[]> {
    const rows = await tx.run(
      `UNWIND $ids AS id
       MATCH (e:Entity {id: id})
       RETURN e.id AS id, e.kind AS kind, e.name AS name, e.isoCode AS isoCode,
              COLLECT { MATCH (e)-[:LOCATED_IN]->(c:Entity) RETURN c.id } AS locatedIn`,
      { ids: [...new Set(ids)] },
    );
    return rows.map((row) => ({
      id: String(row.id),
      kind: String(row.kind),
      name: String(row.name),
      isoCode: row.isoCode === null || row.isoCode === undefined ? null : String(row.isoCode),
      locatedIn: strings(row.locatedIn),
    }));
  }

  /** Places LOCATED_IN each of these countries, by country id (to find a capital already stored). */
  async placesIn(tx: TxRunner, countryIds: readonly string[]): Promise<Map<string, { id: string; name: string }[]>> {
    const rows = await tx.run(
      `UNWIND $ids AS id
       MATCH (p:Place)-[:LOCATED_IN]->(:Entity {id: id})
       RETURN id AS country, p.id AS id, p.name AS name ORDER BY p.id`,
      { ids: [...new Set(countryIds)] },
    );
    const found = new Map<string, { id: string; name: string }[]>();
    for (const row of rows) {
      const list = found.get(String(row.country)) ?? [];
      list.push({ id: String(row.id), name: String(row.name) });
      found.set(String(row.country), list);
    }
    return found;
  }

  /**
   * Pairs already joined by a relationship of `type` that no reference source supports: facts
   * stated elsewhere (an article), which reference data leaves as they are. Reference sources are
   * those whose id starts with `referencePrefix`.
   */
  async pairsStatedElsewhere(
    tx: TxRunner,
    type: 'LOCATED_IN' | 'BORDERS',
    pairs: readonly [string, string][],
    referencePrefix: string,
  ): Promise<Set<string>> {
    const query =
      type === 'LOCATED_IN'
        ? `UNWIND $pairs AS pair
           MATCH (:Entity {id: pair[0]})-[r:LOCATED_IN]-(:Entity {id: pair[1]})
           WHERE none(s IN coalesce(r.evidenceSources, []) WHERE s STARTS WITH $prefix)
           RETURN DISTINCT pair[0] AS a, pair[1] AS b`
        : `UNWIND $pairs AS pair
           MATCH (:Entity {id: pair[0]})-[r:BORDERS]-(:Entity {id: pair[1]})
           WHERE none(s IN coalesce(r.evidenceSources, []) WHERE s STARTS WITH $prefix)
           RETURN DISTINCT pair[0] AS a, pair[1] AS b`;
    const rows = await tx.run(query, { pairs: pairs.map(([a, b]) => [a, b]), prefix: referencePrefix });
    return new Set(rows.map((row) => `${String(row.a)}|${String(row.b)}`));
  }

  /**
   * Stores each country's search names (`searchNames`; `searchNamesText` for the fulltext index,
   * see cypher/migrations/0006; `searchNameKeys` for exact matches) where they differ from what
   * is stored; answers how many countries changed. Derived from the dataset, not stated by a
   * source: the export checksum leaves them out.
   */
  async setSearchNames(tx: TxRunner, rows: readonly SearchNamesRow[]): Promise<number> {
    const [row] = await tx.run(
      `UNWIND $rows AS row
       MATCH (c:Country {isoCode: row.isoCode})
       WITH c, row
       WHERE c.searchNames IS NULL OR c.searchNames <> row.names OR c.searchNamesText <> row.text OR c.searchNameKeys IS NULL OR c.searchNameKeys <> row.keys
       SET c.searchNames = row.names, c.searchNamesText = row.text, c.searchNameKeys = row.keys
       RETURN count(c) AS changed`,
      { rows: rows.map((r) => ({ ...r })) },
    );
    return Number(row?.changed ?? 0);
  }
}
