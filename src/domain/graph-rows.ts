import { Integer } from 'neo4j-driver';

import { EntityKind } from './entity-kind';
import { RelationshipType } from './relationship-type';

/**
 * What a write hands to the repositories: validated records turned into stored properties and a
 * content hash (src/services/write/rows.ts builds them). Every writer (the importGraph MERGEs, the
 * bulk CREATE/SET statements, the offline importer's CSV) takes these same rows, so a record written
 * by one is "unchanged" to another. Properties left out of `props` keep their stored values.
 */
export interface SourceRow {
  id: string;
  hash: string;
  props: Record<string, string>;
  publishedAt: string | null;
  /** The spans to store on its MENTIONS (replacing the stored ones); null: keep what is stored. */
  mentionSpans: { entity: string; starts: Integer[]; ends: Integer[] }[] | null;
  /** A hash of the spans (stored as the source's spansHash; `hash` leaves spans out), null without spans. */
  spansHash: string | null;
}

export interface EntityRow {
  id: string;
  kind: EntityKind;
  hash: string;
  /** Plain properties to set (absent keys keep their stored values); aliasesText goes with aliases, nameFolded with the name. */
  props: Record<string, string | string[]>;
  /** Defaults for properties that `props` leaves out, set only when the entity is created. */
  onCreate: Record<string, string | string[]>;
  startDate: string | null;
  endDate: string | null;
}

export interface RelationshipRow {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  hash: string;
  /** role, title, quantity (an Integer), confidence, precisions, origin, status, hedge: those given. */
  props: Record<string, string | number | Integer>;
  /** Set only when the relationship is created: origin CURATED and status ACCEPTED unless given. */
  onCreate: Record<string, string>;
  validFrom: string | null;
  validTo: string | null;
  /**
   * Evidence as stored: parallel lists, one pair per quote. In a bulk update, only the pairs not
   * stored yet (the planner leaves out the rest); in an upsert, all of them (the MERGE filters).
   */
  evidenceSources: string[];
  evidenceQuotes: string[];
  /** Offsets of each quote in its source's text, side by side with the quotes; -1 when not known. */
  evidenceStarts: Integer[];
  evidenceEnds: Integer[];
}

/** Counts of one write batch. */
export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** What is stored of an entity, to tell new from changed from unchanged. */
export interface StoredEntity {
  kind: EntityKind;
  hash: string | null;
}

/** What is stored of a relationship: its content hash and its evidence pairs. */
export interface StoredRelationship {
  hash: string | null;
  evidenceSources: string[];
  evidenceQuotes: string[];
}
