import { EntityKind } from '../../domain/entity-kind';
import { EntityRow, RelationshipRow, SourceRow, StoredEntity, StoredRelationship } from '../../domain/graph-rows';
import { RelationshipType } from '../../domain/relationship-type';
import { ValidRelationship } from '../graph-validation';
import { RecordProblem, ValidRecord } from './records';
import { checkEntityKind, checkMentionSpans, checkRelationship, CheckWording, locateEvidence, ReferenceLookup } from './references';
import { entityRow, freshEvidence, relationshipRow, sourceRow } from './rows';

/**
 * The stored state a batch is planned against, read in the batch's transaction (see lookupsFor).
 * An id missing from a map is not stored.
 */
export interface StoredState {
  /** Content hashes of the stored sources among the batch's source records. */
  sources: ReadonlyMap<string, string | null>;
  /** Hashes of the stored mention spans of those sources (absent: none stored, or not read). */
  sourceSpans?: ReadonlyMap<string, string | null>;
  /** Texts of the stored evidence sources the batch needs (null: stored without text). */
  sourceTexts: ReadonlyMap<string, string | null>;
  /** Stored entities among the batch's entity records and relationship endpoints. */
  entities: ReadonlyMap<string, StoredEntity>;
  /** Stored relationships among the batch's relationship records. */
  relationships: ReadonlyMap<string, StoredRelationship>;
  /** The entities each stored source of mentionLookups mentions (absent: none, or not read). */
  mentions: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Nothing stored: what a load into an empty database (or the offline importer) plans against. */
export const EMPTY_STATE: StoredState = {
  sources: new Map(),
  sourceTexts: new Map(),
  entities: new Map(),
  relationships: new Map(),
  mentions: new Map(),
};

/** The ids whose stored state a batch needs. */
export interface Lookups {
  sourceIds: string[];
  textIds: string[];
  entityIds: string[];
  relationshipIds: Map<RelationshipType, string[]>;
}

export interface KindCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface BulkCounts {
  sources: KindCounts;
  entities: KindCounts;
  relationships: KindCounts;
}

export const emptyCounts = (): BulkCounts => ({
  sources: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
  entities: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
  relationships: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
});

export function addCounts(into: BulkCounts, from: BulkCounts): void {
  for (const key of Object.keys(into) as (keyof BulkCounts)[]) {
    into[key].created += from[key].created;
    into[key].updated += from[key].updated;
    into[key].unchanged += from[key].unchanged;
    into[key].skipped += from[key].skipped;
  }
}

/** What one batch writes, and what it found. */
export interface BatchPlan {
  /** `spans`: the sources whose given mention spans differ from the stored ones (to be written after the entities). */
  sources: { creates: SourceRow[]; updates: SourceRow[]; spans: SourceRow[] };
  entities: { creates: EntityRow[]; updates: EntityRow[] };
  /** Updates carry only the evidence pairs not stored yet. */
  relationships: { creates: RelationshipRow[]; updates: RelationshipRow[] };
  /**
   * Distinct (source, entity) pairs the new evidence adds (each source mentions both endpoints),
   * leaving out those in `stored.mentions`: these are to be created.
   */
  mentions: { source: string; entity: string }[];
  /** How many relationships this batch creates at each entity (its degree grows by that much). */
  degrees: Map<string, number>;
  counts: BulkCounts;
  /** Records refused (under skip: all of them; under stop: the first, also in `stoppedAt`). */
  problems: RecordProblem[];
  /** Under stop: the first bad record; the plan covers only the records before it. */
  stoppedAt?: RecordProblem;
  /** Entity kinds this batch writes or found stored, for later batches once it commits. */
  learned: Map<string, EntityKind>;
}

export interface PlanOptions {
  /** `stop`: plan only the records before the first bad one; `skip`: leave bad records out. */
  onError: 'stop' | 'skip';
  /**
   * Article ingest: a relationship already stored only gains the evidence it lacks; its stored
   * properties (origin, status, confidence, ...) stay as they are.
   */
  evidenceOnlyWhenStored?: boolean;
  /** Entity kinds known from committed batches (no lookup needed); their ids need not be in `stored`. */
  known?: ReadonlyMap<string, EntityKind>;
}

const FILE_WORDING: CheckWording = {
  unknownEntity: ' (neither earlier in the file nor in the database)',
  unknownSource: ' (neither earlier in the file nor in the database)',
};

const KIND_KEY = { source: 'sources', entity: 'entities', relationship: 'relationships' } as const;

/**
 * The ids a batch must read before it is planned: its sources and entities, the endpoints and
 * evidence sources it names that neither the batch nor `known` settles, and its relationships.
 */
export function lookupsFor(
  records: readonly ValidRecord[],
  known: ReadonlyMap<string, EntityKind> = new Map(),
  /** Relationships the caller knows are not stored (so not looked up). */
  isNew: (rel: ValidRelationship) => boolean = () => false,
): Lookups {
  const sourceIds: string[] = [];
  const withText = new Set<string>();
  const entityIds = new Set<string>();
  const relationshipIds = new Map<RelationshipType, string[]>();
  for (const record of records) {
    if (record.kind === 'source') {
      sourceIds.push(record.id);
      if (record.value.text !== null) withText.add(record.id);
      for (const span of record.value.mentionSpans ?? []) if (!known.has(span.entity)) entityIds.add(span.entity);
    } else if (record.kind === 'entity') entityIds.add(record.id);
  }
  const textIds = new Set<string>();
  for (const record of records) {
    if (record.kind !== 'relationship') continue;
    const r = record.value;
    for (const id of [r.from, r.to]) if (!known.has(id)) entityIds.add(id);
    for (const e of r.evidence) if (!withText.has(e.sourceId)) textIds.add(e.sourceId);
    if (isNew(r)) continue;
    const list = relationshipIds.get(r.type) ?? [];
    list.push(r.id);
    relationshipIds.set(r.type, list);
  }
  return { sourceIds, textIds: [...textIds], entityIds: [...entityIds], relationshipIds };
}

/**
 * The evidence sources whose stored mentions a batch needs: those its new evidence cites (evidence
 * of relationships not stored, or pairs a stored one lacks), known once its relationships are read.
 * A re-run of a loaded file has none, and reads no mentions.
 */
export function mentionLookups(records: readonly ValidRecord[], relationships: StoredState['relationships']): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    if (record.kind !== 'relationship') continue;
    const old = relationships.get(record.id);
    for (const e of old === undefined ? record.value.evidence : freshEvidence(record.value, old)) ids.add(e.sourceId);
  }
  return [...ids];
}

/**
 * Plans one batch (pure: no database). Records are taken in order: a relationship's endpoints and
 * evidence sources must be earlier in the batch, known from committed batches, or stored. New
 * records become creates, changed ones updates, the rest counts as unchanged. A batch holds at most
 * one record per (kind, id): the pipeline moves a repeated id to the next batch.
 */
export function planBatch(records: readonly ValidRecord[], stored: StoredState, options: PlanOptions): BatchPlan {
  const plan = planRecords(records, stored, options.known ?? new Map(), options.evidenceOnlyWhenStored === true);
  if (options.onError === 'skip' || plan.problems.length === 0) return plan;
  const first = plan.problems.reduce((a, b) => (b.seq < a.seq ? b : a));
  const before = planRecords(
    records.filter((record) => record.seq < first.seq),
    stored,
    options.known ?? new Map(),
    options.evidenceOnlyWhenStored === true,
  );
  return { ...before, problems: [first], stoppedAt: first };
}

function planRecords(
  records: readonly ValidRecord[],
  stored: StoredState,
  known: ReadonlyMap<string, EntityKind>,
  evidenceOnly: boolean,
): BatchPlan {
  const counts = emptyCounts();
  const problems: RecordProblem[] = [];
  const reject = (record: ValidRecord, message: string): void => {
    problems.push({ seq: record.seq, where: record.where, message });
    counts[KIND_KEY[record.kind]].skipped += 1;
  };
  const plan: BatchPlan = {
    sources: { creates: [], updates: [], spans: [] },
    entities: { creates: [], updates: [] },
    relationships: { creates: [], updates: [] },
    mentions: [],
    degrees: new Map(),
    counts,
    problems,
    learned: new Map(),
  };
  // What the batch itself brings, by position: a reference must point backwards.
  const batchSources = new Map<string, { seq: number; text: string | null }>();
  const batchEntities = new Map<string, { seq: number; kind: EntityKind }>();
  for (const record of records) {
    if (record.kind === 'source') batchSources.set(record.id, { seq: record.seq, text: record.value.text });
    else if (record.kind === 'entity') {
      const storedKind = stored.entities.get(record.id)?.kind;
      if (storedKind === undefined || storedKind === record.value.kind)
        batchEntities.set(record.id, { seq: record.seq, kind: record.value.kind });
    }
  }
  for (const [id, entity] of stored.entities) plan.learned.set(id, entity.kind);

  // One lookup for the whole batch (not one per record): `seq` is the position of the record checked.
  let seq = 0;
  const lookup: ReferenceLookup = {
    kindOf: (id) => {
      const inBatch = batchEntities.get(id);
      if (inBatch !== undefined && inBatch.seq < seq) return inBatch.kind;
      return known.get(id) ?? stored.entities.get(id)?.kind;
    },
    sourceText: (id) => {
      const inBatch = batchSources.get(id);
      if (inBatch !== undefined && inBatch.seq < seq) return { text: inBatch.text ?? stored.sourceTexts.get(id) ?? null };
      return stored.sourceTexts.has(id) ? { text: stored.sourceTexts.get(id) ?? null } : undefined;
    },
  };
  const mentions: Mentions = new Map();
  const spansOnly = new Set<string>();
  for (const record of records) {
    switch (record.kind) {
      case 'source': {
        const row = sourceRow(record.value);
        const newSpans = row.spansHash !== null && stored.sourceSpans?.get(row.id) !== row.spansHash;
        if (newSpans) plan.sources.spans.push(row);
        if (!stored.sources.has(row.id)) plan.sources.creates.push(row);
        else if (stored.sources.get(row.id) !== row.hash) plan.sources.updates.push(row);
        else if (newSpans) spansOnly.add(row.id);
        else counts.sources.unchanged += 1;
        break;
      }
      case 'entity': {
        const old = stored.entities.get(record.id);
        const conflict = checkEntityKind(record.value, old?.kind, 'entity');
        if (conflict !== undefined) {
          reject(record, conflict.message);
          break;
        }
        plan.learned.set(record.id, record.value.kind);
        const row = entityRow(record.value);
        if (old === undefined) plan.entities.creates.push(row);
        else if (old.hash !== row.hash) plan.entities.updates.push(row);
        else counts.entities.unchanged += 1;
        break;
      }
      case 'relationship': {
        seq = record.seq;
        // Located first: a found quote is then checked by its offsets, and each text is searched once.
        const located = locateEvidence(record.value, lookup);
        const problem = checkRelationship(located, lookup, 'relationship', FILE_WORDING);
        if (problem !== undefined) {
          reject(record, problem.message);
          break;
        }
        planRelationship(plan, located, stored, mentions, evidenceOnly);
        break;
      }
    }
  }
  // Mention spans point at entities anywhere in the batch (sources come before entities in a file), known or stored.
  const anyKind = (id: string): EntityKind | undefined => batchEntities.get(id)?.kind ?? known.get(id) ?? stored.entities.get(id)?.kind;
  for (const record of records) {
    if (record.kind !== 'source' || record.value.mentionSpans === null) continue;
    const problem = checkMentionSpans(record.value, anyKind, 'source', FILE_WORDING);
    if (problem === undefined) continue;
    reject(record, problem.message);
    spansOnly.delete(record.id);
    for (const list of [plan.sources.creates, plan.sources.updates, plan.sources.spans]) {
      const at = list.findIndex((row) => row.id === record.id);
      if (at >= 0) list.splice(at, 1);
    }
  }
  for (const [source, entities] of mentions) for (const entity of entities) plan.mentions.push({ source, entity });
  counts.sources.created = plan.sources.creates.length;
  counts.sources.updated = plan.sources.updates.length + spansOnly.size;
  counts.entities.created = plan.entities.creates.length;
  counts.entities.updated = plan.entities.updates.length;
  counts.relationships.created = plan.relationships.creates.length;
  counts.relationships.updated = plan.relationships.updates.length;
  return plan;
}

function planRelationship(plan: BatchPlan, r: ValidRelationship, stored: StoredState, mentions: Mentions, evidenceOnly: boolean): void {
  const old = stored.relationships.get(r.id);
  const fresh = old === undefined ? r.evidence : freshEvidence(r, old);
  const full = relationshipRow(r, fresh);
  // Ingest adds evidence to a stored fact and leaves the rest of it (its review status above all) alone.
  const row = old !== undefined && evidenceOnly ? { ...full, props: {}, hash: old.hash ?? full.hash } : full;
  if (old === undefined) {
    plan.relationships.creates.push(row);
    plan.degrees.set(r.from, (plan.degrees.get(r.from) ?? 0) + 1);
    plan.degrees.set(r.to, (plan.degrees.get(r.to) ?? 0) + 1);
  } else if (old.hash !== row.hash || fresh.length > 0) plan.relationships.updates.push(row);
  else {
    plan.counts.relationships.unchanged += 1;
    return;
  }
  for (const e of fresh) {
    const storedOf = stored.mentions.get(e.sourceId);
    let of = mentions.get(e.sourceId);
    if (of === undefined) mentions.set(e.sourceId, (of = new Set()));
    if (storedOf?.has(r.from) !== true) of.add(r.from);
    if (storedOf?.has(r.to) !== true) of.add(r.to);
  }
}

/** The (source, entity) pairs a batch creates, by source: distinct, in the order first met. */
type Mentions = Map<string, Set<string>>;
