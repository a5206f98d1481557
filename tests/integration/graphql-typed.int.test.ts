import { QueryEvent } from '../../src/db/gateway';
import { EntityKind } from '../../src/domain/entity-kind';
import { RelationshipType } from '../../src/domain/relationship-type';
import { ImportService } from '../../src/services/import.service';
import { createTestServer, useSeededServer } from '../support/graphql-harness';

type Named = { id: string; name?: string };

const ids = (list: Named[] | null | undefined): string[] => (list ?? []).map((item) => item.id);

const { gateway, execute, data } = useSeededServer();

describe('typed entity fields', () => {
  it('Country.leaders and Person.leaderOf apply `at`', async () => {
    const result = await data<{ country: { before: Named[]; after: Named[]; all: Named[] }; person: { then: Named[]; now: Named[] } }>(`{
      country(id: "united-states") { before: leaders(at: "2024-11-16") { id } after: leaders(at: "2025-02-01") { id } all: leaders { id } }
      person(id: "joe-biden") { then: leaderOf(at: "2024-11-16") { id } now: leaderOf(at: "2025-02-01") { id } }
    }`);
    expect(ids(result.country.before)).toEqual(['joe-biden']);
    expect(ids(result.country.after)).toEqual(['donald-trump']);
    expect(ids(result.country.all).sort()).toEqual(['donald-trump', 'joe-biden']);
    expect(ids(result.person.then)).toEqual(['united-states']);
    expect(ids(result.person.now)).toEqual([]);
  });

  it('Person.events lists events by start date within the window', async () => {
    const result = await data<{ person: { all: (Named & { startDate: string | null })[]; window: Named[] } }>(`{
      person(id: "xi-jinping") {
        all: events { id ... on Event { startDate } }
        window: events(from: "2023-01-01", to: "2024-12-31") { id }
      }
    }`);
    expect(ids(result.person.all)).toEqual([
      'biden-xi-meeting-2022-bali',
      'biden-xi-meeting-2023-san-francisco',
      'biden-xi-meeting-2024-lima',
    ]);
    expect(ids(result.person.window)).toEqual(['biden-xi-meeting-2023-san-francisco', 'biden-xi-meeting-2024-lima']);
  });

  it('Event fields: location, participants, topics, partOf, subEvents, previous, next', async () => {
    const result = await data<{
      event: {
        eventType: string;
        startDate: string;
        location: Named & { __typename: string };
        people: Named[];
        topics: Named[];
        partOf: Named;
        previous: Named & { next: Named };
        next: Named | null;
      };
      summit: { subEvents: Named[] };
    }>(`{
      event(id: "biden-xi-meeting-2024-lima") {
        eventType startDate
        location { __typename id }
        people: participants(kinds: [PERSON]) { id }
        topics { id }
        partOf { id }
        previous { id next { id } }
        next { id }
      }
      summit: event(id: "apec-2024-lima") { subEvents { id } }
    }`);
    expect(result.event).toMatchObject({
      eventType: 'MEETING',
      startDate: '2024-11-16',
      location: { __typename: 'Place', id: 'lima' },
      partOf: { id: 'apec-2024-lima' },
      next: null,
    });
    expect(ids(result.event.people).sort()).toEqual(['joe-biden', 'xi-jinping']);
    expect(ids(result.event.topics)).toEqual(expect.arrayContaining(['china-support-for-russia', 'dprk-troops-in-ukraine-conflict']));
    expect(result.event.previous).toEqual({ id: 'biden-xi-meeting-2023-san-francisco', next: { id: 'biden-xi-meeting-2024-lima' } });
    expect(ids(result.summit.subEvents)).toEqual(['biden-xi-meeting-2024-lima']);
  });

  it('Place.country follows enclosing places; Place.events lists what was held there', async () => {
    const result = await data<{ lima: { country: Named; events: Named[] }; sf: { country: Named | null } }>(`{
      lima: place(id: "lima") { country { id } events { id } }
      sf: place(id: "san-francisco") { country { id } }
    }`);
    expect(result.lima.country.id).toBe('peru');
    expect(ids(result.lima.events).sort()).toEqual(['apec-2024-lima', 'biden-xi-meeting-2024-lima']);
    // The seed does not say which country California lies in, so neither may the API.
    expect(result.sf.country).toBeNull();
  });

  it('Topic.events and Topic.involves', async () => {
    const result = await data<{ topic: { events: Named[]; involves: Named[] } }>(
      '{ topic(id: "china-support-for-russia") { events { id } involves { id } } }',
    );
    expect(ids(result.topic.events)).toContain('biden-xi-meeting-2024-lima');
    expect(ids(result.topic.involves)).toEqual(expect.arrayContaining(['china', 'russia']));
  });

  it('Organization.members applies `at` to membership', async () => {
    await new ImportService(gateway()).importGraph({
      entities: [{ id: 'test-alliance', kind: EntityKind.ORGANIZATION, name: 'Test Alliance' }],
      relationships: [
        { from: 'peru', to: 'test-alliance', type: RelationshipType.MEMBER_OF, validFrom: '2020-01-01' },
        { from: 'indonesia', to: 'test-alliance', type: RelationshipType.MEMBER_OF, validFrom: '2020-01-01', validTo: '2023-01-01' },
      ],
    });
    const result = await data<{ organization: { now: Named[]; then: Named[] } }>(
      '{ organization(id: "test-alliance") { now: members(at: "2024-06-01") { id } then: members(at: "2022-06-01") { id } } }',
    );
    expect(ids(result.organization.now)).toEqual(['peru']);
    expect(ids(result.organization.then).sort()).toEqual(['indonesia', 'peru']);
  });

  it('kind lookups return null for an entity of another kind; country works by ISO code', async () => {
    const result = await data<Record<string, Named | null>>(`{
      p: person(id: "china") { id } c: country(id: "china") { id } k: country(isoCode: "kp") { id } none: country(isoCode: "ZZ") { id }
      o: organization(id: "apec") { id } t: topic(id: "joe-biden") { id } pl: place(id: "bali") { id } e: event(id: "bali") { id }
    }`);
    expect(result).toEqual({
      p: null,
      c: { id: 'china' },
      k: { id: 'north-korea' },
      none: null,
      o: { id: 'apec' },
      t: null,
      pl: { id: 'bali' },
      e: null,
    });
    const both = await execute('{ country(id: "china", isoCode: "CN") { id } }');
    expect(both.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('sources, relationships and stats', () => {
  it('source, sources, Source.mentions and Entity.mentionedIn', async () => {
    const result = await data<{
      sources: { totalCount: number; edges: { node: Named & { author: string; mentions: Named[] } }[] };
      entity: { mentionedIn: Named[] };
      missing: null;
    }>(`{
      sources(first: 5) { totalCount edges { node { id author mentions { id } } } }
      entity(id: "north-korea") { mentionedIn { id } }
      missing: source(id: "no-such-source") { id }
    }`);
    expect(result.sources.totalCount).toBe(1);
    const [source] = result.sources.edges;
    expect(source.node.author).toBe('Tamilla Hasanova');
    expect(ids(source.node.mentions)).toEqual(expect.arrayContaining(['joe-biden', 'xi-jinping', 'north-korea']));
    expect(ids(result.entity.mentionedIn)).toEqual([source.node.id]);
    expect(result.missing).toBeNull();
  });

  it('relationship(id) finds what relationshipsBetween lists; malformed ids give null', async () => {
    const between = await data<{ relationshipsBetween: { id: string; type: string; from: Named; to: Named }[] }>(
      '{ relationshipsBetween(a: "russia", b: "north-korea") { id type from { id } to { id } } }',
    );
    const deployed = between.relationshipsBetween.find((rel) => rel.type === 'DEPLOYED_TO');
    expect(deployed).toMatchObject({ from: { id: 'north-korea' }, to: { id: 'russia' } });
    const byId = await data<{ relationship: { id: string; type: string; recordedAt: string } | null; junk: null; unknown: null }>(
      `query ($id: ID!) { relationship(id: $id) { id type recordedAt } junk: relationship(id: "nonsense") { id } unknown: relationship(id: "deployed-to-00000000000000000000") { id } }`,
      { id: deployed?.id },
    );
    expect(byId.relationship).toMatchObject({ id: deployed?.id, type: 'DEPLOYED_TO' });
    expect(Number.isNaN(Date.parse(byId.relationship?.recordedAt ?? ''))).toBe(false);
    expect(byId.junk).toBeNull();
    expect(byId.unknown).toBeNull();
  });

  it('relationshipsBetween applies `at`', async () => {
    const result = await data<{ before: { type: string }[]; after: { type: string }[] }>(`{
      before: relationshipsBetween(a: "donald-trump", b: "united-states", at: "2024-11-16") { type }
      after: relationshipsBetween(a: "donald-trump", b: "united-states", at: "2025-02-01") { type }
    }`);
    expect(result.before.map((r) => r.type)).not.toContain('LEADER_OF');
    expect(result.after.map((r) => r.type)).toContain('LEADER_OF');
  });

  it('graphStats agrees with the database', async () => {
    const stats = await data<{
      graphStats: {
        entities: number;
        relationships: number;
        sources: number;
        byKind: { kind: string; count: number }[];
        byType: { type: string; count: number }[];
      };
    }>('{ graphStats { entities relationships sources byKind { kind count } byType { type count } } }');
    const [row] = await gateway().read(
      'RETURN COUNT { MATCH (e:Entity) RETURN e } AS e, COUNT { MATCH (:Entity)-[r]->(:Entity) RETURN r } AS r, COUNT { MATCH (n:Person) RETURN n } AS people',
    );
    expect(stats.graphStats.entities).toBe(row.e);
    expect(stats.graphStats.relationships).toBe(row.r);
    expect(stats.graphStats.sources).toBe(1);
    expect(stats.graphStats.byKind.find((k) => k.kind === 'PERSON')?.count).toBe(row.people);
    expect(stats.graphStats.byType.reduce((sum, t) => sum + t.count, 0)).toBe(row.r);
  });
});

describe('entities connection', () => {
  it('filters by kind and name, and pages with keyset cursors', async () => {
    const countries = await data<{ entities: { totalCount: number; edges: { node: Named & { kind: string } }[] } }>(
      '{ entities(kind: COUNTRY, first: 100) { totalCount edges { node { id kind } } } }',
    );
    expect(countries.entities.totalCount).toBe(7);
    expect(countries.entities.edges.every((edge) => edge.node.kind === 'COUNTRY')).toBe(true);
    const named = await data<{ entities: { edges: { node: Named }[] } }>('{ entities(nameContains: "KOREA") { edges { node { id } } } }');
    expect(named.entities.edges.map((edge) => edge.node.id)).toEqual(['north-korea']);
  });

  it('pages stay correct while entities are inserted between pages: nothing skipped, nothing repeated', async () => {
    const PAGE =
      'query ($after: String) { entities(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }';
    type Page = { entities: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Named }[] } };
    const original = (await gateway().read('MATCH (e:Entity) RETURN e.id AS id ORDER BY id')).map((row) => String(row.id));
    const importer = new ImportService(gateway());
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const result: Page = await data<Page>(PAGE, { after });
      seen.push(...result.entities.edges.map((edge) => edge.node.id));
      // Insert entities that sort before, between and after the page just read.
      await importer.importGraph({
        entities: ['a', 'm', 'z'].map((prefix) => ({
          id: `${prefix}-inserted-${page}`,
          kind: EntityKind.TOPIC,
          name: `Inserted ${prefix} ${page}`,
        })),
      });
      if (!result.entities.pageInfo.hasNextPage) break;
      after = result.entities.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of original) expect(seen).toContain(id);
    expect([...seen].sort()).toEqual(seen);
  });
});

const NESTED_TWICE = `{
  entities(first: 20) { edges { node { id name
    relationships(first: 5) { totalCount edges { node { type from { id name } to { id name
      relationships(first: 5) { totalCount edges { node { type from { id name } to { id name } } } }
    } } } }
  } } }
}`;

/** The Cypher round trips a query costs, and its data. */
async function roundTrips(run: () => Promise<unknown>): Promise<number> {
  const events: QueryEvent[] = [];
  const unsubscribe = gateway().onQuery((event) => events.push(event));
  try {
    await run();
  } finally {
    unsubscribe();
  }
  return events.length;
}

describe('batching', () => {
  it('a query over 20 entities with two nested levels of relationships is one statement with the read planner', async () => {
    let result: { entities: { edges: unknown[] } } | undefined;
    expect(await roundTrips(async () => (result = await data<{ entities: { edges: unknown[] } }>(NESTED_TWICE)))).toBe(1);
    expect(result?.entities.edges).toHaveLength(20);
  });

  it('without the planner (NEWSGRAPH_READ_PLANNER=off) it costs one round trip per level, with the same answer', async () => {
    const off = await createTestServer(gateway(), { readPlanner: false });
    try {
      let answer: unknown;
      // Three levels: the entities, their relationships (endpoints included), the endpoints' relationships.
      expect(await roundTrips(async () => (answer = await off.execute(NESTED_TWICE)))).toBe(3);
      expect(answer).toEqual(await execute(NESTED_TWICE));
    } finally {
      await off.stop();
    }
  });
});
