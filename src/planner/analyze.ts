import {
  FieldNode,
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLResolveInfo,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';

import { ENTITY_KINDS, EntityKind, KIND_LABEL } from '../domain/entity-kind';
import { FactStatus, statusesOf } from '../domain/event-type';
import { Direction } from '../domain/records';
import { RELATIONSHIP_TYPES } from '../domain/relationship-type';
import { BadUserInputError } from '../errors/api-errors';
import { checkFirst, decodeCursor } from '../services/entity.service';
import {
  ENTITY_PROPERTY,
  EntityFieldEntry,
  EntityFieldPlan,
  EntityPlan,
  EntityProperty,
  lookup,
  Param,
  RELATIONSHIP_PROPERTY,
  RelationshipPlan,
  RelationshipProperty,
  SOURCE_PROPERTY,
  SourcePlan,
  SourceProperty,
} from './plan';
import { typedField } from './typed-fields.table';

/** Upper bound of the typed one-hop lists (Person.leaderOf, Event.participants, ...); the resolvers' fallback uses the same. */
export const TYPED_LIST_LIMIT = 1000;

const ENTITY_TYPE_NAMES = new Set<string>(Object.values(KIND_LABEL));

/** The fields of the Entity interface the planner compiles (the same for every kind). */
const INTERFACE_FIELDS = new Set(['degree', 'relationships', 'neighbors', 'mentionedIn']);

const selectionSets = (nodes: readonly FieldNode[]): SelectionSetNode[] =>
  nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

function enumList<T extends string>(value: unknown, allowed: readonly T[]): T[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) throw new Error('Expected a list');
  return value.map((item) => {
    const found = allowed.find((candidate) => candidate === item);
    if (found === undefined) throw new Error(`Unexpected enum value ${String(item)}`);
    return found;
  });
}

const optionalString = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const optionalInt = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
const FACT_STATUSES: readonly FactStatus[] = Object.values(FactStatus);

const direction = (value: unknown): Direction => enumList([value ?? Direction.BOTH], Object.values(Direction))?.[0] ?? Direction.BOTH;

/** What analysing a root field gives: the value-free tree and the values of its parameters. */
export interface Parameters {
  values: unknown[];
  /** Parameters that Cypher needs as integers (LIMIT). */
  ints: Set<number>;
  /**
   * Named parameters of a search the planner reuses whole (TraversalRepository's), passed beside
   * the `$p<index>` ones; the statement text never depends on their values.
   */
  named: Record<string, unknown>;
}

/**
 * Walks a root field's selection set (fragments, inline fragments per kind, aliases, @skip and
 * @include, variables) into a plan tree. A nested field it cannot compile, or whose arguments the
 * API refuses, is left out of the tree: its resolver then falls back to the DataLoaders, which
 * report the same errors at the same path as without the planner.
 */
export class Analyzer implements Parameters {
  readonly values: unknown[] = [];
  readonly ints = new Set<number>();
  named: Record<string, unknown> = {};
  private keys = 0;
  private readonly nodeIds = new WeakMap<FieldNode, number>();
  private nodeCount = 0;

  /**
   * @param nested false plans the scalars only: every nested field is then left to its resolver
   * (what the planner falls back to when the whole selection is over Neo4j's memory limit).
   */
  constructor(
    private readonly info: Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues'>,
    private readonly nested = true,
  ) {}

  param(value: unknown): Param {
    this.values.push(value === undefined ? null : value);
    return this.values.length - 1;
  }

  /**
   * A filter's parameter, or null when the filter is not given: an absent filter is left out of the
   * statement text (its presence is part of the shape; its value never is).
   */
  filter(value: unknown): Param | null {
    return value === null || value === undefined ? null : this.param(value);
  }

  intParam(value: number): Param {
    const index = this.param(value);
    this.ints.add(index);
    return index;
  }

  private nextKey(): number {
    return this.keys++;
  }

  private nodeId(node: FieldNode): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = ++this.nodeCount;
      this.nodeIds.set(node, id);
    }
    return id;
  }

  /** The coerced arguments of `typeName.field` at `node` (defaults applied, variables resolved). */
  args(typeName: string, node: FieldNode): Record<string, unknown> {
    const type = this.info.schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    const field = type.getFields()[node.name.value];
    if (field === undefined) throw new Error(`${typeName}.${node.name.value} is not a field`);
    return getArgumentValues(field, node, this.info.variableValues);
  }

  private included(selection: SelectionNode): boolean {
    const skip = getDirectiveValues(GraphQLSkipDirective, selection, this.info.variableValues);
    if (skip?.if === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, selection, this.info.variableValues);
    return include?.if !== false;
  }

  /** The fields selected on an object of type `typeName`, by response key, as graphql-js collects them. */
  collect(typeName: string, sets: readonly SelectionSetNode[], out = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
    const applies = (condition: string | undefined): boolean =>
      condition === undefined || condition === typeName || (condition === 'Entity' && ENTITY_TYPE_NAMES.has(typeName));
    for (const set of sets) {
      for (const selection of set.selections) {
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          out.set(key, [...(out.get(key) ?? []), selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (applies(selection.typeCondition?.name.value)) this.collect(typeName, [selection.selectionSet], out);
        } else {
          const fragment = this.info.fragments[selection.name.value];
          if (fragment && applies(fragment.typeCondition.name.value)) this.collect(typeName, [fragment.selectionSet], out);
        }
      }
    }
    return out;
  }

  /** An entity selection (`nodes`: the fields whose selection sets apply) for nodes of the given possible kinds. */
  entity(nodes: readonly FieldNode[], kinds: readonly EntityKind[]): EntityPlan {
    const props = new Set<EntityProperty>(['id', 'kind']);
    const groups = new Map<string, { responseKey: string; typeName: string; name: string; nodes: FieldNode[]; kinds: EntityKind[] }>();
    for (const kind of kinds) {
      const typeName = KIND_LABEL[kind];
      for (const [responseKey, fieldNodes] of this.collect(typeName, selectionSets(nodes))) {
        const names = new Set(fieldNodes.map((node) => node.name.value));
        for (const name of names) {
          const prop = lookup(ENTITY_PROPERTY, name);
          if (prop !== undefined) props.add(prop);
        }
        const name = fieldNodes[0].name.value;
        if (!this.nested || names.size !== 1 || name === '__typename' || lookup(ENTITY_PROPERTY, name) !== undefined) continue;
        const owner = INTERFACE_FIELDS.has(name) ? 'Entity' : typeName;
        const signature = `${responseKey}\u0000${owner}.${name}\u0000${fieldNodes.map((node) => this.nodeId(node)).join(',')}`;
        const group = groups.get(signature) ?? { responseKey, typeName, name, nodes: fieldNodes, kinds: [] };
        group.kinds.push(kind);
        groups.set(signature, group);
      }
    }
    const fields: EntityFieldEntry[] = [];
    for (const group of groups.values()) {
      const plan = this.attempt(() => this.entityField(group.typeName, group.name, group.nodes));
      if (plan === undefined) continue;
      fields.push({
        key: this.nextKey(),
        responseKey: group.responseKey,
        kinds: group.kinds.length === kinds.length ? null : group.kinds,
        plan,
      });
    }
    return { props: [...props].sort(), fields };
  }

  /** Runs one field's analysis; a refusal (bad arguments) or anything not compiled leaves the field to its resolver. */
  private attempt<T>(analyse: () => T | undefined): T | undefined {
    const mark = { values: this.values.length };
    try {
      return analyse();
    } catch {
      this.values.length = mark.values;
      for (const index of [...this.ints]) if (index >= mark.values) this.ints.delete(index);
      return undefined;
    }
  }

  /** All the nodes passed must agree on their arguments (aliases of one response key always do). */
  private sameArgs(typeName: string, nodes: readonly FieldNode[]): Record<string, unknown> {
    const all = nodes.map((node) => this.args(typeName, node));
    const first = JSON.stringify(all[0]);
    if (all.some((args) => JSON.stringify(args) !== first)) throw new Error('Differing arguments under one response key');
    return all[0];
  }

  private entityField(typeName: string, name: string, nodes: FieldNode[]): EntityFieldPlan | undefined {
    const args = this.sameArgs(typeName, nodes);
    switch (name) {
      case 'degree':
        return { f: 'degree' };
      case 'relationships':
        return this.relationships(args, nodes);
      case 'neighbors': {
        const types = enumList(args.types, RELATIONSHIP_TYPES);
        const limit = checkFirst(optionalInt(args.first, 50), 500);
        const kinds = enumList(args.kinds, ENTITY_KINDS);
        return {
          f: 'hop',
          types: types && types.length > 0 ? [...new Set(types)].sort() : [...RELATIONSHIP_TYPES],
          direction: direction(args.direction),
          kinds: this.filter(kinds && kinds.length > 0 ? kinds : null),
          at: this.filter(optionalString(args.at)),
          status: this.filter(statusesOf(enumList(args.status, FACT_STATUSES))),
          from: this.filter(null),
          to: this.filter(null),
          limit: this.intParam(limit),
          one: false,
          placeFirst: false,
          node: this.entity(nodes, ENTITY_KINDS),
        };
      }
      case 'mentionedIn': {
        const limit = checkFirst(optionalInt(args.first, 20), 500);
        return { f: 'mentionedIn', limit: this.intParam(limit), node: this.source(nodes) };
      }
      default:
        return this.typed(typeName, name, args, nodes);
    }
  }

  private typed(typeName: string, name: string, args: Record<string, unknown>, nodes: FieldNode[]): EntityFieldPlan | undefined {
    const entry = typedField(typeName, name);
    if (entry === undefined) return undefined;
    const targetKinds = entry.kinds ?? ENTITY_KINDS;
    const status = this.filter(statusesOf(enumList(args.status, FACT_STATUSES)));
    if (entry.shape === 'enclosingCountry') return { f: 'enclosingCountry', status, node: this.entity(nodes, targetKinds) };
    const from = entry.args === 'window' ? optionalString(args.from) : null;
    const to = entry.args === 'window' ? optionalString(args.to) : null;
    if (from && to && to < from) throw new BadUserInputError('to must not be before from.', 'to');
    const askedKinds = entry.args === 'kinds' ? enumList(args.kinds, ENTITY_KINDS) : null;
    const kinds = entry.args === 'kinds' ? (askedKinds && askedKinds.length > 0 ? askedKinds : null) : entry.kinds;
    return {
      f: 'hop',
      types: [...entry.types],
      direction: entry.direction,
      kinds: this.filter(kinds),
      at: this.filter(entry.args === 'at' ? optionalString(args.at) : null),
      status,
      from: this.filter(from),
      to: this.filter(to),
      limit: this.intParam(entry.one ? 1 : TYPED_LIST_LIMIT),
      one: entry.one,
      placeFirst: entry.placeFirst === true,
      node: this.entity(nodes, kinds ?? targetKinds),
    };
  }

  private relationships(args: Record<string, unknown>, nodes: FieldNode[]): EntityFieldPlan {
    const types = enumList(args.types, RELATIONSHIP_TYPES);
    const first = checkFirst(optionalInt(args.first, 50), 500);
    const after = decodeCursor(optionalString(args.after));
    const connection = this.connection('RelationshipConnection', 'RelationshipEdge', nodes);
    return {
      f: 'relationships',
      types: types && types.length > 0 ? [...new Set(types)].sort() : null,
      direction: direction(args.direction),
      at: this.filter(optionalString(args.at)),
      status: this.filter(statusesOf(enumList(args.status, FACT_STATUSES))),
      after: this.filter(after),
      limit: this.intParam(first + 1),
      total: connection.total,
      items: connection.items ? this.relationship(connection.nodes) : null,
    };
  }

  /** What a connection's selection asks for: the total, the items (for edges or pageInfo), and the `node` fields. */
  connection(
    connectionType: string,
    edgeType: string,
    nodes: readonly FieldNode[],
  ): { total: boolean; items: boolean; nodes: FieldNode[] } {
    let total = false;
    let items = false;
    const edges: FieldNode[] = [];
    for (const fieldNodes of this.collect(connectionType, selectionSets(nodes)).values()) {
      for (const node of fieldNodes) {
        if (node.name.value === 'totalCount') total = true;
        if (node.name.value === 'pageInfo') items = true;
        if (node.name.value === 'edges') {
          items = true;
          edges.push(node);
        }
      }
    }
    const nodeFields = [...this.collect(edgeType, selectionSets(edges)).values()].flat().filter((node) => node.name.value === 'node');
    return { total, items, nodes: nodeFields };
  }

  relationship(nodes: readonly FieldNode[]): RelationshipPlan {
    const props = new Set<RelationshipProperty>(['id']);
    const ends: RelationshipPlan['ends'] = [];
    const evidence: FieldNode[] = [];
    for (const [responseKey, fieldNodes] of this.collect('Relationship', selectionSets(nodes))) {
      const names = new Set(fieldNodes.map((node) => node.name.value));
      for (const name of names) for (const prop of lookup(RELATIONSHIP_PROPERTY, name) ?? []) props.add(prop);
      if (!this.nested || names.size !== 1) continue;
      const name = fieldNodes[0].name.value;
      if (name === 'evidence') evidence.push(...fieldNodes);
      if (name === 'from' || name === 'to')
        ends.push({ key: this.nextKey(), responseKey, end: name, node: this.entity(fieldNodes, ENTITY_KINDS) });
    }
    const evidenceSources: RelationshipPlan['evidenceSources'] = [];
    for (const [responseKey, fieldNodes] of this.collect('Evidence', selectionSets(evidence))) {
      const names = new Set(fieldNodes.map((node) => node.name.value));
      if (names.size === 1 && names.has('source'))
        evidenceSources.push({ key: this.nextKey(), responseKey, node: this.source(fieldNodes) });
    }
    return { props: [...props].sort(), ends, evidenceSources };
  }

  source(nodes: readonly FieldNode[]): SourcePlan {
    const props = new Set<SourceProperty>(['id']);
    const mentions: SourcePlan['mentions'] = [];
    const spans: SourcePlan['spans'] = [];
    for (const [responseKey, fieldNodes] of this.collect('Source', selectionSets(nodes))) {
      const names = new Set(fieldNodes.map((node) => node.name.value));
      for (const name of names) {
        const prop = lookup(SOURCE_PROPERTY, name);
        if (prop !== undefined) props.add(prop);
      }
      if (!this.nested || names.size !== 1) continue;
      if (names.has('mentions')) mentions.push({ key: this.nextKey(), responseKey, node: this.entity(fieldNodes, ENTITY_KINDS) });
      if (names.has('mentionSpans')) {
        const entities: SourcePlan['spans'][number]['entities'] = [];
        for (const [spanKey, spanNodes] of this.collect('Mention', selectionSets(fieldNodes))) {
          const spanNames = new Set(spanNodes.map((node) => node.name.value));
          // A span's text is sliced from the source's text (UTF-16 offsets, as the fallback slices it).
          if (spanNames.has('text')) props.add(SOURCE_PROPERTY.text);
          if (spanNames.size === 1 && spanNames.has('entity'))
            entities.push({ key: this.nextKey(), responseKey: spanKey, node: this.entity(spanNodes, ENTITY_KINDS) });
        }
        spans.push({ key: this.nextKey(), responseKey, entities });
      }
    }
    return { props: [...props].sort(), mentions, spans };
  }
}

export { selectionSets };
