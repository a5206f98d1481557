import { useSeededServer } from '../support/graphql-harness';

/**
 * `at` means "the graph as of that date" (API contract): relationships valid then, and no event that
 * had not started yet (its startDate compared at its datePrecision), nor the relationships touching
 * such an event; undated events stay. One Cypher definition (cypher-fragments validAt/existsAt)
 * serves every read that takes `at`; this file checks each of them on the seed.
 */
const { data } = useSeededServer();

/** The seed's events the United States took part in, with their dates and precisions. */
const US_EVENTS = {
  'biden-xi-meeting-2022-bali': '2022 (YEAR)',
  'biden-xi-meeting-2023-san-francisco': '2023-11 (MONTH)',
  'us-china-defence-policy-talks-2024': '2024-01 (MONTH)',
  'icbm-launch-advance-notices-2024': '2024 (YEAR)',
  'biden-xi-meeting-2024-lima': '2024-11-16 (DAY)',
};
const FUTURE_IN_1990 = [...Object.keys(US_EVENTS), 'us-presidential-election-2024', 'apec-2024-lima', 'g20-2022-bali'];

interface Rel {
  type: string;
  from: { id: string };
  to: { id: string };
}
const ends = (rels: Rel[]): string[] => rels.flatMap((r) => [r.from.id, r.to.id]);

async function relationshipsAt(id: string, at: string, types = ''): Promise<Rel[]> {
  const result = await data<{ entity: { relationships: { edges: { node: Rel }[]; totalCount: number } } }>(
    `query($id: ID!, $at: Date) { entity(id: $id) { relationships(at: $at${types}) { totalCount edges { node { type from { id } to { id } } } } } }`,
    { id, at },
  );
  const rels = result.entity.relationships.edges.map((edge) => edge.node);
  // The count and the page agree: both go through the same definition.
  expect(result.entity.relationships.totalCount).toBe(rels.length);
  return rels;
}

describe('relationships(at)', () => {
  it('does not list the 2022-2024 meetings of the United States as of 1990', async () => {
    const rels = await relationshipsAt('united-states', '1990-01-01');
    for (const id of FUTURE_IN_1990) expect(ends(rels)).not.toContain(id);
    // What existed then, or has no date, stays: the topics, and the undated troop deployment.
    expect(ends(rels)).toEqual(expect.arrayContaining(['us-china-relations', 'dprk-troop-deployment-to-russia']));
    expect(rels.map((r) => r.type).sort()).toEqual(['CONCERNED_ABOUT', 'CONCERNED_ABOUT', 'INVOLVES', 'INVOLVES']);
  });

  it.each([
    ['2021-12-31', []],
    ['2022-01-01', ['biden-xi-meeting-2022-bali']],
    ['2023-10-31', ['biden-xi-meeting-2022-bali']],
    ['2023-11-01', ['biden-xi-meeting-2022-bali', 'biden-xi-meeting-2023-san-francisco']],
    ['2023-12-31', ['biden-xi-meeting-2022-bali', 'biden-xi-meeting-2023-san-francisco']],
    [
      '2024-01-01',
      [
        'biden-xi-meeting-2022-bali',
        'biden-xi-meeting-2023-san-francisco',
        'icbm-launch-advance-notices-2024',
        'us-china-defence-policy-talks-2024',
      ],
    ],
    ['2024-11-15', Object.keys(US_EVENTS).filter((id) => id !== 'biden-xi-meeting-2024-lima')],
    ['2024-11-16', Object.keys(US_EVENTS)],
  ])('compares a start date at its precision: as of %s the US took part in %j', async (at, expected) => {
    const rels = await relationshipsAt('united-states', at, ', types: [PARTICIPATED_IN]');
    expect(rels.map((r) => r.to.id).sort()).toEqual([...expected].sort());
  });

  it('hides every relationship of an event that had not started, seen from the event', async () => {
    expect(await relationshipsAt('biden-xi-meeting-2024-lima', '2024-11-15')).toEqual([]);
    expect((await relationshipsAt('biden-xi-meeting-2024-lima', '2024-11-16')).length).toBeGreaterThan(0);
  });
});

describe('every other read that takes at', () => {
  it('neighbors(at) leaves out events that had not started', async () => {
    const result = await data<{ entity: { neighbors: { id: string }[] } }>(
      '{ entity(id: "united-states") { neighbors(at: "1990-01-01") { id } } }',
    );
    const ids = result.entity.neighbors.map((n) => n.id);
    for (const id of FUTURE_IN_1990) expect(ids).not.toContain(id);
    expect(ids).toContain('dprk-troop-deployment-to-russia');
  });

  it('relationshipsBetween(at) is empty before the event started', async () => {
    const between = (at: string) =>
      data<{ relationshipsBetween: { id: string }[] }>(
        `{ relationshipsBetween(a: "united-states", b: "biden-xi-meeting-2024-lima", at: "${at}") { id } }`,
      );
    expect((await between('2024-11-15')).relationshipsBetween).toEqual([]);
    expect((await between('2024-11-16')).relationshipsBetween).toHaveLength(1);
  });

  it('neighborhood(at) reaches no event that had not started', async () => {
    const result = await data<{ neighborhood: { nodes: { id: string }[]; edges: { source: string; target: string }[] } }>(
      '{ neighborhood(id: "united-states", depth: 2, at: "1990-01-01", limit: 500) { nodes { id } edges { source target } } }',
    );
    const ids = result.neighborhood.nodes.map((n) => n.id);
    expect(ids).toContain('united-states');
    for (const id of FUTURE_IN_1990) expect(ids).not.toContain(id);
    for (const id of FUTURE_IN_1990) expect(result.neighborhood.edges.flatMap((e) => [e.source, e.target])).not.toContain(id);
  });

  it('neighborhood(at) of an event that had not started is empty', async () => {
    const result = await data<{ neighborhood: { nodes: { id: string }[] } }>(
      '{ neighborhood(id: "biden-xi-meeting-2024-lima", at: "2024-01-01") { nodes { id } } }',
    );
    expect(result.neighborhood.nodes).toEqual([]);
  });

  it('shortestPath(at) and paths(at) pass through no event that had not started', async () => {
    const result = await data<{ shortestPath: { nodes: { id: string }[] } | null; paths: { nodes: { id: string }[] }[] }>(
      '{ shortestPath(from: "joe-biden", to: "xi-jinping", at: "2021-06-01") { nodes { id } } paths(from: "joe-biden", to: "xi-jinping", at: "2021-06-01", maxDepth: 4) { nodes { id } } }',
    );
    const visited = [...(result.shortestPath?.nodes ?? []), ...result.paths.flatMap((p) => p.nodes)].map((n) => n.id);
    for (const id of FUTURE_IN_1990) expect(visited).not.toContain(id);
    const now = await data<{ shortestPath: { nodes: { id: string }[] } | null }>(
      '{ shortestPath(from: "joe-biden", to: "xi-jinping", at: "2024-11-20") { nodes { id } } }',
    );
    expect(now.shortestPath).not.toBeNull();
  });

  it('commonNeighbors(at) leaves out the meetings that had not taken place', async () => {
    const common = async (at: string | null): Promise<string[]> =>
      (
        await data<{ commonNeighbors: { id: string }[] }>(
          'query($at: Date) { commonNeighbors(ids: ["united-states", "china"], at: $at) { id } }',
          {
            at,
          },
        )
      ).commonNeighbors.map((n) => n.id);
    expect(await common(null)).toContain('biden-xi-meeting-2024-lima');
    const then = await common('2022-06-01');
    expect(then).toContain('biden-xi-meeting-2022-bali');
    for (const id of ['biden-xi-meeting-2023-san-francisco', 'biden-xi-meeting-2024-lima']) expect(then).not.toContain(id);
  });

  it('the typed fields with at (Country.leaders) keep the validity rule', async () => {
    const result = await data<{ country: { leaders: { id: string }[] } }>(
      '{ country(id: "united-states") { leaders(at: "2022-06-01") { id } } }',
    );
    expect(result.country.leaders.map((p) => p.id)).toEqual(['joe-biden']);
  });
});
