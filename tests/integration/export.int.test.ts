import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { validateXML } from 'xmllint-wasm';

import { Neo4jGateway } from '../../src/db/gateway';
import { typeAlternation } from '../../src/repositories/cypher-fragments';
import { BadUserInputError, NotFoundError } from '../../src/errors/api-errors';
import { BulkImportService } from '../../src/services/bulk-import.service';
import { CypherExportWriter } from '../../src/services/export/cypher.writer';
import { GraphmlExportWriter } from '../../src/services/export/graphml.writer';
import { JsonExportWriter } from '../../src/services/export/json.writer';
import { ExportWriter } from '../../src/services/export/writer';
import { ExportOptions, ExportService } from '../../src/services/export.service';
import { generateGraph, writeGenerated } from '../../src/services/generator.service';
import { ImportService } from '../../src/services/import.service';
import { readJsonDocument } from '../../src/services/import/record-reader';
import { connectTestGateway, resetAndSeed, resetDatabase } from '../support/test-db';

/**
 * `newsgraph export` against the real Neo4j: JSON and Cypher round-trip to the same content
 * checksum, GraphML validates against the GraphML schema, and --around/--depth export exactly a
 * neighbourhood.
 */

const XSD_DIR = path.resolve(__dirname, '..', 'fixtures', 'graphml');
/** Text no export may mangle: quotes, backslashes, line breaks, controls, separators, astral characters. */
const TRICKY = 'It\'s "quoted" \\ back\\slash\nnew line\r\ttab \u0001\u007f\u2028 naïve 😀 </graphml> & `tick`';

let gateway: Neo4jGateway;
let tmp: string;

async function exportText(writer: ExportWriter, options: ExportOptions = {}): Promise<string> {
  const parts: string[] = [];
  await new ExportService(gateway).export(writer, (text) => void parts.push(text), { pageSize: 7, ...options });
  return parts.join('');
}

const checksum = (): ReturnType<ExportService['checksum']> => new ExportService(gateway).checksum(11);

/** The seed plus a small generated graph plus one entity and source with tricky text. */
async function buildGraph(): Promise<void> {
  await resetAndSeed(gateway);
  await writeGenerated(new ImportService(gateway), generateGraph(60, 9));
  await new ImportService(gateway).importGraph({
    sources: [{ id: 'tricky-source', title: 'Tricky "source"', text: `Before. ${TRICKY} After.` }],
    entities: [
      { id: 'tricky-person', kind: 'PERSON' as never, name: 'Tricky "Person"', description: TRICKY, aliases: ["O'Brien", 'back\\slash'] },
    ],
    relationships: [
      {
        from: 'tricky-person',
        to: 'apec-2024-lima',
        type: 'PARTICIPATED_IN' as never,
        role: "guest 'of' honour",
        confidence: 1,
        quantity: 3,
        evidence: [{ sourceId: 'tricky-source', quote: TRICKY }],
      },
    ],
  });
  // An article as ingest leaves it: text, located mentions, an extracted and proposed fact with offsets,
  // a hedge and a date precision (tests/integration/ingest.int.test.ts round-trips a real one too).
  const article = 'Joe Biden will meet Xi Jinping in Lima in November 2024, officials said. 😀 Biden arrives first.';
  const at = (word: string, from = 0): { start: number; end: number } => {
    const start = article.indexOf(word, from);
    return { start, end: start + word.length };
  };
  const quote = 'Joe Biden will meet Xi Jinping in Lima in November 2024, officials said.';
  await new ImportService(gateway).importGraph({
    sources: [
      {
        id: 'ingested-article',
        title: 'Biden and Xi to meet',
        text: article,
        mentionSpans: [
          { entity: 'joe-biden', ...at('Joe Biden') },
          { entity: 'xi-jinping', ...at('Xi Jinping') },
          { entity: 'lima', ...at('Lima') },
          { entity: 'joe-biden', ...at('Biden', 60) },
        ],
      },
    ],
    relationships: [
      {
        from: 'joe-biden',
        to: 'biden-xi-meeting-2024-lima',
        type: 'PARTICIPATED_IN' as never,
        validFrom: '2024-11-01',
        validFromPrecision: 'MONTH' as never,
        confidence: 0.5,
        hedge: 'will',
        origin: 'EXTRACTED' as never,
        status: 'PROPOSED' as never,
        evidence: [{ sourceId: 'ingested-article', quote, ...at(quote) }],
      },
    ],
  });
}

beforeAll(async () => {
  gateway = connectTestGateway();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-export-'));
  await buildGraph();
}, 120_000);

afterAll(async () => {
  await gateway.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('export --format json', () => {
  it('round-trips: export, wipe, import gives the same counts and content checksum', async () => {
    const before = await checksum();
    expect(before.entities).toBeGreaterThan(100);
    const file = path.join(tmp, 'graph.json');
    fs.writeFileSync(file, await exportText(new JsonExportWriter()));
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { entities: unknown[]; relationships: unknown[]; sources: unknown[] };
    expect([parsed.sources.length, parsed.entities.length, parsed.relationships.length]).toEqual([
      before.sources,
      before.entities,
      before.relationships,
    ]);

    await resetDatabase(gateway);
    expect((await checksum()).entities).toBe(0);
    const report = await new BulkImportService(gateway).import(readJsonDocument(file), { batchSize: 50 });
    expect(report.status).toBe('complete');
    expect(await checksum()).toEqual(before);
    await buildGraph();
  }, 120_000);
});

describe('export --format cypher', () => {
  afterAll(async () => {
    await buildGraph();
  }, 120_000);

  it('recreates the graph from its parameter-free MERGE statements, escaped text intact', async () => {
    const before = await checksum();
    const script = await exportText(new CypherExportWriter());
    expect(script).toContain("\\'");

    await resetDatabase(gateway);
    let statements: string[] = [];
    for (const line of script.split('\n')) {
      if (line === '' || line.startsWith('//') || line === ':begin') continue;
      if (line === ':commit') {
        const batch = statements;
        await gateway.writeTx(
          async (tx) => {
            for (const statement of batch) await tx.run(statement);
          },
          { timeoutMs: 60_000 },
        );
        statements = [];
        continue;
      }
      expect(line.endsWith(';')).toBe(true);
      statements.push(line.slice(0, -1));
    }
    expect(statements).toEqual([]);
    expect(await checksum()).toEqual(before);
    const [row] = await gateway.read('MATCH (e:Entity {id: "tricky-person"}) RETURN e.description AS d, e.aliases AS a');
    expect(row).toEqual({ d: TRICKY, a: ["O'Brien", 'back\\slash'] });
    const [spans] = await gateway.read(
      'MATCH (:Source {id: "ingested-article"})-[m:MENTIONS]->(:Entity {id: "joe-biden"}) RETURN m.starts AS starts, m.ends AS ends',
    );
    expect(spans).toEqual({ starts: [0, 76], ends: [9, 81] });
    const [fact] = await gateway.read(
      'MATCH (:Entity {id: "joe-biden"})-[r:PARTICIPATED_IN]->(:Entity {id: "biden-xi-meeting-2024-lima"}) WHERE r.hedge IS NOT NULL RETURN r.status AS status, r.origin AS origin, r.evidenceStarts AS starts, r.hedge AS hedge, r.validFromPrecision AS p',
    );
    expect(fact).toEqual({ status: 'PROPOSED', origin: 'EXTRACTED', starts: [0], hedge: 'will', p: 'MONTH' });
  }, 120_000);
});

describe('export --format graphml', () => {
  const schema = (): { fileName: string; contents: string }[] =>
    ['graphml.xsd', 'xlink.xsd'].map((name) => ({ fileName: name, contents: fs.readFileSync(path.join(XSD_DIR, name), 'utf8') }));

  it('is valid against the GraphML schema, with every entity a node and every relationship a directed edge', async () => {
    const xml = await exportText(new GraphmlExportWriter());
    const [main, xlink] = schema();
    const result = await validateXML({ xml: [{ fileName: 'export.graphml', contents: xml }], schema: [main], preload: [xlink] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const stats = await checksum();
    expect(xml.match(/<node /g)?.length).toBe(stats.entities);
    expect(xml.match(/<edge /g)?.length).toBe(stats.relationships);
    expect(xml).toContain('edgedefault="directed"');
    expect(xml).toMatch(/<key id="label" for="node" attr.name="label" attr.type="string"\/>/);
    expect(xml).toContain('<node id="tricky-person"><data key="label">Tricky &quot;Person&quot;</data>');
  });

  it('the schema check is real: an edge to an undeclared node is refused', async () => {
    const xml = (await exportText(new GraphmlExportWriter(), { around: 'joe-biden', depth: 1 })).replace(
      '</graph>',
      '<edge id="dangling" source="joe-biden" target="no-such-node"/></graph>',
    );
    const [main, xlink] = schema();
    const result = await validateXML({ xml: [{ fileName: 'broken.graphml', contents: xml }], schema: [main], preload: [xlink] });
    expect(result.valid).toBe(false);
  });
});

describe('export --around ID --depth N', () => {
  it('exports the entities within N hops and the relationships among them, with the sources they cite', async () => {
    for (const depth of [1, 2]) {
      const doc = JSON.parse(await exportText(new JsonExportWriter(), { around: 'joe-biden', depth })) as {
        entities: { id: string }[];
        relationships: { from: string; to: string; evidence?: { sourceId: string }[] }[];
        sources?: { id: string }[];
      };
      const expected = await gateway.read(
        `MATCH (c:Entity {id: 'joe-biden'}) MATCH (c)-[:${typeAlternation()}*0..${depth}]-(e:Entity) RETURN DISTINCT e.id AS id ORDER BY id`,
      );
      const got = doc.entities.map((e) => e.id).sort();
      expect(got).toEqual(expected.map((row) => row.id));
      const members = new Set(got);
      const [edges] = await gateway.read(
        `MATCH (a:Entity)-[r:${typeAlternation()}]->(b:Entity) WHERE a.id IN $ids AND b.id IN $ids RETURN count(r) AS n`,
        { ids: got },
      );
      expect(doc.relationships.length).toBe(edges.n);
      for (const rel of doc.relationships) expect(members.has(rel.from) && members.has(rel.to)).toBe(true);
      const cited = new Set(doc.relationships.flatMap((r) => (r.evidence ?? []).map((e) => e.sourceId)));
      expect((doc.sources ?? []).map((s) => s.id).sort()).toEqual([...cited].sort());
    }
  });

  it('refuses a depth outside 1..3 and an unknown id', async () => {
    await expect(exportText(new JsonExportWriter(), { around: 'joe-biden', depth: 4 })).rejects.toBeInstanceOf(BadUserInputError);
    await expect(exportText(new JsonExportWriter(), { around: 'joe-biden', depth: 0 })).rejects.toBeInstanceOf(BadUserInputError);
    await expect(exportText(new JsonExportWriter(), { around: 'nobody-at-all', depth: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });
});
