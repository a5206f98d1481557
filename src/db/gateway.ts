import neo4j, { BookmarkManager, Driver, ManagedTransaction, Session } from 'neo4j-driver';

import { Neo4jConfig } from '../config/config';
import { isMemoryLimitError, mapNeo4jError } from './error-mapping';
import { Row, toPlain } from './plain';

export interface QueryOptions {
  /** Overrides the configured per-transaction timeout, in milliseconds. */
  timeoutMs?: number;
  /** A name for the work, sent as transaction metadata and shown in Neo4j's query log. */
  operation?: string;
}

/** What the gateway reports after each Cypher round trip (used by metrics and tests). */
export interface QueryEvent {
  /** The operation name given in QueryOptions ('unnamed' otherwise), e.g. traversal.neighborhood. */
  operation: string;
  cypher: string;
  params: Record<string, unknown>;
  mode: 'READ' | 'WRITE';
  durationMs: number;
  rows: number;
  error?: unknown;
}

export type QueryListener = (event: QueryEvent) => void;

/** Runs several statements inside one managed transaction. */
export interface TxRunner {
  run(cypher: string, params?: Record<string, unknown>): Promise<Row[]>;
}

/**
 * The one door to Neo4j. Every query runs in a managed transaction (retried by the driver on
 * transient failures), with a timeout and metadata; errors are mapped to API errors, and records
 * are turned into plain objects here and nowhere else.
 *
 * Every session of the gateway (and any `driver.executeQuery` it may come to use: pass it
 * `{ bookmarkManager: gateway.bookmarks }`) shares ONE bookmark manager. On a cluster or Aura
 * (`neo4j://`, `neo4j+s://`) reads go to reader members, which may lag behind the leader; with
 * the shared manager, each transaction waits until its member has seen every write this process
 * committed before, so a read after a write in the same process sees it. Across processes (several
 * API instances behind a load balancer) bookmarks are not shared: see docs/operations.md.
 */
export class Neo4jGateway {
  private readonly listeners = new Set<QueryListener>();
  /** The causal chain of this process: every write's bookmark, handed to every later session. */
  readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();

  constructor(
    private readonly driver: Driver,
    private readonly config: Pick<Neo4jConfig, 'database' | 'transactionTimeoutMs'>,
  ) {}

  /** Creates a driver for the given server; `neo4j+s://` and friends are honoured as given. */
  static connect(uri: string, user: string, password: string, config: Neo4jConfig): Neo4jGateway {
    const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
      userAgent: 'newsgraph/0.1',
      maxConnectionPoolSize: 50,
      connectionAcquisitionTimeout: 10_000,
      connectionTimeout: 5_000,
      maxTransactionRetryTime: 5_000,
      // Every integer we store fits a JS number; plain numbers decode much faster than Integer
      // objects (ids, counts and dates all go through here).
      disableLosslessIntegers: true,
    });
    return new Neo4jGateway(driver, config);
  }

  /** Subscribes to every round trip; returns the unsubscribe function. */
  onQuery(listener: QueryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  read(cypher: string, params: Record<string, unknown> = {}, options: QueryOptions = {}): Promise<Row[]> {
    return this.readTx((tx) => tx.run(cypher, params), options);
  }

  write(cypher: string, params: Record<string, unknown> = {}, options: QueryOptions = {}): Promise<Row[]> {
    return this.writeTx((tx) => tx.run(cypher, params), options);
  }

  /** Several reads in one transaction. The work may be retried: keep it free of side effects. */
  readTx<T>(work: (tx: TxRunner) => Promise<T>, options: QueryOptions = {}): Promise<T> {
    return this.transaction('READ', work, options);
  }

  /** Several writes in one transaction: all of them commit, or none. Keep the work idempotent. */
  writeTx<T>(work: (tx: TxRunner) => Promise<T>, options: QueryOptions = {}): Promise<T> {
    return this.transaction('WRITE', work, options);
  }

  /**
   * One statement in an auto-commit transaction, for what a managed transaction cannot run
   * (`CALL { ... } IN TRANSACTIONS`). Not retried by the driver: keep it safe to run again.
   */
  async writeAutoCommit(cypher: string, params: Record<string, unknown> = {}, options: QueryOptions = {}): Promise<Row[]> {
    const session = this.session('WRITE');
    const operation = options.operation ?? 'unnamed';
    const started = performance.now();
    try {
      const result = await session.run(cypher, params, {
        timeout: options.timeoutMs ?? this.config.transactionTimeoutMs,
        metadata: { app: 'newsgraph', operation },
      });
      const rows = result.records.map((record) => {
        const row: Row = {};
        for (const key of record.keys) row[String(key)] = toPlain(record.get(key));
        return row;
      });
      this.emit({ operation, cypher, params, mode: 'WRITE', durationMs: performance.now() - started, rows: rows.length });
      return rows;
    } catch (error) {
      this.emit({ operation, cypher, params, mode: 'WRITE', durationMs: performance.now() - started, rows: 0, error });
      throw mapNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  /** Checks that the server answers, retrying until `timeoutMs` has passed. */
  async waitUntilReachable(timeoutMs: number, onRetry?: (attempt: number, error: unknown) => void): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.driver.verifyConnectivity({ database: this.config.database });
        return;
      } catch (error) {
        if (isAuthError(error) || Date.now() + 1000 > deadline) throw error;
        onRetry?.(attempt, error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * attempt)));
      }
    }
  }

  /**
   * True when the configured database runs a query now (readiness probes). A Bolt handshake is not
   * enough: a restarted Neo4j accepts connections while it still recovers the database, and every
   * query fails meanwhile. One auto-commit `RETURN 1`, not retried, given at most `timeoutMs`.
   */
  async isReachable(timeoutMs = 3000): Promise<boolean> {
    const session = this.session('READ');
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const probe = (async (): Promise<boolean> => {
      const result = await session.run(
        'RETURN 1 AS ok',
        {},
        { timeout: timeoutMs, metadata: { app: 'newsgraph', operation: 'health.ready' } },
      );
      return result.records.length === 1;
    })().catch(() => false);
    try {
      return await Promise.race([probe, expired]);
    } finally {
      clearTimeout(timer);
      // Not awaited: closing waits for a probe that may still be waiting for a connection.
      void probe.then(() => session.close()).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  /** Every session of the gateway is made here, so that none misses the shared bookmark manager. */
  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({
      database: this.config.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
  }

  private async transaction<T>(mode: 'READ' | 'WRITE', work: (tx: TxRunner) => Promise<T>, options: QueryOptions): Promise<T> {
    const session = this.session(mode);
    const operation = options.operation ?? 'unnamed';
    const txConfig = {
      timeout: options.timeoutMs ?? this.config.transactionTimeoutMs,
      metadata: { app: 'newsgraph', operation },
    };
    try {
      const run = (tx: ManagedTransaction): Promise<T> =>
        work({ run: (cypher, params = {}) => this.runIn(tx, mode, operation, cypher, params) });
      return mode === 'READ' ? await session.executeRead(run, txConfig) : await session.executeWrite(run, txConfig);
    } catch (error) {
      throw mapNeo4jError(error instanceof NotRetried ? error.original : error);
    } finally {
      await session.close();
    }
  }

  private async runIn(
    tx: ManagedTransaction,
    mode: 'READ' | 'WRITE',
    operation: string,
    cypher: string,
    params: Record<string, unknown>,
  ): Promise<Row[]> {
    const started = performance.now();
    try {
      const result = await tx.run(cypher, params);
      const rows = result.records.map((record) => {
        const row: Row = {};
        for (const key of record.keys) row[String(key)] = toPlain(record.get(key));
        return row;
      });
      this.emit({ operation, cypher, params, mode, durationMs: performance.now() - started, rows: rows.length });
      return rows;
    } catch (error) {
      this.emit({ operation, cypher, params, mode, durationMs: performance.now() - started, rows: 0, error });
      // A read over the memory limit meets it again when retried; the caller (the read planner) has
      // a lighter way to answer. Writes keep the driver's retries: their memory may free up.
      throw mode === 'READ' && isMemoryLimitError(error) ? new NotRetried(error) : error;
    }
  }

  private emit(event: QueryEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** Wraps a transient Neo4j error the driver must not retry (it retries only Neo4j errors). */
class NotRetried extends Error {
  constructor(readonly original: unknown) {
    super('not retried');
  }
}

/** A wrong user or password: retrying will not help. */
export function isAuthError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'Neo.ClientError.Security.Unauthorized' || code === 'Neo.ClientError.Security.AuthenticationRateLimit';
}
