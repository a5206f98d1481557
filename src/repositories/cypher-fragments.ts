import { EntityKind, KIND_LABEL } from '../domain/entity-kind';
import { Direction } from '../domain/records';
import { RELATIONSHIP_TYPES, RelationshipType, toRelationshipType } from '../domain/relationship-type';

/**
 * A string the type checker accepts only as a literal written in our code (`'e'`, `'o:Entity'`),
 * never as a `string` that could carry client text: `string extends S` holds only for plain string.
 */
export type CodeLiteral<S extends string> = string extends S ? never : S;

declare const typeAlternationBrand: unique symbol;
/** Text made only by typeAlternation (the brand cannot be named outside this file). */
type TypeAlternation = string & { readonly [typeAlternationBrand]: true };

/**
 * The only places where Cypher text varies: relationship types, labels and direction arrows,
 * each taken from a validated enum (re-checked here), never from client text. Parameters are
 * enums, integers or code literals, so the compiler refuses client text here
 * (tests/unit/no-cypher-from-input.test.ts checks that every builder stays that way).
 */
export function typeAlternation(types?: readonly RelationshipType[] | null): TypeAlternation {
  const chosen = types && types.length > 0 ? [...new Set(types)] : RELATIONSHIP_TYPES;
  return chosen.map((type) => toRelationshipType(type)).join('|') as TypeAlternation;
}

export function kindLabel(kind: EntityKind): string {
  if (!Object.hasOwn(KIND_LABEL, kind)) throw new Error(`Unknown entity kind: ${String(kind)}`);
  return KIND_LABEL[kind];
}

/** `(a)-[r:T]->(b)`, `(a)<-[r:T]-(b)` or `(a)-[r:T]-(b)` for the given direction seen from a. */
export function relPattern<F extends string, R extends string, T extends string, O extends string>(
  from: F & CodeLiteral<F>,
  rel: R & CodeLiteral<R>,
  types: TypeAlternation | (T & CodeLiteral<T>),
  to: O & CodeLiteral<O>,
  direction: Direction,
): string {
  switch (direction) {
    case Direction.OUT:
      return `(${from})-[${rel}:${types}]->(${to})`;
    case Direction.IN:
      return `(${from})<-[${rel}:${types}]-(${to})`;
    case Direction.BOTH:
      return `(${from})-[${rel}:${types}]-(${to})`;
    default:
      throw new Error(`Unknown direction: ${String(direction)}`);
  }
}

const CYPHER_VARIABLE = /^[a-z][a-zA-Z0-9]*$/;

/**
 * The start of an event at the precision it is known to (a YEAR-precision 2022 event has started on
 * any date in 2022, a MONTH-precision one on any date of its month), for a node expression of ours.
 */
const startOf = (node: string): string =>
  `CASE ${node}.datePrecision WHEN 'YEAR' THEN date.truncate('year', ${node}.startDate) WHEN 'MONTH' THEN date.truncate('month', ${node}.startDate) ELSE ${node}.startDate END`;

/** "Node `node` exists as of `at`": anything but an event that had not started yet; undated events stay. */
const startedExpr = (node: string, at: string): string => `(${node}.startDate IS NULL OR ${startOf(node)} <= date(${at}))`;

const CYPHER_PARAMETER = /^\$[a-z][a-zA-Z0-9]*$/;

function checkParameter(at: string): string {
  if (!CYPHER_PARAMETER.test(at)) throw new Error(`Not a Cypher parameter: ${at}`);
  return at;
}

/**
 * The API's "as of $at" for an entity variable (null `$at`: no filter): every entity except an event
 * that had not started yet (its startDate, compared at its datePrecision, after `$at`); events
 * without a date stay. Used for the entities a read reaches without crossing a relationship (the
 * start of a neighbourhood); relationships use validAt, which includes this for both ends.
 */
export function existsAt<V extends string, P extends string = '$at'>(variable: V & CodeLiteral<V>, parameter?: P & CodeLiteral<P>): string {
  if (!CYPHER_VARIABLE.test(variable)) throw new Error(`Not a Cypher variable: ${variable}`);
  const at = checkParameter(parameter ?? '$at');
  return `(${at} IS NULL OR ${startedExpr(variable, at)})`;
}

/**
 * The API's "the graph as of $at" for a relationship variable (null `$at`: no filter), the one
 * definition every read that takes `at` uses (relationships, neighbors, the typed kind fields,
 * relationshipsBetween, neighborhood, shortestPath, paths, commonNeighbors, and the read planner):
 * the relationship is valid then (validFrom <= at or unknown, validTo > at or unknown) and neither
 * of its ends is an event that had not started yet (see existsAt).
 * `variable` is always a constant of our own Cypher, never client text; `parameter` names the date
 * parameter (`$at` unless given: the read planner gives each `at` of a statement its own).
 */
export function validAt<V extends string, P extends string = '$at'>(variable: V & CodeLiteral<V>, parameter?: P & CodeLiteral<P>): string {
  if (!CYPHER_VARIABLE.test(variable)) throw new Error(`Not a Cypher variable: ${variable}`);
  const at = checkParameter(parameter ?? '$at');
  const v = variable;
  return (
    `(${at} IS NULL OR ((${v}.validFrom IS NULL OR ${v}.validFrom <= date(${at})) AND (${v}.validTo IS NULL OR ${v}.validTo > date(${at}))` +
    ` AND ${startedExpr(`startNode(${v})`, at)} AND ${startedExpr(`endNode(${v})`, at)}))`
  );
}

/** validAt for the usual relationship variable `r`. */
export const VALID_AT = validAt('r');

/**
 * The API's `status` argument for a relationship variable: its review status is one of `$status`
 * (a list of FactStatus values; the resolvers default it to ACCEPTED and PROPOSED, so REJECTED facts
 * are never shown unless asked for). Relationships stored before review existed count as ACCEPTED.
 * The one definition every read that lists or walks relationships uses, next to validAt.
 * `variable` is always a constant of our own Cypher, never client text.
 */
export function statusFilter<V extends string, P extends string = '$status'>(
  variable: V & CodeLiteral<V>,
  parameter?: P & CodeLiteral<P>,
): string {
  if (!CYPHER_VARIABLE.test(variable)) throw new Error(`Not a Cypher variable: ${variable}`);
  return `coalesce(${variable}.status, 'ACCEPTED') IN ${checkParameter(parameter ?? '$status')}`;
}

/** statusFilter for the usual relationship variable `r`. */
export const STATUS_OK = statusFilter('r');

/**
 * Projects relationship `r` into the shape RelationshipRecord is read from: only the fields the
 * API serves (internal ones such as contentHash stay in the database, and off the wire).
 */
export const REL_PROJECTION =
  'r {.id, .role, .title, .quantity, .validFrom, .validTo, .confidence, .validFromPrecision, .validToPrecision, .origin, .status, .hedge, .recordedAt, .evidenceSources, .evidenceQuotes, .evidenceStarts, .evidenceEnds, type: type(r), from: startNode(r).id, to: endNode(r).id}';

/** Projects source variable `s` into the fields SourceRecord is read from. */
export const SOURCE_PROJECTION = 's {.id, .title, .url, .publisher, .author, .publishedAt, .text}';

const ENTITY_FIELDS =
  '.id, .kind, .name, .aliases, .description, .wikidataId, .createdAt, .updatedAt, .isoCode, .title, .eventType, .startDate, .endDate, .datePrecision, .placeType';

/** Projects entity variable `variable` into the fields EntityRecord is read from. */
export function entityProjection<V extends string>(variable: V & CodeLiteral<V>): string {
  if (!CYPHER_VARIABLE.test(variable)) throw new Error(`Not a Cypher variable: ${variable}`);
  return `${variable} {${ENTITY_FIELDS}}`;
}
