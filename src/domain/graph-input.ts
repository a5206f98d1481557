import { EntityKind } from './entity-kind';
import { DatePrecision, EventType, FactStatus, Origin } from './event-type';
import { RelationshipType } from './relationship-type';

/**
 * Plain shapes of what clients and data files write. They mirror the GraphQL inputs of the API
 * contract (EntityInput, SourceInput, RelationshipInput, GraphImportInput) so that the seed
 * graph, `newsgraph import` and the `importGraph` mutation share one format.
 * Dates are ISO strings: `YYYY-MM-DD` for dates, full ISO 8601 for date-times.
 */
/**
 * The entity fields beyond id, kind and the two dates, declared once: validation keeps exactly these,
 * the row builder hashes and writes them, the bulk CREATE sets each of them (a test checks its
 * statement), and the JSON export writes them back out. A new field is added here and in EntityData.
 */
export const ENTITY_FIELDS = [
  'name',
  'aliases',
  'description',
  'wikidataId',
  'isoCode',
  'title',
  'eventType',
  'datePrecision',
  'placeType',
] as const;
export type EntityField = (typeof ENTITY_FIELDS)[number];

/** The fields of a source beyond its id (publishedAt is a date-time, the rest plain text) and its mention spans. */
export const SOURCE_FIELDS = ['title', 'url', 'publisher', 'author', 'publishedAt', 'text'] as const;

/** The plain fields of a relationship beyond its identity (from, type, to) and evidence. */
export const RELATIONSHIP_FIELDS = [
  'role',
  'title',
  'quantity',
  'validFrom',
  'validTo',
  'confidence',
  'validFromPrecision',
  'validToPrecision',
  'origin',
  'status',
  'hedge',
] as const;

export interface EntityData {
  id?: string;
  kind: EntityKind;
  name: string;
  aliases?: string[];
  description?: string;
  wikidataId?: string;
  isoCode?: string;
  title?: string;
  eventType?: EventType;
  startDate?: string;
  endDate?: string;
  datePrecision?: DatePrecision;
  placeType?: string;
}

export interface SourceData {
  id?: string;
  title: string;
  url?: string;
  publisher?: string;
  author?: string;
  publishedAt?: string;
  text?: string;
  /** Where the text names entities (offsets in UTF-16 code units); needs the text. Replaces the stored spans. */
  mentionSpans?: MentionData[];
}

/** One located mention: `text.slice(start, end)` names `entity`. */
export interface MentionData {
  entity: string;
  start: number;
  end: number;
}

export interface EvidenceData {
  sourceId: string;
  quote: string;
  /** Offsets of the quote in the source's text (UTF-16 code units); located (first occurrence) when left out. */
  start?: number | null;
  end?: number | null;
}

export interface RelationshipData {
  from: string;
  to: string;
  type: RelationshipType;
  role?: string;
  title?: string;
  quantity?: number;
  validFrom?: string;
  validTo?: string;
  confidence?: number;
  validFromPrecision?: DatePrecision;
  validToPrecision?: DatePrecision;
  /** CURATED when a new relationship leaves it out. */
  origin?: Origin;
  /** ACCEPTED when a new relationship leaves it out. */
  status?: FactStatus;
  /** The words that hedge the statement ("expected to"), for extracted facts. */
  hedge?: string;
  evidence?: EvidenceData[];
}

export interface GraphData {
  sources?: SourceData[];
  entities?: EntityData[];
  relationships?: RelationshipData[];
}

/** Compile-time proof that ENTITY_FIELDS names every field of EntityData but id, kind and the dates. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const ENTITY_FIELDS_COMPLETE: Same<EntityField, Exclude<keyof EntityData, 'id' | 'kind' | 'startDate' | 'endDate'>> = true;
export const SOURCE_FIELDS_COMPLETE: Same<(typeof SOURCE_FIELDS)[number], Exclude<keyof SourceData, 'id' | 'mentionSpans'>> = true;
export const RELATIONSHIP_FIELDS_COMPLETE: Same<
  (typeof RELATIONSHIP_FIELDS)[number],
  Exclude<keyof RelationshipData, 'from' | 'to' | 'type' | 'evidence'>
> = true;
