import fs from 'node:fs';
import path from 'node:path';

import { ENTITY_KINDS, EntityKind, KIND_LABEL } from '../../domain/entity-kind';
import { RELATIONSHIP_TYPES, RelationshipType } from '../../domain/relationship-type';
import { RawRecord } from '../import/record-reader';
import {
  checkRelationship,
  CheckWording,
  createdProps,
  createdRelationshipProps,
  entityRow,
  isProblem,
  locateEvidence,
  RecordProblem,
  ReferenceLookup,
  relationshipRow,
  sourceRow,
  validateRecord,
} from '../write';

/**
 * The first half of `newsgraph import --initial`: reads the whole file, checks every record with
 * the online import's own module (src/services/write: validateRecord, then checkRelationship for
 * endpoints, kinds and verbatim quotes against what came earlier in the file), and writes the CSV
 * files `neo4j-admin database import full` reads from the same rows and content hashes the online
 * import stores, so that a later online import of the same file finds everything unchanged.
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

/** One CSV field: quotes doubled, the file marked multi-line when the text holds a line break. */
function field(text: string, file: CsvFile): string {
  if (text.includes('\n') || text.includes('\r')) file.multiline = true;
  return `"${text.replace(/"/g, '""')}"`;
}

/** Refuses a text the importer could not store as it is: one holding ARRAY_DELIMITER. */
function storable(text: string): string {
  if (text.includes(ARRAY_DELIMITER))
    throw new BadRecord('holds the character U+001F, which the offline importer cannot store; use the online import');
  return text;
}

const quoted = (text: string, file: CsvFile): string => field(storable(text), file);

/** A string property: empty (no property) when absent, as a CREATE with a null value. */
const str = (value: string | null | undefined, file: CsvFile): string => (value === null || value === undefined ? '' : quoted(value, file));
/** A list property: its elements (none may hold ARRAY_DELIMITER) joined by it, as one field. */
const list = (values: readonly string[], file: CsvFile): string => {
  return field(values.map(storable).join(ARRAY_DELIMITER), file);
};

const ENTITY_COLUMNS =
  'id:ID(Entity),kind,name,nameFolded,aliases:string[],aliasesText,description,wikidataId,isoCode,title,eventType,datePrecision,placeType,startDate:date,endDate:date,createdAt:datetime,updatedAt:datetime,contentHash';
const SOURCE_COLUMNS =
  'id:ID(Source),title,url,publisher,author,text,publishedAt:datetime,createdAt:datetime,updatedAt:datetime,contentHash,spansHash';
const RELATIONSHIP_COLUMNS =
  ':START_ID(Entity),:END_ID(Entity),id,role,title,quantity:long,confidence:double,validFrom:date,validTo:date,validFromPrecision,validToPrecision,origin,status,hedge,recordedAt:datetime,evidenceSources:string[],evidenceQuotes:string[],evidenceStarts:long[],evidenceEnds:long[],contentHash';

/** Where a reference may point in an initial load: only to what the file brought before. */
const EMPTY_DATABASE_WORDING: CheckWording = {
  unknownEntity: ' earlier in the file (the database is empty)',
  unknownSource: ' earlier in the file (the database is empty)',
};

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
  const mentionsFile = new CsvFile(path.join(dir, 'mentions.csv'), ':START_ID(Source),:END_ID(Entity),starts:long[],ends:long[]');
  const all = [sourcesFile, ...entityFiles.values(), ...relationshipFiles.values(), mentionsFile];

  const sourceTexts = new Map<string, string | null>();
  const entityKinds = new Map<string, EntityKind>();
  const relationshipIds = new Set<string>();
  const mentions = new Set<string>();
  /**
   * Mention spans of the sources read so far, by source and entity, not written yet: they go on the
   * MENTIONS their evidence brings, or, at the end of the file (when every entity they name has been
   * read), on MENTIONS of their own.
   */
  const pendingSpans = new Map<string, { source: string; entity: string; where: RecordProblem; starts: string[]; ends: string[] }>();
  const mentionRow = (source: string, entity: string): string[] => {
    const key = `${source}\u0000${entity}`;
    const spans = pendingSpans.get(key);
    pendingSpans.delete(key);
    return [
      quoted(source, mentionsFile),
      quoted(entity, mentionsFile),
      spans ? list(spans.starts, mentionsFile) : '',
      spans ? list(spans.ends, mentionsFile) : '',
    ];
  };
  const typesWithoutEvidence = new Set<RelationshipType>();
  const lookup: ReferenceLookup = {
    kindOf: (id) => entityKinds.get(id),
    sourceText: (id) => (sourceTexts.has(id) ? { text: sourceTexts.get(id) ?? null } : undefined),
  };
  const skipped: InitialProblem[] = [];
  let recordsRead = 0;
  let stopped: InitialProblem | undefined;

  for await (const raw of records) {
    recordsRead += 1;
    if (recordsRead % 10_000 === 0) options.onProgress?.(raw.bytesRead, recordsRead);
    let bad: InitialProblem | undefined;
    try {
      bad = await writeRecord(raw);
    } catch (error) {
      if (!(error instanceof BadRecord)) throw error;
      bad = { seq: raw.seq, where: raw.where, message: `${raw.kind ?? 'record'}: ${error.message}` };
    }
    if (bad === undefined) continue;
    if (!skip) {
      stopped = bad;
      break;
    }
    skipped.push(bad);
    options.onProblem?.(bad);
  }
  // Spans on entities no evidence links to their source: their own MENTIONS, once every entity is read.
  if (stopped === undefined)
    for (const spans of [...pendingSpans.values()]) {
      if (!entityKinds.has(spans.entity)) {
        const bad = {
          ...spans.where,
          message: `source.mentionSpans: no entity has the id "${spans.entity}" in the file (the database is empty)`,
        };
        if (!skip) {
          stopped = bad;
          break;
        }
        skipped.push(bad);
        options.onProblem?.(bad);
        continue;
      }
      mentions.add(`${spans.source}\u0000${spans.entity}`);
      await mentionsFile.add(mentionRow(spans.source, spans.entity));
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

  /**
   * Checks one record against the file so far and writes its row; returns a problem instead. The
   * checks and rows are the online import's (src/services/write): validateRecord, checkRelationship
   * against what the file brought so far, and the rows with their content hashes.
   */
  async function writeRecord(raw: RawRecord): Promise<InitialProblem | undefined> {
    const record = validateRecord(raw);
    if (isProblem(record)) return record;
    const problem = (message: string): InitialProblem => ({ seq: raw.seq, where: raw.where, message });
    const once = (): InitialProblem =>
      problem(
        `${record.kind}.id: "${record.id}" appears earlier in the file; --initial takes each record once (load files that update records with the online import)`,
      );
    switch (record.kind) {
      case 'source': {
        if (sourceTexts.has(record.id)) return once();
        const row = sourceRow(record.value);
        for (const m of row.mentionSpans ?? [])
          pendingSpans.set(`${row.id}\u0000${m.entity}`, {
            source: row.id,
            entity: m.entity,
            where: { seq: record.seq, where: record.where, message: '' },
            starts: m.starts.map(String),
            ends: m.ends.map(String),
          });
        const f = sourcesFile;
        await f.add([
          quoted(row.id, f),
          str(row.props.title, f),
          str(row.props.url, f),
          str(row.props.publisher, f),
          str(row.props.author, f),
          str(row.props.text, f),
          str(row.publishedAt, f),
          now,
          now,
          quoted(row.hash, f),
          row.spansHash === null ? '' : quoted(row.spansHash, f),
        ]);
        sourceTexts.set(record.id, record.value.text);
        return undefined;
      }
      case 'entity': {
        if (entityKinds.has(record.id)) return once();
        const row = entityRow(record.value);
        // What a create stores: the defaults (no aliases, an OTHER event) under what was given.
        const created = createdProps(row);
        const f = entityFiles.get(row.kind) as CsvFile;
        const text = (key: string): string => str(created[key] as string | undefined, f);
        await f.add([
          quoted(row.id, f),
          quoted(row.kind, f),
          text('name'),
          text('nameFolded'),
          list(created.aliases as string[], f),
          quoted(created.aliasesText as string, f),
          text('description'),
          text('wikidataId'),
          text('isoCode'),
          text('title'),
          text('eventType'),
          text('datePrecision'),
          text('placeType'),
          str(row.startDate, f),
          str(row.endDate, f),
          now,
          now,
          quoted(row.hash, f),
        ]);
        entityKinds.set(row.id, row.kind);
        return undefined;
      }
      case 'relationship': {
        const r = record.value;
        if (relationshipIds.has(r.id)) return once();
        // Quotes located in their sources' texts, as every write path stores them (located first: a
        // found quote is then checked by its offsets, and each text is searched once).
        const located = locateEvidence(r, lookup);
        const bad = checkRelationship(located, lookup, 'relationship', EMPTY_DATABASE_WORDING);
        if (bad !== undefined) return problem(bad.message);
        const row = relationshipRow(located);
        const created = createdRelationshipProps(row);
        const f = relationshipFiles.get(row.type) as CsvFile;
        await f.add([
          quoted(row.from, f),
          quoted(row.to, f),
          quoted(row.id, f),
          str(row.props.role as string | undefined, f),
          str(row.props.title as string | undefined, f),
          r.quantity === null ? '' : String(Math.trunc(r.quantity)),
          r.confidence === null ? '' : String(r.confidence),
          str(row.validFrom, f),
          str(row.validTo, f),
          str(created.validFromPrecision as string | undefined, f),
          str(created.validToPrecision as string | undefined, f),
          str(created.origin as string | undefined, f),
          str(created.status as string | undefined, f),
          str(created.hedge as string | undefined, f),
          now,
          list(row.evidenceSources, f),
          list(row.evidenceQuotes, f),
          list(row.evidenceStarts.map(String), f),
          list(row.evidenceEnds.map(String), f),
          quoted(row.hash, f),
        ]);
        relationshipIds.add(r.id);
        if (r.evidence.length === 0) typesWithoutEvidence.add(r.type);
        for (const e of r.evidence)
          for (const entity of [r.from, r.to]) {
            const key = `${e.sourceId}\u0000${entity}`;
            if (mentions.has(key)) continue;
            mentions.add(key);
            await mentionsFile.add(mentionRow(e.sourceId, entity));
          }
        return undefined;
      }
    }
  }
}
