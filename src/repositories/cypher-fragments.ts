import { EntityKind, KIND_LABEL } from '../domain/entity-kind';
import { FactStatus } from '../domain/event-type';
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
 * The `entities(nameContains:)` filter, one definition for the read planner and the fallback:
 * the stored folded name (folded-name.ts) contains the parameter, which the service folds alike.
 */
export function nameContainsFilter<V extends string, P extends string>(
  variable: V & CodeLiteral<V>,
  parameter: P & CodeLiteral<P>,
): string {
  if (!CYPHER_VARIABLE.test(variable)) throw new Error(`Not a Cypher variable: ${variable}`);
  return `${variable}.nameFolded CONTAINS ${checkParameter(parameter)}`;
}

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
 * When a node counts as dense for one relationship type: it has at least DENSE_DEGREE relationships
 * of that type (in the direction asked) and at least 1/DENSE_SHARE of all the graph's relationships
 * of that type. Then its page is read from the type's index on r.id in id order (at most about
 * first x DENSE_SHARE index entries, instead of every relationship of the node read and sorted),
 * and its total is its degree less the hidden statuses found through the type's index on r.status
 * (cypher/migrations/0008). Both numbers come from Neo4j's degree and count stores, so choosing
 * reads nothing per relationship; either way the answer is the same. The choice is a CASE, which
 * Neo4j evaluates lazily: only the chosen subquery runs.
 */
const DENSE_DEGREE = 1000;
const DENSE_SHARE = 16;
/**
 * Each type of the choice adds subqueries that Neo4j 5.26 plans one by one: measured on this 2-core
 * machine under load, one cold statement of a page with its total took 0.24 to 0.30 s to plan with
 * the choice for one type (0.11 to 0.15 s with the expand alone), 0.7 to 0.8 s for two types, and
 * 2.5 to 2.8 s for all 17 (5 to 12 s written as UNION branches). So only a connection of one type
 * gets the choice; the others (and all types, the default) keep the expand.
 */
const DENSE_MAX_TYPES = 1;
const FACT_STATUSES = Object.values(FactStatus)
  .map((status) => `'${status}'`)
  .join(', ');

function typesOf(types: readonly RelationshipType[] | null): RelationshipType[] {
  return types && types.length > 0 ? [...new Set(types)] : [...RELATIONSHIP_TYPES];
}

/** Neo4j's degree of `node` over `types` in `direction`, from its degree store (no relationship read). */
function degreeOf<N extends string>(node: N & CodeLiteral<N>, types: TypeAlternation, direction: Direction): string {
  const pattern =
    direction === Direction.OUT
      ? `(${node})-[:${types}]->()`
      : direction === Direction.IN
        ? `(${node})<-[:${types}]-()`
        : `(${node})-[:${types}]-()`;
  return `COUNT { ${pattern} }`;
}

/** Whether `node` is dense for one type (DENSE_DEGREE); the graph's total of the type comes from the count store. */
function denseFor<N extends string>(node: N & CodeLiteral<N>, type: TypeAlternation, direction: Direction): string {
  const degree = degreeOf<N>(node, type, direction);
  return `${degree} >= ${DENSE_DEGREE} AND ${degree} * ${DENSE_SHARE} >= COUNT { ()-[:${type}]->() }`;
}

/** `(x)-[rel]->(y)` met by an index seek has `node` at the end `direction` asks for (and an entity at the other). */
function endsAre<N extends string, R extends string>(
  node: N & CodeLiteral<N>,
  rel: R & CodeLiteral<R>,
  direction: Direction,
  otherIsEntity: boolean,
): string {
  const x = otherIsEntity ? ` AND ${rel}x:Entity` : '';
  const y = otherIsEntity ? ` AND ${rel}y:Entity` : '';
  if (direction === Direction.OUT) return `${rel}x = ${node}${y}`;
  if (direction === Direction.IN) return `${rel}y = ${node}${x}`;
  return `((${rel}x = ${node}${y}) OR (${rel}y = ${node}${x}))`;
}

/** Each parameter name given (null: a filter not asked for) is a Cypher parameter. */
function checkParameters(...parameters: (string | null)[]): void {
  for (const parameter of parameters) if (parameter !== null) checkParameter(parameter);
}

function checkVariables(...variables: string[]): void {
  for (const variable of variables) if (!CYPHER_VARIABLE.test(variable)) throw new Error(`Not a Cypher variable: ${variable}`);
}

/**
 * The total of a relationships connection of entity `node`: its relationships of `types` (all when
 * null) in `direction` to entities, valid at `at` (a date parameter, or null: no date filter) and of
 * the review statuses in `status` (a list parameter, or null: any status); the one definition of the
 * read planner and of relationship.repository.ts. `rel` names the relationship variable (also the
 * prefix of the statement's own variables). Counted by a COUNT subquery; for a connection of one type
 * (DENSE_MAX_TYPES) the node is dense for (DENSE_DEGREE), when no date is asked: its degree less the
 * hidden statuses (every relationship of these types joins two entities, as the write path makes them).
 */
export function relationshipTotal<N extends string, R extends string, P extends string>(
  node: N & CodeLiteral<N>,
  rel: R & CodeLiteral<R>,
  types: readonly RelationshipType[] | null,
  direction: Direction,
  at: (P & CodeLiteral<P>) | null,
  status: (P & CodeLiteral<P>) | null,
): string {
  checkVariables(node, rel);
  const filters = [...(at === null ? [] : [validAt<R, P>(rel, at)]), ...(status === null ? [] : [statusFilter<R, P>(rel, status)])];
  const where = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
  const counted = (alternation: TypeAlternation): string =>
    `COUNT { MATCH ${relPattern<N, R, never, ':Entity'>(node, rel, alternation, ':Entity', direction)}${where} RETURN ${rel} }`;
  const chosen = typesOf(types);
  if (chosen.length > DENSE_MAX_TYPES) return counted(typeAlternation(types));
  // Null statuses count as ACCEPTED (statusFilter): the degree includes them only when ACCEPTED is shown.
  const extra = [...(status === null ? [] : [`'ACCEPTED' IN ${status}`]), ...(at === null ? [] : [`${at} IS NULL`])];
  const perType = chosen.map((type) => {
    const t = typeAlternation([type]);
    const hidden =
      status === null
        ? ''
        : ` - COUNT { MATCH (${rel}x)-[${rel}:${t}]->(${rel}y) USING INDEX ${rel}:${t}(status) WHERE ${rel}.status IN [${rel}s IN [${FACT_STATUSES}] WHERE NOT ${rel}s IN ${status}] AND ${endsAre<N, R>(node, rel, direction, false)} RETURN ${rel} }`;
    return `CASE WHEN ${[denseFor<N>(node, t, direction), ...extra].join(' AND ')} THEN ${degreeOf<N>(node, t, direction)}${hidden} ELSE ${counted(t)} END`;
  });
  // One type (DENSE_MAX_TYPES): its own CASE is the whole choice.
  return perType.join(' + ');
}

/**
 * The rows of one page of a relationships connection of entity `node` (filters as relationshipTotal;
 * `after`, the keyset cursor parameter, may be null at run time): `rel` bound to at most `limit`
 * relationships, in relationship id order, ready for the caller's RETURN. The node's relationships
 * are expanded and sorted; for a connection of one type (DENSE_MAX_TYPES) the node is dense for
 * (DENSE_DEGREE), the first `limit` come from the type's id index instead (USING INDEX: in id order, from
 * the cursor on, those at the node), and the types' lists are merged. Every relationship id is a
 * non-empty string (the write path derives it), so `> ''` passes all.
 */
export function relationshipRows<N extends string, R extends string, P extends string>(
  node: N & CodeLiteral<N>,
  rel: R & CodeLiteral<R>,
  types: readonly RelationshipType[] | null,
  direction: Direction,
  at: (P & CodeLiteral<P>) | null,
  status: (P & CodeLiteral<P>) | null,
  after: (P & CodeLiteral<P>) | null,
  limit: P & CodeLiteral<P>,
): string {
  checkVariables(node, rel);
  const filters = [...(at === null ? [] : [validAt<R, P>(rel, at)]), ...(status === null ? [] : [statusFilter<R, P>(rel, status)])];
  const conditions = after === null ? filters : [...filters, `(${after} IS NULL OR ${rel}.id > ${after})`];
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  const expanded = (alternation: TypeAlternation): string =>
    `MATCH ${relPattern<N, R, never, ':Entity'>(node, rel, alternation, ':Entity', direction)}${where} WITH DISTINCT ${rel} ORDER BY ${rel}.id LIMIT ${limit}`;
  const chosen = typesOf(types);
  if (chosen.length > DENSE_MAX_TYPES) return expanded(typeAlternation(types));
  const from = after === null ? "''" : `coalesce(${after}, '')`;
  const perType = chosen.map((type) => {
    const t = typeAlternation([type]);
    const seek = `COLLECT { MATCH (${rel}x)-[${rel}:${t}]->(${rel}y) USING INDEX ${rel}:${t}(id) WHERE ${rel}.id > ${from} AND ${endsAre<N, R>(node, rel, direction, true)}${filters.length > 0 ? ` AND ${filters.join(' AND ')}` : ''} WITH ${rel} ORDER BY ${rel}.id LIMIT ${limit} RETURN ${rel} }`;
    return `CASE WHEN ${denseFor<N>(node, t, direction)} THEN ${seek} ELSE COLLECT { ${expanded(t)} RETURN ${rel} } END`;
  });
  // One type (DENSE_MAX_TYPES): its own CASE is the whole choice.
  return `UNWIND ${perType.join(' + ')} AS ${rel} WITH ${rel} ORDER BY ${rel}.id LIMIT ${limit}`;
}

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

/** Undated events sort after every dated one (the timeline's order and its cursors). */
export const UNDATED = '9999-12-31';

/**
 * The events of a timeline, `event` bound once each: those the given participants (`entityIds`)
 * PARTICIPATED_IN, else those CONCERNing the given topics (`topicIds`), else every event (the most
 * selective side first), then the remaining filters: the given topics, and a startDate from `from`
 * to `to`. The facts followed are of the review statuses in `status`. A null parameter is a filter
 * not asked for (so the text varies with which are given, and with nothing else). The one definition
 * of TimelineRepository and the read planner; its own variables start with `tl`.
 */
export function timelineEvents<E extends string, P extends string>(
  event: E & CodeLiteral<E>,
  entityIds: (P & CodeLiteral<P>) | null,
  topicIds: (P & CodeLiteral<P>) | null,
  from: (P & CodeLiteral<P>) | null,
  to: (P & CodeLiteral<P>) | null,
  status: P & CodeLiteral<P>,
): string {
  checkVariables(event);
  checkParameters(entityIds, topicIds, from, to, status);
  const filters: string[] = [];
  if (from !== null) filters.push(`${event}.startDate >= date(${from})`);
  if (to !== null) filters.push(`${event}.startDate <= date(${to})`);
  let match: string;
  if (entityIds !== null) {
    match = `MATCH (tlp:Entity)-[tlr:PARTICIPATED_IN]->(${event}:Event) WHERE tlp.id IN ${entityIds} AND ${statusFilter<'tlr', P>('tlr', status)} WITH DISTINCT ${event}`;
    if (topicIds !== null)
      filters.push(
        `EXISTS { MATCH (${event})-[tlc:CONCERNS]->(tlt:Topic) WHERE tlt.id IN ${topicIds} AND ${statusFilter<'tlc', P>('tlc', status)} }`,
      );
  } else if (topicIds !== null) {
    match = `MATCH (${event}:Event)-[tlc:CONCERNS]->(tlt:Entity:Topic) USING INDEX tlt:Entity(id) WHERE tlt.id IN ${topicIds} AND ${statusFilter<'tlc', P>('tlc', status)} WITH DISTINCT ${event}`;
  } else match = `MATCH (${event}:Event)`;
  return filters.length === 0 ? match : `${match} WITH ${event} WHERE ${filters.join(' AND ')}`;
}

/**
 * What follows timelineEvents for one page: `event` kept for at most `limit` events in time order
 * (startDate, undated last, then id), after the keyset position `afterDate`, `afterId` (both null:
 * from the start), ready for the caller's RETURN.
 */
export function timelinePageOf<E extends string, P extends string>(
  event: E & CodeLiteral<E>,
  afterDate: (P & CodeLiteral<P>) | null,
  afterId: (P & CodeLiteral<P>) | null,
  limit: P & CodeLiteral<P>,
): string {
  checkVariables(event);
  checkParameters(afterDate, afterId, limit);
  const sortDate = `coalesce(${event}.startDate, date('${UNDATED}'))`;
  const keyset =
    afterDate === null || afterId === null
      ? ''
      : ` WITH ${event} WHERE ${sortDate} > date(${afterDate}) OR (${sortDate} = date(${afterDate}) AND ${event}.id > ${afterId})`;
  return `${keyset} WITH ${event} ORDER BY ${sortDate}, ${event}.id LIMIT ${limit}`;
}

/**
 * The common neighbours of the entities `ids` (all of them must exist, else no row): from the least
 * connected of them, the entities other than the given ones adjacent to every one of them (of the
 * kinds in `kinds`; null: any), each hop a relationship valid at `at` (null: no date filter) and of
 * the review statuses in `status`. Binds `neighbour` (once each) and `given`, ready for the
 * caller's RETURN. The one definition of TraversalRepository and the read planner; its own variables
 * start with `cn` (and `given`).
 */
export function commonNeighborsMatch<X extends string, P extends string>(
  neighbour: X & CodeLiteral<X>,
  ids: P & CodeLiteral<P>,
  kinds: (P & CodeLiteral<P>) | null,
  at: (P & CodeLiteral<P>) | null,
  status: P & CodeLiteral<P>,
): string {
  checkVariables(neighbour);
  checkParameters(ids, kinds, at, status);
  const types = typeAlternation();
  const hop = <R extends string>(rel: R & CodeLiteral<R>): string =>
    at === null ? statusFilter<R, P>(rel, status) : `${validAt<R, P>(rel, at)} AND ${statusFilter<R, P>(rel, status)}`;
  const byKind = kinds === null ? '' : ` AND ${neighbour}.kind IN ${kinds}`;
  const x = neighbour;
  return (
    `MATCH (cng:Entity) WHERE cng.id IN ${ids} WITH collect(cng) AS given WHERE size(given) = size(${ids}) ` +
    `WITH given, reduce(cnBest = head(given), cnb IN given | CASE WHEN COUNT { (cnb)--() } < COUNT { (cnBest)--() } THEN cnb ELSE cnBest END) AS cnStart ` +
    `MATCH (cnStart)-[cnr:${types}]-(${x}:Entity) WHERE ${hop('cnr')} AND NOT ${x} IN given${byKind} ` +
    `WITH DISTINCT ${x}, given ` +
    `WHERE all(cne IN given WHERE EXISTS { MATCH (${x})-[cnh:${types}]-(cne) WHERE ${hop('cnh')} })`
  );
}
