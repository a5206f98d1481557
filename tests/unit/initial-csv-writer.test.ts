import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { RawRecord, RecordKind } from '../../src/services/import/record-reader';
import { ARRAY_DELIMITER, writeInitialCsv } from '../../src/services/initial-import/initial-csv.writer';

/**
 * The offline importer's CSV, written from the online import's rows (no database): lists of several
 * elements, quotes and line breaks survive; a bad record stops the writer with its line and leaves
 * no file behind.
 */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-csv-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* records(list: [RecordKind, unknown][]): AsyncGenerator<RawRecord> {
  let seq = 0;
  for (const [kind, data] of list) {
    seq += 1;
    yield { seq, where: `line ${seq}`, kind, data, bytesRead: seq * 100 };
  }
}

const SOURCE: [RecordKind, unknown] = [
  'source',
  { id: 's1', title: 'A "quoted", title', text: 'Line one, with "quotes".\nLine two: 10,000 troops were deployed.' },
];
const KP: [RecordKind, unknown] = ['entity', { id: 'kp', kind: 'COUNTRY', name: 'North Korea', aliases: ['DPRK', 'Korea, North'] }];
const RU: [RecordKind, unknown] = ['entity', { id: 'ru', kind: 'COUNTRY', name: 'Russia' }];

describe('writeInitialCsv', () => {
  it('writes lists of several elements, quotes and line breaks as the importer reads them', async () => {
    const result = await writeInitialCsv(
      records([
        SOURCE,
        KP,
        RU,
        [
          'relationship',
          {
            from: 'kp',
            to: 'ru',
            type: 'DEPLOYED_TO',
            quantity: 10000,
            evidence: [
              { sourceId: 's1', quote: '10,000 troops were deployed' },
              { sourceId: 's1', quote: 'Line one, with "quotes".' },
            ],
          },
        ],
      ]),
      dir,
    );
    if (result.status !== 'complete') throw new Error(`stopped: ${result.problem.message}`);
    expect(result.counts).toMatchObject({ sources: 1, entities: 2, relationships: 1, mentions: 2 });
    const countries = fs.readFileSync(path.join(dir, 'entities-country.csv'), 'utf8');
    expect(countries).toContain(`"DPRK${ARRAY_DELIMITER}Korea, North"`);
    const deployed = fs.readFileSync(path.join(dir, 'relationships-deployed_to.csv'), 'utf8');
    expect(deployed).toContain(`"10,000 troops were deployed${ARRAY_DELIMITER}Line one, with ""quotes""."`);
    expect(deployed).toContain(`"s1${ARRAY_DELIMITER}s1"`);
    expect(result.files.multiline).toEqual([path.join(dir, 'sources.csv')]);
  });

  it('stops at a quote its source does not hold, naming the line, and leaves no file', async () => {
    const result = await writeInitialCsv(
      records([
        SOURCE,
        KP,
        RU,
        ['relationship', { from: 'kp', to: 'ru', type: 'SUPPORTS', evidence: [{ sourceId: 's1', quote: 'not there' }] }],
      ]),
      dir,
    );
    expect(result).toEqual({
      status: 'stopped',
      records: 4,
      problem: { seq: 4, where: 'line 4', message: 'relationship.evidence[0].quote: the quote does not appear verbatim in source "s1"' },
    });
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('refuses a reference to nothing earlier in the file, and an element holding the list delimiter', async () => {
    const unknown = await writeInitialCsv(records([KP, ['relationship', { from: 'kp', to: 'xx', type: 'SUPPORTS' }]]), dir);
    expect(unknown).toMatchObject({
      status: 'stopped',
      problem: { where: 'line 2', message: 'relationship.to: no entity has the id "xx" earlier in the file (the database is empty)' },
    });
    const delimiter = await writeInitialCsv(
      records([['entity', { id: 'x', kind: 'PERSON', name: 'X', aliases: [`a${ARRAY_DELIMITER}b`] }]]),
      fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-csv-')),
    );
    expect(delimiter).toMatchObject({ status: 'stopped', problem: { message: expect.stringMatching(/U\+001F/) as string } });
  });
});
