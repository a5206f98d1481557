import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLOutputType,
  GraphQLSchema,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

import { Neo4jGateway } from '../../src/db/gateway';
import { RelationshipType } from '../../src/domain/relationship-type';
import { buildNewsGraphSchema } from '../../src/graphql/schema';
import { relationshipId } from '../../src/services/ids';
import { articleSourceId, EngineSource } from '../../src/services/ingest/ingest.service';
import { CompromiseEngine } from '../../src/nlp/compromise-engine';
import { describeItem, diffGraphs, GraphItem, GraphSnapshot, GraphWatcher, snapshotGraph } from '../support/graph-snapshot';
import { createTestServer, GraphQLResult } from '../support/graphql-harness';
import { connectTestGateway, resetAndSeed } from '../support/test-db';

/**
 * An injection sweep through the real schema against the real Neo4j. Every String or ID argument
 * of every Query and Mutation field (and every String/ID field of the input objects they take,
 * recursively), and every String/ID argument of fields below an entity, is found by walking the
 * built schema, so an argument added later is swept without touching this file. Each is fed
 * Cypher-injection payloads in an otherwise valid request, and after each request:
 *
 * (a) a read or a refused write leaves the database exactly as it was (node and relationship
 *     counts and a checksum over every node and relationship with all properties, read by Cypher);
 * (b) an accepted write changed exactly what it should and nothing else;
 * (c) text it stored reads back through GraphQL identical, code unit for code unit;
 * (d) the response is data, or errors with a contract code, never Cypher text, a Neo4j error
 *     code or a stack trace.
 */

type Vars = Record<string, unknown>;
type Segment = string | number;

// ---------------------------------------------------------------------------------------------
// Payloads

const U0060 = '\u0060';

/** Fed to every String and ID position. None starts or ends with white space (text is trimmed). */
const INJECTIONS: readonly string[] = [
  "' OR 1=1 //",
  '" OR 1=1 //',
  "'}) MATCH (n) DETACH DELETE n //",
  '"}) MATCH (n) DETACH DELETE n //',
  "x'}) WITH 1 AS x MATCH (n) DETACH DELETE n RETURN 1 //",
  '`) DETACH DELETE n //',
  `name${U0060}]->() MATCH (n) DETACH DELETE n //`, // the character U+0060 itself
  'name\\u0060]->() MATCH (n) DETACH DELETE n //', // the six characters \u0060, as Cypher would unescape them
  '*/ MATCH (n) DETACH DELETE n /*',
  'a /* block comment */ b',
  'x // line comment',
  '// DETACH DELETE',
  'MATCH (n) DETACH DELETE n',
  '; MATCH (n) DETACH DELETE n',
  "'; CREATE (:Pwned {id: 'pwned'}); //",
  '$id',
  '{id: $id} ${id} $$ $query',
  'nul\u0000byte\u0000inside',
  'bell\u0007 esc\u001b[31m del\u007f vt\u000b ff\u000c end',
  'line1\nline2\r\nline3\ttab\u2028ls\u2029ps',
  '👩🏽‍💻🏳️‍🌈🇰🇵 '.repeat(10).trim(),
  'مرحبا \u202eevil\u202c עברית \u200f\u200e mixed',
  'Z\u0334\u0321\u031ba\u0337\u0353l\u0338\u0316g\u0336\u0318o\u0335\u031d combining'.repeat(3),
  'ñ̃ 日本語 𝕏 👍🏿 '.repeat(12).trim(),
];

/** Lucene query syntax, for the search text on top of the injections. */
const LUCENE: readonly string[] = [
  '*',
  '?',
  '~',
  'north~2',
  'AND OR',
  'OR NOT AND',
  'a && b || !c',
  '[a TO',
  '{a TO b]',
  '"unbalanced',
  '(',
  ')',
  'name:*',
  'name:(korea',
  '\\',
  '+-&&||!(){}[]^"~*?:\\/',
  '/regex.*/',
];

const ALL_PAYLOADS = [...INJECTIONS, ...LUCENE];

/** The payloads each text field must take and store verbatim (quote break-outs, backticks, comments, DETACH DELETE). */
const MUST_STORE: readonly string[] = INJECTIONS.slice(0, 16);

// ---------------------------------------------------------------------------------------------
// The schema walk

interface Position {
  /** Query, Mutation, or the type whose field takes the argument (Person, Entity, ...). */
  owner: string;
  field: string;
  path: Segment[];
  scalar: string;
  key: string;
  label: string;
}

/** The String/ID places inside an argument's type: itself, list items, input fields (recursively). */
function stringPlaces(type: GraphQLInputType, prefix: Segment[], seen: ReadonlySet<string>): { path: Segment[]; scalar: string }[] {
  if (isNonNullType(type)) return stringPlaces(type.ofType, prefix, seen);
  if (isListType(type)) return stringPlaces(type.ofType, [...prefix, 0], seen);
  if (isScalarType(type)) return type.name === 'String' || type.name === 'ID' ? [{ path: prefix, scalar: type.name }] : [];
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return []; // a recursive input type: its fields are swept at the first level
    const inner = new Set([...seen, type.name]);
    return Object.values(type.getFields()).flatMap((field) => stringPlaces(field.type, [...prefix, field.name], inner));
  }
  return [];
}

function positionsOf(owner: string, field: GraphQLField<unknown, unknown>): Position[] {
  return field.args.flatMap((arg: GraphQLArgument) =>
    stringPlaces(arg.type, [arg.name], new Set()).map(({ path, scalar }) => {
      const key = path.join('.');
      return { owner, field: field.name, path, scalar, key, label: `${owner}.${field.name}(${key})` };
    }),
  );
}

function rootFields(schema: GraphQLSchema): { operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  return [
    ...Object.values(query?.getFields() ?? {}).map((field) => ({ operation: 'query' as const, field })),
    ...Object.values(mutation?.getFields() ?? {}).map((field) => ({ operation: 'mutation' as const, field })),
  ];
}

/** Fields below the root (of object and interface types) that take String/ID arguments. */
function nestedFields(schema: GraphQLSchema): { owner: string; field: GraphQLField<unknown, unknown> }[] {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  return Object.values(schema.getTypeMap())
    .filter((type) => (isObjectType(type) || isInterfaceType(type)) && !type.name.startsWith('__') && !roots.has(type.name))
    .flatMap((type) =>
      Object.values((type as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()).map((field) => ({
        owner: type.name,
        field,
      })),
    )
    .filter(({ owner, field }) => positionsOf(owner, field).length > 0);
}

/** `{ __typename <leaf fields> }` for composite types; nothing for leaves. */
function selection(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const leaves = Object.values(named.getFields())
    .filter(
      (field) =>
        isLeafType(getNamedType(field.type)) && field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined),
    )
    .map((field) => field.name);
  return `{ __typename ${leaves.join(' ')} }`;
}

/**
 * A request that invokes one field once per alias (a0, a1, ...), each with its own variables
 * (`$name_i`): one round trip, and one look at the database, for a batch of payloads.
 */
interface Operation {
  document(count: number): string;
  variables(vars: Vars, index: number): Vars;
  /** Alias `index`'s result in the response data. */
  dataOf(data: unknown, index: number): unknown;
}

function invocations(field: GraphQLField<unknown, unknown>, count: number): { defs: string[]; body: string } {
  const defs: string[] = [];
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    defs.push(...field.args.map((arg) => `$${arg.name}_${i}: ${String(arg.type)}`));
    const uses = field.args.map((arg) => `${arg.name}: $${arg.name}_${i}`);
    parts.push(`a${i}: ${field.name}${uses.length > 0 ? `(${uses.join(', ')})` : ''} ${selection(field.type)}`);
  }
  return { defs, body: parts.join('\n') };
}

const suffixed = (vars: Vars, index: number): Vars =>
  Object.fromEntries(Object.entries(vars).map(([name, value]) => [`${name}_${index}`, value]));
const aliasOf = (data: unknown, index: number): unknown => (data as Record<string, unknown> | null | undefined)?.[`a${index}`];

function rootOperation(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Operation {
  return {
    document: (count) => {
      const { defs, body } = invocations(field, count);
      return `${operation}${defs.length > 0 ? `(${defs.join(', ')})` : ''} { ${body} }`;
    },
    variables: suffixed,
    dataOf: aliasOf,
  };
}

/** A field below the root, reached through `entity(id:)` and an inline fragment on its owner. */
function nestedOperation(schema: GraphQLSchema, owner: string, field: GraphQLField<unknown, unknown>): Operation {
  const ownerType = schema.getType(owner);
  const reachable = owner === 'Entity' || (isObjectType(ownerType) && ownerType.getInterfaces().some((i) => i.name === 'Entity'));
  if (!reachable) throw new Error(`No way to reach ${owner}.${field.name} from a root field: teach nestedOperation how`);
  return {
    document: (count) => {
      const { defs, body } = invocations(field, count);
      return `query($reachId: ID!${defs.map((def) => `, ${def}`).join('')}) { entity(id: $reachId) { ... on ${owner} { ${body} } } }`;
    },
    variables: ({ reachId, ...rest }, index) => ({ reachId, ...suffixed(rest, index) }),
    dataOf: (data, index) => aliasOf((data as Record<string, unknown> | null | undefined)?.entity, index),
  };
}

/** Sets `value` at `path`; refuses when the path's container is missing from the base request. */
function setAt(vars: Vars, path: Segment[], value: unknown): void {
  let container: unknown = vars;
  for (const segment of path.slice(0, -1)) {
    const next = (container as Record<string | number, unknown> | null | undefined)?.[segment];
    if (next === undefined || next === null || typeof next !== 'object') {
      throw new Error(`no way to build a valid request reaching ${path.join('.')}: the base request has no ${String(segment)}`);
    }
    container = next;
  }
  (container as Record<string | number, unknown>)[path[path.length - 1]] = value;
}

function getAt(vars: Vars, path: Segment[]): unknown {
  return path.reduce<unknown>((value, segment) => (value as Record<string | number, unknown> | undefined)?.[segment], vars);
}

// ---------------------------------------------------------------------------------------------
// What each root field needs: a valid request, and for writes what a success must change

/** A change a write is allowed (or required) to make. */
interface Expectation {
  label: string;
  matches(item: GraphItem): boolean;
  change: 'added' | 'changed' | 'either';
  /** For a changed item: the only properties that may differ. */
  props?: readonly string[];
  required: boolean;
}

/** Where a written text can be read back. */
interface ReadBack {
  owner: 'entity' | 'source' | 'relationship';
  id: string;
  field: string;
}

interface RootCase {
  /** Variables of a valid request; `n` makes the ids of new records unique. */
  base(n: number): Vars;
  /** Prepares the base for one attacked position (`key` is the path joined with dots). */
  forPosition?(vars: Vars, key: string): void;
  /** Runs after the payload is in place: keeps dependent values valid. */
  after?(vars: Vars, key: string): void;
  /**
   * Writes. Both work from the request alone: in a batch, one refused alias nulls the data of all
   * (the root fields are non-null), while the others still ran.
   */
  write?: {
    expected(vars: Vars): Expectation[];
    readBack(vars: Vars, key: string): ReadBack | undefined;
  };
}

const node = (id: string, change: Expectation['change'], required = true, props?: readonly string[]): Expectation => ({
  label: `node ${id}`,
  matches: (item) => item.kind === 'node' && item.id === id,
  change,
  required,
  props,
});
const rel = (type: string, from: string, to: string, change: Expectation['change'], required = true): Expectation => ({
  label: `relationship ${type} ${from}->${to}`,
  matches: (item) => item.kind === 'relationship' && item.type === type && item.from === from && item.to === to,
  change,
  required,
});
const relById = (id: string): Expectation => ({
  label: `relationship ${id}`,
  matches: (item) => item.kind === 'relationship' && item.id === id,
  change: 'either',
  required: true,
});
/** A relationship's ends recount their degree; its sources come to mention both ends. */
const relationshipSideEffects = (from: string, to: string, sourceIds: string[]): Expectation[] => [
  node(from, 'changed', false, ['degree']),
  node(to, 'changed', false, ['degree']),
  ...sourceIds.flatMap((sourceId) => [rel('MENTIONS', sourceId, from, 'added', false), rel('MENTIONS', sourceId, to, 'added', false)]),
];

const input = (vars: Vars): Record<string, unknown> => vars.input as Record<string, unknown>;
const firstOf = (vars: Vars, list: string): Record<string, unknown> => (input(vars)[list] as Record<string, unknown>[])[0];
/** `input.x`, `input.aliases.0` -> `x`, `aliases`. */
const fieldOf = (key: string, prefix: string): string | undefined =>
  key.startsWith(prefix) ? key.slice(prefix.length).split('.')[0] : undefined;

/** The id the service gives a relationship input (from, type, to, role, validFrom; role trimmed). */
const relationshipIdOf = (row: Record<string, unknown>): string =>
  relationshipId(
    row.type as RelationshipType,
    String(row.from),
    String(row.to),
    typeof row.role === 'string' && row.role.trim() !== '' ? row.role.trim() : null,
    typeof row.validFrom === 'string' ? row.validFrom : null,
  );

const FIXTURE_SOURCE = 'inj-source';
const DELETABLE_REL = relationshipId(RelationshipType.SUPPORTS, 'inj-keep', 'inj-b', null, null);

/** The fixture every group starts from (on top of the seed graph). Its source holds every payload, so any can be quoted. */
function fixture(): Vars {
  return {
    input: {
      sources: [{ id: FIXTURE_SOURCE, title: 'Injection fixture', text: `Fixture report. ${ALL_PAYLOADS.join(' ¶ ')} anchor words.` }],
      entities: [
        { id: 'inj-a', kind: 'PERSON', name: 'Injection Alpha' },
        { id: 'inj-b', kind: 'PERSON', name: 'Injection Beta' },
        { id: 'inj-anchor', kind: 'ORGANIZATION', name: 'Injection Anchor' },
        { id: 'inj-doomed', kind: 'PERSON', name: 'Injection Doomed' },
        { id: 'inj-keep', kind: 'PERSON', name: 'Injection Keep' },
        { id: 'inj-merge', kind: 'PERSON', name: 'Injection Merge' },
        { id: 'inj-topic', kind: 'TOPIC', name: 'Injection Topic' },
        { id: 'inj-event', kind: 'EVENT', name: 'Injection Event', startDate: '2024-05-01' },
      ],
      relationships: [
        { from: 'inj-a', to: 'inj-b', type: 'SUPPORTS', role: 'base', evidence: [{ sourceId: FIXTURE_SOURCE, quote: 'anchor words' }] },
        { from: 'inj-a', to: 'inj-event', type: 'PARTICIPATED_IN' },
        { from: 'inj-event', to: 'inj-topic', type: 'CONCERNS' },
        { from: 'inj-keep', to: 'inj-b', type: 'SUPPORTS' },
        { from: 'inj-merge', to: 'inj-anchor', type: 'AFFILIATED_WITH' },
      ],
    },
  };
}

const byId = (id: string) => (): Vars => ({ id });

/** A source's mention spans stay inside its text, whatever payload the text took (a span past the end is refused). */
function keepSpansInside(source: Record<string, unknown>): void {
  const length = typeof source.text === 'string' ? source.text.length : 0;
  for (const span of (source.mentionSpans as { start: number; end: number }[] | undefined) ?? []) {
    if (span.end <= length) continue;
    span.end = Math.min(length, span.end - span.start);
    span.start = 0;
  }
}

/** The source an ingested article becomes. */
const articleIdOf = (vars: Vars): string => {
  const article = input(vars);
  return articleSourceId(String(article.title), typeof article.url === 'string' ? article.url : null, String(article.text));
};
/** What an accepted ingest may write besides its source: mentions, proposed facts and their events, recounted degrees. */
const ingestSideEffects = (sourceId: string): Expectation[] => [
  {
    label: `MENTIONS from ${sourceId}`,
    matches: (item) => item.kind === 'relationship' && item.type === 'MENTIONS' && item.from === sourceId,
    change: 'added',
    required: false,
  },
  {
    label: `an event stated by ${sourceId} alone (its id carries the source's)`,
    matches: (item) => item.kind === 'node' && item.labels.includes('Event') && (item.id ?? '').endsWith(sourceId),
    change: 'added',
    required: false,
  },
  {
    label: 'an extracted fact',
    matches: (item) => item.kind === 'relationship' && (item.props.origin ?? '').endsWith(':EXTRACTED'),
    change: 'either',
    required: false,
  },
  {
    label: 'an entity recounting its degree',
    matches: (item) => item.kind === 'node' && item.labels.includes('Entity'),
    change: 'changed',
    required: false,
    props: ['degree'],
  },
];

/** Every root field, with a valid request (the sweep asserts this covers the schema). */
const ROOTS: Record<string, RootCase> = {
  // Reads
  commonNeighbors: { base: () => ({ ids: ['inj-a', 'inj-b'] }) },
  country: {
    base: () => ({ id: 'north-korea' }),
    forPosition: (vars, key) => {
      if (key === 'isoCode') delete vars.id; // give one of them
    },
  },
  entities: { base: () => ({}) },
  entity: { base: byId('inj-a') },
  event: { base: byId('inj-event') },
  graphStats: { base: () => ({}) },
  mostConnected: { base: () => ({}) },
  neighborhood: { base: byId('inj-a') },
  organization: { base: byId('inj-anchor') },
  paths: { base: () => ({ from: 'inj-a', to: 'inj-b' }) },
  person: { base: byId('inj-a') },
  place: { base: byId('lima') },
  relationship: { base: () => ({ id: relationshipId(RelationshipType.SUPPORTS, 'inj-a', 'inj-b', 'base', null) }) },
  relationshipsBetween: { base: () => ({ a: 'inj-a', b: 'inj-b' }) },
  search: { base: () => ({ text: 'Injection' }) },
  shortestPath: { base: () => ({ from: 'inj-a', to: 'inj-b' }) },
  source: { base: byId(FIXTURE_SOURCE) },
  sources: { base: () => ({}) },
  timeline: { base: () => ({ entityIds: ['inj-a'], topicIds: ['inj-topic'] }) },
  topic: { base: byId('inj-topic') },
  writeAccess: { base: () => ({}) },

  // Writes
  upsertEntity: {
    base: (n) => ({
      input: { id: `inj-new-${n}`, kind: 'PERSON', name: 'New Person', aliases: ['Alias'], description: 'A person.', title: 'Envoy' },
    }),
    forPosition: (vars, key) => {
      if (key === 'input.placeType') Object.assign(input(vars), { kind: 'PLACE', title: undefined });
      if (key === 'input.isoCode') Object.assign(input(vars), { kind: 'COUNTRY', title: undefined });
    },
    write: {
      expected: (vars) => [node(String(input(vars).id), 'added')],
      readBack: (vars, key) => {
        const field = fieldOf(key, 'input.');
        return field ? { owner: 'entity', id: String(input(vars).id), field } : undefined;
      },
    },
  },
  upsertSource: {
    base: (n) => ({
      input: {
        id: `inj-src-${n}`,
        title: 'A report',
        url: 'https://example.org/a',
        publisher: 'Wire',
        author: 'Writer',
        text: 'Some text.',
        mentionSpans: [{ entity: 'inj-a', start: 0, end: 4 }],
      },
    }),
    after: (vars) => keepSpansInside(input(vars)),
    write: {
      expected: (vars) => [node(String(input(vars).id), 'added'), rel('MENTIONS', String(input(vars).id), 'inj-a', 'added')],
      readBack: (vars, key) => {
        const field = fieldOf(key, 'input.');
        return field ? { owner: 'source', id: String(input(vars).id), field } : undefined;
      },
    },
  },
  upsertRelationship: {
    base: (n) => ({
      input: {
        from: 'inj-a',
        to: 'inj-b',
        type: 'SUPPORTS',
        role: `sweep-${n}`,
        title: 'Ally',
        evidence: [{ sourceId: FIXTURE_SOURCE, quote: 'anchor words' }],
      },
    }),
    write: {
      expected: (vars) => [
        relById(relationshipIdOf(input(vars))),
        ...relationshipSideEffects(String(input(vars).from), String(input(vars).to), [FIXTURE_SOURCE]),
      ],
      readBack: (vars, key) => {
        const field = fieldOf(key, 'input.');
        const id = relationshipIdOf(input(vars));
        return field ? { owner: 'relationship', id, field: field === 'evidence' ? 'quote' : field } : undefined;
      },
    },
  },
  importGraph: {
    base: (n) => ({
      input: {
        sources: [
          {
            id: `inj-isrc-${n}`,
            title: 'Imported report',
            url: 'https://example.org/i',
            publisher: 'Wire',
            author: 'Writer',
            text: 'Report: anchor words End.',
            mentionSpans: [{ entity: 'inj-anchor', start: 8, end: 14 }],
          },
        ],
        entities: [
          { id: `inj-ient-${n}`, kind: 'PERSON', name: 'Imported Person', aliases: ['Alias'], description: 'Imported.', title: 'Envoy' },
        ],
        relationships: [
          {
            from: `inj-ient-${n}`,
            to: 'inj-anchor',
            type: 'AFFILIATED_WITH',
            role: 'member',
            title: 'Member',
            evidence: [{ sourceId: `inj-isrc-${n}`, quote: 'anchor words' }],
          },
        ],
      },
    }),
    forPosition: (vars, key) => {
      if (key === 'input.entities.0.placeType') Object.assign(firstOf(vars, 'entities'), { kind: 'PLACE', title: undefined });
      if (key === 'input.entities.0.isoCode') Object.assign(firstOf(vars, 'entities'), { kind: 'COUNTRY', title: undefined });
      // A place or a country cannot be AFFILIATED_WITH: point the relationship at a kind-neutral type.
      if (key === 'input.entities.0.placeType' || key === 'input.entities.0.isoCode') firstOf(vars, 'relationships').type = 'SUPPORTS';
    },
    after: (vars, key) => {
      const source = firstOf(vars, 'sources');
      const evidence = (firstOf(vars, 'relationships').evidence as Record<string, unknown>[])[0];
      // The quote must appear verbatim in its source's text: the whole text is such a quote.
      if (key === 'input.sources.0.text') evidence.quote = source.text;
      else source.text = `Report: ${String(evidence.quote)} End.`;
      keepSpansInside(source);
    },
    write: {
      expected: (vars) => {
        const source = String(firstOf(vars, 'sources').id);
        const entity = String(firstOf(vars, 'entities').id);
        const r = firstOf(vars, 'relationships');
        return [
          node(source, 'added'),
          node(entity, 'added'),
          rel(String(r.type), String(r.from), String(r.to), 'added'),
          ...relationshipSideEffects(String(r.from), String(r.to), [source]),
        ];
      },
      readBack: (vars, key) => {
        const [, list, , field] = key.split('.');
        if (field === undefined) return undefined;
        const row = firstOf(vars, list);
        if (list === 'sources') return { owner: 'source', id: String(row.id), field };
        if (list === 'entities') return { owner: 'entity', id: String(row.id), field };
        const id = relationshipIdOf(row);
        return { owner: 'relationship', id, field: field === 'evidence' ? 'quote' : field };
      },
    },
  },
  // Deletes and merges of ids: a payload is never an existing id, so none may succeed.
  deleteEntity: { base: byId('inj-doomed'), write: { expected: () => [], readBack: () => undefined } },
  deleteRelationship: { base: byId(DELETABLE_REL), write: { expected: () => [], readBack: () => undefined } },
  mergeEntities: { base: () => ({ keepId: 'inj-keep', mergeId: 'inj-merge' }), write: { expected: () => [], readBack: () => undefined } },
  // A review of an id: a payload is never an existing relationship id, so none may succeed.
  reviewRelationship: {
    base: () => ({ id: relationshipId(RelationshipType.SUPPORTS, 'inj-a', 'inj-b', 'base', null), decision: 'ACCEPT' }),
    write: { expected: () => [], readBack: () => undefined },
  },
  // This server's engine is compromise, in process (tests/integration/ingest.int.test.ts runs
  // ingest with CoreNLP): an accepted article writes its source and what ingest derives from it.
  ingestArticle: {
    base: (n) => ({
      input: {
        title: `Injected article ${n}`,
        text: 'Joe Biden met Xi Jinping in Lima on Saturday, and the two leaders talked about trade.',
        url: `https://example.org/injected-${n}`,
        publisher: 'Wire',
        author: 'Writer',
      },
    }),
    write: {
      expected: (vars) => [node(articleIdOf(vars), 'added'), ...ingestSideEffects(articleIdOf(vars))],
      readBack: (vars, key) => {
        const field = fieldOf(key, 'input.');
        return field ? { owner: 'source', id: articleIdOf(vars), field } : undefined;
      },
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Checks

const ALLOWED_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT']);

/** What must never reach a client (after the payloads themselves, which a response may echo, are cut out). */
const LEAKS: readonly RegExp[] = [
  /\bNeo\.[A-Z][A-Za-z]+/,
  /Neo4jError/,
  /\b(MATCH|MERGE|UNWIND|OPTIONAL MATCH|DETACH DELETE|RETURN|CREATE|CALL)\b/,
  /^\s+at .+/m,
  /\.[tj]s:\d+/,
  /stack ?trace/i,
];

const echoes = ALL_PAYLOADS.flatMap((payload) => [payload, JSON.stringify(payload).slice(1, -1)]).sort((a, b) => b.length - a.length);

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => stringsIn(item, out));
  return out;
}

/** (d): no Cypher, Neo4j error code or stack trace anywhere in a response (the payloads, which it may echo, cut out first). */
function leakProblems(result: GraphQLResult, label: string): string[] {
  const problems: string[] = [];
  for (const text of stringsIn(result)) {
    const cleaned = echoes.reduce((rest, echo) => rest.split(echo).join(' '), text);
    for (const leak of LEAKS)
      if (leak.test(cleaned)) problems.push(`${label}: response carries ${leak}: ${JSON.stringify(text.slice(0, 200))}`);
  }
  return problems;
}

/** (b): every change is one the write should make, and every required one happened. */
function changeProblems(before: GraphSnapshot, after: GraphSnapshot, expectations: Expectation[], label: string): string[] {
  const diff = diffGraphs(before, after);
  const problems: string[] = [];
  const met = new Set<Expectation>();
  const accept = (item: GraphItem, change: 'added' | 'changed', props?: string[]): boolean => {
    const found = expectations.find(
      (e) =>
        e.matches(item) &&
        (e.change === 'either' || e.change === change) &&
        (!props || !e.props || props.every((p) => e.props?.includes(p))),
    );
    if (found) met.add(found);
    return found !== undefined;
  };
  for (const item of diff.added) if (!accept(item, 'added')) problems.push(`${label}: unexpected new ${describeItem(item)}`);
  for (const { after: item, props } of diff.changed) {
    if (!accept(item, 'changed', props)) problems.push(`${label}: unexpected change of ${describeItem(item)}: ${props.join(', ')}`);
  }
  for (const item of diff.removed) problems.push(`${label}: ${describeItem(item)} was removed`);
  for (const e of expectations)
    if (e.required && !met.has(e)) problems.push(`${label}: expected ${e.change} ${e.label}, which did not happen`);
  return problems;
}

function unchangedProblems(before: GraphSnapshot, after: GraphSnapshot, label: string): string[] {
  if (before.checksum === after.checksum && before.nodeCount === after.nodeCount && before.relationshipCount === after.relationshipCount)
    return [];
  const diff = diffGraphs(before, after);
  return [
    `${label}: the graph changed (nodes ${before.nodeCount} -> ${after.nodeCount}, relationships ${before.relationshipCount} -> ${after.relationshipCount}): ` +
      [
        ...diff.added.map((i) => `+${describeItem(i)}`),
        ...diff.removed.map((i) => `-${describeItem(i)}`),
        ...diff.changed.map((c) => `~${describeItem(c.after)}`),
      ]
        .slice(0, 5)
        .join('; '),
  ];
}

// ---------------------------------------------------------------------------------------------
// The run

/**
 * Payloads per read request (each an aliased invocation; 12 stays under the service's alias
 * limit). Writes go one per request: mutation fields run in order and the first refused one
 * stops the rest, and each write's change is checked on its own.
 */
const READ_BATCH = 12;

let gateway: Neo4jGateway;
let execute: <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResult<T>>;
let stop: () => Promise<void>;
let schema: GraphQLSchema;
let counter = 0;

beforeAll(async () => {
  gateway = connectTestGateway();
  schema = await buildNewsGraphSchema();
  const engine = new CompromiseEngine();
  const engines: EngineSource = { engineNow: () => engine, engine: () => Promise.resolve(engine) };
  ({ execute, stop } = await createTestServer(gateway, { engines }));
});

afterAll(async () => {
  await stop();
  await gateway.close();
});

let fixtureChecksum: string | undefined;

/**
 * The group's starting state: exactly the seed graph plus the fixture. A group that left the
 * database as it found it (reads must) hands it on; otherwise it is reset.
 */
async function resetGroup(): Promise<void> {
  if (fixtureChecksum !== undefined && (await snapshotGraph(gateway)).checksum === fixtureChecksum) return;
  await resetAndSeed(gateway);
  const result = await execute('mutation($input: GraphImportInput!) { importGraph(input: $input) { created } }', fixture());
  if (result.errors) throw new Error(`fixture refused: ${JSON.stringify(result.errors)}`);
  fixtureChecksum = (await snapshotGraph(gateway)).checksum;
}

/** Generous bounds for a loaded machine: these guard against hangs, they assert nothing about speed. */
const GROUP_SETUP_MS = 240_000;
const SWEEP_MS = 480_000;

const READ_BACK_SELECTION: Record<ReadBack['owner'], string> = {
  entity:
    'entity(id: $ID) { name aliases description wikidataId ... on Person { title } ... on Place { placeType } ... on Country { isoCode } }',
  source: 'source(id: $ID) { title url publisher author text }',
  relationship: 'relationship(id: $ID) { role title evidence { quote } }',
};

/**
 * (c) What is stored where each write put its text, read through GraphQL in one request; what
 * a selection does not hold is read as the stored property itself.
 */
async function readBackMany(backs: ReadBack[]): Promise<unknown[]> {
  if (backs.length === 0) return [];
  const query = `query(${backs.map((_, j) => `$id${j}: ID!`).join(', ')}) { ${backs
    .map((back, j) => `r${j}: ${READ_BACK_SELECTION[back.owner].replace('$ID', `$id${j}`)}`)
    .join('\n')} }`;
  const result = await execute<Record<string, Record<string, unknown> | null>>(
    query,
    Object.fromEntries(backs.map((back, j) => [`id${j}`, back.id])),
  );
  if (result.errors) throw new Error(`read-back failed: ${JSON.stringify(result.errors)}`);
  const values: unknown[] = backs.map((back, j) => {
    const found = result.data?.[`r${j}`];
    if (!found) return undefined;
    if (back.owner === 'relationship' && back.field === 'quote') return (found.evidence as { quote: string }[]).map((e) => e.quote);
    if (back.owner === 'entity' && back.field === 'aliases') return (found.aliases as string[])[0];
    return found[back.field];
  });
  const missing = backs.map((back, index) => ({ ...back, index })).filter(({ index }) => values[index] === undefined);
  if (missing.length > 0) {
    const rows = await gateway.read(
      `UNWIND $items AS item
       CALL (item) { OPTIONAL MATCH (n {id: item.id}) RETURN n[item.field] AS nodeValue LIMIT 1 }
       CALL (item) { OPTIONAL MATCH ()-[r {id: item.id}]->() RETURN r[item.field] AS relValue LIMIT 1 }
       RETURN item.index AS index, coalesce(nodeValue, relValue) AS value`,
      { items: missing.map(({ id, field, index }) => ({ id, field, index })) },
    );
    for (const row of rows) values[Number(row.index)] = row.value ?? null;
  }
  return values;
}

interface Target {
  label: string;
  rootField: string;
  operation: Operation;
  positions: Position[];
  build(n: number): Vars;
  rootCase?: RootCase;
  isWrite: boolean;
}

interface Attack {
  payload: string;
  vars: Vars;
  label: string;
}

/** Which aliases an error belongs to (all of them when it has no path: the request was refused whole). */
const aliasesOfError = (error: { path?: readonly (string | number)[] }, count: number): number[] => {
  const hit = error.path?.find((segment) => typeof segment === 'string' && /^a\d+$/.test(segment));
  return hit === undefined ? Array.from({ length: count }, (_, i) => i) : [Number(String(hit).slice(1))];
};

/** The sweep of one group: every position of these targets, every payload; returns the problems found. */
async function sweep(targets: Target[], stored: Map<string, Set<string>>): Promise<string[]> {
  const problems: string[] = [];
  const watcher = new GraphWatcher(gateway);
  let before = await watcher.look();
  for (const target of targets) {
    for (const position of target.positions) {
      const payloads = target.rootField === 'search' && position.key === 'text' ? ALL_PAYLOADS : INJECTIONS;
      const batch = target.isWrite ? 1 : READ_BATCH;
      for (let start = 0; start < payloads.length; start += batch) {
        const attacks: Attack[] = [];
        for (const payload of payloads.slice(start, start + batch)) {
          counter += 1;
          const vars = target.build(counter);
          target.rootCase?.forPosition?.(vars, position.key);
          setAt(vars, position.path, payload);
          target.rootCase?.after?.(vars, position.key);
          attacks.push({ payload, vars, label: `${position.label} <- ${JSON.stringify(payload)}` });
        }
        const batchLabel =
          attacks.length === 1 ? attacks[0].label : `${position.label} <- payloads ${start + 1}..${start + attacks.length}`;
        const variables = Object.assign({}, ...attacks.map((attack, i) => target.operation.variables(attack.vars, i))) as Vars;
        const result = await execute(target.operation.document(attacks.length), variables);
        const after = await watcher.look();

        // (d) data, or errors with a contract code; nothing leaked.
        const failed = new Set<number>();
        for (const error of result.errors ?? []) {
          const aliases = aliasesOfError(error, attacks.length);
          aliases.forEach((i) => failed.add(i));
          const code = String(error.extensions?.code);
          if (!ALLOWED_CODES.has(code))
            problems.push(`${aliases.length === 1 ? attacks[aliases[0]].label : batchLabel}: error code ${code}: ${error.message}`);
        }
        if (!result.errors && (result.data === undefined || result.data === null)) problems.push(`${batchLabel}: neither data nor errors`);
        problems.push(...leakProblems(result, batchLabel));

        const write = target.rootCase?.write;
        if (!target.isWrite || !write) {
          // (a) reads change nothing.
          problems.push(...unchangedProblems(before, after, batchLabel));
        } else {
          // (a) and (b): refused writes change nothing, accepted ones exactly what they should.
          const accepted = attacks.filter((_, i) => !failed.has(i));
          problems.push(
            ...changeProblems(
              before,
              after,
              accepted.flatMap((a) => write.expected(a.vars)),
              batchLabel,
            ),
          );
          // (c) the stored text reads back identical.
          if (position.scalar === 'String') {
            const backs = accepted.flatMap((a) => {
              const back = write.readBack(a.vars, position.key);
              return back ? [{ attack: a, back }] : [];
            });
            const values = await readBackMany(backs.map(({ back }) => back));
            backs.forEach(({ attack }, j) => {
              const value = values[j];
              const same = Array.isArray(value)
                ? value.includes(attack.payload)
                : value === attack.payload && (value as string).length === attack.payload.length;
              if (!same) problems.push(`${attack.label}: stored text reads back as ${JSON.stringify(value)}`);
              else if (stored.has(position.label)) stored.get(position.label)?.add(attack.payload);
              else stored.set(position.label, new Set([attack.payload]));
            });
          }
        }
        before = after;
      }
    }
  }
  return problems;
}

function rootTargets(filter: (operation: 'query' | 'mutation') => boolean): (Target & { rootCase: RootCase })[] {
  return rootFields(schema)
    .filter(({ operation }) => filter(operation))
    .map(({ operation, field }) => {
      const rootCase = ROOTS[field.name];
      if (!rootCase) throw new Error(`No valid request for ${operation} ${field.name}: add it to ROOTS`);
      return {
        label: `${operation} ${field.name}`,
        rootField: field.name,
        operation: rootOperation(operation, field),
        positions: positionsOf(operation === 'query' ? 'Query' : 'Mutation', field),
        build: (n: number) => structuredClone(rootCase.base(n)),
        rootCase,
        isWrite: operation === 'mutation',
      };
    });
}

/** Runs each target once with its base request: every one must succeed. */
async function baselineErrors(targets: Target[]): Promise<unknown[]> {
  const found: unknown[] = [];
  for (const target of targets) {
    counter += 1;
    const vars = target.build(counter);
    target.rootCase?.after?.(vars, '');
    const result = await execute(target.operation.document(1), target.operation.variables(vars, 0));
    if (result.errors) found.push({ field: target.label, errors: result.errors });
  }
  return found;
}

describe('the schema walk', () => {
  it('has a valid request for every root field, and nothing for fields that are gone', () => {
    expect(Object.keys(ROOTS).sort()).toEqual(
      rootFields(schema)
        .map(({ field }) => field.name)
        .sort(),
    );
  });

  it('finds the String and ID positions of arguments and of the input objects they take', () => {
    const labels = rootFields(schema).flatMap(({ operation, field }) =>
      positionsOf(operation === 'query' ? 'Query' : 'Mutation', field).map((p) => p.label),
    );
    // A sample of what the walk must find, at every depth: arguments, list items, input fields, nested inputs.
    expect(labels).toEqual(
      expect.arrayContaining([
        'Query.entity(id)',
        'Query.search(text)',
        'Query.commonNeighbors(ids.0)',
        'Mutation.upsertEntity(input.aliases.0)',
        'Mutation.upsertRelationship(input.evidence.0.quote)',
        'Mutation.importGraph(input.relationships.0.evidence.0.sourceId)',
      ]),
    );
    expect(nestedFields(schema).map(({ owner, field }) => `${owner}.${field.name}`)).toContain('Entity.relationships');
  });

  it('can build a request reaching every position (else the table lacks a container)', () => {
    const missing: string[] = [];
    for (const target of rootTargets(() => true)) {
      for (const position of target.positions) {
        const vars = target.build(0);
        target.rootCase.forPosition?.(vars, position.key);
        try {
          setAt(vars, position.path, 'x');
          expect(getAt(vars, position.path)).toBe('x');
        } catch (error) {
          missing.push(`${position.label}: ${(error as Error).message}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('reads', () => {
  beforeAll(resetGroup, GROUP_SETUP_MS);

  it('every query field is valid with its base arguments', async () => {
    expect(await baselineErrors(rootTargets((operation) => operation === 'query'))).toEqual([]);
  });

  it(
    'every String/ID argument of every query, fed injection payloads, changes nothing and leaks nothing',
    async () => {
      expect(
        await sweep(
          rootTargets((operation) => operation === 'query'),
          new Map(),
        ),
      ).toEqual([]);
    },
    SWEEP_MS,
  );

  it(
    'every String/ID argument of fields below an entity, likewise',
    async () => {
      const kinds = await gateway.read('MATCH (e:Entity) WITH e.kind AS kind, min(e.id) AS id RETURN kind, id');
      const idOfKind = new Map(kinds.map((row) => [String(row.kind), String(row.id)]));
      const targets: Target[] = nestedFields(schema).map(({ owner, field }) => {
        const reachId = owner === 'Entity' ? 'inj-a' : idOfKind.get(owner.toUpperCase());
        if (!reachId) throw new Error(`No entity of kind ${owner} in the graph to reach ${owner}.${field.name} through`);
        return {
          label: `${owner}.${field.name}`,
          rootField: `${owner}.${field.name}`,
          operation: nestedOperation(schema, owner, field),
          positions: positionsOf(owner, field),
          build: () => ({ reachId }),
          isWrite: false,
        };
      });
      expect(targets.length).toBeGreaterThan(0);
      expect(await baselineErrors(targets)).toEqual([]);
      expect(await sweep(targets, new Map())).toEqual([]);
    },
    SWEEP_MS,
  );
});

describe('writes', () => {
  beforeAll(resetGroup, GROUP_SETUP_MS);
  const stored = new Map<string, Set<string>>();

  it('every mutation is valid with its base arguments', async () => {
    expect(await baselineErrors(rootTargets((operation) => operation === 'mutation'))).toEqual([]);
  });

  it(
    'every String/ID argument and input field of every mutation, fed injection payloads, changes exactly what it should',
    async () => {
      expect(
        await sweep(
          rootTargets((operation) => operation === 'mutation'),
          stored,
        ),
      ).toEqual([]);
    },
    SWEEP_MS,
  );

  it('stores the injection payloads in every free-text field, and every payload in the long ones, reading them back identically', () => {
    // Fields of at most 100-200 characters refuse the longest Unicode payloads (BAD_USER_INPUT), which is fine.
    const textFields = [
      'Mutation.upsertEntity(input.aliases.0)',
      'Mutation.upsertEntity(input.title)',
      'Mutation.upsertEntity(input.placeType)',
      'Mutation.upsertSource(input.title)',
      'Mutation.upsertSource(input.publisher)',
      'Mutation.upsertSource(input.author)',
      'Mutation.upsertRelationship(input.role)',
      'Mutation.upsertRelationship(input.title)',
      'Mutation.importGraph(input.sources.0.title)',
      'Mutation.importGraph(input.entities.0.description)',
      'Mutation.importGraph(input.relationships.0.role)',
      'Mutation.ingestArticle(input.title)',
      'Mutation.ingestArticle(input.publisher)',
      'Mutation.ingestArticle(input.author)',
    ];
    const longTextFields = [
      'Mutation.upsertEntity(input.name)',
      'Mutation.upsertEntity(input.description)',
      'Mutation.upsertSource(input.text)',
      'Mutation.upsertRelationship(input.evidence.0.quote)',
      'Mutation.importGraph(input.sources.0.text)',
      'Mutation.importGraph(input.entities.0.name)',
      'Mutation.importGraph(input.relationships.0.evidence.0.quote)',
    ];
    const missing = [
      ...textFields.flatMap((field) => MUST_STORE.map((payload) => [field, payload])),
      ...longTextFields.flatMap((field) => INJECTIONS.map((payload) => [field, payload])),
    ]
      .filter(([field, payload]) => !stored.get(field)?.has(payload))
      .map(([field, payload]) => `${field} <- ${JSON.stringify(payload)}`);
    expect(missing).toEqual([]);
  });
});
