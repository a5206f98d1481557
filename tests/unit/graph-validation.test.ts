import { EntityKind } from '../../src/domain/entity-kind';
import { DatePrecision, EventType } from '../../src/domain/event-type';
import { EntityData, GraphData, RelationshipData, SourceData } from '../../src/domain/graph-input';
import { RELATIONSHIP_TYPES, RelationshipType, SYMMETRIC_TYPES } from '../../src/domain/relationship-type';
import { BadUserInputError } from '../../src/errors/api-errors';
import {
  validateEntity,
  validateGraph,
  validateRelationship,
  validateSource,
  validDate,
  validId,
} from '../../src/services/graph-validation';
import { MAX_ID_LENGTH, SLUG_PATTERN, typeOfRelationshipId } from '../../src/services/ids';
import { expectBadInput } from '../support/expect-errors';

/** Unit tests of the rules every write goes through: ids, names, dates, ranges, duplicates. */

/** The BadUserInputError `fn` throws; fails the test when it throws nothing or something else. */
const badInput = expectBadInput;

/** Expects `fn` to refuse its input, blaming `field` in extensions.field and in the message. */
function expectRefused(fn: () => unknown, field: string): BadUserInputError {
  const error = badInput(fn);
  expect(error.extensions.field).toBe(field);
  expect(error.message).toContain(field);
  return error;
}

const person = (over: Partial<EntityData> = {}): EntityData => ({ kind: EntityKind.PERSON, name: 'Xi Jinping', ...over });
const country = (over: Partial<EntityData> = {}): EntityData => ({ kind: EntityKind.COUNTRY, name: 'China', isoCode: 'CN', ...over });
const rel = (over: Partial<RelationshipData> = {}): RelationshipData => ({
  from: 'xi-jinping',
  to: 'china',
  type: RelationshipType.LEADER_OF,
  ...over,
});
const cast = <T>(value: unknown): T => value as T;

describe('validId', () => {
  it.each([
    ['Xi Jinping', 'xi-jinping'],
    ['Caliber.Az', 'caliber-az'],
    ['  North   Korea ', 'north-korea'],
    ['APEC 2024 (Lima)', 'apec-2024-lima'],
  ])('derives an id from the name %j', (name, id) => {
    expect(validId(undefined, 'x.id', name)).toBe(id);
    expect(validId(null, 'x.id', name)).toBe(id);
  });

  it('keeps a given slug', () => {
    expect(validId('north-korea', 'x.id', 'Something Else')).toBe('north-korea');
    expect(validId('g7', 'x.id')).toBe('g7');
  });

  it.each(['Bad Id', 'a--b', '-a', 'a-', 'North-Korea', 'a_b', 'é', '', ' a', 'a.b'])('refuses %j', (id) => {
    expectRefused(() => validId(id, 'entities[0].id', 'Some Name'), 'entities[0].id');
  });

  it('refuses a non-string id', () => {
    expectRefused(() => validId(42, 'id'), 'id');
    expectRefused(() => validId(undefined, 'id'), 'id');
  });

  it(`allows ${MAX_ID_LENGTH} characters and no more`, () => {
    const longest = 'a'.repeat(MAX_ID_LENGTH);
    expect(validId(longest, 'id')).toBe(longest);
    expectRefused(() => validId(`${longest}b`, 'id'), 'id');
  });

  it('refuses to derive an id from a name without a single letter or digit to keep', () => {
    const error = expectRefused(() => validId(undefined, 'entities[3].id', '!!! ???'), 'entities[3].id');
    expect(error.message).toContain('!!! ???');
  });

  it('derives a valid slug, within the length limit, from a very long name', () => {
    const id = validId(undefined, 'id', 'ab '.repeat(100));
    expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
    expect(id).toMatch(SLUG_PATTERN);
  });
});

describe('validDate', () => {
  it.each(['2024-02-29', '2023-12-31', '2000-02-29', '1999-01-01', '0999-05-17'])('accepts the real date %s', (date) => {
    expect(validDate(date, 'd')).toBe(date);
  });

  it.each(['2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-01-32'])(
    'refuses the impossible date %s',
    (date) => {
      const error = expectRefused(() => validDate(date, 'relationships[2].validFrom'), 'relationships[2].validFrom');
      expect(error.message).toContain(date);
    },
  );

  it.each(['2024-2-3', '24-02-03', '2024/02/03', '2024-02-03T00:00:00Z', ' 2024-02-03', 'yesterday', ''])(
    'refuses %j, which is not written YYYY-MM-DD',
    (date) => {
      expectRefused(() => validDate(date, 'd'), 'd');
    },
  );

  it('refuses a non-string', () => {
    expectRefused(() => validDate(20240203, 'd'), 'd');
    expectRefused(() => validDate(new Date(), 'd'), 'd');
  });

  it('passes an absent date through as null', () => {
    expect(validDate(undefined, 'd')).toBeNull();
    expect(validDate(null, 'd')).toBeNull();
  });

  // Date.UTC maps years 0..99 onto 1900..1999, so these real dates come back as "not real".
  it('accepts real dates in the years 0000-0099 (Date.UTC two-digit-year quirk)', () => {
    expect(validDate('0050-06-15', 'd')).toBe('0050-06-15');
  });
});

describe('validateEntity', () => {
  it('derives the id from the name: "Xi Jinping" -> xi-jinping', () => {
    expect(validateEntity(person(), 'entities[0]').id).toBe('xi-jinping');
  });

  it('keeps a given id and the trimmed name', () => {
    const entity = validateEntity(person({ id: 'xi', name: '  Xi Jinping  ' }), 'entities[0]');
    expect(entity.id).toBe('xi');
    expect(entity.fields.name).toBe('Xi Jinping');
    expect(entity.kind).toBe(EntityKind.PERSON);
  });

  it.each(['Bad Id', 'a--b', '-a'])('refuses the id %j, naming the row', (id) => {
    expectRefused(() => validateEntity(person({ id }), 'entities[4]'), 'entities[4].id');
  });

  it('accepts names of 1 and 200 characters', () => {
    expect(validateEntity(person({ name: 'X' }), 'e').fields.name).toBe('X');
    expect(validateEntity(person({ name: 'n'.repeat(200) }), 'e').fields.name).toHaveLength(200);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['201 characters', 'n'.repeat(201)],
  ])('refuses a name that is %s', (_what, name) => {
    expectRefused(() => validateEntity(person({ name }), 'entities[1]'), 'entities[1].name');
  });

  it('refuses a missing or non-string name', () => {
    expectRefused(() => validateEntity(cast<EntityData>({ kind: EntityKind.PERSON }), 'e'), 'e.name');
    expectRefused(() => validateEntity(person({ name: cast<string>(7) }), 'e'), 'e.name');
  });

  it('refuses a kind outside the enum', () => {
    expectRefused(() => validateEntity(person({ kind: cast<EntityKind>('ALIEN') }), 'entities[0]'), 'entities[0].kind');
  });

  it('accepts 2024-02-29 and refuses 2024-02-30 as startDate', () => {
    const event = { kind: EntityKind.EVENT, name: 'Leap summit' };
    expect(validateEntity({ ...event, startDate: '2024-02-29' }, 'e').startDate).toBe('2024-02-29');
    expectRefused(() => validateEntity({ ...event, startDate: '2024-02-30' }, 'entities[0]'), 'entities[0].startDate');
    expectRefused(() => validateEntity({ ...event, endDate: '2023-02-29' }, 'entities[0]'), 'entities[0].endDate');
  });

  it('refuses an endDate before the startDate and accepts the same day', () => {
    const event = { kind: EntityKind.EVENT, name: 'APEC 2024' };
    expectRefused(() => validateEntity({ ...event, startDate: '2024-11-16', endDate: '2024-11-15' }, 'entities[2]'), 'entities[2].endDate');
    const oneDay = validateEntity({ ...event, startDate: '2024-11-16', endDate: '2024-11-16' }, 'e');
    expect([oneDay.startDate, oneDay.endDate]).toEqual(['2024-11-16', '2024-11-16']);
  });

  it('gives events the eventType OTHER by default, and no eventType to other kinds', () => {
    expect(validateEntity({ kind: EntityKind.EVENT, name: 'Talks' }, 'e').fields.eventType).toBe(EventType.OTHER);
    expect(validateEntity({ kind: EntityKind.EVENT, name: 'Talks', eventType: EventType.SUMMIT }, 'e').fields.eventType).toBe(
      EventType.SUMMIT,
    );
    expect(validateEntity(person(), 'e').fields.eventType).toBeUndefined();
  });

  it('refuses an eventType or datePrecision outside their enums', () => {
    expectRefused(
      () => validateEntity({ kind: EntityKind.EVENT, name: 'Party', eventType: cast<EventType>('PARTY') }, 'entities[0]'),
      'entities[0].eventType',
    );
    expectRefused(
      () => validateEntity({ kind: EntityKind.EVENT, name: 'Party', datePrecision: cast<DatePrecision>('WEEK') }, 'entities[0]'),
      'entities[0].datePrecision',
    );
    expect(validateEntity({ kind: EntityKind.EVENT, name: 'X', datePrecision: DatePrecision.MONTH }, 'e').fields.datePrecision).toBe(
      DatePrecision.MONTH,
    );
  });

  it('accepts an isoCode of two capitals on a country', () => {
    expect(validateEntity(country(), 'e').fields.isoCode).toBe('CN');
  });

  it.each([
    ['lower case', country({ isoCode: 'cn' })],
    ['three letters', country({ isoCode: 'CHN' })],
    ['digits', country({ isoCode: '12' })],
    ['one letter', country({ isoCode: 'C' })],
    ['a person', person({ isoCode: 'CN' })],
    ['an organization', { kind: EntityKind.ORGANIZATION, name: 'APEC', isoCode: 'AP' }],
  ])('refuses an isoCode in %s', (_what, input) => {
    expectRefused(() => validateEntity(input, 'entities[5]'), 'entities[5].isoCode');
  });

  it('checks wikidata ids', () => {
    expect(validateEntity(person({ wikidataId: 'Q15031' }), 'e').fields.wikidataId).toBe('Q15031');
    expectRefused(() => validateEntity(person({ wikidataId: '15031' }), 'entities[0]'), 'entities[0].wikidataId');
  });

  it('trims and de-duplicates aliases, refusing a blank one by index', () => {
    expect(validateEntity(person({ aliases: [' Xi ', 'Xi', 'President Xi'] }), 'e').fields.aliases).toEqual(['Xi', 'President Xi']);
    expectRefused(() => validateEntity(person({ aliases: ['Xi', ' '] }), 'entities[0]'), 'entities[0].aliases[1]');
    expectRefused(() => validateEntity(person({ aliases: cast<string[]>('Xi') }), 'entities[0]'), 'entities[0].aliases');
  });
});

describe('validateSource', () => {
  const source = (over: Partial<SourceData> = {}): SourceData => ({ title: 'Biden meets Xi in Lima', ...over });

  it('derives the id from the title and normalises publishedAt to UTC', () => {
    const valid = validateSource(source({ publishedAt: '2024-11-16T10:30:00+01:00' }), 'sources[0]');
    expect(valid.id).toBe('biden-meets-xi-in-lima');
    expect(valid.publishedAt).toBe('2024-11-16T09:30:00.000Z');
    expect(valid.url).toBeNull();
  });

  it('refuses a missing title, a non-http URL and a malformed publishedAt', () => {
    expectRefused(() => validateSource(source({ title: ' ' }), 'sources[1]'), 'sources[1].title');
    expectRefused(() => validateSource(source({ url: 'javascript:alert(1)' }), 'sources[1]'), 'sources[1].url');
    expectRefused(() => validateSource(source({ url: 'not a url' }), 'sources[1]'), 'sources[1].url');
    expectRefused(() => validateSource(source({ publishedAt: 'last week' }), 'sources[1]'), 'sources[1].publishedAt');
    expect(validateSource(source({ url: 'https://caliber.az/post/1' }), 's').url).toBe('https://caliber.az/post/1');
  });

  // Date.parse rolls 2024-02-30T10:00:00Z over to 2024-03-01; the Date rule refuses 2024-02-30.
  it('refuses a publishedAt on a day that does not exist (2024-02-30T10:00:00Z)', () => {
    expectRefused(() => validateSource(source({ publishedAt: '2024-02-30T10:00:00Z' }), 'sources[0]'), 'sources[0].publishedAt');
  });
});

describe('validateRelationship', () => {
  it('validates the ends and derives a typed id', () => {
    const valid = validateRelationship(rel(), 'relationships[0]');
    expect(valid).toMatchObject({ from: 'xi-jinping', to: 'china', type: RelationshipType.LEADER_OF, row: 'relationships[0]' });
    expect(typeOfRelationshipId(valid.id)).toBe(RelationshipType.LEADER_OF);
  });

  it('refuses a type outside the enum and bad end ids', () => {
    expectRefused(() => validateRelationship(rel({ type: cast<RelationshipType>('LIKES') }), 'relationships[1]'), 'relationships[1].type');
    expectRefused(() => validateRelationship(rel({ from: 'Xi Jinping' }), 'relationships[1]'), 'relationships[1].from');
    expectRefused(() => validateRelationship(rel({ to: '-china' }), 'relationships[1]'), 'relationships[1].to');
  });

  it('requires validTo strictly after validFrom', () => {
    expectRefused(
      () => validateRelationship(rel({ validFrom: '2013-03-14', validTo: '2013-03-13' }), 'relationships[0]'),
      'relationships[0].validTo',
    );
    expectRefused(
      () => validateRelationship(rel({ validFrom: '2013-03-14', validTo: '2013-03-14' }), 'relationships[0]'),
      'relationships[0].validTo',
    );
    const ok = validateRelationship(rel({ validFrom: '2013-03-14', validTo: '2013-03-15' }), 'r');
    expect([ok.validFrom, ok.validTo]).toEqual(['2013-03-14', '2013-03-15']);
    expectRefused(() => validateRelationship(rel({ validFrom: '2024-02-30' }), 'relationships[0]'), 'relationships[0].validFrom');
  });

  it('accepts confidence 0 and 1 and refuses anything outside 0..1', () => {
    expect(validateRelationship(rel({ confidence: 0 }), 'r').confidence).toBe(0);
    expect(validateRelationship(rel({ confidence: 1 }), 'r').confidence).toBe(1);
    expect(validateRelationship(rel(), 'r').confidence).toBeNull();
    for (const confidence of [-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY, cast<number>('0.5')]) {
      expectRefused(() => validateRelationship(rel({ confidence }), 'relationships[0]'), 'relationships[0].confidence');
    }
  });

  it('accepts a non-negative whole quantity and refuses others', () => {
    expect(validateRelationship(rel({ quantity: 0 }), 'r').quantity).toBe(0);
    expect(validateRelationship(rel({ quantity: 1500 }), 'r').quantity).toBe(1500);
    for (const quantity of [-1, 1.5, Number.NaN, cast<number>('3')]) {
      expectRefused(() => validateRelationship(rel({ quantity }), 'relationships[3]'), 'relationships[3].quantity');
    }
  });

  it('checks evidence items by index', () => {
    const valid = validateRelationship(rel({ evidence: [{ sourceId: 'caliber-az', quote: ' Xi said ' }] }), 'r');
    expect(valid.evidence).toEqual([{ sourceId: 'caliber-az', quote: 'Xi said', start: null, end: null }]);
    expectRefused(
      () =>
        validateRelationship(
          rel({
            evidence: [
              { sourceId: 'ok', quote: 'q' },
              { sourceId: 'Bad Id', quote: 'q' },
            ],
          }),
          'relationships[0]',
        ),
      'relationships[0].evidence[1].sourceId',
    );
    expectRefused(
      () => validateRelationship(rel({ evidence: [{ sourceId: 'ok', quote: '' }] }), 'relationships[0]'),
      'relationships[0].evidence[0].quote',
    );
  });

  it('stores BORDERS once per pair, from the smaller id to the larger, whatever the input order', () => {
    expect(SYMMETRIC_TYPES.has(RelationshipType.BORDERS)).toBe(true);
    const a = validateRelationship(rel({ type: RelationshipType.BORDERS, from: 'russia', to: 'china' }), 'r');
    const b = validateRelationship(rel({ type: RelationshipType.BORDERS, from: 'china', to: 'russia' }), 'r');
    expect([a.from, a.to]).toEqual(['china', 'russia']);
    expect([b.from, b.to]).toEqual(['china', 'russia']);
    expect(a.id).toBe(b.id);
  });

  it('keeps the written direction of every asymmetric type', () => {
    for (const type of RELATIONSHIP_TYPES.filter((t) => !SYMMETRIC_TYPES.has(t))) {
      const forward = validateRelationship(rel({ type, from: 'zz-from', to: 'aa-to' }), 'r');
      const backward = validateRelationship(rel({ type, from: 'aa-to', to: 'zz-from' }), 'r');
      expect([forward.from, forward.to]).toEqual(['zz-from', 'aa-to']);
      expect(forward.id).not.toBe(backward.id);
    }
  });

  describe('relationship id', () => {
    const idOf = (over: Partial<RelationshipData>): string => validateRelationship(rel(over), 'r').id;

    it('is the same for the same identifying fields', () => {
      expect(idOf({ role: 'president', validFrom: '2013-03-14' })).toBe(idOf({ role: 'president', validFrom: '2013-03-14' }));
      expect(idOf({ role: ' president ' })).toBe(idOf({ role: 'president' }));
      expect(idOf({ role: '' })).toBe(idOf({}));
    });

    it('differs when role, validFrom, type or an end differs', () => {
      const base = idOf({ role: 'president', validFrom: '2013-03-14' });
      expect(idOf({ role: 'general secretary', validFrom: '2013-03-14' })).not.toBe(base);
      expect(idOf({ role: 'president', validFrom: '2018-03-17' })).not.toBe(base);
      expect(idOf({ role: 'president' })).not.toBe(base);
      expect(idOf({ role: 'president', validFrom: '2013-03-14', to: 'prc' })).not.toBe(base);
      expect(idOf({ role: 'president', validFrom: '2013-03-14', type: RelationshipType.MEMBER_OF })).not.toBe(base);
    });

    it('ignores the fields that do not identify a relationship (title, validTo, confidence, quantity, evidence)', () => {
      const base = idOf({ validFrom: '2013-03-14' });
      expect(
        idOf({
          validFrom: '2013-03-14',
          validTo: '2023-03-10',
          title: 'President',
          confidence: 0.5,
          quantity: 1,
          evidence: [{ sourceId: 's', quote: 'q' }],
        }),
      ).toBe(base);
    });
  });
});

describe('validateGraph', () => {
  it('validates every row and returns them in order', () => {
    const graph = validateGraph({
      sources: [{ title: 'A report' }],
      entities: [person(), country()],
      relationships: [rel()],
    });
    expect(graph.sources.map((s) => s.id)).toEqual(['a-report']);
    expect(graph.entities.map((e) => e.id)).toEqual(['xi-jinping', 'china']);
    expect(graph.relationships.map((r) => r.row)).toEqual(['relationships[0]']);
  });

  it('treats missing lists as empty', () => {
    expect(validateGraph({})).toEqual({ sources: [], entities: [], relationships: [] });
  });

  it('names the row at fault, e.g. relationships[1].validTo', () => {
    const data: GraphData = { relationships: [rel(), rel({ validFrom: '2020-01-01', validTo: '2019-01-01' })] };
    const error = expectRefused(() => validateGraph(data), 'relationships[1].validTo');
    expect(error.message).toMatch(/after validFrom/);
  });

  it('refuses a list that is not a list', () => {
    expectRefused(() => validateGraph(cast<GraphData>({ entities: { a: person() } })), 'entities');
  });

  it('refuses duplicate entity ids, naming both rows', () => {
    const error = expectRefused(
      () => validateGraph({ entities: [person({ id: 'xi' }), country(), person({ id: 'xi', name: 'Another Xi' })] }),
      'entities[2].id',
    );
    expect(error.message).toContain('entities[0]');
    expect(error.message).toContain('"xi"');
  });

  it('refuses a given id that collides with one derived from a name', () => {
    const error = expectRefused(
      () => validateGraph({ entities: [person(), person({ id: 'xi-jinping', name: 'President Xi' })] }),
      'entities[1].id',
    );
    expect(error.message).toContain('entities[0]');
  });

  it('refuses duplicate source ids, naming both rows', () => {
    const error = expectRefused(
      () => validateGraph({ sources: [{ title: 'Same' }, { title: 'Other' }, { title: 'same' }] }),
      'sources[2].id',
    );
    expect(error.message).toContain('sources[0]');
  });

  it('lets an entity and a source share an id (different labels)', () => {
    expect(() =>
      validateGraph({ sources: [{ id: 'apec', title: 'APEC' }], entities: [{ id: 'apec', kind: EntityKind.ORGANIZATION, name: 'APEC' }] }),
    ).not.toThrow();
  });

  it('keeps repeated relationship rows (the same id merges, as upserts do)', () => {
    const graph = validateGraph({ relationships: [rel(), rel()] });
    expect(graph.relationships[0].id).toBe(graph.relationships[1].id);
  });

  // A JSON import file (newsgraph import, seed files) can hold null rows; each must be bad input
  // naming the row, not a TypeError that surfaces as INTERNAL_SERVER_ERROR or a CLI crash.
  it('refuses null rows and null evidence items as bad input naming them', () => {
    const cases: [GraphData, string][] = [
      [cast<GraphData>({ entities: [null] }), 'entities[0]'],
      [cast<GraphData>({ sources: [null] }), 'sources[0]'],
      [cast<GraphData>({ relationships: [null] }), 'relationships[0]'],
      [cast<GraphData>({ relationships: [rel({ evidence: cast<RelationshipData['evidence']>([null]) })] }), 'relationships[0].evidence[0]'],
    ];
    const wrong = cases
      .map(([data, field]) => {
        try {
          validateGraph(data);
          return `${field}: accepted`;
        } catch (error) {
          const ok = error instanceof BadUserInputError && String(error.extensions.field).startsWith(field);
          return ok ? null : `${field}: ${String(error)}`;
        }
      })
      .filter((problem) => problem !== null);
    expect(wrong).toEqual([]);
  });
});
