import { EntityKind } from '../domain/entity-kind';
import { Direction, EntityRecord, MentionRecord, Page, RelationshipRecord, SourceRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';

/**
 * The read planner's tree: what one root field's selection set asks for, with every value
 * replaced by the index of a statement parameter. The tree holds only the document's shape (field
 * names, response keys, resolved @skip/@include, the enum arguments Cypher text depends on:
 * relationship types and direction), so its JSON is the statement cache's key; rendering it
 * (render.ts) gives the statement text, decoding a result against it (decode.ts) gives typed
 * records.
 */

/** The index of a statement parameter (`$p<index>`); a filter not given is null in the tree and absent from the text. */
export type Param = number;

/**
 * GraphQL field name -> stored property, for the scalar fields the planner projects. Client field
 * names never reach Cypher: only the literal-typed values of these tables do. A field added to the
 * schema is added here (and to decode.ts when it needs mapping).
 */
export const ENTITY_PROPERTY = {
  id: 'id',
  kind: 'kind',
  name: 'name',
  aliases: 'aliases',
  description: 'description',
  wikidataId: 'wikidataId',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  isoCode: 'isoCode',
  title: 'title',
  eventType: 'eventType',
  startDate: 'startDate',
  endDate: 'endDate',
  datePrecision: 'datePrecision',
  placeType: 'placeType',
} as const;
export type EntityProperty = (typeof ENTITY_PROPERTY)[keyof typeof ENTITY_PROPERTY];

/** Relationship scalars stored as properties (`type`, `from`, `to` are always projected from the relationship itself). */
export const RELATIONSHIP_PROPERTY = {
  id: ['id'],
  role: ['role'],
  title: ['title'],
  quantity: ['quantity'],
  validFrom: ['validFrom'],
  validTo: ['validTo'],
  confidence: ['confidence'],
  validFromPrecision: ['validFromPrecision'],
  validToPrecision: ['validToPrecision'],
  origin: ['origin'],
  status: ['status'],
  hedge: ['hedge'],
  recordedAt: ['recordedAt'],
  evidence: ['evidenceSources', 'evidenceQuotes', 'evidenceStarts', 'evidenceEnds'],
} as const;
export type RelationshipProperty = (typeof RELATIONSHIP_PROPERTY)[keyof typeof RELATIONSHIP_PROPERTY][number];

export const SOURCE_PROPERTY = {
  id: 'id',
  title: 'title',
  url: 'url',
  publisher: 'publisher',
  author: 'author',
  publishedAt: 'publishedAt',
  text: 'text',
} as const;
export type SourceProperty = (typeof SOURCE_PROPERTY)[keyof typeof SOURCE_PROPERTY];

/** The value of `table[field]` when the table has that field, else undefined (never a client string). */
export function lookup<T extends Record<string, unknown>>(table: T, field: string): T[keyof T] | undefined {
  return Object.hasOwn(table, field) ? table[field as keyof T] : undefined;
}

export interface EntityPlan {
  props: EntityProperty[];
  fields: EntityFieldEntry[];
}

/** A planned non-scalar field of an entity, projected under the generated key `k<key>`. */
export interface EntityFieldEntry {
  key: number;
  responseKey: string;
  /** The kinds it applies to (a field of `... on Person`), or null for every kind the node may have. */
  kinds: EntityKind[] | null;
  plan: EntityFieldPlan;
}

export type EntityFieldPlan =
  | { f: 'degree' }
  | {
      f: 'relationships';
      types: RelationshipType[] | null;
      direction: Direction;
      at: Param | null;
      /** The review statuses shown (the `status` argument, or its default). */
      status: Param | null;
      after: Param | null;
      /** first + 1, to tell hasNextPage. */
      limit: Param;
      total: boolean;
      items: RelationshipPlan | null;
    }
  | {
      f: 'hop';
      types: RelationshipType[];
      direction: Direction;
      kinds: Param | null;
      at: Param | null;
      status: Param | null;
      from: Param | null;
      to: Param | null;
      limit: Param;
      one: boolean;
      placeFirst: boolean;
      node: EntityPlan;
    }
  | { f: 'enclosingCountry'; status: Param | null; node: EntityPlan }
  | { f: 'mentionedIn'; limit: Param; node: SourcePlan };

export interface RelationshipPlan {
  props: RelationshipProperty[];
  ends: { key: number; responseKey: string; end: 'from' | 'to'; node: EntityPlan }[];
  /** `source` of the relationship's evidence, per response key. */
  evidenceSources: { key: number; responseKey: string; node: SourcePlan }[];
}

export interface SourcePlan {
  props: SourceProperty[];
  mentions: { key: number; responseKey: string; node: EntityPlan }[];
  /** `mentionSpans`, per response key, with the `entity` of each span per response key. */
  spans: { key: number; responseKey: string; entities: { key: number; responseKey: string; node: EntityPlan }[] }[];
}

/** What shortestPath and paths plan besides their root. */
export interface PathSearchPlan {
  /** A path from an entity to itself (length 0). */
  self: boolean;
  maxDepth: number;
  /** `first` of paths (the search's k is spliced from it); 1 for shortestPath. */
  first: number;
  types: RelationshipType[] | null;
  byKind: boolean;
  node: EntityPlan;
  rel: RelationshipPlan;
}

export type RootPlan =
  | { root: 'entity'; id: Param; kind: EntityKind | null; node: EntityPlan }
  | { root: 'countryByIsoCode'; isoCode: Param; node: EntityPlan }
  | {
      root: 'entities';
      kind: EntityKind | null;
      name: Param | null;
      after: Param | null;
      limit: Param;
      total: boolean;
      items: EntityPlan | null;
    }
  | { root: 'source'; id: Param; node: SourcePlan }
  | { root: 'sources'; after: Param | null; limit: Param; total: boolean; items: SourcePlan | null }
  | { root: 'relationship'; type: RelationshipType; id: Param; node: RelationshipPlan }
  | { root: 'relationshipsBetween'; a: Param; b: Param; at: Param | null; status: Param | null; node: RelationshipPlan }
  | { root: 'search'; query: Param; key: Param | null; kinds: Param | null; limit: Param; candidates: Param; node: EntityPlan }
  | { root: 'mostConnected'; kind: Param | null; first: Param; node: EntityPlan }
  | { root: 'commonNeighbors'; ids: Param; kinds: Param | null; at: Param | null; status: Param; node: EntityPlan }
  /**
   * The traversals: their search is TraversalRepository's (its named parameters, which the
   * statement text does not depend on), then the selection of every node (`node`, merged from
   * every place a node's entity is selected) and every relationship (`rel`) in the same statement.
   */
  | { root: 'neighborhood'; depth: number; types: RelationshipType[] | null; direction: Direction; node: EntityPlan; rel: RelationshipPlan }
  | ({ root: 'shortestPath' } & PathSearchPlan)
  | ({ root: 'paths' } & PathSearchPlan)
  | {
      root: 'timeline';
      entityIds: Param | null;
      topicIds: Param | null;
      from: Param | null;
      to: Param | null;
      afterDate: Param | null;
      afterId: Param | null;
      status: Param;
      limit: Param;
      total: boolean;
      items: EntityPlan | null;
    };

/** What a nested field's resolver finds already fetched, by the field's response key. */
export interface PlannedFields {
  count: Map<string, number>;
  entity: Map<string, EntityRecord | null>;
  entities: Map<string, EntityRecord[]>;
  sources: Map<string, SourceRecord[]>;
  source: Map<string, SourceRecord | null>;
  mentions: Map<string, MentionRecord[]>;
  relationships: Map<string, Page<RelationshipRecord>>;
  /** Fields without arguments that a traversal fetched whole, served under any response key (a path's hop ends, evidence sources). */
  anyKey: { from?: EntityRecord; to?: EntityRecord; source?: SourceRecord };
}

/**
 * Per request: the planned fields of each record the planner returned, by object identity (the
 * very object GraphQL hands nested resolvers as their parent).
 */
export class PlannedStore {
  private readonly byRecord = new WeakMap<object, PlannedFields>();
  /** `Type.field` of every nested field resolved through the DataLoaders while the planner was on (tests list them). */
  readonly fallbacks = new Set<string>();

  fieldsOf(record: object): PlannedFields {
    let fields = this.byRecord.get(record);
    if (fields === undefined) {
      fields = {
        count: new Map(),
        entity: new Map(),
        entities: new Map(),
        sources: new Map(),
        source: new Map(),
        mentions: new Map(),
        relationships: new Map(),
        anyKey: {},
      };
      this.byRecord.set(record, fields);
    }
    return fields;
  }

  get(record: object): PlannedFields | undefined {
    return this.byRecord.get(record);
  }
}
