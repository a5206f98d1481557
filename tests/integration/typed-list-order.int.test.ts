import { EntityKind } from '../../src/domain/entity-kind';
import { EntityData, RelationshipData } from '../../src/domain/graph-input';
import { RelationshipType } from '../../src/domain/relationship-type';
import { TYPED_LIST_LIMIT } from '../../src/planner/analyze';
import { ImportService } from '../../src/services/import.service';
import { createTestServer } from '../support/graphql-harness';
import { connectTestGateway, resetAndSeed } from '../support/test-db';

/**
 * The typed list fields (Country.events, Organization.members, ...) are ordered by startDate,
 * undated entities last, then by id, and hold at most TYPED_LIST_LIMIT entities. The expected
 * lists are computed here from the input records, not read back from the database, so the test
 * holds the planner and the DataLoader fallback to the order itself, and to each other.
 */

const COUNTRY = 'order-land';
const ORGANIZATION = 'order-alliance';
const EVENTS = TYPED_LIST_LIMIT + 37;
const MEMBERS = 60;

/** Dates that repeat (so the id breaks ties) and one in nine undated. */
const dateOf = (i: number): string | undefined =>
  i % 9 === 4 ? undefined : `20${String(10 + (i % 13)).padStart(2, '0')}-0${1 + (i % 7)}-15`;

const events: EntityData[] = Array.from({ length: EVENTS }, (_, i) => ({
  // Ids in an order unrelated to the dates.
  id: `order-event-${String((i * 389) % EVENTS).padStart(4, '0')}`,
  kind: EntityKind.EVENT,
  name: `Order event ${i}`,
  ...(dateOf(i) === undefined ? {} : { startDate: dateOf(i) }),
}));

/** Members of several kinds, some of them dated although they are not events. */
const members: EntityData[] = Array.from({ length: MEMBERS }, (_, i) => ({
  id: `order-member-${String((i * 17) % MEMBERS).padStart(3, '0')}`,
  kind: i % 3 === 0 ? EntityKind.COUNTRY : i % 3 === 1 ? EntityKind.ORGANIZATION : EntityKind.PERSON,
  name: `Order member ${i}`,
  ...(i % 4 === 0 ? {} : { startDate: `19${String(50 + (i % 11))}-01-01` }),
}));

/** startDate ascending, undated last, then id. */
function contractOrder(entities: EntityData[]): string[] {
  return [...entities]
    .sort((a, b) => {
      if (a.startDate !== b.startDate) {
        if (a.startDate === undefined) return 1;
        if (b.startDate === undefined) return -1;
        return a.startDate < b.startDate ? -1 : 1;
      }
      return String(a.id) < String(b.id) ? -1 : 1;
    })
    .map((entity) => String(entity.id));
}

const gateway = connectTestGateway();
let on: Awaited<ReturnType<typeof createTestServer>>;
let off: Awaited<ReturnType<typeof createTestServer>>;

beforeAll(async () => {
  await resetAndSeed(gateway);
  const importer = new ImportService(gateway);
  const relationships: RelationshipData[] = [
    // Half held in the country, half with it taking part: Country.events follows both types.
    ...events.map((event, i): RelationshipData =>
      i % 2 === 0
        ? { from: String(event.id), to: COUNTRY, type: RelationshipType.HELD_IN }
        : { from: COUNTRY, to: String(event.id), type: RelationshipType.PARTICIPATED_IN },
    ),
    ...members.map((member): RelationshipData => ({ from: String(member.id), to: ORGANIZATION, type: RelationshipType.MEMBER_OF })),
  ];
  await importer.importGraph({
    entities: [
      { id: COUNTRY, kind: EntityKind.COUNTRY, name: 'Order Land' },
      { id: ORGANIZATION, kind: EntityKind.ORGANIZATION, name: 'Order Alliance' },
      ...events,
      ...members,
    ],
    relationships,
  });
  on = await createTestServer(gateway);
  off = await createTestServer(gateway, { readPlanner: false });
}, 180_000);

afterAll(async () => {
  await on?.stop();
  await off?.stop();
  await gateway.close();
});

const QUERY = `{
  country(id: "${COUNTRY}") { events { id } }
  organization(id: "${ORGANIZATION}") { members { id } }
}`;

interface Answer {
  country: { events: { id: string }[] };
  organization: { members: { id: string }[] };
}

describe('typed list fields', () => {
  it('list events by startDate, undated last, then id, and stop at the cap (planner on, no fallback)', async () => {
    const result = await on.execute<Answer>(QUERY);
    expect(result.errors).toBeUndefined();
    expect(on.lastFallbacks()).toEqual([]);
    const expected = contractOrder(events).slice(0, TYPED_LIST_LIMIT);
    expect(result.data?.country.events.map((event) => event.id)).toEqual(expected);
    // The cap falls among the undated events: some are kept (after every dated one), some left out.
    const undated = new Set(events.filter((event) => event.startDate === undefined).map((event) => String(event.id)));
    expect(undated.has(expected[expected.length - 1])).toBe(true);
    expect(undated.size).toBeGreaterThan(EVENTS - TYPED_LIST_LIMIT);
  });

  it('order dated entities of other kinds the same way', async () => {
    const result = await on.execute<Answer>(QUERY);
    expect(result.errors).toBeUndefined();
    expect(result.data?.organization.members.map((member) => member.id)).toEqual(contractOrder(members));
  });

  it('answer the same with the planner off', async () => {
    const planned = await on.execute<Answer>(QUERY);
    const fallback = await off.execute<Answer>(QUERY);
    expect(fallback.errors).toBeUndefined();
    expect(fallback).toEqual(planned);
  });
});
