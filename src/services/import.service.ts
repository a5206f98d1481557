import { Neo4jGateway, TxRunner } from '../db/gateway';
import { EntityKind } from '../domain/entity-kind';
import { GraphData } from '../domain/graph-input';
import { WriteCounts } from '../domain/graph-rows';
import { ApiError, BadUserInputError, ConflictError, NotFoundError } from '../errors/api-errors';
import { ErrorCode } from '../errors/error-codes';
import { add, GraphWriteRepository } from '../repositories/graph-write.repository';
import { ValidGraph, validateGraph } from './graph-validation';
import { keepStoredWhenOmitted } from './write/records';
import {
  checkEntityKind,
  checkMentionSpans,
  checkRelationship,
  CheckWording,
  locateEvidence,
  ReferenceLookup,
  ReferenceProblem,
} from './write/references';
import { entityRow, relationshipRow, sourceRow } from './write/rows';

export type ImportReport = WriteCounts;

export interface ImportOptions {
  /** The transaction timeout in milliseconds (the gateway's default when unset). */
  timeoutMs?: number;
  /** The transaction's name in Neo4j's query log. */
  operation?: string;
  /**
   * Where each entity of the graph sits in the caller's request (`input`, `input.entities[3]`), so that
   * errors name the field as the client wrote it; `entities[i]` when unset.
   */
  entityRows?: readonly string[];
  /** As entityRows, for the sources (`input`, `input.sources[2]`). */
  sourceRows?: readonly string[];
  /**
   * The error for a relationship whose endpoint or evidence source does not exist: bad input in an
   * import (whose rows refer to each other; the default), NOT_FOUND for a single write naming an id.
   */
  unknownReference?: ErrorCode.BAD_USER_INPUT | ErrorCode.NOT_FOUND;
}

/** Within one request a reference may point anywhere in it or to what is stored. */
const REQUEST_WORDING: CheckWording = { unknownEntity: '; create it first or include it in the import', unknownSource: '' };

/**
 * The online write path (importGraph and the upsert mutations): rows and checks from the shared write
 * module (src/services/write), written with MERGE upserts, which are safe against concurrent writers.
 * Writes sources, entities and relationships in one transaction: every row is checked first
 * (shape, endpoints, kinds, evidence quoted verbatim from the source's text), and the first
 * problem rejects the whole import with the row and the reason, leaving the graph untouched.
 */
export class ImportService {
  constructor(
    private readonly gateway: Neo4jGateway,
    private readonly repository: GraphWriteRepository = new GraphWriteRepository(),
  ) {}

  async importGraph(data: GraphData, options: { timeoutMs?: number } = {}): Promise<ImportReport> {
    const valid = validateGraph(data);
    const graph = { ...valid, entities: valid.entities.map((entity, i) => keepStoredWhenOmitted(entity, data.entities?.[i])) };
    return this.importValidated(graph, async (_tx, report) => report, {
      operation: 'importGraph',
      timeoutMs: options.timeoutMs ?? 120_000,
    });
  }

  /**
   * Checks and writes a graph the caller has validated itself (naming fields as its request does), in one
   * transaction; `then` runs in that same transaction after the writes, so what it reads back is exactly
   * what was written, even on a cluster.
   */
  importValidated<T>(graph: ValidGraph, then: (tx: TxRunner, report: ImportReport) => Promise<T>, options: ImportOptions = {}): Promise<T> {
    return this.gateway.writeTx(async (tx) => then(tx, await this.write(tx, graph, options)), {
      operation: options.operation ?? 'importGraph',
      timeoutMs: options.timeoutMs,
    });
  }

  private async write(tx: TxRunner, graph: ValidGraph, options: ImportOptions): Promise<ImportReport> {
    const lookup = await this.check(tx, graph, options);
    const sourceRows = graph.sources.map(sourceRow);
    const sources = await this.repository.upsertSources(tx, sourceRows);
    const entities = await this.repository.upsertEntities(tx, graph.entities.map(entityRow));
    const relationships = await this.repository.upsertRelationships(
      tx,
      graph.relationships.map((r) => relationshipRow(locateEvidence(r, lookup))),
    );
    await this.repository.setMentionSpans(tx, sourceRows);
    return add(add(sources, entities), relationships);
  }

  /** Everything that needs the database to judge (the shared reference checks), before the first write. */
  private async check(tx: TxRunner, graph: ValidGraph, options: ImportOptions): Promise<ReferenceLookup> {
    const refuse = (problem: ReferenceProblem): ApiError => {
      if (problem.reason === 'conflict') return new ConflictError(problem.message, problem.field);
      if (problem.reason === 'unknown' && options.unknownReference === ErrorCode.NOT_FOUND)
        return new NotFoundError(problem.message, problem.field);
      return new BadUserInputError(problem.message, problem.field);
    };
    const endpointIds = [
      ...graph.relationships.flatMap((r) => [r.from, r.to]),
      ...graph.sources.flatMap((source) => (source.mentionSpans ?? []).map((span) => span.entity)),
    ];
    const stored = await this.repository.entityKinds(tx, [...new Set([...graph.entities.map((e) => e.id), ...endpointIds])]);
    graph.entities.forEach((entity, i) => {
      const problem = checkEntityKind(entity, stored.get(entity.id), options.entityRows?.[i] ?? `entities[${i}]`);
      if (problem !== undefined) throw refuse(problem);
    });
    // Within one import, order does not matter: every source and entity is written before the relationships.
    const kinds = new Map<string, EntityKind>(stored);
    for (const entity of graph.entities) kinds.set(entity.id, entity.kind);
    const sourceIds = [...new Set(graph.relationships.flatMap((r) => r.evidence.map((e) => e.sourceId)))];
    const texts = await this.repository.sourceTexts(tx, sourceIds);
    for (const source of graph.sources) texts.set(source.id, source.text ?? texts.get(source.id) ?? null);
    const lookup: ReferenceLookup = {
      kindOf: (id) => kinds.get(id),
      sourceText: (id) => (texts.has(id) ? { text: texts.get(id) ?? null } : undefined),
    };
    for (const rel of graph.relationships) {
      const problem = checkRelationship(rel, lookup, rel.row, REQUEST_WORDING);
      if (problem !== undefined) throw refuse(problem);
    }
    graph.sources.forEach((source, i) => {
      const problem = checkMentionSpans(source, lookup.kindOf, options.sourceRows?.[i] ?? `sources[${i}]`, REQUEST_WORDING);
      if (problem !== undefined) throw refuse(problem);
    });
    return lookup;
  }

  /** True when the graph holds no entity yet. */
  isEmpty(): Promise<boolean> {
    return this.gateway.readTx((tx) => this.repository.isEmpty(tx), { operation: 'graph.isEmpty' });
  }
}
