import { Neo4jGateway, TxRunner } from '../db/gateway';
import { EntityKind } from '../domain/entity-kind';
import { ConflictError, TimeoutError } from '../errors/api-errors';
import { StoredRelationship } from '../domain/graph-rows';
import { BulkWriteRepository } from '../repositories/bulk-write.repository';
import { GraphWriteRepository } from '../repositories/graph-write.repository';
import { RawRecord } from './import/record-reader';
import {
  addCounts,
  BatchPlan,
  BulkCounts,
  emptyCounts,
  KindCounts,
  lookupsFor,
  mentionLookups,
  planBatch,
  StoredState,
} from './write/planner';
import { isProblem, RecordProblem, validateRecord, ValidRecord } from './write/records';

export { emptyCounts };
export type { BulkCounts, KindCounts, RecordProblem };

/** What happens to a bad record: `stop` the load there (the default) or `skip` it and go on. */
export type OnError = 'stop' | 'skip';

/**
 * 16 MiB of input per transaction at most. Records differ in size by thousands of times (a
 * relationship line is about 250 bytes, an article's text tens of kilobytes): 10,000 articles of
 * 13.5 KB made one 135 MB transaction that took 35 s on a quiet 2-core machine and over the 60 s
 * batch timeout on a busy one; capped, such a batch holds about 1,200 of them.
 */
export const BATCH_BYTES = 16 * 1024 * 1024;

/** Each batch's transaction timeout: 60 s. */
export const BATCH_TIMEOUT_MS = 60_000;

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
  /**
   * Input bytes per transaction (default BATCH_BYTES): a batch closes at batchSize records or at
   * this many bytes of the file, whichever comes first (a bigger record is a batch of its own).
   */
  batchBytes?: number;
  /** Aborting stops reading; the batch in flight commits, the rest is left for a re-run. */
  signal?: AbortSignal;
  onProgress?: (progress: BulkProgress) => void;
  /** Called for each skipped record, as it is found. */
  onProblem?: (problem: RecordProblem) => void;
  /** Per-batch transaction timeout (default BATCH_TIMEOUT_MS). */
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

/** Where a load is: reading records (with at most one batch in flight), or ended, and how. */
type LoadState =
  | { name: 'reading' }
  | { name: 'complete' }
  | { name: 'interrupted' }
  | { name: 'stopped'; at: RecordProblem }
  | { name: 'failed'; cause: unknown };

/** The outcome of one batch's transaction. */
type Settled = { plan: BatchPlan; batch: ValidRecord[] } | { error: unknown; batch: ValidRecord[] };

const KIND_KEY = { source: 'sources', entity: 'entities', relationship: 'relationships' } as const;
const MAX_PROBLEMS_KEPT = 100;
/** Ids remembered between batches (see LoadMemory). */
const MEMORY_LIMIT = 6_000_000;

/** Remembers nothing: every id is looked up. */
const EMPTY_MEMORY = {
  kinds: new Map<string, EntityKind>(),
  relationshipIsNew: (): boolean => false,
};

/**
 * `newsgraph import`: loads a stream of records in batches, one transaction each, idempotently.
 * Records are validated, turned into rows and checked by the shared write module (src/services/write,
 * the same rules and hashes as importGraph, so a record written by either path is "unchanged" to the
 * other). Each batch reads the stored state of its ids, the pure planner decides what is new, changed,
 * unchanged or refused, and write-only statements apply the plan; degrees of the endpoints of new
 * relationships are recounted in the same transaction. Reading and validating the next batch overlaps
 * with the current batch's transaction.
 *
 * A relationship's endpoints and evidence sources must be earlier in the file or already in the
 * database; anything else is a bad record (reported with its line).
 */
export class BulkImportService {
  private readonly memory = new LoadMemory();

  constructor(
    private readonly gateway: Neo4jGateway,
    private readonly repository: BulkWriteRepository = new BulkWriteRepository(),
    private readonly graphRepository: GraphWriteRepository = new GraphWriteRepository(),
  ) {}

  import(records: AsyncIterable<RawRecord>, options: BulkImportOptions = {}): Promise<BulkImportReport> {
    const onError = options.onError ?? 'stop';
    const run = (batch: ValidRecord[], trustMemory: boolean): Promise<BatchPlan> =>
      this.gateway.writeTx((tx) => this.writeBatch(tx, batch, onError, trustMemory), {
        operation: 'bulkImport.batch',
        timeoutMs: options.timeoutMs ?? BATCH_TIMEOUT_MS,
      });
    const commit = async (batch: ValidRecord[]): Promise<BatchPlan> => {
      let plan: BatchPlan;
      try {
        plan = await run(batch, true);
      } catch (error) {
        // Another writer created one of this batch's records since we remembered it as new: look it up.
        if (!(error instanceof ConflictError)) throw error;
        this.memory.clear();
        plan = await run(batch, false);
      }
      this.memory.remember(plan);
      return plan;
    };
    return new LoadPipeline(options, commit).run(records);
  }

  /**
   * One batch in one transaction: reads the stored state of its ids, plans (pure), writes the plan.
   * Every read comes before the first write: index seeks in a transaction that has written already
   * have to merge its changes, which made them many times slower. Keeps no state between calls (the
   * driver may retry it): what it learns is remembered once the batch has committed.
   */
  private async writeBatch(tx: TxRunner, records: ValidRecord[], onError: OnError, trustMemory: boolean): Promise<BatchPlan> {
    const memory = trustMemory ? this.memory : EMPTY_MEMORY;
    const lookups = lookupsFor(records, memory.kinds, (rel) => memory.relationshipIsNew(rel));
    const relationships = new Map<string, StoredRelationship>();
    for (const [type, ids] of lookups.relationshipIds)
      for (const [id, stored] of await this.repository.storedRelationships(tx, type, ids)) relationships.set(id, stored);
    const stored: StoredState = {
      sources: await this.repository.storedSources(tx, lookups.sourceIds),
      sourceSpans: await this.repository.storedSpanHashes(tx, lookups.sourceIds),
      sourceTexts: await this.graphRepository.sourceTexts(tx, lookups.textIds),
      entities: await this.repository.storedEntities(tx, lookups.entityIds),
      relationships,
      mentions: await this.repository.storedMentions(tx, mentionLookups(records, relationships)),
    };
    const plan = planBatch(records, stored, { onError, known: memory.kinds });
    await this.repository.createSources(tx, plan.sources.creates);
    await this.repository.updateSources(tx, plan.sources.updates);
    await this.repository.createEntities(tx, plan.entities.creates);
    await this.repository.updateEntities(tx, plan.entities.updates);
    const creates = plan.relationships.creates;
    const created = await this.repository.createRelationships(tx, creates);
    if (created !== creates.length)
      throw new Error(`${creates.length - created} relationships lost an endpoint while the batch ran; re-run the import`);
    await this.repository.updateRelationships(tx, plan.relationships.updates);
    await this.repository.createMentions(tx, plan.mentions);
    await this.graphRepository.setMentionSpans(tx, plan.sources.spans);
    await this.graphRepository.refreshDegrees(tx, [...plan.degrees.keys()]);
    return plan;
  }
}

/**
 * What this service's loads have written, kept between batches so that later ones need not ask:
 * entity kinds (no lookup of known endpoints), and what was created here. A relationship with an
 * endpoint created here can be stored only if it was created here too, so for those "not
 * remembered" means "new" and the batch creates them without a relationship-id seek each. If another
 * writer created one meanwhile, the batch fails on the id's uniqueness constraint and is run again
 * without the memory. Bounded: past the limit it is forgotten, and lookups resume.
 */
class LoadMemory {
  readonly kinds = new Map<string, EntityKind>();
  private readonly newEntities = new Set<string>();
  /** Relationships created here that have an endpoint in newEntities. */
  private readonly createdRelationships = new Set<string>();
  private size = 0;

  /** True when the relationship cannot be stored: an endpoint was created here, and it was not. */
  relationshipIsNew(rel: { id: string; from: string; to: string }): boolean {
    return (this.newEntities.has(rel.from) || this.newEntities.has(rel.to)) && !this.createdRelationships.has(rel.id);
  }

  /** Takes in what a committed batch wrote. */
  remember(plan: BatchPlan): void {
    if (this.size > MEMORY_LIMIT) this.clear();
    for (const [id, kind] of plan.learned) this.kinds.set(id, kind);
    for (const row of plan.entities.creates) this.newEntities.add(row.id);
    for (const row of plan.relationships.creates)
      if (this.newEntities.has(row.from) || this.newEntities.has(row.to)) this.createdRelationships.add(row.id);
    this.size = this.kinds.size + this.newEntities.size + this.createdRelationships.size;
  }

  clear(): void {
    this.kinds.clear();
    this.newEntities.clear();
    this.createdRelationships.clear();
    this.size = 0;
  }
}

/**
 * Drives one load: validates records as they are read, groups them into batches (one row per id in
 * a batch: a repeated id starts the next one), keeps one batch in flight while the next is read, and
 * ends in one of the states of LoadState. `commit` runs a batch's transaction.
 */
class LoadPipeline {
  private state: LoadState = { name: 'reading' };
  private readonly started = performance.now();
  private readonly counts = emptyCounts();
  private readonly problems: RecordProblem[] = [];
  private problemCount = 0;
  private records = 0;
  private bytesRead = 0;
  private committedThrough = 0;
  private batch: ValidRecord[] = [];
  private keys = new Set<string>();
  /**
   * Sources with mention spans, whose spans are written after every other record: a file lists its
   * sources before the entities the spans name, and those may come in a later batch. The source
   * itself is written in order (relationships cite it), without its spans.
   */
  private deferred: { record: ValidRecord; bytes: number }[] = [];
  /** Bytes of the file that the current batch's records took, and where the last record ended. */
  private batchBytes = 0;
  private lastBytesRead = 0;
  private readonly maxBatchBytes: number;
  private inflight: Promise<Settled> | null = null;
  private readonly skip: boolean;
  private readonly batchSize: number;

  constructor(
    private readonly options: BulkImportOptions,
    private readonly commit: (batch: ValidRecord[]) => Promise<BatchPlan>,
  ) {
    this.skip = options.onError === 'skip';
    this.batchSize = options.batchSize ?? 10_000;
    this.maxBatchBytes = options.batchBytes ?? BATCH_BYTES;
  }

  async run(records: AsyncIterable<RawRecord>): Promise<BulkImportReport> {
    for await (const raw of records) {
      if (this.options.signal?.aborted) {
        this.state = { name: 'interrupted' };
        break;
      }
      this.records += 1;
      this.bytesRead = raw.bytesRead;
      const bytes = Math.max(0, raw.bytesRead - this.lastBytesRead);
      this.lastBytesRead = raw.bytesRead;
      const record = validateRecord(raw);
      if (isProblem(record)) {
        if (this.skip) {
          if (raw.kind) this.counts[KIND_KEY[raw.kind]].skipped += 1;
          this.note(record);
          continue;
        }
        // Under stop: commit what came before the bad record, then stop.
        await this.submit();
        await this.settle();
        this.end({ name: 'stopped', at: record });
        break;
      }
      const key = `${record.kind}:${record.id}`;
      if (this.keys.has(key) || this.full(bytes)) await this.submit();
      if (this.state.name !== 'reading') break;
      if (record.kind === 'source' && record.value.mentionSpans !== null) {
        this.deferred.push({ record, bytes });
        this.batch.push({ ...record, value: { ...record.value, mentionSpans: null } });
      } else this.batch.push(record);
      this.batchBytes += bytes;
      this.keys.add(key);
    }
    // An interrupt leaves the unsubmitted records for the re-run; the batch in flight still commits.
    if (this.state.name === 'reading') await this.submit();
    for (const { record, bytes } of this.deferred) {
      if (this.state.name !== 'reading') break;
      if (this.full(bytes)) await this.submit();
      this.batch.push(record);
      this.batchBytes += bytes;
    }
    if (this.state.name === 'reading') await this.submit();
    await this.settle();
    this.end({ name: 'complete' });
    if (this.state.name === 'failed') {
      const cause = this.state.cause;
      // The API's timeout message speaks to a reader ("fewer hops"); a batch gets its own advice.
      const why =
        cause instanceof TimeoutError
          ? `a batch's transaction took longer than its ${Math.round((this.options.timeoutMs ?? BATCH_TIMEOUT_MS) / 1000)} s limit; smaller batches (--batch-size) commit sooner`
          : cause instanceof Error
            ? cause.message
            : String(cause);
      throw new BulkImportFailedError(
        `the database failed during the import (${why}). ${this.committedThrough > 0 ? `Records through position ${this.committedThrough} are committed` : 'Nothing was committed'}; re-run the same command to complete the load (loaded records count as unchanged).`,
        this.report(),
        cause,
      );
    }
    return this.report();
  }

  /**
   * Moves to an end state, unless the load has ended already: the first end wins, except that a
   * database failure overrides an interrupt (the user must hear that the batch in flight failed).
   */
  private end(state: Exclude<LoadState, { name: 'reading' }>): void {
    if (this.state.name !== 'reading' && !(this.state.name === 'interrupted' && state.name === 'failed')) return;
    this.state = state;
    if (state.name === 'stopped') this.note(state.at);
  }

  /** Whether a record of `bytes` must go to the next batch: this one holds batchSize records, or would pass batchBytes. */
  private full(bytes: number): boolean {
    return this.batch.length >= this.batchSize || (this.batch.length > 0 && this.batchBytes + bytes > this.maxBatchBytes);
  }

  /** Starts the current batch's transaction once the one in flight has settled. */
  private async submit(): Promise<void> {
    if (this.batch.length === 0) return;
    await this.settle();
    if (this.state.name !== 'reading') return;
    const batch = this.batch;
    this.inflight = this.commit(batch).then(
      (plan) => ({ plan, batch }),
      (error: unknown) => ({ error, batch }),
    );
    this.batch = [];
    this.batchBytes = 0;
    this.keys = new Set();
  }

  /** Waits for the batch in flight and takes in its outcome. */
  private async settle(): Promise<void> {
    if (this.inflight === null) return;
    const settled = await this.inflight;
    this.inflight = null;
    if ('error' in settled) {
      this.end({ name: 'failed', cause: settled.error });
      return;
    }
    const { plan, batch } = settled;
    addCounts(this.counts, plan.counts);
    if (plan.stoppedAt !== undefined) {
      const at = plan.stoppedAt;
      const before = batch.filter((record) => record.seq < at.seq);
      if (before.length > 0) this.committedThrough = Math.max(this.committedThrough, before[before.length - 1].seq);
      this.end({ name: 'stopped', at });
    } else {
      for (const problem of plan.problems) this.note(problem);
      this.committedThrough = Math.max(this.committedThrough, batch[batch.length - 1].seq);
    }
    this.options.onProgress?.({
      bytesRead: this.bytesRead,
      records: this.records,
      counts: this.counts,
      elapsedMs: performance.now() - this.started,
    });
  }

  private note(problem: RecordProblem): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push(problem);
    this.options.onProblem?.(problem);
  }

  private report(): BulkImportReport {
    const state = this.state;
    return {
      counts: this.counts,
      records: this.records,
      seconds: (performance.now() - this.started) / 1000,
      problems: this.problems,
      problemCount: this.problemCount,
      committedThrough: this.committedThrough,
      status: state.name === 'stopped' ? 'stopped' : state.name === 'interrupted' ? 'interrupted' : 'complete',
      stoppedAt: state.name === 'stopped' ? state.at : undefined,
    };
  }
}
