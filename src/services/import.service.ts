import { Neo4jGateway, TxRunner } from '../db/gateway';
import { toInt } from '../db/plain';
import { ENTITY_KINDS, EntityKind } from '../domain/entity-kind';
import { GraphData } from '../domain/graph-input';
import { RELATIONSHIP_ENDPOINTS, RELATIONSHIP_TYPES } from '../domain/relationship-type';
import { BadUserInputError, ConflictError } from '../errors/api-errors';
import { GraphWriteRepository, WriteCounts } from '../repositories/graph-write.repository';
import { contentHash } from './ids';
import { ValidGraph, validateGraph } from './graph-validation';

export type ImportReport = WriteCounts;

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
    const graph = validateGraph(data);
    return this.gateway.writeTx((tx) => this.write(tx, graph), { operation: 'importGraph', timeoutMs: options.timeoutMs ?? 120_000 });
  }

  private async write(tx: TxRunner, graph: ValidGraph): Promise<ImportReport> {
    await this.check(tx, graph);
    let report = await this.repository.upsertSources(
      tx,
      graph.sources.map((s) => {
        const props = { title: s.title, url: s.url, publisher: s.publisher, author: s.author, text: s.text };
        return { id: s.id, props, publishedAt: s.publishedAt, hash: contentHash([props, s.publishedAt]) };
      }),
    );
    for (const kind of ENTITY_KINDS) {
      const rows = graph.entities
        .filter((e) => e.kind === kind)
        .map((e) => {
          const props: Record<string, string | string[] | null> = {};
          for (const [key, value] of Object.entries(e.fields)) if (value !== undefined) props[key] = value as string | string[];
          props.aliasesText = (e.fields.aliases ?? []).join(' | ');
          return { id: e.id, kind, props, startDate: e.startDate, endDate: e.endDate, hash: contentHash([props, e.startDate, e.endDate]) };
        });
      report = add(report, await this.repository.upsertEntities(tx, kind, rows));
    }
    for (const type of RELATIONSHIP_TYPES) {
      const rows = graph.relationships
        .filter((r) => r.type === type)
        .map((r) => {
          const props = {
            role: r.role,
            title: r.title,
            quantity: r.quantity === null ? null : toInt(r.quantity),
            confidence: r.confidence,
          };
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
  private async check(tx: TxRunner, graph: ValidGraph): Promise<void> {
    const endpointIds = graph.relationships.flatMap((r) => [r.from, r.to]);
    const stored = await this.repository.entityKinds(tx, [...new Set([...graph.entities.map((e) => e.id), ...endpointIds])]);
    graph.entities.forEach((entity, i) => {
      const storedKind = stored.get(entity.id);
      if (storedKind !== undefined && storedKind !== entity.kind) {
        throw new ConflictError(`entities[${i}].id: "${entity.id}" is already a ${storedKind}, not a ${entity.kind}; choose another id`);
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
          throw new BadUserInputError(
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
          throw new BadUserInputError(`${field}.sourceId: no source has the id "${evidence.sourceId}"`, `${field}.sourceId`);
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
