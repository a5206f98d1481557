import { EntityKind } from './entity-kind';
import { DatePrecision, EventType, FactStatus, Origin } from './event-type';
import { RelationshipType } from './relationship-type';

/** An entity as stored: the fields every kind has plus the optional fields of some kinds. */
export interface EntityRecord {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  description: string | null;
  wikidataId: string | null;
  createdAt: string;
  updatedAt: string;
  isoCode: string | null;
  title: string | null;
  eventType: EventType | null;
  startDate: string | null;
  endDate: string | null;
  datePrecision: DatePrecision | null;
  placeType: string | null;
}

export interface EvidenceRecord {
  sourceId: string;
  quote: string;
  /** Offsets of the quote in the source's text; null when not known (no text stored). */
  start: number | null;
  end: number | null;
}

/** A relationship as stored, with its endpoints' ids in the direction it was written. */
export interface RelationshipRecord {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  role: string | null;
  title: string | null;
  quantity: number | null;
  validFrom: string | null;
  validTo: string | null;
  confidence: number | null;
  validFromPrecision: DatePrecision | null;
  validToPrecision: DatePrecision | null;
  origin: Origin;
  status: FactStatus;
  hedge: string | null;
  recordedAt: string;
  evidence: EvidenceRecord[];
}

export interface SourceRecord {
  id: string;
  title: string;
  url: string | null;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  /** The stored text, when there is one. */
  text: string | null;
}

/** A located mention of an entity in a source's text. */
export interface MentionRecord {
  entityId: string;
  start: number;
  end: number;
  text: string;
}

/** One page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
}

export enum Direction {
  OUT = 'OUT',
  IN = 'IN',
  BOTH = 'BOTH',
}
