import { Neo4jGateway } from '../../src/db/gateway';
import { EntityKind } from '../../src/domain/entity-kind';
import { generateGraph, writeGenerated } from '../../src/services/generator.service';
import { ImportService } from '../../src/services/import.service';
import { connectTestGateway, resetDatabase } from '../support/test-db';
import { createTestServer, GraphQLResult } from '../support/graphql-harness';

type Execute = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult<T>>;
type Sub = { nodes: { id: string }[]; edges: { source: string; target: string }[]; truncated: boolean };

let gateway: Neo4jGateway;
let execute: Execute;
let stop: () => Promise<void>;
let hub: string;

async function data<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await execute<T>(query, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

beforeAll(async () => {
  gateway = connectTestGateway();
  await resetDatabase(gateway);
  const graph = generateGraph(10_000, 7);
  await writeGenerated(new ImportService(gateway), graph);
  // An island: one entity with no relationship at all.
  await new ImportService(gateway).importGraph({ entities: [{ id: 'island', kind: EntityKind.PLACE, name: 'Island' }] });
  ({ execute, stop } = await createTestServer(gateway));
  const [top] = await gateway.read('MATCH (c:Country) RETURN c.id AS id ORDER BY c.degree DESC LIMIT 1');
  hub = String(top.id);
}, 240_000);

afterAll(async () => {
  await stop();
  await gateway.close();
});

/** Transactions of this operation still running after up to 10 s of waiting (terminated ones go away). */
async function transactionsOf(operation: string): Promise<number> {
  let running = 1;
  for (let i = 0; i < 50 && running > 0; i += 1) {
    const [row] = await gateway.read('SHOW TRANSACTIONS YIELD metaData WHERE metaData.operation = $operation RETURN count(*) AS n', {
      operation,
    });
    running = Number(row.n);
    if (running > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return running;
}

describe('on a generated graph of 10,000 entities', () => {
  it('has hubs: the top country has far more relationships than the median entity', async () => {
    const [row] = await gateway.read(
      'MATCH (e:Entity) WITH e.degree AS d ORDER BY d RETURN max(d) AS top, percentileDisc(d, 0.5) AS median',
    );
    expect(Number(row.top)).toBeGreaterThan(20 * Number(row.median));
  });

  it('neighborhood of a hub is bounded by limit and says truncated; every edge joins returned nodes', async () => {
    const { neighborhood } = await data<{ neighborhood: Sub }>(
      `{ neighborhood(id: "${hub}", depth: 2, limit: 100) { nodes { id } edges { source target } truncated } }`,
    );
    expect(neighborhood.truncated).toBe(true);
    expect(neighborhood.nodes).toHaveLength(100);
    const ids = new Set(neighborhood.nodes.map((n) => n.id));
    expect(ids.size).toBe(100);
    for (const edge of neighborhood.edges) expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
  });

  it('neighborhood at depth 3 from a sparse entity reaches further than depth 1', async () => {
    const [sparse] = await gateway.read('MATCH (p:Person) WHERE p.degree = 1 RETURN p.id AS id ORDER BY p.id LIMIT 1');
    const one = await data<{ neighborhood: Sub }>(`{ neighborhood(id: "${sparse.id}", depth: 1, limit: 1000) { nodes { id } truncated } }`);
    const three = await data<{ neighborhood: Sub }>(
      `{ neighborhood(id: "${sparse.id}", depth: 3, limit: 1000) { nodes { id } truncated } }`,
    );
    expect(one.neighborhood.nodes).toHaveLength(2);
    expect(three.neighborhood.nodes.length).toBeGreaterThan(one.neighborhood.nodes.length);
  });

  it('shortestPath joins two people through events and hubs; none reaches the island', async () => {
    const { a, island } = await data<{ a: { length: number; nodes: { id: string }[] } | null; island: null }>(`{
      a: shortestPath(from: "gen-person-004999", to: "gen-person-000003") { length nodes { id } }
      island: shortestPath(from: "gen-person-004999", to: "island") { length }
    }`);
    expect(a).not.toBeNull();
    expect(a?.nodes[0].id).toBe('gen-person-004999');
    expect(a?.nodes[a.nodes.length - 1].id).toBe('gen-person-000003');
    expect(a?.length).toBe((a?.nodes.length ?? 0) - 1);
    expect(island).toBeNull();
  });

  it('paths through cycles stay simple and ordered by length', async () => {
    const { paths } = await data<{ paths: { length: number; nodes: { id: string }[] }[] }>(
      '{ paths(from: "gen-event-000010", to: "gen-event-000012", maxDepth: 3, first: 10) { length nodes { id } } }',
    );
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(new Set(path.nodes.map((n) => n.id)).size).toBe(path.nodes.length);
    const lengths = paths.map((p) => p.length);
    expect([...lengths].sort((x, y) => x - y)).toEqual(lengths);
  });

  it('applies `at` before, inside and after validity windows', async () => {
    const { country } = await data<{ country: Record<string, { id: string }[]> }>(`{
      country(id: "gen-country-000003") { before: leaders(at: "2010-06-01") { id } first: leaders(at: "2017-06-01") { id } second: leaders(at: "2022-06-01") { id } all: leaders { id } }
    }`);
    expect(country.before).toEqual([]);
    expect(country.first).toHaveLength(1);
    expect(country.second).toHaveLength(1);
    expect(country.first[0].id).not.toBe(country.second[0].id);
    expect(country.all).toHaveLength(2);
  });

  it("timeline pages through a hub country's events in order", async () => {
    type T = {
      timeline: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string; startDate: string } }[];
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 200; i += 1) {
      const page: T = await data<T>(
        `query ($after: String) { timeline(entityIds: ["${hub}"], first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id startDate } } } }`,
        { after },
      );
      total = page.timeline.totalCount;
      seen.push(...page.timeline.edges.map((e) => `${e.node.startDate}|${e.node.id}`));
      if (!page.timeline.pageInfo.hasNextPage) break;
      after = page.timeline.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(100);
    expect(seen).toHaveLength(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('commonNeighbors of two hubs and mostConnected', async () => {
    const { mostConnected } = await data<{ mostConnected: { degree: number; entity: { id: string } }[] }>(
      '{ mostConnected(kind: COUNTRY, first: 2) { degree entity { id } } }',
    );
    expect(mostConnected[0].entity.id).toBe(hub);
    const ids = mostConnected.map((m) => m.entity.id);
    const { commonNeighbors } = await data<{ commonNeighbors: { id: string }[] }>(
      `{ commonNeighbors(ids: ${JSON.stringify(ids)}) { id } }`,
    );
    expect(commonNeighbors.length).toBeGreaterThan(0);
    const check = await gateway.read(
      'UNWIND $ids AS n MATCH (x:Entity {id: n}) MATCH (a:Entity {id: $a})--(x)--(b:Entity {id: $b}) RETURN count(DISTINCT x) AS c',
      { ids: commonNeighbors.map((c) => c.id), a: ids[0], b: ids[1] },
    );
    expect(Number(check[0].c)).toBe(commonNeighbors.length);
  });

  it('a query over its timeout ends with TIMEOUT, promptly, and leaves no transaction running', async () => {
    const started = Date.now();
    await expect(
      gateway.read('UNWIND range(1, 2000000000) AS x RETURN sum(x) AS total', {}, { timeoutMs: 300, operation: 'test.slow' }),
    ).rejects.toMatchObject({
      extensions: { code: 'TIMEOUT' },
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await transactionsOf('test.slow')).toBe(0);
  });

  it('traversals run under the timeout: heavy neighbourhoods with a 1 ms budget answer TIMEOUT, nothing else', async () => {
    const impatient = connectTestGateway({ transactionTimeoutMs: 1 });
    const server = await createTestServer(impatient);
    try {
      const hubs = (await gateway.read('MATCH (c:Country) RETURN c.id AS id ORDER BY c.degree DESC LIMIT 5')).map((row) => String(row.id));
      // Limit 300: five of them stay under the cost limit, which the harness applies as the HTTP server does.
      const query = `{ ${hubs.map((id, i) => `n${i}: neighborhood(id: "${id}", depth: 3, limit: 300) { truncated }`).join(' ')} }`;
      const result = await server.execute(query);
      const codes = (result.errors ?? []).map((error) => error.extensions?.code);
      expect(codes).toContain('TIMEOUT');
      expect(new Set(codes)).toEqual(new Set(['TIMEOUT']));
      expect(JSON.stringify(result)).not.toMatch(/Neo\.|MATCH|Cypher/);
      expect(await transactionsOf('traversal.neighborhood')).toBe(0);
    } finally {
      await server.stop();
      await impatient.close();
    }
  });
});
