import { loadConfig } from '../../src/config/config';
import { Neo4jGateway } from '../../src/db/gateway';
import { createTestServer } from '../support/graphql-harness';

/**
 * The in-process harness is built from the HTTP server's own Apollo options, so the limits, the cost
 * plugin and the error formatting apply in tests too. Every request here is refused before any
 * Cypher runs, so the gateway points at a port nothing listens on and is never used.
 */
describe('the in-process test harness', () => {
  const gateway = Neo4jGateway.connect('bolt://127.0.0.1:1', 'neo4j', 'unused', loadConfig({}).neo4j);
  let server: Awaited<ReturnType<typeof createTestServer>>;
  const cypher: string[] = [];
  beforeAll(async () => {
    gateway.onQuery((event) => cypher.push(event.operation));
    server = await createTestServer(gateway);
  });
  afterAll(async () => {
    await server.stop();
    await gateway.close();
  });

  it('applies the depth limit', async () => {
    let inner = 'id';
    for (let i = 0; i < 12; i += 1) inner = `neighbors(first: 1) { ${inner} }`;
    const result = await server.execute(`{ entity(id: "china") { ${inner} } }`);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(result.errors?.[0].message).toMatch(/nested 14 levels deep; at most 8/);
  });

  it('applies the cost limit', async () => {
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: neighborhood(id: "china", depth: 3, limit: 500) { nodes { id } }`).join(' ')} }`;
    const result = await server.execute(query);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(result.errors?.[0].message).toMatch(/^The query costs/);
  });

  it('applies the alias and directive limits', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: entity(id: "china") { id }`).join(' ')} }`;
    expect((await server.execute(aliases)).errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    const directives = `{ __typename ${Array.from({ length: 11 }, () => '@include(if: true)').join(' ')} }`;
    expect((await server.execute(directives)).errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('formats errors as the HTTP server does (validation errors as BAD_USER_INPUT)', async () => {
    const result = await server.execute('{ entity(id: "china") { nosuchfield } }');
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(cypher).toEqual([]);
  });
});
