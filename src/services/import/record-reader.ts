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

/** Streams a JSON Lines file record by record; only the current line is in memory. */
export async function* readJsonLines(file: string): AsyncGenerator<RawRecord> {
  const stream = fs.createReadStream(file);
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  let bytesRead = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      bytesRead += Buffer.byteLength(line, 'utf8') + 1;
      if (line.trim() === '') continue;
      const parsed = parseJsonLine(line);
      const base = { seq: lineNumber, where: `line ${lineNumber}`, bytesRead };
      yield 'error' in parsed ? { ...base, error: parsed.error } : { ...base, kind: parsed.kind, data: parsed.data };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

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
