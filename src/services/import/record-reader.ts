import fs from 'node:fs';
import readline from 'node:readline';

/** The three kinds of record an import file holds. */
export type RecordKind = 'source' | 'entity' | 'relationship';
export const RECORD_KINDS: readonly RecordKind[] = ['source', 'entity', 'relationship'];

/** One record as read from a file, before validation. */
export interface RawRecord {
  /** Its position: the line number in JSON Lines, the index in the file order in JSON. */
  seq: number;
  /** How a person finds it in the file: `line 12`, or `relationships[3]` in a JSON document. */
  where: string;
  kind?: RecordKind;
  data?: unknown;
  /** Set when the record cannot even be read (bad JSON, no kind). */
  error?: string;
  /** Bytes of the file read so far (for progress). */
  bytesRead: number;
}

export type InputFormat = 'json' | 'jsonl';

/**
 * JSON Lines: one record per line, an object with exactly one key naming its kind:
 * `{"source": {...}}`, `{"entity": {...}}` or `{"relationship": {...}}`; blank lines are ignored.
 */
export function parseJsonLine(text: string): { kind: RecordKind; data: unknown } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { error: 'must be an object such as {"entity": {...}}, {"relationship": {...}} or {"source": {...}}' };
  const keys = Object.keys(value);
  if (keys.length !== 1 || !(RECORD_KINDS as readonly string[]).includes(keys[0]))
    return {
      error: `must have exactly one key, "source", "entity" or "relationship" (found ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')})`,
    };
  const kind = keys[0] as RecordKind;
  return { kind, data: (value as Record<string, unknown>)[kind] };
}

/** JSON Lines or a JSON document: by extension (.jsonl, .ndjson), else by the shape of the first line. */
export async function detectFormat(file: string): Promise<InputFormat> {
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.json$/i.test(file)) return 'json';
  const stream = fs.createReadStream(file, { encoding: 'utf8', end: 64 * 1024 });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      return 'error' in parseJsonLine(line) ? 'json' : 'jsonl';
    }
    return 'jsonl';
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** Reading options of readJsonLines (the chunk size is for tests: lines cut across chunks). */
export interface JsonLinesOptions {
  /** Bytes read at a time (default 64 KiB, as a read stream's). */
  chunkBytes?: number;
}

/**
 * Streams a JSON Lines file record by record; only the current chunk and line are in memory.
 *
 * Lines end as readline (crlfDelay: Infinity) ends them: at "\n", "\r\n" or a lone "\r"; an empty
 * last line is no line. The file is read in chunks and cut at newline bytes, each line decoded on
 * its own (a newline byte is never part of a multi-byte UTF-8 character): readline's decoding,
 * splitting and async iteration cost as much as the JSON parsing. `bytesRead` counts as it did with
 * readline: each line's UTF-8 bytes plus one.
 */
export async function* readJsonLines(file: string, options: JsonLinesOptions = {}): AsyncGenerator<RawRecord> {
  const stream = fs.createReadStream(file, { highWaterMark: options.chunkBytes ?? 64 * 1024 });
  let lineNumber = 0;
  let bytesRead = 0;
  /** The records of the chunk being read. */
  let records: RawRecord[] = [];
  const addLine = (line: string): void => {
    lineNumber += 1;
    bytesRead += Buffer.byteLength(line, 'utf8') + 1;
    if (line.trim() === '') return;
    const parsed = parseJsonLine(line);
    records.push(
      'error' in parsed
        ? { seq: lineNumber, where: `line ${lineNumber}`, bytesRead, error: parsed.error }
        : { seq: lineNumber, where: `line ${lineNumber}`, bytesRead, kind: parsed.kind, data: parsed.data },
    );
  };
  /**
   * The bytes of a line; a lone CR in them ends a line too, and a last CR is that of "\r\n" (at the
   * end of the file, a lone one: it would end the line before an empty one, which gives no record).
   */
  const addLines = (bytes: Buffer, start: number, end: number): void => {
    const text = bytes.toString('utf8', start, end > start && bytes[end - 1] === CR ? end - 1 : end);
    if (!text.includes('\r')) addLine(text);
    else for (const line of text.split('\r')) addLine(line);
  };
  /** The start of a line that the chunks read so far cut short (kept whole, joined once at its end). */
  let pending: Buffer[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      let end = chunk.indexOf(NEWLINE);
      if (end >= 0 && pending.length > 0) {
        pending.push(chunk.subarray(0, end));
        const line = Buffer.concat(pending);
        pending = [];
        addLines(line, 0, line.length);
        start = end + 1;
        end = chunk.indexOf(NEWLINE, start);
      }
      for (; end >= 0; end = chunk.indexOf(NEWLINE, start)) {
        addLines(chunk, start, end);
        start = end + 1;
      }
      if (start < chunk.length) pending.push(start === 0 ? chunk : chunk.subarray(start));
      const read = records;
      records = [];
      for (const record of read) yield record;
    }
    if (pending.length > 0) {
      const line = Buffer.concat(pending);
      addLines(line, 0, line.length);
      for (const record of records) yield record;
    }
  } finally {
    stream.destroy();
  }
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Reads a JSON document of the importGraph shape ({ sources, entities, relationships }) and yields
 * its records in the order an import needs them: sources, then entities, then relationships. The
 * document is parsed whole: use JSON Lines for large files.
 */
export async function* readJsonDocument(file: string): AsyncGenerator<RawRecord> {
  const text = await fs.promises.readFile(file, 'utf8');
  const size = Buffer.byteLength(text, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    yield { seq: 1, where: 'the document', error: `not valid JSON (${(error as Error).message})`, bytesRead: size };
    return;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    yield {
      seq: 1,
      where: 'the document',
      error: 'must be an object { "sources": [...], "entities": [...], "relationships": [...] }',
      bytesRead: size,
    };
    return;
  }
  const lists: [RecordKind, string][] = [
    ['source', 'sources'],
    ['entity', 'entities'],
    ['relationship', 'relationships'],
  ];
  const record = doc as Record<string, unknown>;
  const total = lists.reduce((sum, [, key]) => sum + (Array.isArray(record[key]) ? (record[key] as unknown[]).length : 0), 0);
  let seq = 0;
  for (const [kind, key] of lists) {
    const list = record[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      seq += 1;
      yield { seq, where: key, error: 'must be a list', bytesRead: size };
      continue;
    }
    for (let i = 0; i < list.length; i += 1) {
      seq += 1;
      yield { seq, where: `${key}[${i}]`, kind, data: list[i], bytesRead: Math.round((size * seq) / Math.max(1, total)) };
    }
  }
}
