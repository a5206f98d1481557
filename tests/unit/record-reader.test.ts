import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import { parseJsonLine, RawRecord, readJsonLines } from '../../src/services/import/record-reader';

/**
 * readJsonLines reads chunks and cuts them at newline bytes itself; it must give exactly the records
 * (line numbers, positions, bytesRead, parsed data and errors) that the readline loop it replaced
 * gave, kept below as the reference, whatever the line ends, the characters and where chunks end.
 */

/** The reader as it was (readline over a read stream), the reference. */
async function* readlineReference(file: string): AsyncGenerator<RawRecord> {
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

async function collect(records: AsyncIterable<RawRecord>): Promise<{ keys: string[]; record: RawRecord }[]> {
  const out: { keys: string[]; record: RawRecord }[] = [];
  for await (const record of records) out.push({ keys: Object.keys(record), record });
  return out;
}

const entity = (name: string): string => JSON.stringify({ entity: { kind: 'PERSON', name } });

/** Files as bytes: line ends of every kind, blank lines, multi-byte and broken UTF-8, bad JSON. */
const FILES: [string, Buffer, (number | undefined)[]?][] = [
  ['empty', Buffer.alloc(0)],
  ['only line ends', Buffer.from('\n\r\n\r\r\n\n')],
  ['LF, last line ended', Buffer.from(`${entity('a')}\n${entity('b')}\n`)],
  ['LF, last line not ended', Buffer.from(`${entity('a')}\n${entity('b')}`)],
  ['CRLF', Buffer.from(`${entity('a')}\r\n\r\n${entity('b')}\r\n`)],
  ['lone CRs, one at the end', Buffer.from(`${entity('a')}\r${entity('b')}\r\r${entity('c')}\r`)],
  ['CR CR LF, CR at the end after LF', Buffer.from(`${entity('a')}\r\r\n${entity('b')}\n\r`)],
  ['blank and spaced lines', Buffer.from(`  \n\t\n${entity('a')}\n   ${entity('b')}   \n \r\n`)],
  ['multi-byte characters', Buffer.from(`${entity('Zoë Ñandú')}\n${entity('北京 — 東京')}\n${entity('😀 emoji 𝄞')}\n`)],
  ['a byte order mark', Buffer.from(`\ufeff${entity('a')}\n${entity('b')}\n`)],
  [
    'broken UTF-8 (a lone continuation byte, a sequence cut by a newline)',
    Buffer.concat([
      Buffer.from('{"entity": {"kind": "PERSON", "name": "a'),
      Buffer.from([0x80]),
      Buffer.from('b"}}\n{"x": "'),
      Buffer.from([0xe4, 0xb8]),
      Buffer.from('\n"}\n'),
    ]),
  ],
  ['bad JSON and bad shapes', Buffer.from(`{"entity":\n[1]\n{}\n{"a": 1, "b": 2}\nnull\n${entity('ok')}\n`)],
  // Across many chunks (1-byte chunks would make one read per byte here: slow, and nothing more to see).
  ['a long line', Buffer.from(`${entity('x'.repeat(300_000))}\r\n${entity('y')}\n`), [7, 4096, undefined]],
];

describe('readJsonLines', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-reader-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(FILES)('gives what the readline reader gave: %s', async (name, bytes, chunkSizes = [1, 2, 3, 7, 64, undefined]) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.jsonl`);
    fs.writeFileSync(file, bytes);
    const want = await collect(readlineReference(file));
    // Chunks of 1, 2, 3 and 7 bytes end inside characters, inside "\r\n" and on every byte of a line.
    for (const chunkBytes of chunkSizes)
      expect([chunkBytes, await collect(readJsonLines(file, { chunkBytes }))]).toEqual([chunkBytes, want]);
  });

  it('counts every line of a file with CRLF line ends as readline did (bytesRead one short per CR)', async () => {
    const file = path.join(dir, 'crlf.jsonl');
    fs.writeFileSync(file, `${entity('a')}\r\n${entity('b')}\r\n`);
    const records = await collect(readJsonLines(file));
    expect(records.map(({ record }) => [record.where, record.bytesRead, record.kind])).toEqual([
      ['line 1', entity('a').length + 1, 'entity'],
      ['line 2', 2 * (entity('a').length + 1), 'entity'],
    ]);
  });

  it('fails on a file that does not exist, as the stream does', async () => {
    await expect(collect(readJsonLines(path.join(dir, 'missing.jsonl')))).rejects.toThrow(/ENOENT/);
  });
});
