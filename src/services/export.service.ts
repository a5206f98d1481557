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

/** Receives text in order; resolves once it may be given more (stream back-pressure). */
export type Sink = (text: string) => Promise<void> | void;

export const MAX_EXPORT_DEPTH = 3;

/** Properties that say when or how a record was written rather than what it says. */
const NOT_CONTENT = new Set(['createdAt', 'updatedAt', 'recordedAt', 'contentHash']);

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

  /** Pages through sources, entities and each type's relationships by id. */
  private async exportAll(writer: ExportWriter, sink: Sink, counts: ExportCounts, pageSize: number): Promise<void> {
    for (let after = ''; ;) {
      const page = await this.read((repo, tx) => repo.sourcesAfter(tx, after, pageSize));
      for (const source of page) await sink(writer.source(source));
      counts.sources += page.length;
      if (page.length < pageSize) break;
      after = String(page[page.length - 1].id);
    }
    for (let after = ''; ;) {
      const page = await this.read((repo, tx) => repo.entitiesAfter(tx, after, pageSize));
      for (const entity of page) await sink(writer.entity(entity));
      counts.entities += page.length;
      if (page.length < pageSize) break;
      after = String(page[page.length - 1].id);
    }
    for (const type of RELATIONSHIP_TYPES) {
      for (let after = ''; ;) {
        const page = await this.read((repo, tx) => repo.relationshipsAfter(tx, type, after, pageSize));
        for (const rel of page) await sink(writer.relationship(rel));
        counts.relationships += page.length;
        if (page.length < pageSize) break;
        after = String(page[page.length - 1].props.id);
      }
    }
    if (writer.wantsMentions) {
      for (let after = ''; ;) {
        const page = await this.read((repo, tx) => repo.sourcesAfter(tx, after, pageSize));
        const ids = page.map((s) => String(s.id));
        const mentions = await this.read((repo, tx) => repo.mentions(tx, ids));
        for (const id of ids)
          for (const entity of mentions.get(id) ?? []) {
            await sink(writer.mention(id, entity));
            counts.mentions += 1;
          }
        if (page.length < pageSize) break;
        after = ids[ids.length - 1];
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
      for (const source of await this.read((repo, tx) => repo.sourcesByIds(tx, chunk))) {
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
    if (writer.wantsMentions) {
      for (let i = 0; i < sourceIds.length; i += pageSize) {
        const chunk = sourceIds.slice(i, i + pageSize);
        const mentions = await this.read((repo, tx) => repo.mentions(tx, chunk));
        for (const source of chunk)
          for (const entity of (mentions.get(source) ?? []).filter((e) => members.has(e))) {
            await sink(writer.mention(source, entity));
            counts.mentions += 1;
          }
      }
    }
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
    for (let after = ''; ;) {
      const page = await this.read((repo, tx) => repo.sourcesAfter(tx, after, pageSize));
      const mentions = await this.read((repo, tx) =>
        repo.mentions(
          tx,
          page.map((s) => String(s.id)),
        ),
      );
      for (const source of page) {
        const mentioned = mentions.get(String(source.id)) ?? [];
        counts.mentions += mentioned.length;
        add('source', { ...source, mentions: mentioned });
      }
      counts.sources += page.length;
      if (page.length < pageSize) break;
      after = String(page[page.length - 1].id);
    }
    for (let after = ''; ;) {
      const page: Props[] = await this.read((repo, tx) => repo.entitiesAfter(tx, after, pageSize));
      for (const entity of page) add('entity', entity);
      counts.entities += page.length;
      if (page.length < pageSize) break;
      after = String(page[page.length - 1].id);
    }
    for (const type of RELATIONSHIP_TYPES) {
      for (let after = ''; ;) {
        const page = await this.read((repo, tx) => repo.relationshipsAfter(tx, type, after, pageSize));
        for (const rel of page) add('relationship', { ...rel.props, type: rel.type, from: rel.from, to: rel.to });
        counts.relationships += page.length;
        if (page.length < pageSize) break;
        after = String(page[page.length - 1].props.id);
      }
    }
    return { ...counts, checksum: hash.digest('hex') };
  }
}
