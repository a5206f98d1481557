import neo4j from 'neo4j-driver';

import { EntityKind } from '../../src/domain/entity-kind';
import { FactStatus } from '../../src/domain/event-type';
import { RelationshipData } from '../../src/domain/graph-input';
import { RelationshipType } from '../../src/domain/relationship-type';
import { STATUS_OK, VALID_AT } from '../../src/repositories/cypher-fragments';
import { ImportService } from '../../src/services/import.service';
import { createTestServer } from '../support/graphql-harness';
import { connectTestGateway, resetAndSeed } from '../support/test-db';

/**
 * A relationships connection of one type on a node dense for it (cypher-fragments.ts,
 * relationshipTotal and relationshipRows: at least 1,000 relationships of the type, and a
 * sixteenth of the graph's) counts from the degree store less the hidden statuses and pages from
 * the type's id index. Its answers must be those of the plain expand-and-sort definition, written
 * out here, for every status, date and direction, page after page, planner on and off.
 */

const HUB = 'dense-hub';
const SIZE = 1_300;

const gateway = connectTestGateway();
let on: Awaited<ReturnType<typeof createTestServer>>;
let off: Awaited<ReturnType<typeof createTestServer>>;

beforeAll(async () => {
  await resetAndSeed(gateway);
  const importer = new ImportService(gateway);
  await importer.importGraph({ entities: [{ id: HUB, kind: EntityKind.ORGANIZATION, name: 'Dense hub' }] });
  const targets = (await gateway.read('MATCH (e:Entity) WHERE e.id <> $hub RETURN e.id AS id ORDER BY e.id', { hub: HUB })).map((row) =>
    String(row.id),
  );
  const relationships: RelationshipData[] = [];
  for (let i = 0; i < SIZE; i += 1) {
    relationships.push({
      from: HUB,
      to: targets[i % targets.length],
      type: RelationshipType.SUPPORTS,
      role: `round ${Math.floor(i / targets.length)}`,
      status: i % 13 === 0 ? FactStatus.REJECTED : i % 5 === 1 ? FactStatus.PROPOSED : FactStatus.ACCEPTED,
      ...(i % 4 === 2 ? { validTo: '2020-01-01' } : {}),
      ...(i % 6 === 3 ? { validFrom: '2023-01-01' } : {}),
    });
  }
  await importer.importGraph({ relationships });
  on = await createTestServer(gateway);
  off = await createTestServer(gateway, { readPlanner: false });
}, 180_000);

afterAll(async () => {
  await on?.stop();
  await off?.stop();
  await gateway.close();
});

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; from: { id: string }; to: { id: string } } }[];
}

/** The plain definition: every relationship of the hub expanded, filtered, sorted by id. */
async function expected(direction: 'OUT' | 'IN' | 'BOTH', at: string | null, status: FactStatus[]): Promise<string[]> {
  const pattern =
    direction === 'OUT' ? '(h)-[r:SUPPORTS]->(:Entity)' : direction === 'IN' ? '(h)<-[r:SUPPORTS]-(:Entity)' : '(h)-[r:SUPPORTS]-(:Entity)';
  const rows = await gateway.read(
    `MATCH (h:Entity {id: $hub}) MATCH ${pattern} WHERE ${VALID_AT} AND ${STATUS_OK} WITH DISTINCT r RETURN r.id AS id ORDER BY id`,
    { hub: HUB, at, status },
  );
  return rows.map((row) => String(row.id));
}

const QUERY = `query ($dir: Direction, $at: Date, $status: [FactStatus!], $first: Int, $after: String) {
  entity(id: "${HUB}") { relationships(types: [SUPPORTS], direction: $dir, at: $at, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id from { id } to { id } } } } } }`;

async function walk(
  server: typeof on,
  variables: { dir: string; at: string | null; status: FactStatus[] | null },
): Promise<{ totals: number[]; ids: string[] }> {
  const totals: number[] = [];
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 10; pages += 1) {
    const result: { errors?: unknown; data?: { entity: { relationships: Page } } | null } = await server.execute<{
      entity: { relationships: Page };
    }>(QUERY, { ...variables, first: 100, after });
    expect(result.errors).toBeUndefined();
    const page: Page | undefined = result.data?.entity.relationships;
    if (!page) throw new Error('No page');
    totals.push(page.totalCount);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { totals, ids };
}

describe('a dense node, one type', () => {
  const statuses: (FactStatus[] | null)[] = [
    null,
    [FactStatus.REJECTED],
    [FactStatus.PROPOSED],
    [FactStatus.ACCEPTED, FactStatus.PROPOSED, FactStatus.REJECTED],
  ];
  const cases = (['OUT', 'BOTH', 'IN'] as const).flatMap((dir) =>
    [null, '2024-06-01', '2019-01-01'].flatMap((at) => statuses.map((status) => ({ dir, at, status }))),
  );

  it.each(cases.map((c) => [`${c.dir}, at ${c.at ?? 'none'}, status ${c.status?.join('+') ?? 'default'}`, c] as const))(
    'answers as the plain definition: %s',
    async (_name, c) => {
      const want = await expected(c.dir, c.at, c.status ?? [FactStatus.ACCEPTED, FactStatus.PROPOSED]);
      for (const server of [on, off]) {
        const got = await walk(server, c);
        expect(got.ids).toEqual(want.slice(0, 1000));
        expect(new Set(got.totals)).toEqual(new Set([want.length]));
      }
    },
    120_000,
  );

  it('reads the first page from the id index and the total from the degree store: fewer database hits than relationships', async () => {
    // The figure is for plans made from this graph's statistics. One Neo4j serves every file of a test
    // run, so the statement may have been planned (and cached) while the index samples still described
    // an earlier file's graph; Neo4j replans once statistics diverge, on its own schedule. Resample and
    // clear the caches first, so what is measured is the plan a user of this graph gets.
    await gateway.read('CALL db.prepareForReplanning()', {});
    const events: { cypher: string; params: Record<string, unknown> }[] = [];
    const unsubscribe = gateway.onQuery((event) => events.push(event));
    try {
      await on.execute(QUERY, { dir: 'OUT', at: null, status: null, first: 10, after: null });
    } finally {
      unsubscribe();
    }
    expect(events).toHaveLength(1);
    const driver = neo4j.driver(
      process.env.NEWSGRAPH_TEST_NEO4J_URI ?? '',
      neo4j.auth.basic(process.env.NEWSGRAPH_TEST_NEO4J_USER ?? 'neo4j', process.env.NEWSGRAPH_TEST_NEO4J_PASSWORD ?? ''),
    );
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run(`PROFILE ${events[0].cypher}`, events[0].params);
      const profile = result.summary.profile;
      if (profile === false) throw new Error('No profile');
      // The chosen subqueries are nested plans (a CASE evaluates only its branch): their work shows in the
      // database hits, not as operators of the tree. Expanding the hub reads each of its 1,300 relationships
      // at least once; the index seeks read about a page of entries and the hidden statuses (100 REJECTED).
      let hits = 0;
      const plan: string[] = [];
      const visit = (node: typeof profile, depth: number): void => {
        hits += node.dbHits;
        plan.push(
          `${'  '.repeat(depth)}${node.operatorType} hits=${node.dbHits} rows=${node.rows} ${String(node.arguments.Details ?? '')}`,
        );
        node.children.forEach((child) => visit(child, depth + 1));
      };
      visit(profile, 0);
      // The plan goes with the figure, so a failure says which operators read what.
      expect({ hits, fewerThanRelationships: hits < SIZE, plan }).toEqual({ hits, fewerThanRelationships: true, plan });
    } finally {
      await session.close();
      await driver.close();
    }
  }, 60_000);
});
