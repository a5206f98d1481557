import { FactStatus, statusesOf } from '../../src/domain/event-type';
import { GraphQLSchema } from 'graphql';

import { EntityKind } from '../../src/domain/entity-kind';
import { Direction } from '../../src/domain/records';
import { RelationshipType } from '../../src/domain/relationship-type';
import { rootFields } from '../../src/planner/document';
import { CompiledRead, RootArgs, StatementCompiler } from '../../src/planner/planner';
import { searchCandidates } from '../../src/repositories/entity.repository';
import { decodeCursor, toLuceneQuery } from '../../src/services/entity.service';
import { searchKey } from '../../src/services/search-text';
import { typeOfRelationshipId } from '../../src/services/ids';

const KIND_ROOTS: Record<string, EntityKind> = {
  person: EntityKind.PERSON,
  country: EntityKind.COUNTRY,
  organization: EntityKind.ORGANIZATION,
  place: EntityKind.PLACE,
  event: EntityKind.EVENT,
  topic: EntityKind.TOPIC,
};

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const int = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/** A root field's arguments as the resolvers hand them to the planner (after the service checks). */
export function rootArgs(name: string, args: Record<string, unknown>): RootArgs {
  if (name === 'entity') return { root: 'entity', id: String(args.id), kind: null };
  if (name === 'country' && typeof args.isoCode === 'string') return { root: 'countryByIsoCode', isoCode: args.isoCode.toUpperCase() };
  if (Object.hasOwn(KIND_ROOTS, name)) return { root: 'entity', id: String(args.id), kind: KIND_ROOTS[name] };
  if (name === 'entities') {
    const nameContains = str(args.nameContains)?.trim() ?? '';
    return {
      root: 'entities',
      kind: (str(args.kind) as EntityKind | null) ?? null,
      nameContains: nameContains === '' ? null : nameContains,
      first: int(args.first, 20),
      after: decodeCursor(str(args.after)),
    };
  }
  if (name === 'source') return { root: 'source', id: String(args.id) };
  if (name === 'sources') return { root: 'sources', first: int(args.first, 20), after: decodeCursor(str(args.after)) };
  if (name === 'relationship') {
    const type = typeOfRelationshipId(String(args.id));
    if (type === undefined) throw new Error(`Not a relationship id: ${String(args.id)}`);
    return { root: 'relationship', id: String(args.id), type };
  }
  if (name === 'relationshipsBetween')
    return {
      root: 'relationshipsBetween',
      a: String(args.a),
      b: String(args.b),
      at: str(args.at),
      status: statusesOf(Array.isArray(args.status) ? (args.status as FactStatus[]) : null),
    };
  if (name === 'search') {
    const text = String(args.text);
    const limit = Math.max(int(args.first, 10) * 3, 30);
    const key = searchKey(text);
    const kinds = Array.isArray(args.kinds) && args.kinds.length > 0 ? (args.kinds as EntityKind[]) : null;
    return { root: 'search', query: toLuceneQuery(text), key: key === '' ? null : key, kinds, limit, candidates: searchCandidates(limit) };
  }
  if (name === 'mostConnected')
    return { root: 'mostConnected', kind: (str(args.kind) as EntityKind | null) ?? null, first: int(args.first, 10) };
  if (name === 'commonNeighbors') {
    const kinds = Array.isArray(args.kinds) && args.kinds.length > 0 ? [...new Set(args.kinds as EntityKind[])] : null;
    const status = statusesOf(Array.isArray(args.status) ? (args.status as FactStatus[]) : null);
    return { root: 'commonNeighbors', ids: [...new Set((args.ids as unknown[]).map(String))], kinds, at: str(args.at), status };
  }
  if (name === 'timeline') {
    const list = (value: unknown): string[] | null => (Array.isArray(value) && value.length > 0 ? value.map(String) : null);
    const after = decodeCursor(str(args.after));
    const [date, id] = after === null ? [] : after.split('|');
    return {
      root: 'timeline',
      entityIds: list(args.entityIds),
      topicIds: list(args.topicIds),
      from: str(args.from),
      to: str(args.to),
      first: int(args.first, 50),
      after: date !== undefined && id !== undefined ? { date, id } : null,
      status: statusesOf(Array.isArray(args.status) ? (args.status as FactStatus[]) : null),
    };
  }
  const kindsOf = (value: unknown): EntityKind[] | null =>
    Array.isArray(value) && value.length > 0 ? [...new Set(value as EntityKind[])] : null;
  const typesOf = (value: unknown): RelationshipType[] | null =>
    Array.isArray(value) && value.length > 0 ? [...new Set(value as RelationshipType[])] : null;
  const statusOf = (value: unknown): FactStatus[] | null => (Array.isArray(value) ? (value as FactStatus[]) : null);
  if (name === 'neighborhood')
    return {
      root: 'neighborhood',
      id: String(args.id),
      depth: int(args.depth, 1),
      limit: int(args.limit, 100),
      filter: {
        types: typesOf(args.types),
        kinds: kindsOf(args.kinds),
        direction: (str(args.direction) as Direction | null) ?? Direction.BOTH,
        at: str(args.at),
        status: statusOf(args.status),
      },
    };
  if (name === 'shortestPath' || name === 'paths') {
    const path = {
      from: String(args.from),
      to: String(args.to),
      maxDepth: int(args.maxDepth, name === 'paths' ? 4 : 6),
      first: name === 'paths' ? int(args.first, 10) : 1,
      filter: { types: typesOf(args.types), kinds: kindsOf(args.kinds), at: str(args.at), status: statusOf(args.status) },
    };
    return name === 'paths' ? { root: 'paths', ...path } : { root: 'shortestPath', ...path };
  }
  throw new Error(`The planner does not compile Query.${name}`);
}

/** The statement of each root field of a query document, as the server would send it. */
export function compileDocument(
  compiler: StatementCompiler,
  schema: GraphQLSchema,
  query: string,
  variables: Record<string, unknown> = {},
): CompiledRead[] {
  return rootFields(schema, query, variables).map((field) => compiler.compileRoot(field.info, rootArgs(field.name, field.args)));
}
