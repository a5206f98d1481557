import { QueryEvent } from '../../src/db/gateway';
import { GraphQLResult, useSeededServer } from '../support/graphql-harness';

type Hop = { type: string; from: { id: string }; to: { id: string }; evidence: { quote: string; source: { id: string } }[] };
type PathResult = {
  length: number;
  nodes: { id: string }[];
  relationships: Hop[];
  subgraph: { nodes: { id: string }[]; edges: { source: string; target: string }[] };
};

const { gateway, execute, data } = useSeededServer();
let article: string;

const code = (result: GraphQLResult): unknown => result.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  const [row] = await gateway().read("MATCH (s:Source {id: 'caliber-az-biden-xi-apec-2024'}) RETURN s.text AS text");
  article = String(row.text);
});

const PATH_FIELDS =
  'length nodes { id } relationships { type from { id } to { id } evidence { quote source { id } } } subgraph { nodes { id } edges { source target } }';

describe('shortestPath', () => {
  it('explains North Korea -> Ukraine through Russia, with a verbatim quote on each hop', async () => {
    const { shortestPath } = await data<{ shortestPath: PathResult }>(
      `{ shortestPath(from: "north-korea", to: "ukraine") { ${PATH_FIELDS} } }`,
    );
    expect(shortestPath.nodes.map((n) => n.id)).toEqual(['north-korea', 'russia', 'ukraine']);
    expect(shortestPath.relationships.map((r) => r.type)).toEqual(['DEPLOYED_TO', 'AT_WAR_WITH']);
    expect(shortestPath.length).toBe(2);
    for (const hop of shortestPath.relationships) {
      expect(hop.evidence.length).toBeGreaterThan(0);
      for (const evidence of hop.evidence) expect(article).toContain(evidence.quote);
    }
    expect(shortestPath.subgraph.nodes).toHaveLength(3);
    expect(shortestPath.subgraph.edges).toHaveLength(2);
  });

  it('gives null when no path lies within maxDepth or the types allow none, and length 0 to itself', async () => {
    const result = await data<{ short: null; typed: null; self: PathResult; unknown: null }>(`{
      short: shortestPath(from: "tamilla-hasanova", to: "ukraine", maxDepth: 1) { length }
      typed: shortestPath(from: "north-korea", to: "ukraine", types: [BORDERS]) { length }
      self: shortestPath(from: "china", to: "china") { length nodes { id } }
      unknown: shortestPath(from: "north-korea", to: "atlantis") { length }
    }`);
    expect(result.short).toBeNull();
    expect(result.typed).toBeNull();
    expect(result.self).toEqual({ length: 0, nodes: [{ id: 'china' }] });
    expect(result.unknown).toBeNull();
  });

  it('applies `at` to every hop: before Trump took office no LEADER_OF hop reaches him through the United States', async () => {
    const q = (at: string): string =>
      `{ shortestPath(from: "donald-trump", to: "united-states", types: [LEADER_OF], at: "${at}") { length } }`;
    expect((await data<{ shortestPath: unknown }>(q('2024-11-16'))).shortestPath).toBeNull();
    expect((await data<{ shortestPath: { length: number } }>(q('2025-02-01'))).shortestPath).toEqual({ length: 1 });
  });

  it('refuses maxDepth outside 1..10 instead of clamping it', async () => {
    expect(code(await execute('{ shortestPath(from: "china", to: "russia", maxDepth: 0) { length } }'))).toBe('BAD_USER_INPUT');
    expect(code(await execute('{ shortestPath(from: "china", to: "russia", maxDepth: 11) { length } }'))).toBe('BAD_USER_INPUT');
  });
});

describe('paths', () => {
  it('lists simple paths by length, each hop with evidence', async () => {
    const { paths } = await data<{ paths: PathResult[] }>(
      `{ paths(from: "north-korea", to: "ukraine", maxDepth: 3, first: 10) { ${PATH_FIELDS} } }`,
    );
    expect(paths.length).toBeGreaterThan(1);
    const lengths = paths.map((p) => p.length);
    expect([...lengths].sort((a, b) => a - b)).toEqual(lengths);
    for (const path of paths) {
      const ids = path.nodes.map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids[0]).toBe('north-korea');
      expect(ids[ids.length - 1]).toBe('ukraine');
      expect(path.relationships).toHaveLength(path.length);
    }
    expect(paths.map((p) => p.nodes.map((n) => n.id).join('>'))).toContain('north-korea>russia>ukraine');
  });

  it('returns [] when nothing connects within maxDepth, and refuses maxDepth 7', async () => {
    expect((await data<{ paths: unknown[] }>('{ paths(from: "tamilla-hasanova", to: "ukraine", maxDepth: 1) { length } }')).paths).toEqual(
      [],
    );
    expect(code(await execute('{ paths(from: "china", to: "russia", maxDepth: 7) { length } }'))).toBe('BAD_USER_INPUT');
  });
});

describe('neighborhood', () => {
  type Sub = {
    nodes: { id: string; kind: string; label: string }[];
    edges: { id: string; type: string; source: string; target: string }[];
    truncated: boolean;
  };

  it('returns the nodes within depth and every edge among them, deduplicated', async () => {
    const { neighborhood } = await data<{ neighborhood: Sub }>(
      '{ neighborhood(id: "north-korea", depth: 1) { nodes { id kind label } edges { id type source target } truncated } }',
    );
    const ids = neighborhood.nodes.map((n) => n.id);
    expect(ids[0]).toBe('north-korea');
    expect(ids).toEqual(expect.arrayContaining(['russia', 'russia-ukraine-war', 'dprk-troop-deployment-to-russia']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(neighborhood.edges.map((e) => e.id)).size).toBe(neighborhood.edges.length);
    for (const edge of neighborhood.edges) {
      expect(ids).toContain(edge.source);
      expect(ids).toContain(edge.target);
    }
    // Edges among neighbours count too: Russia -AT_WAR_WITH-> ... is not there, but Russia PARTICIPATED_IN the war is.
    expect(neighborhood.edges.some((e) => e.source === 'russia' && e.target === 'russia-ukraine-war')).toBe(true);
    expect(neighborhood.truncated).toBe(false);
  });

  it('grows with depth, filters kinds and types on every hop, and truncates at limit', async () => {
    const one = await data<{ neighborhood: Sub }>('{ neighborhood(id: "xi-jinping", depth: 1) { nodes { id } truncated } }');
    const two = await data<{ neighborhood: Sub }>('{ neighborhood(id: "xi-jinping", depth: 2) { nodes { id } truncated } }');
    expect(two.neighborhood.nodes.length).toBeGreaterThan(one.neighborhood.nodes.length);
    const countries = await data<{ neighborhood: Sub }>(
      '{ neighborhood(id: "north-korea", depth: 2, kinds: [COUNTRY]) { nodes { id kind } } }',
    );
    expect(countries.neighborhood.nodes.slice(1).every((n) => n.kind === 'COUNTRY')).toBe(true);
    const limited = await data<{ neighborhood: Sub }>('{ neighborhood(id: "joe-biden", depth: 2, limit: 5) { nodes { id } truncated } }');
    expect(limited.neighborhood.nodes).toHaveLength(5);
    expect(limited.neighborhood.truncated).toBe(true);
  });

  it('applies `at`, is empty for an unknown id, and refuses depth 4', async () => {
    const before = await data<{ neighborhood: Sub }>(
      '{ neighborhood(id: "united-states", types: [LEADER_OF], at: "2024-11-16") { nodes { id } } }',
    );
    expect(before.neighborhood.nodes.map((n) => n.id).sort()).toEqual(['joe-biden', 'united-states']);
    expect((await data<{ neighborhood: Sub }>('{ neighborhood(id: "atlantis") { nodes { id } truncated } }')).neighborhood).toEqual({
      nodes: [],
      truncated: false,
    });
    expect(code(await execute('{ neighborhood(id: "china", depth: 4) { truncated } }'))).toBe('BAD_USER_INPUT');
  });
});

describe('timeline, commonNeighbors, mostConnected', () => {
  it('timeline from 2022 to 2025 for Biden and Xi lists Bali, San Francisco and Lima in that order', async () => {
    const { timeline } = await data<{ timeline: { totalCount: number; edges: { node: { id: string; startDate: string } }[] } }>(
      '{ timeline(entityIds: ["joe-biden", "xi-jinping"], from: "2022-01-01", to: "2025-12-31") { totalCount edges { node { id startDate } } } }',
    );
    expect(timeline.edges.map((e) => e.node.id)).toEqual([
      'biden-xi-meeting-2022-bali',
      'biden-xi-meeting-2023-san-francisco',
      'biden-xi-meeting-2024-lima',
    ]);
    expect(timeline.totalCount).toBe(3);
  });

  it('timeline pages with keyset cursors in startDate, id order, and filters by topic', async () => {
    type T = {
      timeline: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; startDate: string | null } }[] };
    };
    const seen: { id: string; startDate: string | null }[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const page: T = await data<T>(
        'query ($after: String) { timeline(first: 4, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id startDate } } } }',
        { after },
      );
      seen.push(...page.timeline.edges.map((e) => e.node));
      if (!page.timeline.pageInfo.hasNextPage) break;
      after = page.timeline.pageInfo.endCursor;
    }
    const [row] = await gateway().read('MATCH (e:Event) RETURN count(e) AS n');
    expect(seen).toHaveLength(Number(row.n));
    const keys = seen.map((e) => `${e.startDate ?? '9999-12-31'}|${e.id}`);
    expect([...keys].sort()).toEqual(keys);
    const topical = await data<{ timeline: { edges: { node: { id: string } }[] } }>(
      '{ timeline(topicIds: ["china-support-for-russia"]) { edges { node { id } } } }',
    );
    expect(topical.timeline.edges.map((e) => e.node.id)).toContain('biden-xi-meeting-2024-lima');
  });

  it('commonNeighbors gives the meetings Biden and Xi share', async () => {
    const { commonNeighbors } = await data<{ commonNeighbors: { id: string }[] }>(
      '{ commonNeighbors(ids: ["joe-biden", "xi-jinping"], kinds: [EVENT]) { id } }',
    );
    expect(commonNeighbors.map((e) => e.id)).toEqual([
      'biden-xi-meeting-2022-bali',
      'biden-xi-meeting-2023-san-francisco',
      'biden-xi-meeting-2024-lima',
    ]);
    expect(code(await execute('{ commonNeighbors(ids: ["joe-biden"]) { id } }'))).toBe('BAD_USER_INPUT');
  });

  it('mostConnected ranks by degree, per kind too', async () => {
    const { all, people } = await data<{
      all: { degree: number; entity: { id: string; degree: number } }[];
      people: { entity: { kind: string } }[];
    }>(
      '{ all: mostConnected(first: 5) { degree entity { id degree } } people: mostConnected(kind: PERSON, first: 3) { entity { kind } } }',
    );
    const degrees = all.map((d) => d.degree);
    expect([...degrees].sort((a, b) => b - a)).toEqual(degrees);
    for (const row of all) expect(row.degree).toBe(row.entity.degree);
    expect(people.every((p) => p.entity.kind === 'PERSON')).toBe(true);
  });
});

describe('one Cypher round trip per traversal', () => {
  it.each([
    ['neighborhood', '{ neighborhood(id: "china", depth: 2) { nodes { id label } edges { source target } } }'],
    [
      'shortestPath',
      '{ shortestPath(from: "north-korea", to: "ukraine") { nodes { id name } relationships { type from { id } to { id } } } }',
    ],
    ['paths', '{ paths(from: "north-korea", to: "ukraine", maxDepth: 3) { nodes { id } relationships { type from { id } to { id } } } }'],
    ['commonNeighbors', '{ commonNeighbors(ids: ["joe-biden", "xi-jinping"]) { id name } }'],
    ['timeline', '{ timeline(entityIds: ["joe-biden"]) { edges { node { id name } } } }'],
    ['mostConnected', '{ mostConnected { degree entity { id name } } }'],
  ])('%s', async (_name, query) => {
    const events: QueryEvent[] = [];
    const unsubscribe = gateway().onQuery((event) => events.push(event));
    try {
      await data(query);
    } finally {
      unsubscribe();
    }
    expect(events).toHaveLength(1);
  });
});
