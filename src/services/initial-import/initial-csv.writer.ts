import fs from 'node:fs';
import path from 'node:path';

import { toInt } from '../../db/plain';
import { ENTITY_KINDS, EntityKind, KIND_LABEL } from '../../domain/entity-kind';
import { EventType } from '../../domain/event-type';
import { EntityData, RelationshipData, SourceData } from '../../domain/graph-input';
import { RELATIONSHIP_ENDPOINTS, RELATIONSHIP_TYPES, RelationshipType } from '../../domain/relationship-type';
import { ApiError } from '../../errors/api-errors';
import { validateEntity, validateRelationship, validateSource } from '../graph-validation';
import { contentHash } from '../ids';
import { keepStoredWhenOmitted } from '../write';
import { RawRecord } from '../import/record-reader';

/**
 * The first half of `newsgraph import --initial`: reads the whole file, checks every record with
 * the rules of the online import (graph-validation, endpoints and kinds, verbatim quotes, earlier
 * in the file), and writes the CSV files `neo4j-admin database import full` reads, with the very
 * properties and content hashes the online import's creates store (BulkImportService,
 * BulkWriteRepository), so that a later online import of the same file finds everything unchanged.
 * Nothing here touches the database: a bad record leaves it as it was.
 *
 * Degrees are not in the CSV (the importer cannot count); they are derived after the import.
 */

/** Separates list elements inside one CSV field; no text we store contains it (checked). */
export const ARRAY_DELIMITER = '\u001f';

export interface InitialCsvFiles {
  dir: string;
  /** `--nodes=LABELS=FILE` arguments: labels and file. */
  nodes: { labels: string; file: string }[];
  relationships: { type: string; file: string }[];
  /** Files with a line break inside a value (the importer must parse them as multi-line). */
  multiline: string[];
}

export interface InitialCounts {
  sources: number;
  entities: number;
  relationships: number;
  mentions: number;
  /** Types with relationships without evidence: the importer stores no empty lists, a pass adds them. */
  typesWithoutEvidence: RelationshipType[];
}

export interface InitialProblem {
  seq: number;
  where: string;
  message: string;
}

export type InitialCsvResult =
  | { status: 'complete'; files: InitialCsvFiles; counts: InitialCounts; records: number; skipped: InitialProblem[]; seconds: number }
  | { status: 'stopped'; problem: InitialProblem; records: number };

export interface InitialCsvOptions {
  /** `stop` (default): the first bad record ends it, with nothing written; `skip`: leave bad records out. */
  onError?: 'stop' | 'skip';
  /** The time stored as createdAt/updatedAt/recordedAt (the online import stores datetime()). */
  now?: Date;
  onProblem?: (problem: InitialProblem) => void;
  onProgress?: (bytesRead: number, records: number) => void;
}

/** One CSV file, written in chunks with back-pressure. */
class CsvFile {
  private readonly stream: fs.WriteStream;
  private buffer: string[] = [];
  rows = 0;
  multiline = false;

  constructor(
    readonly file: string,
    header: string,
  ) {
    this.stream = fs.createWriteStream(file, { encoding: 'utf8' });
    this.buffer.push(header);
  }

  async add(fields: string[]): Promise<void> {
    this.rows += 1;
    this.buffer.push(fields.join(','));
    if (this.buffer.length >= 2000) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    if (!this.stream.write(text)) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

/** Thrown inside the writer for a record the offline importer cannot take. */
class BadRecord extends Error {}

function quoted(text: string, file: CsvFile): string {
  if (text.includes(ARRAY_DELIMITER))
    throw new BadRecord('holds the character U+001F, which the offline importer cannot store; use the online import');
  if (text.includes('\n') || text.includes('\r')) file.multiline = true;
  return `"${text.replace(/"/g, '""')}"`;
}

/** A string property: empty (no property) when absent, as a CREATE with a null value. */
const str = (value: string | null | undefined, file: CsvFile): string => (value === null || value === undefined ? '' : quoted(value, file));
const list = (values: readonly string[], file: CsvFile): string => {
  for (const value of values) if (value.includes(ARRAY_DELIMITER)) quoted(value, file);
  return quoted(values.join(ARRAY_DELIMITER), file);
};

/** The properties a record was given (null: left out), in the online import's order. */
function given<T>(props: Record<string, T | null>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(props)) if (value !== null) out[key] = value;
  return out;
}

const ENTITY_COLUMNS =
  'id:ID(Entity),kind,name,aliases:string[],aliasesText,description,wikidataId,isoCode,title,eventType,datePrecision,placeType,startDate:date,endDate:date,createdAt:datetime,updatedAt:datetime,contentHash';
const SOURCE_COLUMNS =
  'id:ID(Source),title,url,publisher,author,text,publishedAt:datetime,createdAt:datetime,updatedAt:datetime,contentHash';
const RELATIONSHIP_COLUMNS =
  ':START_ID(Entity),:END_ID(Entity),id,role,title,quantity:long,confidence:double,validFrom:date,validTo:date,recordedAt:datetime,evidenceSources:string[],evidenceQuotes:string[],contentHash';

/** Validates `records` and writes the importer's CSV files into `dir` (created; removed again on a stop). */
export async function writeInitialCsv(
  records: AsyncIterable<RawRecord>,
  dir: string,
  options: InitialCsvOptions = {},
): Promise<InitialCsvResult> {
  const started = performance.now();
  const skip = options.onError === 'skip';
  const now = (options.now ?? new Date()).toISOString();
  fs.mkdirSync(dir, { recursive: true });
  const sourcesFile = new CsvFile(path.join(dir, 'sources.csv'), SOURCE_COLUMNS);
  const entityFiles = new Map<EntityKind, CsvFile>(
    ENTITY_KINDS.map((kind) => [kind, new CsvFile(path.join(dir, `entities-${kind.toLowerCase()}.csv`), ENTITY_COLUMNS)]),
  );
  const relationshipFiles = new Map<RelationshipType, CsvFile>(
    RELATIONSHIP_TYPES.map((type) => [type, new CsvFile(path.join(dir, `relationships-${type.toLowerCase()}.csv`), RELATIONSHIP_COLUMNS)]),
  );
  const mentionsFile = new CsvFile(path.join(dir, 'mentions.csv'), ':START_ID(Source),:END_ID(Entity)');
  const all = [sourcesFile, ...entityFiles.values(), ...relationshipFiles.values(), mentionsFile];

  const sourceTexts = new Map<string, string | null>();
  const entityKinds = new Map<string, EntityKind>();
  const relationshipIds = new Set<string>();
  const mentions = new Set<string>();
  const typesWithoutEvidence = new Set<RelationshipType>();
  const skipped: InitialProblem[] = [];
  let recordsRead = 0;
  let stopped: InitialProblem | undefined;

  for await (const raw of records) {
    recordsRead += 1;
    if (recordsRead % 10_000 === 0) options.onProgress?.(raw.bytesRead, recordsRead);
    const problem = (message: string): InitialProblem => ({ seq: raw.seq, where: raw.where, message });
    let bad: InitialProblem | undefined;
    try {
      bad = await writeRecord(raw, problem);
    } catch (error) {
      if (error instanceof ApiError) bad = problem(error.message);
      else if (error instanceof BadRecord) bad = problem(`${raw.kind ?? 'record'}: ${error.message}`);
      else throw error;
    }
    if (bad === undefined) continue;
    if (!skip) {
      stopped = bad;
      break;
    }
    skipped.push(bad);
    options.onProblem?.(bad);
  }
  for (const file of all) await file.close();
  if (stopped !== undefined) {
    fs.rmSync(dir, { recursive: true, force: true });
    return { status: 'stopped', problem: stopped, records: recordsRead };
  }
  const used = (file: CsvFile): boolean => file.rows > 0;
  const files: InitialCsvFiles = {
    dir,
    nodes: [
      ...(used(sourcesFile) ? [{ labels: 'Source', file: sourcesFile.file }] : []),
      ...[...entityFiles]
        .filter(([, file]) => used(file))
        .map(([kind, file]) => ({ labels: `Entity:${KIND_LABEL[kind]}`, file: file.file })),
    ],
    relationships: [
      ...[...relationshipFiles].filter(([, file]) => used(file)).map(([type, file]) => ({ type, file: file.file })),
      ...(used(mentionsFile) ? [{ type: 'MENTIONS', file: mentionsFile.file }] : []),
    ],
    multiline: all.filter((file) => used(file) && file.multiline).map((file) => file.file),
  };
  for (const file of all) if (!used(file)) fs.rmSync(file.file, { force: true });
  return {
    status: 'complete',
    files,
    counts: {
      sources: sourcesFile.rows,
      entities: entityKinds.size,
      relationships: relationshipIds.size,
      mentions: mentions.size,
      typesWithoutEvidence: [...typesWithoutEvidence],
    },
    records: recordsRead,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };

  /** Checks one record against the file so far and writes its row; returns a problem instead. */
  async function writeRecord(raw: RawRecord, problem: (message: string) => InitialProblem): Promise<InitialProblem | undefined> {
    if (raw.error !== undefined || raw.kind === undefined) return problem(raw.error ?? 'unreadable record');
    const data = raw.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return problem(`${raw.kind}: must be an object`);
    const once = (what: string, id: string): InitialProblem =>
      problem(
        `${what}.id: "${id}" appears earlier in the file; --initial takes each record once (load files that update records with the online import)`,
      );
    switch (raw.kind) {
      case 'source': {
        const s = validateSource(data as SourceData, 'source');
        if (sourceTexts.has(s.id)) return once('source', s.id);
        const props = given({ title: s.title, url: s.url, publisher: s.publisher, author: s.author, text: s.text });
        const hash = contentHash([props, s.publishedAt]);
        const f = sourcesFile;
        await f.add([
          quoted(s.id, f),
          str(props.title, f),
          str(props.url, f),
          str(props.publisher, f),
          str(props.author, f),
          str(props.text, f),
          str(s.publishedAt, f),
          now,
          now,
          quoted(hash, f),
        ]);
        sourceTexts.set(s.id, s.text);
        return undefined;
      }
      case 'entity': {
        const e = keepStoredWhenOmitted(validateEntity(data as EntityData, 'entity'), data as EntityData);
        if (entityKinds.has(e.id)) return once('entity', e.id);
        const props: Record<string, string | string[]> = {};
        for (const [key, value] of Object.entries(e.fields))
          if (value !== undefined && value !== null) props[key] = value as string | string[];
        if (e.fields.aliases !== undefined) props.aliasesText = e.fields.aliases.join(' | ');
        const hash = contentHash([props, e.startDate, e.endDate]);
        // What a create adds for fields left out (BulkImportService): no aliases, an OTHER event.
        const created: Record<string, string | string[]> = {
          aliases: [],
          aliasesText: '',
          ...(e.kind === EntityKind.EVENT ? { eventType: EventType.OTHER } : {}),
          ...props,
        };
        const f = entityFiles.get(e.kind) as CsvFile;
        const text = (key: string): string => str(created[key] as string | undefined, f);
        await f.add([
          quoted(e.id, f),
          quoted(e.kind, f),
          text('name'),
          list(created.aliases as string[], f),
          quoted(created.aliasesText as string, f),
          text('description'),
          text('wikidataId'),
          text('isoCode'),
          text('title'),
          text('eventType'),
          text('datePrecision'),
          text('placeType'),
          str(e.startDate, f),
          str(e.endDate, f),
          now,
          now,
          quoted(hash, f),
        ]);
        entityKinds.set(e.id, e.kind);
        return undefined;
      }
      case 'relationship': {
        const r = validateRelationship(data as RelationshipData, 'relationship');
        if (relationshipIds.has(r.id)) return once('relationship', r.id);
        for (const [end, id] of [
          ['from', r.from],
          ['to', r.to],
        ] as const) {
          const kind = entityKinds.get(id);
          if (kind === undefined)
            return problem(`relationship.${end}: no entity has the id "${id}" earlier in the file (the database is empty)`);
          if (!RELATIONSHIP_ENDPOINTS[r.type][end].includes(kind))
            return problem(
              `relationship.${end}: ${r.type} goes ${end} ${RELATIONSHIP_ENDPOINTS[r.type][end].join(' or ')}, and "${id}" is a ${kind}`,
            );
        }
        for (let i = 0; i < r.evidence.length; i += 1) {
          const evidence = r.evidence[i];
          if (!sourceTexts.has(evidence.sourceId))
            return problem(
              `relationship.evidence[${i}].sourceId: no source has the id "${evidence.sourceId}" earlier in the file (the database is empty)`,
            );
          const text = sourceTexts.get(evidence.sourceId);
          if (text !== null && text !== undefined && !text.includes(evidence.quote))
            return problem(`relationship.evidence[${i}].quote: the quote does not appear verbatim in source "${evidence.sourceId}"`);
        }
        const props = given({
          role: r.role,
          title: r.title,
          quantity: r.quantity === null ? null : toInt(r.quantity),
          confidence: r.confidence,
        });
        const hash = contentHash([props, r.validTo]);
        const f = relationshipFiles.get(r.type) as CsvFile;
        await f.add([
          quoted(r.from, f),
          quoted(r.to, f),
          quoted(r.id, f),
          str(r.role, f),
          str(r.title, f),
          r.quantity === null ? '' : String(Math.trunc(r.quantity)),
          r.confidence === null ? '' : String(r.confidence),
          str(r.validFrom, f),
          str(r.validTo, f),
          now,
          list(
            r.evidence.map((e) => e.sourceId),
            f,
          ),
          list(
            r.evidence.map((e) => e.quote),
            f,
          ),
          quoted(hash, f),
        ]);
        relationshipIds.add(r.id);
        if (r.evidence.length === 0) typesWithoutEvidence.add(r.type);
        for (const e of r.evidence)
          for (const entity of [r.from, r.to]) {
            const key = `${e.sourceId}\u0000${entity}`;
            if (mentions.has(key)) continue;
            mentions.add(key);
            await mentionsFile.add([quoted(e.sourceId, mentionsFile), quoted(entity, mentionsFile)]);
          }
        return undefined;
      }
    }
    return problem('unknown record kind');
  }
}
