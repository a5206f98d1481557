import { EntityKind } from '../domain/entity-kind';
import { Direction } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';

const { PARTICIPATED_IN, LEADER_OF, MEMBER_OF, HELD_IN, CONCERNS, PART_OF, FOLLOWS, INVOLVES } = RelationshipType;

/** Which arguments a typed field takes: a validity date, a window on the related event's startDate, or kinds. */
export type TypedFieldArgs = 'none' | 'at' | 'window' | 'kinds';

/**
 * How a typed kind field (Person.leaderOf, Country.events, Event.location, ...) reaches its entities.
 * `hop`: one hop over `types` in `direction`, optionally only `kinds`, ordered by startDate (undated
 * last) then id; `one` takes the first. `placeFirst` (Event.location) orders places before the rest.
 * `enclosingCountry` (Place.country) follows LOCATED_IN through up to three places to a country,
 * the nearest first: a shape one hop cannot express, with its own Cypher in the planner and in
 * related.repository.ts (countriesOfPlaces).
 */
export interface TypedField {
  parent: 'Person' | 'Country' | 'Organization' | 'Place' | 'Event' | 'Topic';
  field: string;
  shape: 'hop' | 'enclosingCountry';
  types: RelationshipType[];
  direction: Direction;
  kinds: EntityKind[] | null;
  args: TypedFieldArgs;
  one: boolean;
  placeFirst?: boolean;
  description: string;
}

const hop = (
  parent: TypedField['parent'],
  field: string,
  types: RelationshipType[],
  direction: Direction,
  kinds: EntityKind[] | null,
  args: TypedFieldArgs,
  description: string,
  one = false,
): TypedField => ({ parent, field, shape: 'hop', types, direction, kinds, args, one, description });

/**
 * The one table of typed kind fields: read by the resolvers (kind-fields.resolver.ts, for their
 * DataLoader fallback) and by the read planner (src/planner/compile.ts), so both fetch the same.
 */
export const TYPED_FIELDS: readonly TypedField[] = [
  hop(
    'Person',
    'leaderOf',
    [LEADER_OF],
    Direction.OUT,
    [EntityKind.COUNTRY],
    'at',
    'Countries the person leads (led) on the date given, or ever.',
  ),
  hop(
    'Person',
    'events',
    [PARTICIPATED_IN],
    Direction.OUT,
    [EntityKind.EVENT],
    'window',
    'Events the person took part in, by start date, within from..to when given.',
  ),
  hop('Country', 'leaders', [LEADER_OF], Direction.IN, [EntityKind.PERSON], 'at', 'Leaders of the country on the date given, or ever.'),
  hop(
    'Country',
    'events',
    [PARTICIPATED_IN, HELD_IN],
    Direction.BOTH,
    [EntityKind.EVENT],
    'window',
    'Events the country took part in or that were held in it, by start date.',
  ),
  hop(
    'Organization',
    'members',
    [MEMBER_OF],
    Direction.IN,
    null,
    'at',
    'Members (people, countries, organizations) on the date given, or ever.',
  ),
  {
    parent: 'Place',
    field: 'country',
    shape: 'enclosingCountry',
    types: [RelationshipType.LOCATED_IN],
    direction: Direction.OUT,
    kinds: [EntityKind.COUNTRY],
    args: 'none',
    one: true,
    description: 'The country the place lies in (through enclosing places).',
  },
  hop('Place', 'events', [HELD_IN], Direction.IN, [EntityKind.EVENT], 'none', 'Events held in the place, by start date.'),
  {
    ...hop(
      'Event',
      'location',
      [HELD_IN],
      Direction.OUT,
      null,
      'none',
      'Where the event was held: a place when known, else a country.',
      true,
    ),
    placeFirst: true,
  },
  hop('Event', 'participants', [PARTICIPATED_IN], Direction.IN, null, 'kinds', 'Who took part, optionally only some kinds.'),
  hop('Event', 'topics', [CONCERNS], Direction.OUT, [EntityKind.TOPIC], 'none', 'What the event concerns.'),
  hop(
    'Event',
    'partOf',
    [PART_OF],
    Direction.OUT,
    [EntityKind.EVENT],
    'none',
    'The larger event this one is part of (a summit for a meeting on its margins).',
    true,
  ),
  hop('Event', 'subEvents', [PART_OF], Direction.IN, [EntityKind.EVENT], 'none', 'Events that are part of this one.'),
  hop('Event', 'previous', [FOLLOWS], Direction.OUT, [EntityKind.EVENT], 'none', 'The earlier event this one follows.', true),
  hop('Event', 'next', [FOLLOWS], Direction.IN, [EntityKind.EVENT], 'none', 'The later event that follows this one.', true),
  hop('Topic', 'events', [CONCERNS], Direction.IN, [EntityKind.EVENT], 'none', 'Events that concern the topic, by start date.'),
  hop('Topic', 'involves', [INVOLVES], Direction.OUT, null, 'none', 'The entities the topic involves.'),
];

const BY_NAME = new Map(TYPED_FIELDS.map((entry) => [`${entry.parent}.${entry.field}`, entry]));

/** The table's entry for `Type.field`, or undefined. */
export function typedField(parent: string, field: string): TypedField | undefined {
  return BY_NAME.get(`${parent}.${field}`);
}

/** The entry for `Type.field`; throws when the table has none (a programming error). */
export function typedFieldOf(parent: TypedField['parent'], field: string): TypedField {
  const entry = typedField(parent, field);
  if (entry === undefined) throw new Error(`No typed field ${parent}.${field} in the table`);
  return entry;
}
