import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { ExportService } from '../../src/services/export.service';
import { REFERENCE_SOURCE, ReferenceCountriesService } from '../../src/services/reference/countries.service';
import { datasetCountries } from '../../src/services/reference/world-countries.dataset';
import { useSeededServer } from '../support/graphql-harness';

/**
 * Search by the names people type for a country, and `newsgraph reference load countries`: the
 * dataset's 250 countries with capitals and land borders as reference data beside the seed.
 */
const { gateway, data } = useSeededServer();

type Hit = { score: number; entity: { id: string; kind: string } };
const search = async (text: string, first = 5): Promise<Hit[]> =>
  (
    await data<{ search: Hit[] }>(
      'query ($text: String!, $first: Int) { search(text: $text, first: $first) { score entity { id kind } } }',
      { text, first },
    )
  ).search;
const count = async (cypher: string, params: Record<string, unknown> = {}): Promise<number> =>
  Number((await gateway().read(`${cypher} RETURN count(*) AS n`, params))[0].n);

describe('search on the seed', () => {
  it.each([
    ['US', 'united-states'],
    ['USA', 'united-states'],
    ['U.S.', 'united-states'],
    ['Россия', 'russia'],
    ['Rusia', 'russia'],
    ['Nordkorea', 'north-korea'],
    ['Estados Unidos', 'united-states'],
  ])('finds the country for %j first (names of world-countries, stored with the seed)', async (text, id) => {
    expect((await search(text))[0]?.entity.id).toBe(id);
  });

  it('keeps the displayed aliases as curated: the names in other languages only serve search', async () => {
    const { russia, us } = await data<{ russia: { aliases: string[] }; us: { aliases: string[] } }>(
      '{ russia: entity(id: "russia") { aliases } us: entity(id: "united-states") { aliases } }',
    );
    expect(russia.aliases).toEqual(['Russian Federation']);
    expect(us.aliases).toEqual(['US', 'USA', 'United States of America']);
    const [row] = await gateway().read("MATCH (c:Country {id: 'russia'}) RETURN c.searchNames AS names");
    expect(row.names).toEqual(expect.arrayContaining(['Россия', 'RUS', 'Russland']));
    // Names it shows already are not repeated.
    expect(row.names).not.toContain('Russia');
    expect(row.names).not.toContain('Russian Federation');
  });

  it('ranks best first across kinds: for "Xi" the Biden-Xi meetings come before the article\'s author', async () => {
    const hits = await search('Xi', 20);
    const rank = (id: string): number => hits.findIndex((h) => h.entity.id === id);
    expect(hits[0].entity.id).toBe('xi-jinping');
    const author = rank('tamilla-hasanova');
    for (const meeting of ['biden-xi-meeting-2022-bali', 'biden-xi-meeting-2023-san-francisco', 'biden-xi-meeting-2024-lima']) {
      expect(rank(meeting)).toBeGreaterThan(0);
      if (author >= 0) expect(rank(meeting)).toBeLessThan(author);
    }
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});

describe('reference load countries', () => {
  const dataset = datasetCountries();
  let first: Awaited<ReturnType<ReferenceCountriesService['load']>>;

  beforeAll(async () => {
    first = await new ReferenceCountriesService(gateway()).load();
  }, 180_000);

  it('links the seed countries by ISO code and adds the others, never a copy', async () => {
    expect(first.countries).toEqual({ created: dataset.length - 7, linked: 7 });
    expect(await count('MATCH (c:Country)')).toBe(dataset.length);
    expect(await count('MATCH (c:Country) WITH c.isoCode AS code, count(*) AS n WHERE n > 1')).toBe(0);
    const { us, germany } = await data<{
      us: { name: string; description: string };
      germany: { id: string; name: string; isoCode: string };
    }>('{ us: entity(id: "united-states") { name description } germany: country(isoCode: "DE") { id name isoCode } }');
    expect(us).toEqual({ name: 'United States', description: 'Country led by President Joe Biden.' });
    expect(germany).toEqual({ id: 'germany', name: 'Germany', isoCode: 'DE' });
  });

  it('adds capitals LOCATED_IN their country, reusing a stored place of that name (Lima)', async () => {
    expect(await count("MATCH (:Place {name: 'Pyongyang'})-[:LOCATED_IN]->(:Country {id: 'north-korea'})")).toBe(1);
    expect(await count("MATCH (p:Place {name: 'Lima'})")).toBe(1);
    const [lima] = await gateway().read(
      "MATCH (:Place {id: 'lima'})-[r:LOCATED_IN]->(:Country {id: 'peru'}) RETURN collect(r.evidenceSources) AS sources",
    );
    // The seed's own LOCATED_IN (quoted from the article) is left as it is.
    expect(lima.sources).toEqual([['caliber-az-biden-xi-apec-2024']]);
    // Kingston is the capital of Jamaica and of Norfolk Island: two places, each with the country's code.
    expect(await count("MATCH (p:Place {name: 'Kingston'})-[:LOCATED_IN]->(:Country) WHERE p.id IN ['kingston-jm', 'kingston-nf']")).toBe(
      2,
    );
    const capitals = dataset.reduce((n, c) => n + c.capital.length, 0);
    expect(first.capitals.created + first.capitals.linked).toBe(capitals);
    expect(await count('MATCH (p:Place)-[:LOCATED_IN]->(:Country) WHERE p.description ENDS WITH "(reference data)."')).toBe(
      first.capitals.created,
    );
  });

  it('adds one BORDERS per pair of neighbours, with the dataset as its textless source', async () => {
    const pairs = new Set(dataset.flatMap((c) => c.borders.map((b) => [c.cca3, b].sort().join('|'))));
    expect(await count('MATCH (:Country)-[r:BORDERS]->(:Country)')).toBe(pairs.size);
    expect(await count('MATCH (a:Country)-[:BORDERS]-(b:Country) WITH a, b, count(*) AS n WHERE n > 1')).toBe(0);
    const [nk] = await gateway().read(
      "MATCH (:Country {id: 'north-korea'})-[r:BORDERS]-(o:Country) RETURN collect(o.isoCode) AS codes, collect(r.evidenceQuotes)[0] AS quotes, collect(r.evidenceSources)[0] AS sources",
    );
    expect([...(nk.codes as string[])].sort()).toEqual(['CN', 'KR', 'RU']);
    expect(nk.sources).toEqual(expect.arrayContaining([REFERENCE_SOURCE.id]));
    for (const quote of nk.quotes as string[]) expect(JSON.parse(quote)).toHaveProperty('borders');
    const [source] = await gateway().read('MATCH (s:Source {id: $id}) RETURN s.title AS title, s.text AS text', {
      id: REFERENCE_SOURCE.id,
    });
    expect(source.text).toBeNull();
    expect(source.title).toContain('world-countries 5.1.0');
  });

  it('keeps the news explanation of North Korea -> Ukraine (DEPLOYED_TO -> AT_WAR_WITH) now that BORDERS -> BORDERS is as short', async () => {
    const { shortestPath, borders, paths } = await data<{
      shortestPath: { relationships: { type: string }[] };
      borders: { length: number };
      paths: { relationships: { type: string }[] }[];
    }>(`{
      shortestPath(from: "north-korea", to: "ukraine") { relationships { type } }
      borders: shortestPath(from: "north-korea", to: "ukraine", types: [BORDERS]) { length }
      paths(from: "north-korea", to: "ukraine", maxDepth: 2) { relationships { type } }
    }`);
    expect(borders.length).toBe(2);
    expect(shortestPath.relationships.map((r) => r.type)).toEqual(['DEPLOYED_TO', 'AT_WAR_WITH']);
    const titles = paths.map((p) => p.relationships.map((r) => r.type).join('>'));
    expect(titles[0]).toBe('DEPLOYED_TO>AT_WAR_WITH');
    expect(titles.indexOf('BORDERS>BORDERS')).toBeGreaterThan(titles.lastIndexOf('DEPLOYED_TO>AT_WAR_WITH'));
  });

  it.each([
    ['US', 'united-states'],
    ['USA', 'united-states'],
    ['U.S.', 'united-states'],
    ['Россия', 'russia'],
    ['Deutschland', 'germany'],
    ['DE', 'germany'],
    ['UK', 'united-kingdom'],
    ['Côte d’Ivoire', 'ivory-coast'],
  ])('search %j finds the country first among 250', async (text, id) => {
    expect((await search(text))[0]?.entity.id).toBe(id);
  });

  it('does not let a word of a multi-word text match a country by one of its names ("in" is India\'s code)', async () => {
    const hits = await search('meeting in Lima', 10);
    expect(hits[0].entity.id).toBe('biden-xi-meeting-2024-lima');
    expect(hits.map((h) => h.entity.id)).not.toContain('india');
  });

  it('is idempotent: a second load writes nothing and the graph says the same', async () => {
    const before = await new ExportService(gateway()).checksum();
    const again = await new ReferenceCountriesService(gateway()).load();
    expect(again.countries).toEqual({ created: 0, linked: dataset.length });
    expect(again.capitals.created).toBe(0);
    expect(again.written).toMatchObject({ created: 0, updated: 0 });
    expect(again.searchNames).toBe(0);
    expect((await new ExportService(gateway()).checksum()).checksum).toBe(before.checksum);
  }, 180_000);

  it('runs as `newsgraph reference load countries` (the built CLI), again without writing', async () => {
    const cli = path.resolve(__dirname, '../../dist/src/cli/newsgraph.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'reference', 'load', 'countries'], {
      env: {
        ...process.env,
        NEO4J_URI: process.env.NEWSGRAPH_TEST_NEO4J_URI,
        NEO4J_USER: process.env.NEWSGRAPH_TEST_NEO4J_USER,
        NEO4J_PASSWORD: process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD,
        LOG_LEVEL: 'warn',
      },
      timeout: 170_000,
    });
    expect(stdout).toContain(`countries: 0 new, ${dataset.length} already stored`);
    expect(stdout).toMatch(/written: 0 created, 0 updated, \d+ unchanged/);
  }, 180_000);
});
