import { createHash } from 'node:crypto';

import { Neo4jGateway, TxRunner } from '../db/gateway';
import { Plain } from '../db/plain';
import { RELATIONSHIP_TYPES } from '../domain/relationship-type';
import { BadUserInputError, NotFoundError } from '../errors/api-errors';
import { ExportRepository, Props, StoredRel } from '../repositories/export.repository';
import { validId } from './graph-validation';
import { ExportWriter } from './export/writer';

export interface ExportOptions {
  /** Export only the entities within `depth` hops of this one, and the edges among them. */
  around?: string;
  depth?: number;
  /** Records per read (default 2,000). */
  pageSize?: number;
}

export interface ExportCounts {
  sources: number;
  entities: number;
  relationships: number;
  mentions: number;
}

/** One page of the whole-graph walk. */
type GraphPage = { kind: 'source'; page: Props[] } | { kind: 'entity'; page: Props[] } | { kind: 'relationship'; page: StoredRel[] };

/** Receives text in order; resolves once it may be given more (stream back-pressure). */
export type Sink = (text: string) => Promise<void> | void;

export const MAX_EXPORT_DEPTH = 3;

/**
 * Properties that say when or how a record was written rather than what it says, and countries'
 * search names (derived from the world-countries dataset by their ISO code, not stated by a source).
 */
const NOT_CONTENT = new Set(['createdAt', 'updatedAt', 'recordedAt', 'contentHash', 'searchNames', 'searchNamesText', 'searchNameKeys']);

/** JSON with keys sorted at every level: one canonical text per value. */
function canonical(value: Plain | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object')
    return `{${Object.keys(value)
      .filter((key) => value[key] !== null && !NOT_CONTENT.has(key))
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * `newsgraph export`: the whole graph or a neighbourhood, streamed through a format writer page by
 * page, and the content checksum that round-trip tests compare.
 */
export class ExportService {
  constructor(
    private readonly gateway: Neo4jGateway,
    private readonly repository: ExportRepository = new ExportRepository(),
  ) {}

  async export(writer: ExportWriter, sink: Sink, options: ExportOptions = {}): Promise<ExportCounts> {
    const pageSize = options.pageSize ?? 2000;
    const counts: ExportCounts = { sources: 0, entities: 0, relationships: 0, mentions: 0 };
    await sink(writer.begin());
    if (options.around !== undefined) await this.exportAround(writer, sink, counts, options.around, options.depth ?? 1, pageSize);
    else await this.exportAll(writer, sink, counts, pageSize);
    await sink(writer.end());
    return counts;
  }

  private read<T>(work: (repo: ExportRepository, tx: TxRunner) => Promise<T>): Promise<T> {
    return this.gateway.readTx((tx) => work(this.repository, tx), { operation: 'export.page', timeoutMs: 60_000 });
  }

  /** Records in id order, a page at a time: `fetch(after)` reads up to `pageSize` records after that id. */
  private async *pages<T>(
    fetch: (repo: ExportRepository, tx: TxRunner, after: string) => Promise<T[]>,
    idOf: (record: T) => string,
    pageSize: number,
  ): AsyncGenerator<T[]> {
    for (let after = ''; ;) {
      const page = await this.read((repo, tx) => fetch(repo, tx, after));
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
      after = idOf(page[page.length - 1]);
    }
  }

  /** Every source, then every entity, then each type's relationships, a page at a time in id order. */
  private async *graphPages(pageSize: number): AsyncGenerator<GraphPage> {
    const byId = (record: Props): string => String(record.id);
    for await (const page of this.pages((repo, tx, after) => repo.sourcesAfter(tx, after, pageSize), byId, pageSize))
      yield { kind: 'source', page };
    for await (const page of this.pages((repo, tx, after) => repo.entitiesAfter(tx, after, pageSize), byId, pageSize))
      yield { kind: 'entity', page };
    for (const type of RELATIONSHIP_TYPES)
      for await (const page of this.pages(
        (repo, tx, after) => repo.relationshipsAfter(tx, type, after, pageSize),
        (rel) => String(rel.props.id),
        pageSize,
      ))
        yield { kind: 'relationship', page };
  }

  /** The whole graph; the MENTIONS pass afterwards keeps only the source ids in memory. */
  private async exportAll(writer: ExportWriter, sink: Sink, counts: ExportCounts, pageSize: number): Promise<void> {
    const sourceIds: string[] = [];
    for await (const item of this.graphPages(pageSize)) {
      if (item.kind === 'source') {
        for (const source of await this.withSpans(writer, item.page, () => true)) {
          await sink(writer.source(source));
          sourceIds.push(String(source.id));
        }
        counts.sources += item.page.length;
      } else if (item.kind === 'entity') {
        for (const entity of item.page) await sink(writer.entity(entity));
        counts.entities += item.page.length;
      } else {
        for (const rel of item.page) await sink(writer.relationship(rel));
        counts.relationships += item.page.length;
      }
    }
    if (writer.wantsMentions) await this.exportMentions(writer, sink, counts, sourceIds, () => true, pageSize);
  }

  /**
   * The sources with their located mentions whose entity passes `keep` as `mentionSpans` (the import
   * shape), for writers that want them; as they are for the others.
   */
  private async withSpans(writer: ExportWriter, page: Props[], keep: (entity: string) => boolean): Promise<Props[]> {
    if (writer.wantsSpansOnSources !== true) return page;
    const mentions = await this.read((repo, tx) =>
      repo.mentions(
        tx,
        page.map((source) => String(source.id)),
      ),
    );
    return page.map((source) => {
      const spans = (mentions.get(String(source.id)) ?? [])
        .filter((m) => keep(m.entity))
        .flatMap((m) => m.starts.map((start, i) => ({ entity: m.entity, start, end: m.ends[i] })))
        .sort((a, b) => a.start - b.start || a.end - b.end || (a.entity < b.entity ? -1 : 1));
      return spans.length === 0 ? source : { ...source, mentionSpans: spans };
    });
  }

  /** MENTIONS of these sources (read a page of sources at a time) whose entity passes `keep`. */
  private async exportMentions(
    writer: ExportWriter,
    sink: Sink,
    counts: ExportCounts,
    sourceIds: string[],
    keep: (entity: string) => boolean,
    pageSize: number,
  ): Promise<void> {
    for (let i = 0; i < sourceIds.length; i += pageSize) {
      const chunk = sourceIds.slice(i, i + pageSize);
      const mentions = await this.read((repo, tx) => repo.mentions(tx, chunk));
      for (const source of chunk)
        for (const mention of (mentions.get(source) ?? []).filter((m) => keep(m.entity))) {
          await sink(writer.mention(source, mention));
          counts.mentions += 1;
        }
    }
  }

  /**
   * A neighbourhood: the entities within `depth` hops (breadth-first, level by level), every
   * relationship among them, and the sources their evidence cites. Only ids are kept in memory;
   * records are read and written a page at a time.
   */
  private async exportAround(
    writer: ExportWriter,
    sink: Sink,
    counts: ExportCounts,
    around: string,
    depth: number,
    pageSize: number,
  ): Promise<void> {
    const id = validId(around, 'around');
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_EXPORT_DEPTH)
      throw new BadUserInputError(`depth must be a whole number from 1 to ${MAX_EXPORT_DEPTH}`, 'depth');
    if (!(await this.read((repo, tx) => repo.entityExists(tx, id)))) throw new NotFoundError(`no entity has the id "${id}"`, 'around');
    const members = new Set<string>([id]);
    let frontier = [id];
    for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
      const next: string[] = [];
      for (let i = 0; i < frontier.length; i += pageSize) {
        const chunk = frontier.slice(i, i + pageSize);
        for (const neighbour of await this.read((repo, tx) => repo.neighbourIds(tx, chunk)))
          if (!members.has(neighbour)) {
            members.add(neighbour);
            next.push(neighbour);
          }
      }
      frontier = next;
    }
    const ids = [...members].sort();
    const chunks = (): string[][] => {
      const out: string[][] = [];
      for (let i = 0; i < ids.length; i += pageSize) out.push(ids.slice(i, i + pageSize));
      return out;
    };
    const inside = (rel: StoredRel): boolean => members.has(rel.to);
    // First pass over the edges: which sources their evidence cites (ids only).
    const cited = new Set<string>();
    for (const chunk of chunks())
      for (const rel of (await this.read((repo, tx) => repo.outgoing(tx, chunk))).filter(inside))
        for (const source of Array.isArray(rel.props.evidenceSources) ? rel.props.evidenceSources : []) cited.add(String(source));
    const sourceIds = [...cited].sort();
    for (let i = 0; i < sourceIds.length; i += pageSize) {
      const chunk = sourceIds.slice(i, i + pageSize);
      const page = await this.read((repo, tx) => repo.sourcesByIds(tx, chunk));
      for (const source of await this.withSpans(writer, page, (entity) => members.has(entity))) {
        await sink(writer.source(source));
        counts.sources += 1;
      }
    }
    for (const chunk of chunks())
      for (const entity of await this.read((repo, tx) => repo.entitiesByIds(tx, chunk))) {
        await sink(writer.entity(entity));
        counts.entities += 1;
      }
    for (const chunk of chunks())
      for (const rel of (await this.read((repo, tx) => repo.outgoing(tx, chunk))).filter(inside)) {
        await sink(writer.relationship(rel));
        counts.relationships += 1;
      }
    if (writer.wantsMentions) await this.exportMentions(writer, sink, counts, sourceIds, (entity) => members.has(entity), pageSize);
  }

  /**
   * A SHA-256 over the graph's content, computed from the database: every source (with the sorted
   * ids of the entities it mentions), entity and relationship (type, endpoints, properties) as
   * canonical JSON with sorted keys, in id order, leaving out when things were written
   * (createdAt, updatedAt, recordedAt) and internal hashes. Two graphs with the same checksum say the
   * same things; degrees are included, so it also checks that they were maintained.
   */
  async checksum(pageSize = 2000): Promise<ExportCounts & { checksum: string }> {
    const hash = createHash('sha256');
    const counts: ExportCounts = { sources: 0, entities: 0, relationships: 0, mentions: 0 };
    const add = (kind: string, value: Record<string, Plain>): void => {
      hash.update(`${kind}\t${canonical(value)}\n`);
    };
    for await (const item of this.graphPages(pageSize)) {
      if (item.kind === 'source') {
        const mentions = await this.read((repo, tx) =>
          repo.mentions(
            tx,
            item.page.map((source) => String(source.id)),
          ),
        );
        for (const source of item.page) {
          const mentioned = mentions.get(String(source.id)) ?? [];
          counts.mentions += mentioned.length;
          // A mention without spans (named by evidence only) is its entity's id, as before spans existed.
          const plain = mentioned.map((m) => (m.starts.length === 0 ? m.entity : { entity: m.entity, starts: m.starts, ends: m.ends }));
          add('source', { ...source, mentions: plain });
        }
        counts.sources += item.page.length;
      } else if (item.kind === 'entity') {
        for (const entity of item.page) add('entity', entity);
        counts.entities += item.page.length;
      } else {
        for (const rel of item.page) add('relationship', { ...rel.props, type: rel.type, from: rel.from, to: rel.to });
        counts.relationships += item.page.length;
      }
    }
    return { ...counts, checksum: hash.digest('hex') };
  }
}
