import { Neo4jGateway, TxRunner } from '../db/gateway';
import { toInt } from '../db/plain';
import { ENTITY_KINDS, EntityKind } from '../domain/entity-kind';
import { EventType } from '../domain/event-type';
import { EntityData, GraphData } from '../domain/graph-input';
import { RELATIONSHIP_ENDPOINTS, RELATIONSHIP_TYPES } from '../domain/relationship-type';
import { ApiError, BadUserInputError, ConflictError, NotFoundError } from '../errors/api-errors';
import { ErrorCode } from '../errors/error-codes';
import { GraphWriteRepository, WriteCounts } from '../repositories/graph-write.repository';
import { contentHash } from './ids';
import { ValidEntity, ValidGraph, validateGraph } from './graph-validation';

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
  /**
   * The error for a relationship whose endpoint or evidence source does not exist: bad input in an
   * import (whose rows refer to each other; the default), NOT_FOUND for a single write naming an id.
   */
  unknownReference?: ErrorCode.BAD_USER_INPUT | ErrorCode.NOT_FOUND;
}

/**
 * The validator fills two fields when the input omits them: aliases (`[]`) and an event's eventType
 * (`OTHER`). Like every other omitted field they must keep their stored values when the entity exists
 * (an upsert that leaves out aliases must not erase "DPRK"), so they are dropped from the properties to
 * set here; the write applies the defaults only when it creates the entity.
 */
export function keepStoredWhenOmitted(entity: ValidEntity, input: EntityData | undefined): ValidEntity {
  const fields = { ...entity.fields };
  if (input?.aliases === undefined || input.aliases === null) delete fields.aliases;
  if (input?.eventType === undefined || input.eventType === null) delete fields.eventType;
  return { ...entity, fields };
}

/**
 * The properties a record was given. A field left out (null) keeps its stored value, as with entities:
 * writing a relationship again to add a second source's quote must not erase its confidence or dates.
 */
function given<T>(props: Record<string, T | null>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(props)) if (value !== null) out[key] = value;
  return out;
}

const add = (a: WriteCounts, b: WriteCounts): WriteCounts => ({
  created: a.created + b.created,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
});

/**
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
    await this.check(tx, graph, options);
    let report = await this.repository.upsertSources(
      tx,
      graph.sources.map((s) => {
        const props = given({ title: s.title, url: s.url, publisher: s.publisher, author: s.author, text: s.text });
        return { id: s.id, props, publishedAt: s.publishedAt, hash: contentHash([props, s.publishedAt]) };
      }),
    );
    for (const kind of ENTITY_KINDS) {
      const rows = graph.entities
        .filter((e) => e.kind === kind)
        .map((e) => {
          const props: Record<string, string | string[] | null> = {};
          for (const [key, value] of Object.entries(e.fields)) if (value !== undefined) props[key] = value as string | string[];
          if (e.fields.aliases !== undefined) props.aliasesText = e.fields.aliases.join(' | ');
          const onCreate = { aliases: [], aliasesText: '', eventType: kind === EntityKind.EVENT ? EventType.OTHER : null };
          return {
            id: e.id,
            kind,
            props,
            onCreate,
            startDate: e.startDate,
            endDate: e.endDate,
            hash: contentHash([props, e.startDate, e.endDate]),
          };
        });
      report = add(report, await this.repository.upsertEntities(tx, kind, rows));
    }
    for (const type of RELATIONSHIP_TYPES) {
      const rows = graph.relationships
        .filter((r) => r.type === type)
        .map((r) => {
          const props = given({
            role: r.role,
            title: r.title,
            quantity: r.quantity === null ? null : toInt(r.quantity),
            confidence: r.confidence,
          });
          return {
            id: r.id,
            from: r.from,
            to: r.to,
            props,
            validFrom: r.validFrom,
            validTo: r.validTo,
            evidenceSources: r.evidence.map((e) => e.sourceId),
            evidenceQuotes: r.evidence.map((e) => e.quote),
            hash: contentHash([props, r.validTo]),
          };
        });
      report = add(report, await this.repository.upsertRelationships(tx, type, rows));
    }
    return report;
  }

  /** Everything that needs the database to judge, checked before the first write. */
  private async check(tx: TxRunner, graph: ValidGraph, options: ImportOptions): Promise<void> {
    const unknown = (message: string, field: string): ApiError =>
      options.unknownReference === ErrorCode.NOT_FOUND ? new NotFoundError(message, field) : new BadUserInputError(message, field);
    const endpointIds = graph.relationships.flatMap((r) => [r.from, r.to]);
    const stored = await this.repository.entityKinds(tx, [...new Set([...graph.entities.map((e) => e.id), ...endpointIds])]);
    graph.entities.forEach((entity, i) => {
      const storedKind = stored.get(entity.id);
      if (storedKind !== undefined && storedKind !== entity.kind) {
        const row = options.entityRows?.[i] ?? `entities[${i}]`;
        throw new ConflictError(
          `${row}.id: "${entity.id}" is already a ${storedKind}, not a ${entity.kind}; choose another id`,
          `${row}.id`,
        );
      }
    });
    const kinds = new Map<string, EntityKind>(stored);
    for (const entity of graph.entities) kinds.set(entity.id, entity.kind);

    const sourceIds = [...new Set(graph.relationships.flatMap((r) => r.evidence.map((e) => e.sourceId)))];
    const texts = await this.repository.sourceTexts(tx, sourceIds);
    for (const source of graph.sources) texts.set(source.id, source.text ?? texts.get(source.id) ?? null);

    for (const rel of graph.relationships) {
      for (const [end, id] of [
        ['from', rel.from],
        ['to', rel.to],
      ] as const) {
        const kind = kinds.get(id);
        if (kind === undefined)
          throw unknown(
            `${rel.row}.${end}: no entity has the id "${id}"; create it first or include it in the import`,
            `${rel.row}.${end}`,
          );
        const allowed = RELATIONSHIP_ENDPOINTS[rel.type][end];
        if (!allowed.includes(kind)) {
          throw new BadUserInputError(
            `${rel.row}.${end}: ${rel.type} goes ${end} ${allowed.join(' or ')}, and "${id}" is a ${kind}`,
            `${rel.row}.${end}`,
          );
        }
      }
      rel.evidence.forEach((evidence, i) => {
        const field = `${rel.row}.evidence[${i}]`;
        if (!texts.has(evidence.sourceId))
          throw unknown(`${field}.sourceId: no source has the id "${evidence.sourceId}"`, `${field}.sourceId`);
        const text = texts.get(evidence.sourceId);
        if (typeof text === 'string' && !text.includes(evidence.quote)) {
          throw new BadUserInputError(
            `${field}.quote: the quote does not appear verbatim in source "${evidence.sourceId}"`,
            `${field}.quote`,
          );
        }
      });
    }
  }

  /** True when the graph holds no entity yet. */
  isEmpty(): Promise<boolean> {
    return this.gateway.readTx((tx) => this.repository.isEmpty(tx), { operation: 'graph.isEmpty' });
  }
}
