import { FactStatus } from '../domain/event-type';
import { FieldNode, GraphQLResolveInfo } from 'graphql';

import { isMemoryLimitError } from '../db/error-mapping';
import { Plain, Row, toInt } from '../db/plain';
import { ENTITY_KINDS, EntityKind } from '../domain/entity-kind';
import { EntityRecord, Page, RelationshipRecord, SourceRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { ScoredEntity } from '../repositories/entity.repository';
import { TimelineQuery } from '../repositories/timeline.repository';
import { PlannedReadRepository, PlannedStatement } from '../repositories/planned-read.repository';
import { Analyzer, Parameters } from './analyze';
import { Decoder, plainList } from './decode';
import { kindsParam, PathRecord, SubgraphRecord, TraversalRepository } from '../repositories/traversal.repository';
import { NeighborhoodQuery, PathQuery } from '../services/traversal.service';
import { EntityPlan, EntityProperty, PathSearchPlan, PlannedStore, RootPlan } from './plan';
import { renderStatement } from './render';
import { StatementCache } from './statement-cache';

export type PlanInfo = Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues' | 'fieldNodes'>;

/** A compiled root field: the statement, its parameters, and the tree its answer is decoded with. */
export interface CompiledRead extends PlannedStatement {
  plan: RootPlan;
  values: readonly unknown[];
  /** The cache key: the plan tree without values. */
  key: string;
}

/** Plans and renders statements, with the bounded cache of statement texts by shape. */
export class StatementCompiler {
  readonly cache = new StatementCache(1000);

  /** Turns a plan tree and its parameter values into a statement, the text from the cache when the shape was seen before. */
  compile(plan: RootPlan, parameters: Parameters): CompiledRead {
    const key = JSON.stringify(plan);
    let cypher = this.cache.get(key);
    if (cypher === undefined) {
      cypher = renderStatement(plan);
      this.cache.set(key, cypher);
    }
    const params: Record<string, unknown> = { ...parameters.named };
    parameters.values.forEach((value, index) => {
      params[`p${index}`] = parameters.ints.has(index) && typeof value === 'number' ? toInt(value) : value;
    });
    return { cypher, params, operation: `planner.${plan.root}`, plan, values: parameters.values, key };
  }

  /** The statement for a root field, without running it (golden tests, EXPLAIN). */
  compileRoot(info: PlanInfo, root: RootArgs, nested = true): CompiledRead {
    const analyzer = new Analyzer(info, nested);
    return this.compile(planRoot(analyzer, info.fieldNodes, root), analyzer);
  }
}

/**
 * The read planner: each root read field (entity, the kind roots, entities, source, sources,
 * relationship, relationshipsBetween, search, mostConnected, commonNeighbors, timeline, neighborhood,
 * shortestPath, paths) becomes ONE Cypher
 * statement fetching its whole selection,
 * nested lists included; the records it returns carry their nested fields for the resolvers
 * (PlannedStore). Arguments are checked by the caller (the service rules) before they get here.
 */
export class ReadPlanner {
  readonly compiler = new StatementCompiler();

  constructor(private readonly repository: PlannedReadRepository) {}

  /**
   * Compiles and runs a root field. When the statement is over Neo4j's transaction memory limit
   * (a selection of several big nested lists: see fetchOrder in render.ts), it runs again with the
   * scalars only, and every nested field falls back to its resolver: slower, never an error the
   * fallback does not give.
   */
  private async fetch(info: PlanInfo, root: RootArgs): Promise<{ read: CompiledRead; rows: Row[] }> {
    const read = this.compiler.compileRoot(info, root);
    try {
      return { read, rows: await this.repository.run(read) };
    } catch (error) {
      if (!isMemoryLimitError(error)) throw error;
      const shallow = this.compiler.compileRoot(info, root, false);
      return { read: shallow, rows: await this.repository.run(shallow) };
    }
  }

  async entity(info: PlanInfo, store: PlannedStore, id: string, kind: EntityKind | null): Promise<EntityRecord | null> {
    return this.one(info, { root: 'entity', id, kind }, store, (decoder, plan, value) =>
      plan.root === 'entity' ? decoder.entity(value, plan.node) : null,
    );
  }

  async countryByIsoCode(info: PlanInfo, store: PlannedStore, isoCode: string): Promise<EntityRecord | null> {
    return this.one(info, { root: 'countryByIsoCode', isoCode }, store, (decoder, plan, value) =>
      plan.root === 'countryByIsoCode' ? decoder.entity(value, plan.node) : null,
    );
  }

  async entities(
    info: PlanInfo,
    store: PlannedStore,
    args: { kind: EntityKind | null; nameContains: string | null; first: number; after: string | null },
  ): Promise<Page<EntityRecord>> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'entities', ...args });
    return pageOf(decoder, rows, plan.items, args.first, (item, items) => decoder.entity(item, items));
  }

  async source(info: PlanInfo, store: PlannedStore, id: string): Promise<SourceRecord | null> {
    return this.one(info, { root: 'source', id }, store, (decoder, plan, value) =>
      plan.root === 'source' ? decoder.source(value, plan.node) : null,
    );
  }

  async sources(info: PlanInfo, store: PlannedStore, args: { first: number; after: string | null }): Promise<Page<SourceRecord>> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'sources', ...args });
    return pageOf(decoder, rows, plan.items, args.first, (item, items) => decoder.source(item, items));
  }

  async relationship(info: PlanInfo, store: PlannedStore, id: string, type: RelationshipType): Promise<RelationshipRecord | null> {
    return this.one(info, { root: 'relationship', id, type }, store, (decoder, plan, value) =>
      plan.root === 'relationship' ? decoder.relationship(value, plan.node) : null,
    );
  }

  async relationshipsBetween(
    info: PlanInfo,
    store: PlannedStore,
    a: string,
    b: string,
    at: string | null,
    status: FactStatus[],
  ): Promise<RelationshipRecord[]> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'relationshipsBetween', a, b, at, status });
    return rows.map((row) => decoder.relationship(row.v, plan.node));
  }

  /** Fulltext hits with their whole selection, in the shape EntityRepository.search gives (the service re-ranks them). */
  async search(
    info: PlanInfo,
    store: PlannedStore,
    args: { query: string; key: string | null; kinds: EntityKind[] | null; limit: number; candidates: number },
  ): Promise<ScoredEntity[]> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'search', ...args });
    return rows.map((row) => ({
      score: Number(row.score),
      entity: decoder.entity(row.v, plan.node),
      searchNames: plainList(row.searchNames).map(String),
      exact: row.exact === true,
    }));
  }

  /** Entities ranked by degree (MostConnectedRepository's ranking), with the whole selection of `entity`. */
  async mostConnected(
    info: PlanInfo,
    store: PlannedStore,
    args: { kind: EntityKind | null; first: number },
  ): Promise<{ entity: EntityRecord; degree: number }[]> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'mostConnected', ...args });
    return rows.map((row) => ({ entity: decoder.entity(row.v, plan.node), degree: Number(row.degree) }));
  }

  /** Entities adjacent to every one of `ids` (TraversalRepository.commonNeighbors), with their whole selection. */
  async commonNeighbors(
    info: PlanInfo,
    store: PlannedStore,
    args: { ids: string[]; kinds: EntityKind[] | null; at: string | null; status: FactStatus[] },
  ): Promise<EntityRecord[]> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'commonNeighbors', ...args });
    return rows.map((row) => decoder.entity(row.v, plan.node));
  }

  /** Events in time order (TimelineRepository's page), with the whole selection of each event. */
  async timeline(
    info: PlanInfo,
    store: PlannedStore,
    args: Omit<TimelineQuery, 'status'> & { status: FactStatus[] },
  ): Promise<Page<EntityRecord>> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'timeline', ...args });
    return pageOf(decoder, rows, plan.items, args.first, (item, items) => decoder.entity(item, items));
  }

  /** The entities within `depth` hops and the edges among them (TraversalRepository.neighborhood), with the whole selection. */
  async neighborhood(info: PlanInfo, store: PlannedStore, args: NeighborhoodQuery): Promise<SubgraphRecord | null> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'neighborhood', ...args });
    if (rows.length === 0) return null;
    return {
      nodes: plainList(rows[0].nodes).map((node) => decoder.entity(node, plan.node)),
      edges: plainList(rows[0].rels).map((rel) => decoder.relationship(rel, plan.rel)),
      truncated: rows[0].truncated === true,
    };
  }

  /** The shortest path (TraversalRepository.shortestPath; a path of length 0 from an entity to itself), with the whole selection. */
  async shortestPath(info: PlanInfo, store: PlannedStore, args: PathQuery): Promise<PathRecord | null> {
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'shortestPath', ...args });
    return rows.length === 0 ? null : decodePath(decoder, rows[0], plan);
  }

  /** Up to `first` simple paths (TraversalRepository.paths), with the whole selection; none from an entity to itself. */
  async paths(info: PlanInfo, store: PlannedStore, args: PathQuery): Promise<PathRecord[]> {
    if (args.from === args.to) return [];
    const { plan, rows, decoder } = await this.planned(info, store, { root: 'paths', ...args });
    return rows.map((row) => decodePath(decoder, row, plan));
  }

  /** Compiles and runs a root field: its rows, its plan (checked to be of that root) and their decoder. */
  private async planned<A extends RootArgs>(
    info: PlanInfo,
    store: PlannedStore,
    root: A,
  ): Promise<{ plan: Extract<RootPlan, { root: A['root'] }>; rows: Row[]; decoder: Decoder }> {
    const { read, rows } = await this.fetch(info, root);
    if (read.plan.root !== root.root) throw new Error('Planned the wrong root');
    return { plan: read.plan as Extract<RootPlan, { root: A['root'] }>, rows, decoder: new Decoder(store, read.values) };
  }

  private async one<T>(
    info: PlanInfo,
    root: RootArgs,
    store: PlannedStore,
    decode: (decoder: Decoder, plan: RootPlan, value: Plain) => T | null,
  ): Promise<T | null> {
    const { read, rows } = await this.fetch(info, root);
    if (rows.length === 0) return null;
    return decode(new Decoder(store, read.values), read.plan, rows[0].v);
  }
}

/** A path of a traversal statement (columns `nodes` and `rels`), its evidence sources fetched per response key. */
function decodePath(decoder: Decoder, row: Row, plan: PathSearchPlan): PathRecord {
  return {
    nodes: plainList(row.nodes).map((node) => decoder.entity(node, plan.node)),
    relationships: plainList(row.rels).map((rel) => decoder.relationship(rel, plan.rel)),
    sources: [],
  };
}

/** A page statement's answer (columns `t` and `i`) as a page of `first`, its items decoded against their plan (none when not asked). */
function pageOf<P, T>(decoder: Decoder, rows: Row[], items: P | null, first: number, decode: (item: Plain, items: P) => T): Page<T> {
  const found = items === null ? [] : plainList(rows[0]?.i).map((item) => decode(item, items));
  return decoder.page(found, first, Number(rows[0]?.t ?? 0));
}

/** A root field with its checked arguments. */
export type RootArgs =
  | { root: 'entity'; id: string; kind: EntityKind | null }
  | { root: 'countryByIsoCode'; isoCode: string }
  | { root: 'entities'; kind: EntityKind | null; nameContains: string | null; first: number; after: string | null }
  | { root: 'source'; id: string }
  | { root: 'sources'; first: number; after: string | null }
  | { root: 'relationship'; id: string; type: RelationshipType }
  | { root: 'relationshipsBetween'; a: string; b: string; at: string | null; status: FactStatus[] }
  | { root: 'search'; query: string; key: string | null; kinds: EntityKind[] | null; limit: number; candidates: number }
  | { root: 'mostConnected'; kind: EntityKind | null; first: number }
  | { root: 'commonNeighbors'; ids: string[]; kinds: EntityKind[] | null; at: string | null; status: FactStatus[] }
  | ({ root: 'timeline'; status: FactStatus[] } & Omit<TimelineQuery, 'status'>)
  | ({ root: 'neighborhood' } & NeighborhoodQuery)
  | ({ root: 'shortestPath' } & PathQuery)
  | ({ root: 'paths' } & PathQuery);

/** The field nodes named `name` (under every response key) in the selections of `nodes`, objects of type `typeName`. */
function fieldsNamed(analyzer: Analyzer, typeName: string, nodes: readonly FieldNode[], name: string): FieldNode[] {
  const sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  return [...analyzer.collect(typeName, sets).values()].flat().filter((node) => node.name.value === name);
}

/** The entity and relationship selections under Subgraph fields: of `nodes { entity }` and of `edges { relationship }`. */
function subgraphSelections(analyzer: Analyzer, subgraphs: readonly FieldNode[]): { nodes: FieldNode[]; rels: FieldNode[] } {
  return {
    nodes: fieldsNamed(analyzer, 'GraphNode', fieldsNamed(analyzer, 'Subgraph', subgraphs, 'nodes'), 'entity'),
    rels: fieldsNamed(analyzer, 'GraphEdge', fieldsNamed(analyzer, 'Subgraph', subgraphs, 'edges'), 'relationship'),
  };
}

/** `plan` projecting `props` too (kept sorted, so the statement text stays a function of the shape). */
function withProps<P extends { props: EntityProperty[] }>(plan: P, props: readonly EntityProperty[]): P {
  for (const prop of props) if (!plan.props.includes(prop)) plan.props.push(prop);
  plan.props.sort();
  return plan;
}

/** A traversal's node plan, merged from every place a node's entity is selected; a GraphNode's label is its name. */
function traversalNode(analyzer: Analyzer, nodes: readonly FieldNode[]): EntityPlan {
  return withProps(analyzer.entity(nodes, ENTITY_KINDS), ['name']);
}

function pathPlan(analyzer: Analyzer, nodes: readonly FieldNode[], root: PathQuery, limited: boolean): PathSearchPlan {
  analyzer.named = TraversalRepository.pathParams(root.from, root.to, root.filter, limited ? root.first : undefined);
  const subgraph = subgraphSelections(analyzer, fieldsNamed(analyzer, 'Path', nodes, 'subgraph'));
  return {
    self: root.from === root.to,
    maxDepth: root.maxDepth,
    first: root.first,
    types: root.filter.types ?? null,
    byKind: kindsParam(root.filter.kinds) !== null,
    node: traversalNode(analyzer, [...fieldsNamed(analyzer, 'Path', nodes, 'nodes'), ...subgraph.nodes]),
    rel: analyzer.relationship([...fieldsNamed(analyzer, 'Path', nodes, 'relationships'), ...subgraph.rels]),
  };
}

/** The plan of a root field from its field nodes (all of one response key) and checked arguments. */
export function planRoot(analyzer: Analyzer, nodes: readonly FieldNode[], root: RootArgs): RootPlan {
  switch (root.root) {
    case 'entity':
      return {
        root: 'entity',
        id: analyzer.param(root.id),
        kind: root.kind,
        node: analyzer.entity(nodes, root.kind === null ? ENTITY_KINDS : [root.kind]),
      };
    case 'countryByIsoCode':
      return { root: 'countryByIsoCode', isoCode: analyzer.param(root.isoCode), node: analyzer.entity(nodes, [EntityKind.COUNTRY]) };
    case 'entities': {
      const connection = analyzer.connection('EntityConnection', 'EntityEdge', nodes);
      return {
        root: 'entities',
        kind: root.kind,
        name: analyzer.filter(root.nameContains),
        after: analyzer.filter(root.after),
        limit: analyzer.intParam(root.first + 1),
        total: connection.total,
        items: connection.items ? analyzer.entity(connection.nodes, root.kind === null ? ENTITY_KINDS : [root.kind]) : null,
      };
    }
    case 'source':
      return { root: 'source', id: analyzer.param(root.id), node: analyzer.source(nodes) };
    case 'sources': {
      const connection = analyzer.connection('SourceConnection', 'SourceEdge', nodes);
      return {
        root: 'sources',
        after: analyzer.filter(root.after),
        limit: analyzer.intParam(root.first + 1),
        total: connection.total,
        items: connection.items ? analyzer.source(connection.nodes) : null,
      };
    }
    case 'relationship':
      return { root: 'relationship', type: root.type, id: analyzer.param(root.id), node: analyzer.relationship(nodes) };
    case 'relationshipsBetween':
      return {
        root: 'relationshipsBetween',
        a: analyzer.param(root.a),
        b: analyzer.param(root.b),
        at: analyzer.filter(root.at),
        status: analyzer.filter(root.status),
        node: analyzer.relationship(nodes),
      };
    case 'search': {
      // The re-ranking reads every hit's name and aliases.
      const node = withProps(analyzer.entity(fieldsNamed(analyzer, 'SearchHit', nodes, 'entity'), ENTITY_KINDS), ['name', 'aliases']);
      return {
        root: 'search',
        query: analyzer.param(root.query),
        key: analyzer.filter(root.key),
        kinds: analyzer.filter(root.kinds),
        limit: analyzer.intParam(root.limit),
        candidates: analyzer.intParam(root.candidates),
        node,
      };
    }
    case 'mostConnected':
      return {
        root: 'mostConnected',
        kind: analyzer.filter(root.kind),
        first: analyzer.intParam(root.first),
        node: analyzer.entity(fieldsNamed(analyzer, 'EntityDegree', nodes, 'entity'), root.kind === null ? ENTITY_KINDS : [root.kind]),
      };
    case 'commonNeighbors':
      return {
        root: 'commonNeighbors',
        ids: analyzer.param(root.ids),
        kinds: analyzer.filter(root.kinds),
        at: analyzer.filter(root.at),
        status: analyzer.param(root.status),
        node: analyzer.entity(nodes, root.kinds ?? ENTITY_KINDS),
      };
    case 'timeline': {
      const connection = analyzer.connection('EventConnection', 'EventEdge', nodes);
      const items = connection.items ? analyzer.entity(connection.nodes, [EntityKind.EVENT]) : null;
      // The cursors are keyset positions: start date and id.
      if (items !== null) withProps(items, ['startDate']);
      return {
        root: 'timeline',
        entityIds: analyzer.filter(root.entityIds),
        topicIds: analyzer.filter(root.topicIds),
        from: analyzer.filter(root.from),
        to: analyzer.filter(root.to),
        afterDate: analyzer.filter(root.after?.date ?? null),
        afterId: analyzer.filter(root.after?.id ?? null),
        status: analyzer.param(root.status),
        limit: analyzer.intParam(root.first + 1),
        total: connection.total,
        items,
      };
    }
    case 'neighborhood': {
      analyzer.named = TraversalRepository.neighborhoodParams(root.id, root.filter, root.limit);
      const subgraph = subgraphSelections(analyzer, nodes);
      return {
        root: 'neighborhood',
        depth: root.depth,
        types: root.filter.types ?? null,
        direction: root.filter.direction,
        node: traversalNode(analyzer, subgraph.nodes),
        rel: analyzer.relationship(subgraph.rels),
      };
    }
    case 'shortestPath':
      return { root: 'shortestPath', ...pathPlan(analyzer, nodes, root, false) };
    case 'paths':
      return { root: 'paths', ...pathPlan(analyzer, nodes, root, true) };
    default:
      throw new Error('Unknown root field');
  }
}
