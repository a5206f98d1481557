import { EntityKind } from './entity-kind';
import { DatePrecision, EventType } from './event-type';
import { RelationshipType } from './relationship-type';

/**
 * Plain shapes of what clients and data files write. They mirror the GraphQL inputs of the API
 * contract (EntityInput, SourceInput, RelationshipInput, GraphImportInput) so that the seed
 * graph, `newsgraph import` and the `importGraph` mutation share one format.
 * Dates are ISO strings: `YYYY-MM-DD` for dates, full ISO 8601 for date-times.
 */
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
}

export interface EvidenceData {
  sourceId: string;
  quote: string;
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
  evidence?: EvidenceData[];
}

export interface GraphData {
  sources?: SourceData[];
  entities?: EntityData[];
  relationships?: RelationshipData[];
}
