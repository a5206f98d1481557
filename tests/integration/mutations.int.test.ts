import { Neo4jGateway } from '../../src/db/gateway';
import { RelationshipType } from '../../src/domain/relationship-type';
import { HttpApp } from '../../src/server/http-server';
import { relationshipId } from '../../src/services/ids';
import { createTestServer, GraphQLResult } from '../support/graphql-harness';
import { connectTestGateway, resetAndSeed } from '../support/test-db';
import { listenOnLoopback } from '../support/http-harness';

/** The write half of the API, through GraphQL against the real Neo4j. */

type Execute = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult<T>>;

let gateway: Neo4jGateway;
let execute: Execute;
let stop: () => Promise<void>;

beforeAll(async () => {
  gateway = connectTestGateway();
  await resetAndSeed(gateway);
  ({ execute, stop } = await createTestServer(gateway));
});

afterAll(async () => {
  await stop();
  await gateway.close();
});

const SOURCE_TEXT =
  'Wire report. Alice Example met Bob Example in Lima. Alice Example praised Bob Example. ' +
  'Bob Example thanked Alice Example. Carol Example leads Examplestan since 2020.';

interface Counts {
  entities: number;
  relationships: number;
  sources: number;
}

/** What the database holds, counted directly (not through the API under test). */
async function counts(): Promise<Counts> {
  const rows = await gateway.read(
    `RETURN COUNT { (:Entity) } AS entities,
            COUNT { ()-[:${Object.values(RelationshipType).join('|')}]->() } AS relationships,
            COUNT { (:Source) } AS sources`,
  );
  return { entities: Number(rows[0].entities), relationships: Number(rows[0].relationships), sources: Number(rows[0].sources) };
}

async function relationshipCount(id: string): Promise<number> {
  const rows = await gateway.read('MATCH ()-[r]->() WHERE r.id = $id RETURN count(r) AS n', { id });
  return Number(rows[0].n);
}

/** Entities whose stored degree (kept for mostConnected) disagrees with their relationships. */
async function staleDegrees(): Promise<unknown[]> {
  const rows = await gateway.read(
    `MATCH (e:Entity) WHERE e.degree IS NOT NULL AND e.degree <> COUNT { (e)-[:${Object.values(RelationshipType).join('|')}]-() }
     RETURN e.id AS id`,
  );
  return rows.map((row) => row.id);
}

/** Fails on any error, showing it. */
function ok<T>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  expect(result.data).toBeTruthy();
  return result.data as T;
}

/** Checks one error with this code (and field), and that nothing of Neo4j, Cypher or the code leaks. */
function expectError(result: GraphQLResult, code: string, field?: string): string {
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error.extensions?.code).toBe(code);
  if (field !== undefined) {
    expect(error.extensions?.field).toBe(field);
    expect(error.message).toContain(field);
  }
  expectNoLeak(result);
  return error.message;
}

function expectNoLeak(result: unknown): void {
  const text = JSON.stringify(result);
  expect(text).not.toMatch(
    /Neo\.(Client|Transient|Database)Error|\bMATCH \(|\bMERGE \(|\bUNWIND \$|stacktrace|\.ts:\d+|validationErrors|constraints/,
  );
}

const ENTITY = 'id kind name aliases description ... on Country { isoCode } ... on Person { title }';
const REL = 'id type from { id } to { id } role title quantity validFrom validTo confidence recordedAt evidence { quote source { id } }';

const UPSERT_ENTITY = `mutation($input: EntityInput!) { upsertEntity(input: $input) { __typename ${ENTITY} } }`;
const UPSERT_SOURCE = 'mutation($input: SourceInput!) { upsertSource(input: $input) { id title url publisher author publishedAt } }';
const UPSERT_REL = `mutation($input: RelationshipInput!) { upsertRelationship(input: $input) { ${REL} } }`;
const IMPORT = 'mutation($input: GraphImportInput!) { importGraph(input: $input) { created updated unchanged } }';
const MERGE = `mutation($keepId: ID!, $mergeId: ID!) { mergeEntities(keepId: $keepId, mergeId: $mergeId) { ${ENTITY} } }`;
const DELETE_ENTITY = 'mutation($id: ID!) { deleteEntity(id: $id) { id deleted relationshipsDeleted } }';
const DELETE_REL = 'mutation($id: ID!) { deleteRelationship(id: $id) { id deleted relationshipsDeleted } }';

type Entity = { __typename: string; id: string; kind: string; name: string; aliases: string[]; description: string | null };
type Relationship = {
  id: string;
  type: string;
  from: { id: string };
  to: { id: string };
  role: string | null;
  quantity: number | null;
  validFrom: string | null;
  validTo: string | null;
  confidence: number | null;
  recordedAt: string;
  evidence: { quote: string; source: { id: string } }[];
};
type Report = { created: number; updated: number; unchanged: number };

/** A small graph of its own, so the tests do not depend on the seed's details. */
async function importFixture(): Promise<void> {
  const result = await execute<{ importGraph: Report }>(IMPORT, {
    input: {
      sources: [{ id: 'test-wire', title: 'Test wire report', publisher: 'Test Wire', text: SOURCE_TEXT }],
      entities: [
        { id: 'alice-example', kind: 'PERSON', name: 'Alice Example' },
        { id: 'bob-example', kind: 'PERSON', name: 'Bob Example', aliases: ['Bobby'] },
        { id: 'carol-example', kind: 'PERSON', name: 'Carol Example' },
        { id: 'examplestan', kind: 'COUNTRY', name: 'Examplestan', isoCode: 'XS' },
      ],
      relationships: [
        {
          from: 'alice-example',
          to: 'bob-example',
          type: 'SUPPORTS',
          evidence: [{ sourceId: 'test-wire', quote: 'Alice Example praised Bob Example' }],
        },
        {
          from: 'carol-example',
          to: 'examplestan',
          type: 'LEADER_OF',
          validFrom: '2020-01-01',
          evidence: [{ sourceId: 'test-wire', quote: 'Carol Example leads Examplestan since 2020' }],
        },
      ],
    },
  });
  ok(result);
}

describe('upsertEntity', () => {
  it('creates an entity with an id derived from its name, and the same input again leaves one node', async () => {
    const before = await counts();
    const input = { kind: 'PERSON', name: 'Zed Testperson', aliases: ['Zed'], title: 'Envoy', description: 'A test person.' };
    const first = ok(await execute<{ upsertEntity: Entity & { title: string } }>(UPSERT_ENTITY, { input }));
    expect(first.upsertEntity).toMatchObject({
      __typename: 'Person',
      id: 'zed-testperson',
      kind: 'PERSON',
      name: 'Zed Testperson',
      aliases: ['Zed'],
      title: 'Envoy',
    });
    const second = ok(await execute<{ upsertEntity: Entity }>(UPSERT_ENTITY, { input }));
    expect(second.upsertEntity).toEqual(first.upsertEntity);
    expect((await counts()).entities).toBe(before.entities + 1);
  });

  it('updates the entity with that id; fields left out keep their stored values (aliases stay searchable)', async () => {
    const result = ok(
      await execute<{ upsertEntity: Entity & { isoCode: string } }>(UPSERT_ENTITY, {
        input: { id: 'north-korea', kind: 'COUNTRY', name: 'North Korea', description: 'Updated by a test.' },
      }),
    );
    expect(result.upsertEntity.description).toBe('Updated by a test.');
    expect(result.upsertEntity.isoCode).toBe('KP');
    expect(result.upsertEntity.aliases).toContain('DPRK');
    const search = ok(await execute<{ search: { entity: { id: string } }[] }>('{ search(text: "DPRK", first: 1) { entity { id } } }'));
    expect(search.search[0].entity.id).toBe('north-korea');
  });

  it('renames an entity: nameContains finds it by its new name, in any case, and no longer by its old one', async () => {
    const page = async (text: string): Promise<string[]> =>
      ok(
        await execute<{ entities: { edges: { node: { id: string } }[] } }>(
          'query($text: String) { entities(kind: PERSON, nameContains: $text, first: 50) { edges { node { id } } } }',
          { text },
        ),
      ).entities.edges.map((edge) => edge.node.id);
    ok(await execute(UPSERT_ENTITY, { input: { id: 'renamed-example', kind: 'PERSON', name: 'Ödön Before-Rename' } }));
    expect(await page('ödön before')).toEqual(['renamed-example']);
    ok(await execute(UPSERT_ENTITY, { input: { id: 'renamed-example', kind: 'PERSON', name: 'Zoltán After-Rename' } }));
    expect(await page('BEFORE-RENAME')).toEqual([]);
    expect(await page('ZOLTÁN after')).toEqual(['renamed-example']);
  });

  it('refuses an id that exists with another kind: CONFLICT', async () => {
    const before = await counts();
    const result = await execute(UPSERT_ENTITY, { input: { id: 'north-korea', kind: 'PERSON', name: 'Not A Country' } });
    expect(expectError(result, 'CONFLICT', 'input.id')).toMatch(/already a COUNTRY/);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['an id that is not a slug', { id: 'Not A Slug!' }, 'input.id'],
    ['an id over 120 characters', { id: 'a'.repeat(121) }, 'input.id'],
    ['an empty name', { name: '' }, 'input.name'],
    ['a blank name', { name: '   ' }, 'input.name'],
    ['a name over 200 characters', { name: 'n'.repeat(201) }, 'input.name'],
    ['an empty alias', { aliases: ['ok', ''] }, 'input.aliases'],
    ['a date that does not exist', { kind: 'EVENT', startDate: '2024-02-30' }, 'input.startDate'],
    ['an endDate before startDate', { kind: 'EVENT', startDate: '2024-05-02', endDate: '2024-05-01' }, 'input.endDate'],
    ['a malformed wikidataId', { wikidataId: 'wd42' }, 'input.wikidataId'],
    ['an isoCode on a person', { isoCode: 'XX' }, 'input.isoCode'],
    ['a field the input does not have', { recordedAt: '2024-01-01T00:00:00Z' }, 'input.recordedAt'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, change, field) => {
    const before = await counts();
    const result = await execute(UPSERT_ENTITY, { input: { id: 'bad-input-test', kind: 'PERSON', name: 'Bad Input', ...change } });
    expectError(result, 'BAD_USER_INPUT', field);
    expect(await counts()).toEqual(before);
  });

  it('names the field of a bad literal written in the query itself', async () => {
    const date = await execute('mutation { upsertEntity(input: { kind: EVENT, name: "Talks", startDate: "2024-13-01" }) { id } }');
    expect(expectError(date, 'BAD_USER_INPUT')).toMatch(/not a date/);
    const limit = await execute('mutation { upsertRelationship(input: { from: "a", to: "b", type: SUPPORTS, quantity: 1.5 }) { id } }');
    expectError(limit, 'BAD_USER_INPUT', 'input.quantity');
    const kind = await execute('mutation { upsertEntity(input: { kind: PLANET, name: "Mars" }) { id } }');
    expectError(kind, 'BAD_USER_INPUT', 'input.kind');
    const missing = await execute('mutation { upsertEntity(input: { kind: PERSON }) { id } }');
    expectError(missing, 'BAD_USER_INPUT', 'input.name');
  });

  it('reports the first of several problems and how many more there are', async () => {
    const result = await execute(UPSERT_ENTITY, { input: { id: 'Bad Id', kind: 'PERSON', name: '' } });
    expect(expectError(result, 'BAD_USER_INPUT')).toMatch(/^input\.(id|name): .* \(and problems in 1 more field\)$/);
  });
});

describe('upsertSource', () => {
  it('creates a source and updates it in place', async () => {
    const before = await counts();
    const input = {
      title: 'A Test Article',
      url: 'https://example.org/a-test-article',
      publisher: 'Example Press',
      publishedAt: '2024-11-16T09:30:00+02:00',
      text: 'Full text.',
    };
    const first = ok(await execute<{ upsertSource: Record<string, unknown> }>(UPSERT_SOURCE, { input }));
    expect(first.upsertSource).toEqual({
      id: 'a-test-article',
      title: 'A Test Article',
      url: 'https://example.org/a-test-article',
      publisher: 'Example Press',
      author: null,
      publishedAt: '2024-11-16T07:30:00.000Z',
    });
    ok(await execute(UPSERT_SOURCE, { input }));
    const updated = ok(
      await execute<{ upsertSource: Record<string, unknown> }>(UPSERT_SOURCE, {
        input: { id: 'a-test-article', title: 'A Test Article', author: 'T. Ester' },
      }),
    );
    expect(updated.upsertSource).toMatchObject({ author: 'T. Ester', publisher: 'Example Press' });
    expect((await counts()).sources).toBe(before.sources + 1);
  });

  it.each([
    ['a blank title', { title: ' ' }, 'input.title'],
    ['a URL that is not http(s)', { url: 'ftp://example.org/x' }, 'input.url'],
    ['a publishedAt without a zone', { publishedAt: '2024-11-16T09:30:00' }, 'input.publishedAt'],
    ['an id that is not a slug', { id: 'Caliber.Az' }, 'input.id'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, change, field) => {
    const result = await execute(UPSERT_SOURCE, { input: { title: 'Fine', ...change } });
    expectError(result, 'BAD_USER_INPUT', field);
  });
});

describe('upsertRelationship', () => {
  beforeAll(importFixture);

  it('creates one relationship, merges new evidence on the second run, and never duplicates', async () => {
    const before = await counts();
    const input = {
      from: 'bob-example',
      to: 'alice-example',
      type: 'SUPPORTS',
      role: 'thanks',
      confidence: 0.8,
      evidence: [{ sourceId: 'test-wire', quote: 'Bob Example thanked Alice Example' }],
    };
    const first = ok(await execute<{ upsertRelationship: Relationship }>(UPSERT_REL, { input }));
    const rel = first.upsertRelationship;
    expect(rel).toMatchObject({
      type: 'SUPPORTS',
      from: { id: 'bob-example' },
      to: { id: 'alice-example' },
      role: 'thanks',
      confidence: 0.8,
    });
    expect(rel.id).toBe(relationshipId(RelationshipType.SUPPORTS, 'bob-example', 'alice-example', 'thanks', null));
    expect(rel.evidence).toEqual([{ quote: 'Bob Example thanked Alice Example', source: { id: 'test-wire' } }]);

    const again = ok(await execute<{ upsertRelationship: Relationship }>(UPSERT_REL, { input }));
    expect(again.upsertRelationship).toEqual(rel);

    const more = ok(
      await execute<{ upsertRelationship: Relationship }>(UPSERT_REL, {
        input: {
          ...input,
          evidence: [
            { sourceId: 'test-wire', quote: 'Bob Example thanked Alice Example' },
            { sourceId: 'test-wire', quote: 'met Bob Example in Lima' },
          ],
        },
      }),
    );
    expect(more.upsertRelationship.id).toBe(rel.id);
    expect(more.upsertRelationship.recordedAt).toBe(rel.recordedAt);
    expect(more.upsertRelationship.evidence.map((e) => e.quote)).toEqual(['Bob Example thanked Alice Example', 'met Bob Example in Lima']);
    expect(await relationshipCount(rel.id)).toBe(1);
    expect((await counts()).relationships).toBe(before.relationships + 1);
  });

  it('treats another role or validFrom as another relationship', async () => {
    const base = { from: 'carol-example', to: 'examplestan', type: 'LEADER_OF', title: 'President' };
    const a = ok(await execute<{ upsertRelationship: Relationship }>(UPSERT_REL, { input: { ...base, validFrom: '2020-01-01' } }));
    const b = ok(await execute<{ upsertRelationship: Relationship }>(UPSERT_REL, { input: { ...base, validFrom: '2021-01-01' } }));
    expect(a.upsertRelationship.id).not.toBe(b.upsertRelationship.id);
    // The first is the fixture's relationship: the title was added, the evidence kept.
    expect(a.upsertRelationship.evidence).toHaveLength(1);
  });

  it('stores a symmetric relationship once, whichever way it is written', async () => {
    ok(await execute(UPSERT_ENTITY, { input: { id: 'otherland', kind: 'COUNTRY', name: 'Otherland' } }));
    const ab = ok(
      await execute<{ upsertRelationship: Relationship }>(UPSERT_REL, { input: { from: 'otherland', to: 'examplestan', type: 'BORDERS' } }),
    );
    const ba = ok(
      await execute<{ upsertRelationship: Relationship }>(UPSERT_REL, { input: { from: 'examplestan', to: 'otherland', type: 'BORDERS' } }),
    );
    expect(ba.upsertRelationship.id).toBe(ab.upsertRelationship.id);
    expect(await relationshipCount(ab.upsertRelationship.id)).toBe(1);
  });

  it('does not let the client set recordedAt', async () => {
    const result = await execute(UPSERT_REL, {
      input: { from: 'alice-example', to: 'bob-example', type: 'SUPPORTS', recordedAt: '2000-01-01T00:00:00Z' },
    });
    expectError(result, 'BAD_USER_INPUT', 'input.recordedAt');
  });

  const valid = { from: 'bob-example', to: 'examplestan', type: 'SUPPORTS' };
  it.each([
    [
      'validTo before validFrom',
      { from: 'carol-example', type: 'LEADER_OF', validFrom: '2021-01-01', validTo: '2020-01-01' },
      'input.validTo',
    ],
    [
      'validTo equal to validFrom',
      { from: 'carol-example', type: 'LEADER_OF', validFrom: '2021-01-01', validTo: '2021-01-01' },
      'input.validTo',
    ],
    ['a validFrom that is not a real date', { validFrom: '2023-02-29' }, 'input.validFrom'],
    ['confidence above 1', { confidence: 1.5 }, 'input.confidence'],
    ['confidence below 0', { confidence: -0.1 }, 'input.confidence'],
    ['a negative quantity', { quantity: -1 }, 'input.quantity'],
    ['a fractional quantity', { quantity: 2.5 }, 'input.quantity'],
    ['an empty quote', { evidence: [{ sourceId: 'test-wire', quote: '' }] }, 'input.evidence[0].quote'],
    [
      'a blank quote',
      {
        evidence: [
          { sourceId: 'test-wire', quote: 'ok' },
          { sourceId: 'test-wire', quote: '  ' },
        ],
      },
      'input.evidence[1].quote',
    ],
    [
      'a quote that is not in the source',
      { evidence: [{ sourceId: 'test-wire', quote: 'Alice Example denounced Bob' }] },
      'input.evidence[0].quote',
    ],
    ['a from that is not a slug', { from: 'Bob Example' }, 'input.from'],
    ['an endpoint of the wrong kind', { from: 'carol-example', to: 'alice-example', type: 'LEADER_OF' }, 'input.to'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, change, field) => {
    const before = await counts();
    expectError(await execute(UPSERT_REL, { input: { ...valid, to: 'examplestan', ...change } }), 'BAD_USER_INPUT', field);
    expect(await counts()).toEqual(before);
  });

  it('answers NOT_FOUND for an endpoint or source that does not exist', async () => {
    expectError(
      await execute(UPSERT_REL, { input: { from: 'nobody-at-all', to: 'alice-example', type: 'SUPPORTS' } }),
      'NOT_FOUND',
      'input.from',
    );
    expectError(
      await execute(UPSERT_REL, {
        input: { from: 'alice-example', to: 'bob-example', type: 'SUPPORTS', evidence: [{ sourceId: 'no-such-source', quote: 'x' }] },
      }),
      'NOT_FOUND',
      'input.evidence[0].sourceId',
    );
  });
});

describe('importGraph', () => {
  const graph = {
    sources: [{ id: 'import-wire', title: 'Import wire', text: 'Delta Import visited Epsilonia. Epsilonia welcomed Delta Import.' }],
    entities: [
      { id: 'delta-import', kind: 'PERSON', name: 'Delta Import' },
      { id: 'epsilonia', kind: 'COUNTRY', name: 'Epsilonia' },
      { id: 'delta-visit', kind: 'EVENT', name: 'Delta Import visits Epsilonia', eventType: 'MEETING', startDate: '2024-03-01' },
    ],
    relationships: [
      {
        from: 'delta-import',
        to: 'delta-visit',
        type: 'PARTICIPATED_IN',
        evidence: [{ sourceId: 'import-wire', quote: 'Delta Import visited Epsilonia' }],
      },
      { from: 'delta-visit', to: 'epsilonia', type: 'HELD_IN' },
      {
        from: 'epsilonia',
        to: 'delta-import',
        type: 'SUPPORTS',
        evidence: [{ sourceId: 'import-wire', quote: 'Epsilonia welcomed Delta Import' }],
      },
    ],
  };

  it('writes everything and reports created; again, unchanged; a change, updated', async () => {
    const before = await counts();
    expect(ok(await execute<{ importGraph: Report }>(IMPORT, { input: graph })).importGraph).toEqual({
      created: 7,
      updated: 0,
      unchanged: 0,
    });
    expect(await counts()).toEqual({ entities: before.entities + 3, relationships: before.relationships + 3, sources: before.sources + 1 });
    expect(ok(await execute<{ importGraph: Report }>(IMPORT, { input: graph })).importGraph).toEqual({
      created: 0,
      updated: 0,
      unchanged: 7,
    });
    const changed = {
      ...graph,
      entities: graph.entities.map((e) => (e.id === 'epsilonia' ? { ...e, description: 'A test country.' } : e)),
      relationships: graph.relationships.map((r) => (r.type === 'HELD_IN' ? { ...r, confidence: 0.5 } : r)),
    };
    expect(ok(await execute<{ importGraph: Report }>(IMPORT, { input: changed })).importGraph).toEqual({
      created: 0,
      updated: 2,
      unchanged: 5,
    });
  });

  /** Each of these fails as a whole and writes nothing, not even its valid rows. */
  const failing: [string, Record<string, unknown>, string, string][] = [
    [
      'an invalid row (validTo before validFrom in relationships[2])',
      {
        relationships: [
          { from: 'new-person-one', to: 'epsilonia', type: 'SUPPORTS' },
          { from: 'new-person-one', to: 'epsilonia', type: 'CONCERNED_ABOUT' },
          { from: 'new-person-one', to: 'new-org-one', type: 'MEMBER_OF', validFrom: '2024-01-02', validTo: '2024-01-01' },
        ],
      },
      'BAD_USER_INPUT',
      'input.relationships[2].validTo',
    ],
    [
      'a relationship to a missing entity',
      {
        relationships: [
          { from: 'new-person-one', to: 'new-org-one', type: 'MEMBER_OF' },
          { from: 'new-person-one', to: 'no-such-entity', type: 'SUPPORTS' },
        ],
      },
      'BAD_USER_INPUT',
      'input.relationships[1].to',
    ],
    [
      'a quote missing from its source',
      {
        relationships: [
          {
            from: 'new-person-one',
            to: 'new-org-one',
            type: 'MEMBER_OF',
            evidence: [{ sourceId: 'new-source-one', quote: 'not in there' }],
          },
        ],
      },
      'BAD_USER_INPUT',
      'input.relationships[0].evidence[0].quote',
    ],
    [
      'an entity id taken by another kind',
      {
        entities: [
          { id: 'new-person-two', kind: 'PERSON', name: 'New Person Two' },
          { id: 'epsilonia', kind: 'TOPIC', name: 'Epsilonia' },
        ],
      },
      'CONFLICT',
      'input.entities[1].id',
    ],
    [
      'the same id twice',
      {
        entities: [
          { id: 'new-person-two', kind: 'PERSON', name: 'New Person Two' },
          { id: 'new-person-two', kind: 'PERSON', name: 'Again' },
        ],
      },
      'BAD_USER_INPUT',
      'input.entities[1].id',
    ],
  ];

  it.each(failing)('rejects %s as a whole, naming the row, and writes nothing', async (_what, change, code, field) => {
    const before = await counts();
    const input = {
      sources: [{ id: 'new-source-one', title: 'New source', text: 'Some words.' }],
      entities: [
        { id: 'new-person-one', kind: 'PERSON', name: 'New Person One' },
        { id: 'new-org-one', kind: 'ORGANIZATION', name: 'New Org One' },
      ],
      ...change,
    };
    expectError(await execute(IMPORT, { input }), code, field);
    expect(await counts()).toEqual(before);
    const rows = await gateway.read('MATCH (n) WHERE n.id IN $ids RETURN count(n) AS n', {
      ids: ['new-source-one', 'new-person-one', 'new-org-one', 'new-person-two'],
    });
    expect(Number(rows[0].n)).toBe(0);
  });
});

describe('mergeEntities', () => {
  const wire = 'Dup Keep leads Mergeland. Dup Merge leads Mergeland. Dup Merge attended the Summit. Sayer Person backs Dup Merge.';
  let before: Counts;
  let recordedAtOfMoved: string;

  beforeAll(async () => {
    ok(
      await execute(IMPORT, {
        input: {
          sources: [{ id: 'merge-wire', title: 'Merge wire', text: wire }],
          entities: [
            { id: 'dup-keep', kind: 'PERSON', name: 'Dup Keep', aliases: ['Keeper'] },
            { id: 'dup-merge', kind: 'PERSON', name: 'Dup Merge', aliases: ['Merger', 'Keeper', 'Dup Keep'] },
            { id: 'sayer-person', kind: 'PERSON', name: 'Sayer Person' },
            { id: 'mergeland', kind: 'COUNTRY', name: 'Mergeland' },
            { id: 'merge-summit', kind: 'EVENT', name: 'Merge Summit', eventType: 'SUMMIT' },
            { id: 'merge-org', kind: 'ORGANIZATION', name: 'Merge Org' },
          ],
          relationships: [
            // Both lead Mergeland the same way: one edge after the merge, with both quotes.
            {
              from: 'dup-keep',
              to: 'mergeland',
              type: 'LEADER_OF',
              evidence: [{ sourceId: 'merge-wire', quote: 'Dup Keep leads Mergeland' }],
            },
            {
              from: 'dup-merge',
              to: 'mergeland',
              type: 'LEADER_OF',
              evidence: [{ sourceId: 'merge-wire', quote: 'Dup Merge leads Mergeland' }],
            },
            // Only merge's: moves to keep.
            {
              from: 'dup-merge',
              to: 'merge-summit',
              type: 'PARTICIPATED_IN',
              evidence: [{ sourceId: 'merge-wire', quote: 'Dup Merge attended the Summit' }],
            },
            // Incoming to merge: now points at keep.
            {
              from: 'sayer-person',
              to: 'dup-merge',
              type: 'SUPPORTS',
              evidence: [{ sourceId: 'merge-wire', quote: 'Sayer Person backs Dup Merge' }],
            },
            // Between the two: would be a self-loop, dropped.
            { from: 'dup-keep', to: 'dup-merge', type: 'SUPPORTS' },
          ],
        },
      }),
    );
    const rows = await gateway.read(
      'MATCH (:Entity {id: "sayer-person"})-[r:SUPPORTS]->(:Entity {id: "dup-merge"}) RETURN toString(r.recordedAt) AS at',
    );
    recordedAtOfMoved = String(rows[0].at);
    before = await counts();
  });

  it('refuses the same id twice (BAD_USER_INPUT), unknown ids (NOT_FOUND) and different kinds (CONFLICT)', async () => {
    expectError(await execute(MERGE, { keepId: 'dup-keep', mergeId: 'dup-keep' }), 'BAD_USER_INPUT', 'mergeId');
    expectError(await execute(MERGE, { keepId: 'no-such-keep', mergeId: 'dup-merge' }), 'NOT_FOUND', 'keepId');
    expectError(await execute(MERGE, { keepId: 'dup-keep', mergeId: 'no-such-merge' }), 'NOT_FOUND', 'mergeId');
    expectError(await execute(MERGE, { keepId: 'Dup Keep', mergeId: 'dup-merge' }), 'BAD_USER_INPUT', 'keepId');
    expectError(await execute(MERGE, { keepId: 'dup-keep', mergeId: 'mergeland' }), 'CONFLICT', 'mergeId');
    expect(await counts()).toEqual(before);
  });

  it('moves relationships, aliases and mentions onto keep without duplicating edges', async () => {
    const merged = ok(await execute<{ mergeEntities: Entity }>(MERGE, { keepId: 'dup-keep', mergeId: 'dup-merge' })).mergeEntities;
    expect(merged.id).toBe('dup-keep');
    expect(merged.name).toBe('Dup Keep');
    expect(merged.aliases).toEqual(['Keeper', 'Dup Merge', 'Merger']);

    // merge is gone; 2 relationships went: the duplicate LEADER_OF and the keep-merge SUPPORTS.
    expect(await counts()).toEqual({ ...before, entities: before.entities - 1, relationships: before.relationships - 2 });
    expect(ok(await execute<{ entity: unknown }>('{ entity(id: "dup-merge") { id } }')).entity).toBeNull();

    const leaderOf = await gateway.read(
      `MATCH (:Entity {id: 'dup-keep'})-[r:LEADER_OF]->(:Entity {id: 'mergeland'})
       RETURN r.id AS id, r.evidenceQuotes AS quotes`,
    );
    expect(leaderOf).toHaveLength(1);
    expect(leaderOf[0].id).toBe(relationshipId(RelationshipType.LEADER_OF, 'dup-keep', 'mergeland', null, null));
    expect(leaderOf[0].quotes).toEqual(['Dup Keep leads Mergeland', 'Dup Merge leads Mergeland']);

    const moved = await gateway.read(
      `MATCH (a:Entity)-[r:PARTICIPATED_IN|SUPPORTS]->(b:Entity)
       WHERE 'dup-keep' IN [a.id, b.id]
       RETURN a.id AS from, type(r) AS type, b.id AS to, r.id AS id, toString(r.recordedAt) AS recordedAt, r.evidenceQuotes AS quotes
       ORDER BY type`,
    );
    expect(moved).toEqual([
      {
        from: 'dup-keep',
        type: 'PARTICIPATED_IN',
        to: 'merge-summit',
        id: relationshipId(RelationshipType.PARTICIPATED_IN, 'dup-keep', 'merge-summit', null, null),
        recordedAt: expect.any(String),
        quotes: ['Dup Merge attended the Summit'],
      },
      {
        from: 'sayer-person',
        type: 'SUPPORTS',
        to: 'dup-keep',
        id: relationshipId(RelationshipType.SUPPORTS, 'sayer-person', 'dup-keep', null, null),
        recordedAt: recordedAtOfMoved,
        quotes: ['Sayer Person backs Dup Merge'],
      },
    ]);

    // The fulltext index reads aliasesText: merge's name now finds keep.
    const search = ok(await execute<{ search: { entity: { id: string } }[] }>('{ search(text: "Merger", first: 1) { entity { id } } }'));
    expect(search.search[0].entity.id).toBe('dup-keep');
    // The source that mentioned merge mentions keep.
    const mentions = await gateway.read("MATCH (:Source {id: 'merge-wire'})-[:MENTIONS]->(e:Entity) RETURN e.id AS id ORDER BY id");
    expect(mentions.map((row) => row.id)).toEqual(['dup-keep', 'merge-summit', 'mergeland', 'sayer-person']);
    expect(await staleDegrees()).toEqual([]);
  });

  it('leaves keep upsertable: the moved relationship is found again by the same input', async () => {
    const again = ok(
      await execute<{ upsertRelationship: Relationship }>(UPSERT_REL, {
        input: {
          from: 'sayer-person',
          to: 'dup-keep',
          type: 'SUPPORTS',
          evidence: [{ sourceId: 'merge-wire', quote: 'Sayer Person backs Dup Merge' }],
        },
      }),
    );
    expect(again.upsertRelationship.evidence).toHaveLength(1);
    expect(await relationshipCount(again.upsertRelationship.id)).toBe(1);
  });
});

describe('deleteEntity and deleteRelationship', () => {
  beforeAll(async () => {
    ok(
      await execute(IMPORT, {
        input: {
          entities: [
            { id: 'doomed-person', kind: 'PERSON', name: 'Doomed Person' },
            { id: 'doomed-org', kind: 'ORGANIZATION', name: 'Doomed Org' },
            { id: 'doomed-topic', kind: 'TOPIC', name: 'Doomed Topic' },
          ],
          relationships: [
            { from: 'doomed-person', to: 'doomed-org', type: 'MEMBER_OF' },
            { from: 'doomed-person', to: 'doomed-org', type: 'AFFILIATED_WITH', role: 'adviser' },
            { from: 'doomed-topic', to: 'doomed-person', type: 'INVOLVES' },
            { from: 'doomed-topic', to: 'doomed-org', type: 'INVOLVES' },
          ],
        },
      }),
    );
  });

  it('deletes an entity with its relationships and counts them', async () => {
    const before = await counts();
    const result = ok(await execute<{ deleteEntity: unknown }>(DELETE_ENTITY, { id: 'doomed-person' }));
    expect(result.deleteEntity).toEqual({ id: 'doomed-person', deleted: true, relationshipsDeleted: 3 });
    expect(await counts()).toEqual({ ...before, entities: before.entities - 1, relationships: before.relationships - 3 });
    expect(await staleDegrees()).toEqual([]);
    expectError(await execute(DELETE_ENTITY, { id: 'doomed-person' }), 'NOT_FOUND', 'id');
    expectError(await execute(DELETE_ENTITY, { id: 'Doomed Person' }), 'BAD_USER_INPUT', 'id');
  });

  it('deletes one relationship by id; unknown and malformed ids are NOT_FOUND', async () => {
    const id = relationshipId(RelationshipType.INVOLVES, 'doomed-topic', 'doomed-org', null, null);
    const before = await counts();
    expect(ok(await execute<{ deleteRelationship: unknown }>(DELETE_REL, { id })).deleteRelationship).toEqual({
      id,
      deleted: true,
      relationshipsDeleted: 1,
    });
    expect((await counts()).relationships).toBe(before.relationships - 1);
    expect(await staleDegrees()).toEqual([]);
    expectError(await execute(DELETE_REL, { id }), 'NOT_FOUND', 'id');
    expectError(await execute(DELETE_REL, { id: 'not-a-relationship-id' }), 'NOT_FOUND', 'id');
    expectError(await execute(DELETE_REL, { id: 'supports-zzzz' }), 'NOT_FOUND', 'id');
    expectError(await execute(DELETE_REL, { id: 'x'.repeat(5000) }), 'NOT_FOUND', 'id');
  });
});

describe('write access', () => {
  it('refuses every mutation with UNAUTHENTICATED when the request may not write', async () => {
    const readOnly = await createTestServer(gateway, { canWrite: false });
    try {
      const before = await counts();
      for (const [query, variables] of [
        [UPSERT_ENTITY, { input: { kind: 'PERSON', name: 'Sneaky' } }],
        [UPSERT_SOURCE, { input: { title: 'Sneaky' } }],
        [UPSERT_REL, { input: { from: 'alice-example', to: 'bob-example', type: 'SUPPORTS' } }],
        [IMPORT, { input: { entities: [{ kind: 'PERSON', name: 'Sneaky' }] } }],
        [MERGE, { keepId: 'alice-example', mergeId: 'bob-example' }],
        [DELETE_ENTITY, { id: 'alice-example' }],
        [DELETE_REL, { id: relationshipId(RelationshipType.SUPPORTS, 'alice-example', 'bob-example', null, null) }],
      ] as const) {
        expectError(await readOnly.execute(query, variables), 'UNAUTHENTICATED');
      }
      // Even invalid input is refused for want of a key before it is looked at.
      expectError(await readOnly.execute(UPSERT_ENTITY, { input: { kind: 'PERSON', name: '' } }), 'UNAUTHENTICATED');
      expect(await counts()).toEqual(before);
      // Reading needs no key.
      expect(ok(await readOnly.execute<{ entity: { id: string } }>('{ entity(id: "alice-example") { id } }')).entity.id).toBe(
        'alice-example',
      );
    } finally {
      await readOnly.stop();
    }
  });

  describe('over HTTP', () => {
    let app: HttpApp;
    let base: string;

    const listen = (apiKeys: string[]): Promise<{ app: HttpApp; base: string }> => listenOnLoopback(gateway, { apiKeys });

    const post = async (url: string, body: unknown, authorization?: string): Promise<GraphQLResult<Record<string, unknown>>> => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization !== undefined) headers.authorization = authorization;
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
      return (await response.json()) as GraphQLResult<Record<string, unknown>>;
    };

    const write = { query: UPSERT_ENTITY, variables: { input: { id: 'http-written', kind: 'TOPIC', name: 'Written over HTTP' } } };

    beforeAll(async () => {
      ({ app, base } = await listen(['first-secret-key', 'second-secret-key']));
    });

    afterAll(async () => {
      await app.stop();
    });

    it('needs Authorization: Bearer <key> for a mutation when keys are configured', async () => {
      expectError(await post(base, write), 'UNAUTHENTICATED');
      expectError(await post(base, write, 'Bearer wrong-key'), 'UNAUTHENTICATED');
      expectError(await post(base, write, 'Bearer first-secret-key-but-longer'), 'UNAUTHENTICATED');
      expectError(await post(base, write, 'first-secret-key'), 'UNAUTHENTICATED');
      expect(await post(base, { query: '{ entity(id: "http-written") { id } }' })).toEqual({ data: { entity: null } });

      const written = await post(base, write, 'Bearer second-secret-key');
      expect(written.errors).toBeUndefined();
      expect(written.data).toMatchObject({ upsertEntity: { id: 'http-written', __typename: 'Topic' } });
      expect(ok(await post(base, write, 'Bearer first-secret-key')).upsertEntity).toMatchObject({ id: 'http-written' });
    });

    it('answers queries without a key', async () => {
      expect(await post(base, { query: '{ entity(id: "alice-example") { id } }' })).toEqual({ data: { entity: { id: 'alice-example' } } });
    });

    it('lets anyone write when no keys are configured', async () => {
      const open = await listen([]);
      try {
        const result = await post(open.base, { ...write, variables: { input: { id: 'http-open', kind: 'TOPIC', name: 'Open' } } });
        expect(ok(result).upsertEntity).toMatchObject({ id: 'http-open' });
      } finally {
        await open.app.stop();
      }
    });

    it('names the field of bad input over HTTP too, without leaking internals', async () => {
      const result = await post(
        base,
        {
          query: IMPORT,
          variables: {
            input: {
              relationships: [
                { from: 'a', to: 'b', type: 'SUPPORTS' },
                { from: 'a', to: 'b', type: 'SUPPORTS', confidence: 2 },
              ],
            },
          },
        },
        'Bearer first-secret-key',
      );
      expectError(result, 'BAD_USER_INPUT', 'input.relationships[1].confidence');
    });
  });
});
