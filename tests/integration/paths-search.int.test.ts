import { EntityKind } from '../../src/domain/entity-kind';
import { FactStatus } from '../../src/domain/event-type';
import { RelationshipData } from '../../src/domain/graph-input';
import { RelationshipType } from '../../src/domain/relationship-type';
import { ImportService } from '../../src/services/import.service';
import { createTestServer } from '../support/graphql-harness';
import { connectTestGateway, resetAndSeed } from '../support/test-db';

/**
 * How `paths` searches: the relationships a path may not use (hidden statuses, outside `at`) are
 * left out during the search, not after it picked its shortest trails, so trails it may not use
 * never crowd out the ones it may; and whichever end the search starts from (the less connected
 * one), every path runs from `from` to `to`.
 */

const FROM = 'paths-from';
const TO = 'paths-to';
const VIAS = Array.from({ length: 8 }, (_, i) => `paths-via-${i}`);
/** More rejected direct relationships than the 2 x first trails the search keeps. */
const REJECTED_DIRECT = 30;
/** Extra neighbours of `from` only, so that it is the more connected end. */
const EXTRA = Array.from({ length: 40 }, (_, i) => `paths-extra-${String(i).padStart(2, '0')}`);

const gateway = connectTestGateway();
let server: Awaited<ReturnType<typeof createTestServer>>;

beforeAll(async () => {
  await resetAndSeed(gateway);
  const person = (id: string): { id: string; kind: EntityKind; name: string } => ({ id, kind: EntityKind.PERSON, name: id });
  const relationships: RelationshipData[] = [
    ...Array.from({ length: REJECTED_DIRECT }, (_, i): RelationshipData => ({
      from: FROM,
      to: TO,
      type: RelationshipType.SUPPORTS,
      role: `rejected ${i}`,
      status: FactStatus.REJECTED,
    })),
    ...Array.from({ length: REJECTED_DIRECT }, (_, i): RelationshipData => ({
      from: FROM,
      to: TO,
      type: RelationshipType.SUPPORTS,
      role: `ended ${i}`,
      validTo: '2001-01-01',
    })),
    ...VIAS.flatMap((via): RelationshipData[] => [
      { from: FROM, to: via, type: RelationshipType.SUPPORTS },
      { from: via, to: TO, type: RelationshipType.SUPPORTS },
    ]),
    ...EXTRA.map((extra): RelationshipData => ({ from: extra, to: FROM, type: RelationshipType.SUPPORTS })),
  ];
  await new ImportService(gateway).importGraph({ entities: [FROM, TO, ...VIAS, ...EXTRA].map(person), relationships });
  server = await createTestServer(gateway);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await gateway.close();
});

interface Path {
  length: number;
  nodes: { id: string }[];
  relationships: { status: FactStatus; from: { id: string }; to: { id: string } }[];
}

async function paths(from: string, to: string, extra = ''): Promise<Path[]> {
  const result = await server.execute<{ paths: Path[] }>(
    `{ paths(from: "${from}", to: "${to}", maxDepth: 3, first: 5${extra}) { length nodes { id } relationships { status from { id } to { id } } } }`,
  );
  expect(result.errors).toBeUndefined();
  return result.data?.paths ?? [];
}

describe('paths', () => {
  it('skip hidden relationships during the search: the shortest usable paths come back, as many as asked', async () => {
    // In 2010 none of the 60 direct relationships may be used: 30 are rejected, 30 ended in 2001.
    const found = await paths(FROM, TO, ', at: "2010-01-01"');
    expect(found.map((path) => path.nodes.map((node) => node.id))).toEqual(VIAS.slice(0, 5).map((via) => [FROM, via, TO]));
    for (const path of found) for (const hop of path.relationships) expect(hop.status).not.toBe(FactStatus.REJECTED);
  });

  it('use the relationships valid on the date asked, or at any time without one, but never rejected ones', async () => {
    for (const extra of [', at: "2000-06-01"', '']) {
      const found = await paths(FROM, TO, extra);
      expect(found).toHaveLength(5);
      for (const path of found) {
        expect(path.length).toBe(1);
        expect(path.relationships[0].status).not.toBe(FactStatus.REJECTED);
      }
    }
  });

  it('run every path from `from` to `to`, whichever end is the more connected', async () => {
    for (const [from, to] of [
      [FROM, TO],
      [TO, FROM],
    ]) {
      const found = await paths(from, to);
      expect(found).toHaveLength(5);
      for (const path of found) {
        expect(path.nodes[0].id).toBe(from);
        expect(path.nodes[path.nodes.length - 1].id).toBe(to);
        path.relationships.forEach((hop, i) => {
          expect([hop.from.id, hop.to.id].sort()).toEqual([path.nodes[i].id, path.nodes[i + 1].id].sort());
        });
      }
    }
  });
});
