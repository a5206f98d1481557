import fs from 'node:fs';

import { Neo4jGateway } from '../../src/db/gateway';
import { applyMigrations, readMigrations } from '../../src/db/migrations';
import { foldName } from '../../src/domain/folded-name';
import { GraphData } from '../../src/domain/graph-input';
import { BadUserInputError } from '../../src/errors/api-errors';
import { ImportService } from '../../src/services/import.service';
import { loadSeed, readSeedFile, seedFiles } from '../../src/services/seed.service';
import { connectTestGateway, resetAndSeed } from '../support/test-db';

let gateway: Neo4jGateway;

beforeAll(async () => {
  gateway = connectTestGateway();
  await resetAndSeed(gateway);
});

afterAll(async () => {
  await gateway.close();
});

async function counts(): Promise<{ entities: number; relationships: number; sources: number }> {
  const [row] = await gateway.read(
    `RETURN COUNT { MATCH (e:Entity) RETURN e } AS entities,
            COUNT { MATCH (:Entity)-[r]->(:Entity) RETURN r } AS relationships,
            COUNT { MATCH (s:Source) RETURN s } AS sources`,
  );
  return { entities: Number(row.entities), relationships: Number(row.relationships), sources: Number(row.sources) };
}

describe('migrations', () => {
  it('are recorded in the database and skipped on a second run', async () => {
    const files = readMigrations();
    const recorded = await gateway.read('MATCH (m:NewsgraphMigration) RETURN m.id AS id ORDER BY id');
    expect(recorded.map((row) => row.id)).toEqual(files.map((file) => file.id));
    const again = await applyMigrations(gateway);
    expect(again).toEqual({ applied: [], skipped: files.map((file) => file.id) });
  });

  it('create the id constraints and an online fulltext index', async () => {
    const constraints = await gateway.read('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
    expect(constraints[0].names).toEqual(expect.arrayContaining(['entity_id_unique', 'source_id_unique', 'rel_leader_of_id_unique']));
    const [search] = await gateway.read("SHOW INDEXES YIELD name, type, state WHERE name = 'entity_search_v2' RETURN type, state");
    expect(search).toEqual({ type: 'FULLTEXT', state: 'ONLINE' });
    // 0006 replaced the index of 0004, and re-running every migration keeps it so.
    const old = await gateway.read("SHOW INDEXES YIELD name WHERE name = 'entity_search' RETURN name");
    expect(old).toEqual([]);
  });

  it('0007 gives relationships written before it origin CURATED, status ACCEPTED and their quotes offsets (first occurrence)', async () => {
    // The seed as a graph written before 0007: no origin, status or offsets.
    await gateway.write(
      `MATCH (:Entity)-[r]->(:Entity) WHERE r.evidenceSources IS NOT NULL
       REMOVE r.origin, r.status, r.evidenceStarts, r.evidenceEnds`,
    );
    await gateway.write("MATCH (m:NewsgraphMigration {id: '0007_evidence_offsets_and_review'}) DETACH DELETE m");
    expect((await applyMigrations(gateway)).applied).toEqual(['0007_evidence_offsets_and_review']);
    const rows = await gateway.read(
      `MATCH (:Entity)-[r]->(:Entity) WHERE r.evidenceSources IS NOT NULL
       RETURN r.origin AS origin, r.status AS status, r.evidenceQuotes AS quotes, r.evidenceStarts AS starts, r.evidenceEnds AS ends,
              [id IN r.evidenceSources | COLLECT { MATCH (s:Source {id: id}) RETURN s.text }[0]] AS texts`,
    );
    expect(rows.length).toBeGreaterThan(50);
    let located = 0;
    for (const row of rows) {
      expect([row.origin, row.status]).toEqual(['CURATED', 'ACCEPTED']);
      (row.quotes as string[]).forEach((quote, i) => {
        const text = (row.texts as (string | null)[])[i];
        const [start, end] = [Number((row.starts as number[])[i]), Number((row.ends as number[])[i])];
        if (text === null) expect([start, end]).toEqual([-1, -1]);
        else {
          expect(start).toBe(text.indexOf(quote));
          expect(text.slice(start, end)).toBe(quote);
          located += 1;
        }
      });
    }
    expect(located).toBeGreaterThan(50);
  });

  it('0009 stores the folded name (what nameContains matches) on entities written before it; the seed load stored it already', async () => {
    const mismatched = async (): Promise<unknown[]> =>
      (await gateway.read('MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.nameFolded AS folded'))
        .filter((row) => row.folded !== foldName(String(row.name)))
        .map((row) => row.id);
    expect(await mismatched()).toEqual([]);
    await gateway.write('MATCH (e:Entity) REMOVE e.nameFolded');
    await gateway.write("MATCH (m:NewsgraphMigration {id: '0009_folded_names'}) DETACH DELETE m");
    expect((await applyMigrations(gateway)).applied).toEqual(['0009_folded_names']);
    expect(await mismatched()).toEqual([]);
    const [index] = await gateway.read("SHOW INDEXES YIELD name, type, state WHERE name = 'entity_name_folded' RETURN type, state");
    expect(index).toEqual({ type: 'TEXT', state: 'ONLINE' });
  });

  it('refuse a second entity with the same id at the database level', async () => {
    await expect(gateway.write("CREATE (:Entity {id: 'joe-biden', kind: 'PERSON', name: 'Copy'})")).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
  });
});

describe('the seed graph', () => {
  const files = seedFiles();
  const data: GraphData[] = files.map(readSeedFile);

  it('holds every entity, relationship and source of the seed files', async () => {
    const expected = {
      entities: data.reduce((n, d) => n + (d.entities?.length ?? 0), 0),
      relationships: data.reduce((n, d) => n + (d.relationships?.length ?? 0), 0),
      sources: data.reduce((n, d) => n + (d.sources?.length ?? 0), 0),
    };
    expect(await counts()).toEqual(expected);
  });

  it('stores the article and every quote appears in it verbatim', async () => {
    const article = fs.readFileSync(files[0].replace(/\.json$/, '.txt'), 'utf8');
    const [source] = await gateway.read(
      "MATCH (s:Source {id: 'caliber-az-biden-xi-apec-2024'}) RETURN s.text AS text, s.publisher AS publisher, s.author AS author",
    );
    expect(source).toEqual({ text: article, publisher: 'Caliber.Az', author: 'Tamilla Hasanova' });
    const quotes = await gateway.read(
      'MATCH (:Entity)-[r]->(:Entity) UNWIND r.evidenceQuotes AS quote RETURN quote, r.evidenceSources AS sources',
    );
    expect(quotes.length).toBeGreaterThanOrEqual((await counts()).relationships);
    for (const row of quotes) expect(article).toContain(String(row.quote));
  });

  it('says what the article says: the deployment, the leaders and the Lima meeting', async () => {
    const [deployment] = await gateway.read(
      "MATCH (:Country {id: 'north-korea'})-[r:DEPLOYED_TO]->(:Country {id: 'russia'}) RETURN r.quantity AS quantity, r.role AS role",
    );
    expect(deployment).toEqual({ quantity: 10000, role: 'more than' });
    const [lima] = await gateway.read(
      "MATCH (m:Event {id: 'biden-xi-meeting-2024-lima'})-[:PART_OF]->(s:Event) MATCH (m)-[:HELD_IN]->(p:Place) RETURN m.startDate AS date, s.id AS summit, p.id AS place",
    );
    expect(lima).toEqual({ date: '2024-11-16', summit: 'apec-2024-lima', place: 'lima' });
    const leaders = await gateway.read(
      "MATCH (p:Person)-[r:LEADER_OF]->(:Country {id: 'united-states'}) RETURN p.id AS id, r.validFrom AS validFrom, r.validTo AS validTo ORDER BY id",
    );
    expect(leaders).toEqual([
      { id: 'donald-trump', validFrom: '2025-01-20', validTo: null },
      { id: 'joe-biden', validFrom: '2021-01-01', validTo: '2025-01-20' },
    ]);
  });

  it('loads idempotently: a second run changes nothing', async () => {
    const before = await counts();
    const report = await loadSeed(new ImportService(gateway));
    expect(report.created).toBe(0);
    expect(report.updated).toBe(0);
    expect(report.unchanged).toBe(before.entities + before.relationships + before.sources);
    expect(await counts()).toEqual(before);
  });
});

describe('importGraph', () => {
  it('applies all or nothing: a relationship to a missing entity rejects the whole import', async () => {
    const before = await counts();
    const importer = new ImportService(gateway);
    const attempt = importer.importGraph({
      entities: [{ id: 'new-person', kind: 'PERSON' as never, name: 'New Person' }],
      relationships: [
        { from: 'new-person', to: 'republican-party', type: 'AFFILIATED_WITH' as never },
        { from: 'new-person', to: 'no-such-entity', type: 'SUPPORTS' as never },
      ],
    });
    await expect(attempt).rejects.toBeInstanceOf(BadUserInputError);
    await expect(attempt).rejects.toThrow(/relationships\[1\]\.to: no entity has the id "no-such-entity"/);
    expect(await counts()).toEqual(before);
  });

  it('refuses a relationship whose endpoints have the wrong kinds, and a quote not in the source', async () => {
    const importer = new ImportService(gateway);
    await expect(
      importer.importGraph({ relationships: [{ from: 'united-states', to: 'joe-biden', type: 'LEADER_OF' as never }] }),
    ).rejects.toThrow(/relationships\[0\]\.from: LEADER_OF goes from PERSON, and "united-states" is a COUNTRY/);
    await expect(
      importer.importGraph({
        relationships: [
          {
            from: 'china',
            to: 'russia',
            type: 'SUPPORTS' as never,
            evidence: [{ sourceId: 'caliber-az-biden-xi-apec-2024', quote: 'China invaded the Moon' }],
          },
        ],
      }),
    ).rejects.toThrow(/does not appear verbatim/);
  });
});
