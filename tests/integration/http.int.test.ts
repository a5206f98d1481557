import { loadConfig } from '../../src/config/config';
import { Neo4jGateway } from '../../src/db/gateway';
import { listenOnLoopback, useSeededHttp } from '../support/http-harness';

const seeded = useSeededHttp();

const post = (body: unknown): Promise<Response> =>
  fetch(`${seeded.base()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GraphQL over HTTP', () => {
  it('answers POST /graphql: "DPRK" finds North Korea first', async () => {
    const response = await post({ query: '{ search(text: "DPRK") { entity { id name } } }' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { search: { entity: { id: string } }[] } };
    expect(body.data.search[0].entity).toEqual({ id: 'north-korea', name: 'North Korea' });
  });

  it('answers queries over GET', async () => {
    const query = encodeURIComponent('{ entity(id: "xi-jinping") { name } }');
    const response = await fetch(`${seeded.base()}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { entity: { name: 'Xi Jinping' } } });
  });

  it('reports bad input with BAD_USER_INPUT and no stack trace or Cypher', async () => {
    const response = await post({ query: '{ entity(id: "United States") { id } }' });
    const text = await response.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(text).not.toMatch(/stacktrace|MATCH|Neo\.ClientError|\.ts:\d+/);
  });

  it('maps a syntax error in the query to BAD_USER_INPUT', async () => {
    const response = await post({ query: '{ entity(id: ' });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('health', () => {
  it('is live and ready while Neo4j answers', async () => {
    expect((await fetch(`${seeded.base()}/health/live`)).status).toBe(200);
    const ready = await fetch(`${seeded.base()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
  });

  it('serves the explorer at / and GraphiQL at /graphiql from dist/web (built by npm run build)', async () => {
    const explorer = await fetch(`${seeded.base()}/`);
    expect(explorer.status).toBe(200);
    expect(await explorer.text()).toContain('<title>NewsGraph explorer</title>');
    const graphiql = await fetch(`${seeded.base()}/graphiql`);
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('/assets/graphiql/main.js');
    expect((await fetch(`${seeded.base()}/assets/explorer/main.js`)).status).toBe(200);
  });

  it('is not ready (503) when Neo4j is unreachable, and GraphQL says SERVICE_UNAVAILABLE', async () => {
    const config = loadConfig({});
    const dead = Neo4jGateway.connect('bolt://127.0.0.1:1', 'neo4j', 'x', { ...config.neo4j, transactionTimeoutMs: 2000 });
    const { app: deadApp, base: deadBase } = await listenOnLoopback(dead);
    try {
      const ready = await fetch(`${deadBase}/health/ready`);
      expect(ready.status).toBe(503);
      const response = await fetch(`${deadBase}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ search(text: "China") { score } }' }),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.errors[0].message).not.toMatch(/bolt|127\.0\.0\.1|ECONNREFUSED/);
    } finally {
      await deadApp.stop();
      await dead.close();
    }
  });
});

describe('metrics', () => {
  it('counts GraphQL requests per operation and times Neo4j round trips per repository operation', async () => {
    for (let i = 0; i < 2; i += 1)
      await post({
        query: 'query Leaders { country(id: "united-states") { leaders(at: "2025-02-01") { name } } }',
        operationName: 'Leaders',
      });
    await post({ query: 'query Broken { entity(id: "Not A Slug") { id } }', operationName: 'Broken' });
    const response = await fetch(`${seeded.base()}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/newsgraph_graphql_requests_total\{operation="Leaders",outcome="ok"\} 2\b/);
    expect(text).toMatch(/newsgraph_graphql_requests_total\{operation="Broken",outcome="error"\} 1\b/);
    expect(text).toMatch(/newsgraph_graphql_request_duration_seconds_bucket\{le="\+Inf",operation="Leaders",outcome="ok"\} 2\b/);
    expect(text).toMatch(/newsgraph_graphql_request_duration_seconds_count\{operation="Leaders",outcome="ok"\} 2\b/);
    // The read planner sends the root field with its whole selection as one statement, named planner.<root>.
    expect(text).toMatch(/newsgraph_neo4j_query_duration_seconds_count\{operation="planner\.entity",mode="READ",outcome="ok"\} \d+/);
    expect(text).toMatch(/newsgraph_process_resident_memory_bytes \d+/);
  });
});
