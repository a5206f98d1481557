import { Neo4jGateway, TxRunner } from '../db/gateway';
import { toInt } from '../db/plain';
import { ENTITY_KINDS, EntityKind } from '../domain/entity-kind';
import { EventType } from '../domain/event-type';
import { EntityData, RelationshipData, SourceData } from '../domain/graph-input';
import { RELATIONSHIP_ENDPOINTS, RELATIONSHIP_TYPES, RelationshipType } from '../domain/relationship-type';
import { ApiError } from '../errors/api-errors';
import {
  BulkEntityRow,
  BulkRelationshipRow,
  BulkSourceRow,
  BulkWriteRepository,
  StoredEntity,
  StoredRelationship,
} from '../repositories/bulk-write.repository';
import { GraphWriteRepository } from '../repositories/graph-write.repository';
import { ValidEntity, ValidRelationship, ValidSource, validateEntity, validateRelationship, validateSource } from './graph-validation';
import { contentHash } from './ids';
import { keepStoredWhenOmitted } from './import.service';
import { RawRecord, RecordKind } from './import/record-reader';

/** What happens to a bad record: `stop` the load there (the default) or `skip` it and go on. */
export type OnError = 'stop' | 'skip';

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

/** A record that could not be loaded: where it is in the file and why. */
export interface RecordProblem {
  seq: number;
  where: string;
  message: string;
}

export interface BulkProgress {
  bytesRead: number;
  records: number;
  counts: BulkCounts;
  elapsedMs: number;
}

export interface BulkImportOptions {
  onError?: OnError;
  /** Records per transaction (default 10,000). */
  batchSize?: number;
  /** Aborting stops reading; the batch in flight commits, the rest is left for a re-run. */
  signal?: AbortSignal;
  onProgress?: (progress: BulkProgress) => void;
  /** Called for each skipped record, as it is found. */
  onProblem?: (problem: RecordProblem) => void;
  /** Per-batch transaction timeout (default 60 s). */
  timeoutMs?: number;
}

export interface BulkImportReport {
  counts: BulkCounts;
  /** Records read (loaded, unchanged or skipped). */
  records: number;
  seconds: number;
  /** Skipped records (the first 100; `problemCount` has them all). */
  problems: RecordProblem[];
  problemCount: number;
  /** The position (line) of the last record whose batch committed; 0 when none did. */
  committedThrough: number;
  status: 'complete' | 'stopped' | 'interrupted';
  /** Under --on-error stop: the bad record; everything before it is loaded, nothing after. */
  stoppedAt?: RecordProblem;
}

/** Neo4j failed mid-import (unreachable, restarted): what was committed, and the cause. */
export class BulkImportFailedError extends Error {
  constructor(
    message: string,
    readonly report: BulkImportReport,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

type Prepared =
  | { kind: 'source'; seq: number; where: string; id: string; value: ValidSource }
  | { kind: 'entity'; seq: number; where: string; id: string; value: ValidEntity }
  | { kind: 'relationship'; seq: number; where: string; id: string; value: ValidRelationship };

interface BatchResult {
  counts: BulkCounts;
  problems: RecordProblem[];
  /** Entity kinds this batch wrote or looked up, cached once it commits. */
  kinds: Map<string, EntityKind>;
}

/** A record the database refused under --on-error stop; the batch rolls back. */
class RecordRejected extends Error {
  constructor(readonly problem: RecordProblem) {
    super(problem.message);
  }
}

/** The RecordRejected behind an error (the gateway wraps what a transaction throws). */
function recordRejected(error: unknown): RecordRejected | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1)
    if (e instanceof RecordRejected) return e;
  return undefined;
}

const KIND_KEY: Record<RecordKind, keyof BulkCounts> = { source: 'sources', entity: 'entities', relationship: 'relationships' };
const MAX_PROBLEMS_KEPT = 100;
/** Entity kinds remembered between batches, so relationships need no lookup of known endpoints. */
const KIND_CACHE_LIMIT = 2_000_000;

export const emptyCounts = (): BulkCounts => ({
  sources: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
  entities: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
  relationships: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
});

function addCounts(into: BulkCounts, from: BulkCounts): void {
  for (const key of Object.keys(into) as (keyof BulkCounts)[]) {
    into[key].created += from[key].created;
    into[key].updated += from[key].updated;
    into[key].unchanged += from[key].unchanged;
    into[key].skipped += from[key].skipped;
  }
}

/** The properties a record was given (null: keep the stored value), as ImportService sets them. */
function given<T>(props: Record<string, T | null>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(props)) if (value !== null) out[key] = value;
  return out;
}

/**
 * `newsgraph import`: loads a stream of records in batches, one transaction each, idempotently.
 * Records are validated with the same rules as importGraph (and hashed the same way, so a record
 * written by either path is "unchanged" to the other). Each batch reads the stored state of its ids,
 * checks endpoints, kinds and quotes, then creates what is new and updates what changed; degrees of
 * the endpoints of new relationships are recounted in the same transaction. Reading and validating
 * the next batch overlaps with the current batch's transaction.
 *
 * A relationship's endpoints and evidence sources must be earlier in the file or already in the
 * database; anything else is a bad record (reported with its line).
 */
export class BulkImportService {
  private readonly kinds = new Map<string, EntityKind>();

  constructor(
    private readonly gateway: Neo4jGateway,
    private readonly repository: BulkWriteRepository = new BulkWriteRepository(),
    private readonly graphRepository: GraphWriteRepository = new GraphWriteRepository(),
  ) {}

  async import(records: AsyncIterable<RawRecord>, options: BulkImportOptions = {}): Promise<BulkImportReport> {
    const skip = options.onError === 'skip';
    const batchSize = options.batchSize ?? 10_000;
    const started = performance.now();
    const counts = emptyCounts();
    const problems: RecordProblem[] = [];
    let problemCount = 0;
    let recordsRead = 0;
    let bytesRead = 0;
    let committedThrough = 0;
    let stoppedAt: RecordProblem | undefined;
    let interrupted = false;
    let failure: unknown;

    const report = (): BulkImportReport => ({
      counts,
      records: recordsRead,
      seconds: (performance.now() - started) / 1000,
      problems,
      problemCount,
      committedThrough,
      status: stoppedAt ? 'stopped' : interrupted ? 'interrupted' : 'complete',
      stoppedAt,
    });
    const noteProblem = (problem: RecordProblem): void => {
      problemCount += 1;
      if (problems.length < MAX_PROBLEMS_KEPT) problems.push(problem);
      options.onProblem?.(problem);
    };

    type Settled = { ok: BatchResult; batch: Prepared[] } | { error: unknown; batch: Prepared[] };
    let inflight: Promise<Settled> | null = null;
    const commit = (batch: Prepared[]): Promise<Settled> =>
      this.gateway
        .writeTx((tx) => this.writeBatch(tx, batch, skip), { operation: 'bulkImport.batch', timeoutMs: options.timeoutMs ?? 60_000 })
        .then(
          (ok) => ({ ok, batch }),
          (error: unknown) => ({ error, batch }),
        );
    const accept = (result: BatchResult, batch: Prepared[]): void => {
      addCounts(counts, result.counts);
      for (const problem of result.problems) noteProblem(problem);
      if (this.kinds.size + result.kinds.size > KIND_CACHE_LIMIT) this.kinds.clear();
      for (const [id, kind] of result.kinds) this.kinds.set(id, kind);
      committedThrough = batch[batch.length - 1].seq;
      options.onProgress?.({ bytesRead, records: recordsRead, counts, elapsedMs: performance.now() - started });
    };
    /** Waits for the batch in flight; false when the import must end (stopped or failed). */
    const settle = async (): Promise<boolean> => {
      if (inflight === null) return true;
      const settled = await inflight;
      inflight = null;
      if ('ok' in settled) {
        accept(settled.ok, settled.batch);
        return true;
      }
      const rejected = recordRejected(settled.error);
      if (rejected !== undefined) {
        // Under stop: load everything before the bad record (one more transaction), then stop.
        const bad = rejected.problem;
        const before = settled.batch.filter((record) => record.seq < bad.seq);
        if (before.length > 0) {
          const again = await commit(before);
          if ('error' in again) {
            failure = again.error;
            return false;
          }
          accept(again.ok, before);
        }
        stoppedAt = bad;
        noteProblem(bad);
        return false;
      }
      failure = settled.error;
      return false;
    };
    let batch: Prepared[] = [];
    let keys = new Set<string>();
    const submit = async (): Promise<boolean> => {
      if (batch.length === 0) return true;
      const ok = await settle();
      if (!ok) return false;
      inflight = commit(batch);
      batch = [];
      keys = new Set();
      return true;
    };

    let going = true;
    for await (const raw of records) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      recordsRead += 1;
      bytesRead = raw.bytesRead;
      const prepared = this.prepare(raw);
      if ('message' in prepared) {
        if (skip) {
          if (raw.kind) counts[KIND_KEY[raw.kind]].skipped += 1;
          noteProblem(prepared);
          continue;
        }
        // Under stop: commit what came before the bad record, then stop.
        going = (await submit()) && (await settle());
        if (going) {
          stoppedAt = prepared;
          noteProblem(prepared);
        }
        going = false;
        break;
      }
      const key = `${prepared.kind}:${prepared.id}`;
      // A record repeated within a batch goes to the next one, so that each batch holds one row per id.
      if (keys.has(key) || batch.length >= batchSize) {
        if (!(await submit())) {
          going = false;
          break;
        }
      }
      batch.push(prepared);
      keys.add(key);
    }
    // An interrupt leaves the unsubmitted records for the re-run; the batch in flight still commits.
    if (going && !interrupted) await submit();
    await settle();
    if (failure !== undefined) {
      const partial = report();
      const why = failure instanceof Error ? failure.message : String(failure);
      throw new BulkImportFailedError(
        `the database failed during the import (${why}). ${committedThrough > 0 ? `Records through position ${committedThrough} are committed` : 'Nothing was committed'}; re-run the same command to complete the load (loaded records count as unchanged).`,
        partial,
        failure,
      );
    }
    return report();
  }

  /** Validates one record (pure: no database). */
  private prepare(raw: RawRecord): Prepared | RecordProblem {
    const problem = (message: string): RecordProblem => ({ seq: raw.seq, where: raw.where, message });
    if (raw.error !== undefined || raw.kind === undefined) return problem(raw.error ?? 'unreadable record');
    const data = raw.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return problem(`${raw.kind}: must be an object`);
    try {
      const base = { seq: raw.seq, where: raw.where };
      switch (raw.kind) {
        case 'source': {
          const value = validateSource(data as SourceData, 'source');
          return { ...base, kind: 'source', id: value.id, value };
        }
        case 'entity': {
          const value = keepStoredWhenOmitted(validateEntity(data as EntityData, 'entity'), data as EntityData);
          return { ...base, kind: 'entity', id: value.id, value };
        }
        case 'relationship': {
          const value = validateRelationship(data as RelationshipData, 'relationship');
          return { ...base, kind: 'relationship', id: value.id, value };
        }
      }
    } catch (error) {
      if (error instanceof ApiError) return problem(error.message);
      throw error;
    }
    return problem('unknown record kind');
  }

  /**
   * One batch in one transaction: reads stored state, checks every record, then writes. Under stop
   * the first bad record (by position) throws before any write, rolling the batch back; under skip
   * bad records are left out. Keeps no state between calls: the driver may retry it.
   */
  private async writeBatch(tx: TxRunner, records: Prepared[], skip: boolean): Promise<BatchResult> {
    const counts = emptyCounts();
    const problems: RecordProblem[] = [];
    const rejected = new Set<number>();
    const reject = (record: Prepared, message: string): void => {
      if (rejected.has(record.seq)) return;
      rejected.add(record.seq);
      problems.push({ seq: record.seq, where: record.where, message });
      counts[KIND_KEY[record.kind]].skipped += 1;
    };
    const sources = records.filter((r): r is Extract<Prepared, { kind: 'source' }> => r.kind === 'source');
    const entities = records.filter((r): r is Extract<Prepared, { kind: 'entity' }> => r.kind === 'entity');
    const relationships = records.filter((r): r is Extract<Prepared, { kind: 'relationship' }> => r.kind === 'relationship');

    // Sources.
    const storedSources = await this.repository.storedSources(
      tx,
      sources.map((s) => s.id),
    );
    const sourceCreates: BulkSourceRow[] = [];
    const sourceUpdates: BulkSourceRow[] = [];
    for (const { value: s } of sources) {
      const props = given({ title: s.title, url: s.url, publisher: s.publisher, author: s.author, text: s.text });
      const row = { id: s.id, props, publishedAt: s.publishedAt, hash: contentHash([props, s.publishedAt]) };
      if (!storedSources.has(s.id)) sourceCreates.push(row);
      else if (storedSources.get(s.id) !== row.hash) sourceUpdates.push(row);
      else counts.sources.unchanged += 1;
    }

    // Entities: an id stored with another kind is a conflict.
    const storedEntities = await this.repository.storedEntities(
      tx,
      entities.map((e) => e.id),
    );
    const learned = new Map<string, EntityKind>();
    const entityCreates = new Map<EntityKind, BulkEntityRow[]>();
    const entityUpdates: BulkEntityRow[] = [];
    const batchEntitySeq = new Map<string, { seq: number; kind: EntityKind }>();
    for (const record of entities) {
      const e = record.value;
      const stored = storedEntities.get(e.id);
      if (stored !== undefined && stored.kind !== e.kind) {
        reject(record, `entity.id: "${e.id}" is already a ${stored.kind}, not a ${e.kind}; choose another id`);
        continue;
      }
      batchEntitySeq.set(e.id, { seq: record.seq, kind: e.kind });
      learned.set(e.id, e.kind);
      const props: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(e.fields))
        if (value !== undefined && value !== null) props[key] = value as string | string[];
      if (e.fields.aliases !== undefined) props.aliasesText = e.fields.aliases.join(' | ');
      const hash = contentHash([props, e.startDate, e.endDate]);
      if (stored === undefined) {
        const onCreate: Record<string, string | string[]> = { aliases: [], aliasesText: '' };
        if (e.kind === EntityKind.EVENT) onCreate.eventType = EventType.OTHER;
        const rows = entityCreates.get(e.kind) ?? [];
        rows.push({ id: e.id, hash, props: { ...onCreate, ...props }, startDate: e.startDate, endDate: e.endDate });
        entityCreates.set(e.kind, rows);
      } else if (stored.hash !== hash) {
        entityUpdates.push({ id: e.id, hash, props, startDate: e.startDate, endDate: e.endDate });
      } else counts.entities.unchanged += 1;
    }

    // Relationship endpoints: earlier in the file (this batch or a committed one) or in the database.
    const unknownIds = new Set<string>();
    for (const { value: r } of relationships)
      for (const id of [r.from, r.to]) if (!batchEntitySeq.has(id) && !this.kinds.has(id)) unknownIds.add(id);
    const looked: Map<string, StoredEntity> = await this.repository.storedEntities(tx, [...unknownIds]);
    for (const [id, stored] of looked) learned.set(id, stored.kind);
    const kindOf = (id: string, seq: number): EntityKind | undefined => {
      const inBatch = batchEntitySeq.get(id);
      if (inBatch !== undefined && inBatch.seq < seq) return inBatch.kind;
      return this.kinds.get(id) ?? looked.get(id)?.kind ?? storedEntities.get(id)?.kind;
    };

    // Evidence sources: earlier in the file or in the database; quotes verbatim in the stored text.
    const batchSources = new Map(sources.map((s) => [s.id, s]));
    const textIds = new Set<string>();
    for (const { value: r } of relationships)
      for (const e of r.evidence) if (batchSources.get(e.sourceId)?.value.text == null) textIds.add(e.sourceId);
    const storedTexts = await this.graphRepository.sourceTexts(tx, [...textIds]);
    const sourceText = (id: string, seq: number): { exists: boolean; text: string | null } => {
      const inBatch = batchSources.get(id);
      if (inBatch !== undefined && inBatch.seq < seq) return { exists: true, text: inBatch.value.text ?? storedTexts.get(id) ?? null };
      if (storedTexts.has(id)) return { exists: true, text: storedTexts.get(id) ?? null };
      return { exists: false, text: null };
    };

    const checked: Extract<Prepared, { kind: 'relationship' }>[] = [];
    for (const record of relationships) {
      const r = record.value;
      let ok = true;
      for (const [end, id] of [
        ['from', r.from],
        ['to', r.to],
      ] as const) {
        if (!ok) break;
        const kind = kindOf(id, record.seq);
        if (kind === undefined) {
          reject(record, `relationship.${end}: no entity has the id "${id}" (neither earlier in the file nor in the database)`);
          ok = false;
        } else if (!RELATIONSHIP_ENDPOINTS[r.type][end].includes(kind)) {
          reject(
            record,
            `relationship.${end}: ${r.type} goes ${end} ${RELATIONSHIP_ENDPOINTS[r.type][end].join(' or ')}, and "${id}" is a ${kind}`,
          );
          ok = false;
        }
      }
      for (let i = 0; ok && i < r.evidence.length; i += 1) {
        const evidence = r.evidence[i];
        const source = sourceText(evidence.sourceId, record.seq);
        if (!source.exists) {
          reject(
            record,
            `relationship.evidence[${i}].sourceId: no source has the id "${evidence.sourceId}" (neither earlier in the file nor in the database)`,
          );
          ok = false;
        } else if (source.text !== null && !source.text.includes(evidence.quote)) {
          reject(record, `relationship.evidence[${i}].quote: the quote does not appear verbatim in source "${evidence.sourceId}"`);
          ok = false;
        }
      }
      if (ok) checked.push(record);
    }
    if (!skip && problems.length > 0) {
      throw new RecordRejected(problems.reduce((first, p) => (p.seq < first.seq ? p : first)));
    }

    // Every read comes before the first write: index seeks in a transaction that has written
    // already have to merge its changes, which made them many times slower.
    const byType = new Map<RelationshipType, ValidRelationship[]>();
    for (const { value } of checked) {
      const list = byType.get(value.type) ?? [];
      list.push(value);
      byType.set(value.type, list);
    }
    const storedRels = new Map<RelationshipType, Map<string, StoredRelationship>>();
    for (const [type, list] of byType)
      storedRels.set(
        type,
        await this.repository.storedRelationships(
          tx,
          type,
          list.map((r) => r.id),
        ),
      );

    // Writes: sources, entities, then relationships by type.
    await this.repository.createSources(tx, sourceCreates);
    await this.repository.updateSources(tx, sourceUpdates);
    counts.sources.created += sourceCreates.length;
    counts.sources.updated += sourceUpdates.length;
    for (const kind of ENTITY_KINDS) {
      const rows = entityCreates.get(kind) ?? [];
      await this.repository.createEntities(tx, kind, rows);
      counts.entities.created += rows.length;
    }
    await this.repository.updateEntities(tx, entityUpdates);
    counts.entities.updated += entityUpdates.length;

    const mentions = new Map<string, { source: string; entity: string }>();
    const touched = new Set<string>();
    for (const type of RELATIONSHIP_TYPES) {
      const list = byType.get(type);
      if (list === undefined) continue;
      const stored = storedRels.get(type) ?? new Map<string, StoredRelationship>();
      const creates: BulkRelationshipRow[] = [];
      const updates: BulkRelationshipRow[] = [];
      for (const r of list) {
        const props = given({
          role: r.role,
          title: r.title,
          quantity: r.quantity === null ? null : toInt(r.quantity),
          confidence: r.confidence,
        });
        const hash = contentHash([props, r.validTo]);
        const old = stored.get(r.id);
        const fresh =
          old === undefined
            ? r.evidence
            : r.evidence.filter((e) => !old.evidenceSources.some((s, j) => s === e.sourceId && old.evidenceQuotes[j] === e.quote));
        const row: BulkRelationshipRow = {
          id: r.id,
          from: r.from,
          to: r.to,
          hash,
          props,
          validFrom: r.validFrom,
          validTo: r.validTo,
          evidenceSources: fresh.map((e) => e.sourceId),
          evidenceQuotes: fresh.map((e) => e.quote),
        };
        if (old === undefined) {
          creates.push(row);
          touched.add(r.from);
          touched.add(r.to);
        } else if (old.hash !== hash || fresh.length > 0) updates.push(row);
        else {
          counts.relationships.unchanged += 1;
          continue;
        }
        for (const e of fresh)
          for (const entity of [r.from, r.to]) mentions.set(`${e.sourceId}\u0000${entity}`, { source: e.sourceId, entity });
      }
      const created = await this.repository.createRelationships(tx, type, creates);
      if (created !== creates.length)
        throw new Error(`${creates.length - created} ${type} relationships lost an endpoint while the batch ran; re-run the import`);
      await this.repository.updateRelationships(tx, type, updates);
      counts.relationships.created += creates.length;
      counts.relationships.updated += updates.length;
    }
    await this.repository.mergeMentions(tx, [...mentions.values()]);
    await this.repository.refreshDegrees(tx, [...touched]);
    return { counts, problems, kinds: learned };
  }
}
