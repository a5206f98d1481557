import {
  commonNeighborsMatch,
  kindLabel,
  relationshipRows,
  relationshipTotal,
  relPattern,
  statusFilter,
  nameContainsFilter,
  timelineEvents,
  timelinePageOf,
  typeAlternation,
  validAt,
} from '../repositories/cypher-fragments';
import { EntityKind } from '../domain/entity-kind';
import { TraversalRepository } from '../repositories/traversal.repository';
import { TYPED_LIST_LIMIT } from './analyze';
import { EntityFieldEntry, EntityFieldPlan, EntityPlan, Param, RelationshipPlan, RootPlan, SourcePlan } from './plan';

/**
 * Turns a plan tree into the text of ONE Cypher statement. Every piece that varies is a number
 * (variables `n3`, `r4`, `s5`, `x6`, generated projection keys `k7`, parameters `$p8`), a
 * literal-typed property name from the tables of plan.ts, an enum, or a vetted fragment builder
 * (relationship types, labels, patterns, the shared "as of" predicate): client text only ever
 * arrives as a parameter value. Nested lists are COLLECT subqueries scoped to their parent with
 * ORDER BY and LIMIT before projection; totals are COUNT subqueries; siblings never multiply.
 */

type NodeVar = `n${number}`;
type RelVar = `r${number}`;
type ParamRef = `$p${number}`;

const nodeVar = (index: number): NodeVar => `n${index}`;
const entityVar = (index: number): `n${number}:Entity` => `n${index}:Entity`;
const relVar = (index: number): RelVar => `r${index}`;
const paramRef = (index: Param): ParamRef => `$p${index}`;
/** paramRef of a filter that may not be asked for (null: none). */
const ref = (param: Param | null): ParamRef | null => (param === null ? null : paramRef(param));

/** Hands out variable numbers in rendering order: the same tree always gives the same text. */
class Variables {
  private count = 0;

  next(): number {
    return this.count++;
  }
}

/**
 * Nominal sizes for ordering siblings (the statement text depends on the plan's shape only, never
 * on a value such as `first`): typed lists up to TYPED_LIST_LIMIT, pages and mentions at their
 * default sizes, one-entity fields one.
 */
const NOMINAL = { list: TYPED_LIST_LIMIT, page: 50, mentionedIn: 20, mentions: 10, evidence: 2 };

/**
 * What a nested field weighs in the order siblings are fetched in: `size`, the maps it can return;
 * `buffer`, the most rows one of its ORDER BY ... LIMIT buffers (a LIMIT n keeps n + 1 rows).
 *
 * Neo4j (5.26, slotted runtime) keeps each sibling's value in the row while it fetches the next,
 * and counts that value's estimated size once for every row a later LIMIT buffers, against the
 * transaction memory limit: a thousand events fetched before a page of 50 are counted 51 times.
 * Sibling A before B costs about size(A) x buffer(B), so siblings go in increasing size / buffer
 * (the exchange argument: A before B when size(A) x buffer(B) <= size(B) x buffer(A)).
 */
interface Weight {
  size: number;
  buffer: number;
}

const combine = (weights: readonly Weight[], base: Weight): Weight =>
  weights.reduce((sum, w) => ({ size: sum.size + w.size, buffer: Math.max(sum.buffer, w.buffer) }), base);
const times = (count: number, inner: Weight): Weight => ({ size: count * inner.size, buffer: Math.max(count + 1, inner.buffer) });

function entityWeight(plan: EntityPlan): Weight {
  return combine(
    plan.fields.map((entry) => fieldWeight(entry.plan)),
    { size: 1, buffer: 0 },
  );
}

function relationshipWeight(plan: RelationshipPlan): Weight {
  return combine(
    [
      ...plan.ends.map((end) => entityWeight(end.node)),
      ...plan.evidenceSources.map((entry) => times(NOMINAL.evidence, sourceWeight(entry.node))),
    ],
    { size: 1, buffer: 0 },
  );
}

function sourceWeight(plan: SourcePlan): Weight {
  return combine(
    plan.mentions.map((entry) => times(NOMINAL.mentions, entityWeight(entry.node))),
    { size: 1, buffer: 0 },
  );
}

function fieldWeight(plan: EntityFieldPlan): Weight {
  switch (plan.f) {
    case 'degree':
      return { size: 0, buffer: 0 };
    case 'relationships':
      return plan.items === null ? { size: 0, buffer: 0 } : times(NOMINAL.page, relationshipWeight(plan.items));
    case 'hop':
      return times(plan.one ? 1 : NOMINAL.list, entityWeight(plan.node));
    case 'enclosingCountry':
      return times(1, entityWeight(plan.node));
    case 'mentionedIn':
      return times(NOMINAL.mentionedIn, sourceWeight(plan.node));
    default:
      throw new Error('Unknown planned field');
  }
}

/** The fields in the order they are fetched: increasing size / buffer, the plan's order among equals. */
function fetchOrder(fields: readonly EntityFieldEntry[]): EntityFieldEntry[] {
  const ratio = (entry: EntityFieldEntry): number => {
    const weight = fieldWeight(entry.plan);
    return weight.buffer === 0 ? 0 : weight.size / weight.buffer;
  };
  return fields
    .map((entry, index) => ({ entry, index, ratio: ratio(entry) }))
    .sort((a, b) => a.ratio - b.ratio || a.index - b.index)
    .map(({ entry }) => entry);
}

function entityProjection(vars: Variables, v: number, plan: EntityPlan): string {
  const entries = [
    ...plan.props.map((prop) => `.${prop}`),
    ...fetchOrder(plan.fields).map((entry) => `k${entry.key}: ${guarded(vars, v, entry)}`),
  ];
  return `n${v} {${entries.join(', ')}}`;
}

/**
 * A field of `... on Kind` is fetched only for nodes of those kinds (decode.ts reads it only for
 * them). A typed hop takes the kind test into its own WHERE, where Neo4j applies it before the
 * expand: a COLLECT subquery that stands alone in a projection is planned as a RollUpApply, one
 * inside a CASE (or a function) as a nested plan run per row, which cost the three-level row a third
 * of its database time. The other fields keep the CASE.
 */
function guarded(vars: Variables, v: number, entry: EntityFieldEntry): string {
  if (entry.kinds === null || entry.plan.f === 'hop') return entityField(vars, v, entry.plan, entry.kinds);
  return `CASE WHEN ${kindTest(v, entry.kinds)} THEN ${entityField(vars, v, entry.plan, null)} END`;
}

/** `n<v>.kind IN [...]`, from the EntityKind enum. */
const kindTest = (v: number, kinds: readonly EntityKind[]): string => `n${v}.kind IN [${kinds.map((kind) => `'${kind}'`).join(', ')}]`;

/** `parentKinds`: the kinds a hop's parent must have (guarded), or null. */
function entityField(vars: Variables, v: number, plan: EntityFieldPlan, parentKinds: readonly EntityKind[] | null): string {
  switch (plan.f) {
    case 'degree':
      return `COUNT { (n${v})-[:${typeAlternation()}]-(:Entity) }`;
    case 'relationships':
      return relationshipPage(vars, v, plan, plan.items);
    case 'hop': {
      const r = vars.next();
      const o = vars.next();
      const pattern = relPattern(nodeVar(v), relVar(r), typeAlternation(plan.types), entityVar(o), plan.direction);
      const order = plan.placeFirst
        ? `CASE WHEN n${o}.kind = 'PLACE' THEN 0 ELSE 1 END, n${o}.startDate, n${o}.id`
        : `n${o}.startDate, n${o}.id`;
      const conditions: string[] = parentKinds === null ? [] : [kindTest(v, parentKinds)];
      if (plan.at !== null) conditions.push(validAt(relVar(r), paramRef(plan.at)));
      if (plan.status !== null) conditions.push(statusFilter(relVar(r), paramRef(plan.status)));
      if (plan.kinds !== null) conditions.push(`n${o}.kind IN $p${plan.kinds}`);
      if (plan.from !== null) conditions.push(`n${o}.startDate >= date($p${plan.from})`);
      if (plan.to !== null) conditions.push(`n${o}.startDate <= date($p${plan.to})`);
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      // A one-entity hop is a list of at most one (LIMIT 1), taken apart by decode.ts: head() around
      // the COLLECT would make it a nested plan (see guarded).
      return `COLLECT { MATCH ${pattern}${where} WITH DISTINCT n${o} ORDER BY ${order} LIMIT $p${plan.limit} RETURN ${entityProjection(vars, o, plan.node)} }`;
    }
    case 'enclosingCountry': {
      const c = vars.next();
      const path = vars.next();
      const hops = plan.status === null ? '' : ` WHERE all(h IN relationships(x${path}) WHERE ${statusFilter('h', paramRef(plan.status))})`;
      return `head(COLLECT { MATCH x${path} = (n${v})-[:LOCATED_IN*1..3]->(n${c}:Country)${hops} WITH n${c}, x${path} ORDER BY length(x${path}), n${c}.id LIMIT 1 RETURN ${entityProjection(vars, c, plan.node)} })`;
    }
    case 'mentionedIn': {
      const s = vars.next();
      return `COLLECT { MATCH (s${s}:Source)-[:MENTIONS]->(n${v}) WITH s${s} ORDER BY s${s}.id LIMIT $p${plan.limit} RETURN ${sourceProjection(vars, s, plan.node)} }`;
    }
    default:
      throw new Error('Unknown planned field');
  }
}

/** A relationships connection of entity `n<v>`: ordered by relationship id (the keyset), LIMIT first + 1 before projection (relationshipRows). */
function relationshipPage(
  vars: Variables,
  v: number,
  plan: Extract<EntityFieldPlan, { f: 'relationships' }>,
  items: RelationshipPlan | null,
): string {
  const { types, direction, at, status, after, limit, total } = plan;
  const parts: string[] = [];
  // Which relationships count, and in which order a page takes them: one definition (cypher-fragments.ts).
  if (total) parts.push(`t: ${relationshipTotal(nodeVar(v), relVar(vars.next()), types, direction, ref(at), ref(status))}`);
  if (items !== null) {
    const r = vars.next();
    const rows = relationshipRows(nodeVar(v), relVar(r), types, direction, ref(at), ref(status), ref(after), paramRef(limit));
    parts.push(`i: COLLECT { ${rows} ${relationshipReturn(vars, r, items)} }`);
  }
  return `{${parts.join(', ')}}`;
}

/** The entries every relationship projection has: its type and the ids of its ends. */
const relationshipEnds = (r: number): string => `type: type(r${r}), from: startNode(r${r}).id, to: endNode(r${r}).id`;

/** `[WITH r, startNode(r) AS n.., ...] RETURN r {...}`: binds the ends the selection asks for, then projects. */
function relationshipReturn(vars: Variables, r: number, plan: RelationshipPlan): string {
  const ends = plan.ends.map((end) => ({ end, v: vars.next() }));
  const bindings = ends.map(({ end, v }) => `${end.end === 'from' ? 'startNode' : 'endNode'}(r${r}) AS n${v}`);
  const entries = [
    ...plan.props.map((prop) => `.${prop}`),
    relationshipEnds(r),
    ...ends.map(({ end, v }) => `k${end.key}: ${entityProjection(vars, v, end.node)}`),
    ...plan.evidenceSources.map((entry) => `k${entry.key}: ${evidenceSources(vars, r, entry.node)}`),
  ];
  const bind = bindings.length > 0 ? `WITH r${r}, ${bindings.join(', ')} ` : '';
  return `${bind}RETURN r${r} {${entries.join(', ')}}`;
}

function evidenceSources(vars: Variables, r: number, plan: SourcePlan): string {
  const x = vars.next();
  const s = vars.next();
  return `COLLECT { UNWIND r${r}.evidenceSources AS x${x} MATCH (s${s}:Source {id: x${x}}) RETURN ${sourceProjection(vars, s, plan)} }`;
}

function sourceProjection(vars: Variables, s: number, plan: SourcePlan): string {
  const mentions = plan.mentions.map((entry) => {
    const e = vars.next();
    return `k${entry.key}: COLLECT { MATCH (s${s})-[:MENTIONS]->(n${e}:Entity) WITH n${e} ORDER BY n${e}.id RETURN ${entityProjection(vars, e, entry.node)} }`;
  });
  // The located mentions in text order, then by entity id (as SourceRepository.mentionSpans orders them).
  const spans = plan.spans.map((entry) => {
    const m = vars.next();
    const e = vars.next();
    const i = vars.next();
    const ends = entry.entities.map((end) => `, k${end.key}: ${entityProjection(vars, e, end.node)}`).join('');
    return (
      `k${entry.key}: COLLECT { MATCH (s${s})-[r${m}:MENTIONS]->(n${e}:Entity) WHERE r${m}.starts IS NOT NULL ` +
      `UNWIND range(0, size(r${m}.starts) - 1) AS x${i} WITH n${e}, r${m}.starts[x${i}] AS start${i}, r${m}.ends[x${i}] AS end${i} ` +
      `ORDER BY start${i}, end${i}, n${e}.id RETURN {entityId: n${e}.id, start: start${i}, end: end${i}${ends}} }`
    );
  });
  const entries = [...plan.props.map((prop) => `.${prop}`), ...mentions, ...spans];
  return `s${s} {${entries.join(', ')}}`;
}

/** The entities of list `list` (a variable of the search), in its order, each projected by `plan`. */
function entityList(vars: Variables, list: 'nodes' | 'ns', plan: EntityPlan): string {
  const x = vars.next();
  const n = vars.next();
  // Scalars only: a list comprehension, no subquery.
  if (plan.fields.length === 0) return `[n${n} IN ${list} | ${entityProjection(vars, n, plan)}]`;
  return `COLLECT { UNWIND range(0, size(${list}) - 1) AS x${x} WITH ${list}[x${x}] AS n${n}, x${x} ORDER BY x${x} RETURN ${entityProjection(vars, n, plan)} }`;
}

/** The relationships of list `list` (a variable of the search), in its order, each projected by `plan`. */
function relationshipList(vars: Variables, list: 'rels', plan: RelationshipPlan): string {
  const x = vars.next();
  const r = vars.next();
  if (plan.ends.length === 0 && plan.evidenceSources.length === 0)
    return `[r${r} IN ${list} | r${r} {${[...plan.props.map((prop) => `.${prop}`), relationshipEnds(r)].join(', ')}}]`;
  return `COLLECT { UNWIND range(0, size(${list}) - 1) AS x${x} WITH ${list}[x${x}] AS r${r}, x${x} ORDER BY x${x} ${relationshipReturn(vars, r, plan)} }`;
}

/** A path search's statement: TraversalRepository's search (or the path of length 0), then each path's selection. */
function pathStatement(vars: Variables, plan: Extract<RootPlan, { root: 'shortestPath' | 'paths' }>): string {
  const search = plan.self
    ? 'MATCH (a:Entity {id: $from}) WITH [a] AS ns, [] AS rels'
    : plan.root === 'shortestPath'
      ? TraversalRepository.shortestPathSearch(plan.maxDepth, plan.types, plan.byKind)
      : TraversalRepository.pathsSearch(plan.maxDepth, plan.first, plan.types, plan.byKind);
  return `${search} RETURN ${entityList(vars, 'ns', plan.node)} AS nodes, ${relationshipList(vars, 'rels', plan.rel)} AS rels`;
}

/** The statement of a root field. Every statement returns its answer in column `v` (or `t` and `i` for pages). */
export function renderStatement(plan: RootPlan): string {
  const vars = new Variables();
  switch (plan.root) {
    case 'entity': {
      const n = vars.next();
      const kind = plan.kind === null ? '' : ` WHERE n${n}.kind = '${plan.kind}'`;
      return `MATCH (n${n}:Entity {id: $p${plan.id}})${kind} RETURN ${entityProjection(vars, n, plan.node)} AS v`;
    }
    case 'countryByIsoCode': {
      const n = vars.next();
      return `MATCH (n${n}:Country {isoCode: $p${plan.isoCode}}) WITH n${n} ORDER BY n${n}.id LIMIT 1 RETURN ${entityProjection(vars, n, plan.node)} AS v`;
    }
    case 'entities': {
      const label = plan.kind === null ? 'Entity' : kindLabel(plan.kind);
      const c = vars.next();
      const total =
        plan.total && plan.name !== null
          ? `COUNT { MATCH (n${c}:${label}) WHERE ${nameContainsFilter(nodeVar(c), paramRef(plan.name))} RETURN n${c} }`
          : plan.total
            ? `COUNT { MATCH (n${c}:${label}) RETURN n${c} }`
            : '0';
      const n = vars.next();
      const conditions: string[] = [];
      if (plan.name !== null) conditions.push(nameContainsFilter(nodeVar(n), paramRef(plan.name)));
      if (plan.after !== null) conditions.push(`n${n}.id > $p${plan.after}`);
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      const items =
        plan.items === null
          ? '[]'
          : `COLLECT { MATCH (n${n}:${label})${where} WITH n${n} ORDER BY n${n}.id LIMIT $p${plan.limit} RETURN ${entityProjection(vars, n, plan.items)} }`;
      return `RETURN ${total} AS t, ${items} AS i`;
    }
    case 'source': {
      const s = vars.next();
      return `MATCH (s${s}:Source {id: $p${plan.id}}) RETURN ${sourceProjection(vars, s, plan.node)} AS v`;
    }
    case 'sources': {
      const c = vars.next();
      const total = plan.total ? `COUNT { MATCH (s${c}:Source) RETURN s${c} }` : '0';
      const s = vars.next();
      const items =
        plan.items === null
          ? '[]'
          : `COLLECT { MATCH (s${s}:Source)${plan.after === null ? '' : ` WHERE s${s}.id > $p${plan.after}`} WITH s${s} ORDER BY s${s}.id LIMIT $p${plan.limit} RETURN ${sourceProjection(vars, s, plan.items)} }`;
      return `RETURN ${total} AS t, ${items} AS i`;
    }
    case 'relationship': {
      const r = vars.next();
      return `MATCH ()-[r${r}:${typeAlternation([plan.type])} {id: $p${plan.id}}]->() ${relationshipReturn(vars, r, plan.node)} AS v`;
    }
    case 'relationshipsBetween': {
      const a = vars.next();
      const b = vars.next();
      const r = vars.next();
      const conditions = [
        ...(plan.at === null ? [] : [validAt(relVar(r), paramRef(plan.at))]),
        ...(plan.status === null ? [] : [statusFilter(relVar(r), paramRef(plan.status))]),
      ];
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      return `MATCH (n${a}:Entity {id: $p${plan.a}})-[r${r}:${typeAlternation()}]-(n${b}:Entity {id: $p${plan.b}})${where} WITH DISTINCT r${r} ORDER BY r${r}.id ${relationshipReturn(vars, r, plan.node)} AS v`;
    }
    case 'search': {
      // The fulltext query of entity.repository.ts's search, with the hits' selection projected in the same statement.
      const n = vars.next();
      const exact =
        plan.key === null
          ? ''
          : ` UNION ALL MATCH (node:Country) WHERE $p${plan.key} IN node.searchNameKeys RETURN node, 0.0 AS score, 1 AS exact`;
      const kinds = plan.kinds === null ? '' : ` WHERE node.kind IN $p${plan.kinds}`;
      return `CALL () { CALL db.index.fulltext.queryNodes('entity_search_v2', $p${plan.query}, {limit: $p${plan.candidates}}) YIELD node, score RETURN node, score, 0 AS exact${exact} } WITH node, max(score) AS score, max(exact) = 1 AS exact${kinds} WITH node AS n${n}, score, exact ORDER BY exact DESC, score DESC, n${n}.id LIMIT $p${plan.limit} RETURN ${entityProjection(vars, n, plan.node)} AS v, coalesce(n${n}.searchNames, []) AS searchNames, score, exact`;
    }
    case 'mostConnected': {
      // MostConnectedRepository's ranking: the degree index walked from the top, ties by id.
      const n = vars.next();
      const kind = plan.kind === null ? '' : ` AND n${n}.kind = $p${plan.kind}`;
      return `MATCH (n${n}:Entity) WHERE n${n}.degree IS NOT NULL${kind} WITH n${n} ORDER BY n${n}.degree DESC, n${n}.id LIMIT $p${plan.first} RETURN ${entityProjection(vars, n, plan.node)} AS v, n${n}.degree AS degree ORDER BY degree DESC, n${n}.id`;
    }
    case 'commonNeighbors': {
      // TraversalRepository.commonNeighbors' definition (commonNeighborsMatch), the selection projected.
      const x = vars.next();
      const kinds = plan.kinds === null ? null : paramRef(plan.kinds);
      const at = plan.at === null ? null : paramRef(plan.at);
      return `${commonNeighborsMatch(nodeVar(x), paramRef(plan.ids), kinds, at, paramRef(plan.status))} RETURN ${entityProjection(vars, x, plan.node)} AS v ORDER BY n${x}.id`;
    }
    case 'timeline': {
      // TimelineRepository's page (timelineEvents and timelinePageOf), the selection projected.
      const filters = [ref(plan.entityIds), ref(plan.topicIds), ref(plan.from), ref(plan.to), paramRef(plan.status)] as const;
      const e = vars.next();
      const total = plan.total ? `COUNT { ${timelineEvents(nodeVar(e), ...filters)} RETURN n${e} }` : '0';
      const n = vars.next();
      const items =
        plan.items === null
          ? '[]'
          : `COLLECT { ${timelineEvents(nodeVar(n), ...filters)}${timelinePageOf(nodeVar(n), ref(plan.afterDate), ref(plan.afterId), paramRef(plan.limit))} RETURN ${entityProjection(vars, n, plan.items)} }`;
      return `RETURN ${total} AS t, ${items} AS i`;
    }
    case 'neighborhood': {
      // TraversalRepository's search: `nodes` (start first), `rels` among them, `truncated`.
      const search = TraversalRepository.neighborhoodSearch(plan.depth, { types: plan.types, direction: plan.direction });
      return `${search} RETURN ${entityList(vars, 'nodes', plan.node)} AS nodes, ${relationshipList(vars, 'rels', plan.rel)} AS rels, truncated`;
    }
    case 'shortestPath':
    case 'paths':
      return pathStatement(vars, plan);
    default:
      throw new Error('Unknown root plan');
  }
}
