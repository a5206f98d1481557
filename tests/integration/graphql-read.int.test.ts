import { GraphQLResult, useSeededServer } from '../support/graphql-harness';

const { execute } = useSeededServer();

const codes = (result: GraphQLResult): unknown[] => (result.errors ?? []).map((error) => error.extensions?.code);

describe('entity(id)', () => {
  it('returns the typed entity with its kind-specific fields', async () => {
    const result = await execute<{ entity: Record<string, unknown> }>(
      '{ entity(id: "north-korea") { __typename id name kind aliases ... on Country { isoCode } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.entity).toMatchObject({
      __typename: 'Country',
      id: 'north-korea',
      name: 'North Korea',
      kind: 'COUNTRY',
      isoCode: 'KP',
    });
    expect(result.data?.entity.aliases).toContain('DPRK');
  });

  it('gives null, not an error, for an unknown id', async () => {
    const result = await execute('{ entity(id: "no-such-entity") { id } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ entity: null });
  });

  it('rejects a malformed id with BAD_USER_INPUT naming the argument', async () => {
    const result = await execute('{ entity(id: "Not A Slug!") { id } }');
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0].extensions?.field).toBe('id');
  });
});

describe('search(text)', () => {
  it('finds North Korea first for "DPRK"', async () => {
    const result = await execute<{ search: { score: number; entity: { id: string } }[] }>(
      '{ search(text: "DPRK") { score entity { id } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.search[0].entity.id).toBe('north-korea');
    const scores = result.data?.search.map((hit) => hit.score) ?? [];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('tolerates prefixes and typos', async () => {
    const prefix = await execute<{ search: { entity: { id: string } }[] }>('{ search(text: "Jinp") { entity { id } } }');
    expect(prefix.data?.search[0].entity.id).toBe('xi-jinping');
    const typo = await execute<{ search: { entity: { id: string } }[] }>('{ search(text: "Ukrane") { entity { id } } }');
    expect(typo.data?.search[0].entity.id).toBe('ukraine');
  });

  it('filters by kind and honours first', async () => {
    const result = await execute<{ search: { entity: { kind: string } }[] }>(
      '{ search(text: "Biden Xi", kinds: [EVENT], first: 2) { entity { kind } } }',
    );
    expect(result.data?.search).toHaveLength(2);
    expect(result.data?.search.every((hit) => hit.entity.kind === 'EVENT')).toBe(true);
  });

  it('treats Lucene syntax in the text as plain words', async () => {
    const result = await execute<{ search: unknown[] }>('{ search(text: "korea) OR name:* AND \\"") { entity { id } } }');
    expect(result.errors).toBeUndefined();
  });

  it('rejects empty text and an out-of-range first', async () => {
    expect(codes(await execute('{ search(text: "  ") { score } }'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await execute('{ search(text: "x", first: 1000) { score } }'))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('Entity.relationships', () => {
  const LEADERS = `query ($at: Date) { entity(id: "united-states") { relationships(types: [LEADER_OF], at: $at) {
    totalCount edges { node { from { id } title validFrom validTo } } } } }`;

  it('applies the validity rule: Biden on 2024-11-16, Trump on 2025-02-01', async () => {
    type R = { entity: { relationships: { totalCount: number; edges: { node: { from: { id: string } } }[] } } };
    const before = await execute<R>(LEADERS, { at: '2024-11-16' });
    const after = await execute<R>(LEADERS, { at: '2025-02-01' });
    const all = await execute<R>(LEADERS, {});
    expect(before.data?.entity.relationships.edges.map((e) => e.node.from.id)).toEqual(['joe-biden']);
    expect(after.data?.entity.relationships.edges.map((e) => e.node.from.id)).toEqual(['donald-trump']);
    expect(all.data?.entity.relationships.totalCount).toBe(2);
  });

  it('carries evidence quoted verbatim from the source', async () => {
    const result = await execute<{
      entity: {
        relationships: {
          edges: {
            node: {
              type: string;
              quantity: number;
              to: { id: string };
              evidence: { quote: string; source: { id: string; publisher: string } }[];
            };
          }[];
        };
      };
    }>(
      '{ entity(id: "north-korea") { relationships(types: [DEPLOYED_TO], direction: OUT) { edges { node { type quantity to { id } evidence { quote source { id publisher } } } } } } }',
    );
    const [edge] = result.data?.entity.relationships.edges ?? [];
    expect(edge.node).toMatchObject({ type: 'DEPLOYED_TO', quantity: 10000, to: { id: 'russia' } });
    expect(edge.node.evidence[0].source.publisher).toBe('Caliber.Az');
    expect(edge.node.evidence[0].quote).toContain('10,000 DPRK troops');
  });

  it('pages with keyset cursors: every relationship once, in id order', async () => {
    const PAGE =
      'query ($after: String) { entity(id: "joe-biden") { relationships(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }';
    type R = {
      entity: {
        relationships: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { node: { id: string } }[];
        };
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 50; page += 1) {
      const result: GraphQLResult<R> = await execute<R>(PAGE, { after });
      const connection = result.data?.entity.relationships;
      if (!connection) throw new Error(JSON.stringify(result.errors));
      total = connection.totalCount;
      seen.push(...connection.edges.map((edge) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(4);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('rejects a forged cursor and a bad date', async () => {
    expect(codes(await execute('{ entity(id: "joe-biden") { relationships(after: "bm90LWEtY3Vyc29y") { totalCount } } }'))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await execute('{ entity(id: "joe-biden") { relationships(at: "2025-02-30") { totalCount } } }'))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('follows direction', async () => {
    type R = { entity: { relationships: { edges: { node: { from: { id: string }; to: { id: string } } }[] } } };
    const out = await execute<R>(
      '{ entity(id: "north-korea") { relationships(direction: OUT) { edges { node { from { id } to { id } } } } } }',
    );
    const incoming = await execute<R>(
      '{ entity(id: "north-korea") { relationships(direction: IN) { edges { node { from { id } to { id } } } } } }',
    );
    expect(out.data?.entity.relationships.edges.every((e) => e.node.from.id === 'north-korea')).toBe(true);
    expect(incoming.data?.entity.relationships.edges.every((e) => e.node.to.id === 'north-korea')).toBe(true);
    expect(incoming.data?.entity.relationships.edges.length).toBeGreaterThan(0);
  });
});

describe('Entity.neighbors', () => {
  it('lists distinct neighbours, filtered by kind and type', async () => {
    type R = { entity: { neighbors: { id: string; kind: string }[] } };
    const meetings = await execute<R>('{ entity(id: "xi-jinping") { neighbors(types: [PARTICIPATED_IN], kinds: [EVENT]) { id kind } } }');
    const ids = meetings.data?.entity.neighbors.map((n) => n.id) ?? [];
    expect(ids).toEqual(
      expect.arrayContaining(['biden-xi-meeting-2022-bali', 'biden-xi-meeting-2023-san-francisco', 'biden-xi-meeting-2024-lima']),
    );
    expect(new Set(ids).size).toBe(ids.length);
    const countries = await execute<R>('{ entity(id: "north-korea") { neighbors(kinds: [COUNTRY]) { id } } }');
    expect(countries.data?.entity.neighbors.map((n) => n.id)).toEqual(['russia']);
  });

  it('applies at to the hop', async () => {
    type R = { entity: { neighbors: { id: string }[] } };
    const result = await execute<R>('{ entity(id: "united-states") { neighbors(types: [LEADER_OF], at: "2025-02-01") { id } } }');
    expect(result.data?.entity.neighbors.map((n) => n.id)).toEqual(['donald-trump']);
  });
});
