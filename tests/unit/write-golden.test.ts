import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import neo4j from 'neo4j-driver';

import { EntityKind } from '../../src/domain/entity-kind';
import { RelationshipType } from '../../src/domain/relationship-type';
import { relationshipId } from '../../src/services/ids';
import { readJsonLines } from '../../src/services/import/record-reader';
import { BatchPlan, EMPTY_STATE, isProblem, planBatch, StoredState, validateRecord, ValidRecord } from '../../src/services/write';

/**
 * The write path's output, pinned: what reading, validating and planning a fixed JSON Lines file
 * gives (rows, content hashes, relationship ids, mentions, degrees, counts, refusals and their
 * messages), compared with tests/fixtures/write-golden/plan.json. That file was written by the code of
 * commit 2e981fb, before the floor of `bench:import` was made faster. Hashes and ids are stored in
 * databases: a re-import compares them, so any difference here would make every stored record look
 * changed. Do not regenerate the fixture to make this test pass.
 */

const TEXT =
  'Alpha Person met Beta Person at the Gamma Summit in Delta City. Alpha Person said the talks were useful. ' +
  'Zoë Ñandú of Epsilon Org joined later; "quotes" and \\ back\\slashes — and 10,000 troops, ünïcödé 北京.';

const at = (quote: string): { start: number; end: number } => ({ start: TEXT.indexOf(quote), end: TEXT.indexOf(quote) + quote.length });

/** Valid records of every shape the validator and the row builders treat differently. */
const RECORDS: object[] = [
  {
    source: {
      id: 'note',
      title: '  A note  ',
      url: 'https://example.org/a?b=c',
      publisher: 'Pub',
      author: 'Auth',
      publishedAt: '2024-11-16T09:30:00+01:00',
      text: TEXT,
      mentionSpans: [
        { entity: 'beta-person', ...at('Beta Person') },
        { entity: 'alpha-person', start: TEXT.lastIndexOf('Alpha Person'), end: TEXT.lastIndexOf('Alpha Person') + 12 },
        { entity: 'alpha-person', ...at('Alpha Person') },
      ],
    },
  },
  { source: { title: 'Untitled Brief — Ünïcode' } },
  { source: { id: 'empty-text', title: 'Empty', text: '' } },
  { entity: { id: 'alpha-person', kind: 'PERSON', name: ' Alpha Person ', aliases: ['AP', ' AP ', 'Alpha'], description: 'First.' } },
  { entity: { kind: 'PERSON', name: 'Beta Person', wikidataId: 'Q42', title: 'Minister' } },
  { entity: { id: 'zoe', kind: 'PERSON', name: 'Zoë Ñandú', aliases: [] } },
  {
    entity: {
      id: 'gamma-summit',
      kind: 'EVENT',
      name: 'Gamma Summit',
      eventType: 'SUMMIT',
      startDate: '2024-11-15',
      endDate: '2024-11-16',
    },
  },
  { entity: { id: 'later-event', kind: 'EVENT', name: 'Later', startDate: '2025-01-01', datePrecision: 'YEAR' } },
  { entity: { id: 'delta-city', kind: 'PLACE', name: 'Delta City', placeType: 'city' } },
  { entity: { id: 'kp', kind: 'COUNTRY', name: 'North Korea', isoCode: 'KP' } },
  { entity: { id: 'ru', kind: 'COUNTRY', name: 'Russia', isoCode: 'RU', description: null, aliases: null } },
  { entity: { id: 'epsilon-org', kind: 'ORGANIZATION', name: 'Epsilon Org' } },
  { entity: { id: 'topic-a', kind: 'TOPIC', name: 'Topic A' } },
  {
    relationship: {
      from: 'alpha-person',
      to: 'gamma-summit',
      type: 'PARTICIPATED_IN',
      role: ' delegate ',
      title: 'Head',
      quantity: 3,
      validFrom: '2024-11-15',
      validTo: '2024-11-17',
      confidence: 0.75,
      validFromPrecision: 'DAY',
      validToPrecision: 'MONTH',
      origin: 'EXTRACTED',
      status: 'PROPOSED',
      hedge: 'reportedly',
      evidence: [
        { sourceId: 'note', quote: 'Alpha Person met Beta Person' },
        { sourceId: 'note', quote: 'Alpha Person said the talks were useful.', ...at('Alpha Person said the talks were useful.') },
      ],
    },
  },
  {
    relationship: {
      from: 'beta-person',
      to: 'gamma-summit',
      type: 'PARTICIPATED_IN',
      evidence: [{ sourceId: 'note', quote: 'Beta Person' }],
    },
  },
  { relationship: { from: 'gamma-summit', to: 'delta-city', type: 'HELD_IN', quantity: 0, confidence: 0 } },
  {
    relationship: {
      from: 'ru',
      to: 'kp',
      type: 'BORDERS',
      evidence: [{ sourceId: 'untitled-brief-unicode', quote: 'not checked: no text' }],
    },
  },
  {
    relationship: {
      from: 'kp',
      to: 'ru',
      type: 'DEPLOYED_TO',
      quantity: 10000,
      role: 'more than',
      evidence: [{ sourceId: 'note', quote: '10,000 troops' }],
    },
  },
  {
    relationship: {
      from: 'zoe',
      to: 'epsilon-org',
      type: 'AFFILIATED_WITH',
      evidence: [{ sourceId: 'note', quote: 'Zoë Ñandú of Epsilon Org' }],
    },
  },
  {
    relationship: {
      from: 'epsilon-org',
      to: 'topic-a',
      type: 'CONCERNED_ABOUT',
      evidence: [
        { sourceId: 'note', quote: '"quotes" and \\ back\\slashes — and' },
        { sourceId: 'empty-text', quote: 'any' },
      ],
    },
  },
  { relationship: { from: 'later-event', to: 'gamma-summit', type: 'FOLLOWS', role: null, validFrom: null, validTo: '2026-01-01' } },
  { relationship: { from: 'topic-a', to: 'kp', type: 'INVOLVES', evidence: [{ sourceId: 'note', quote: 'ünïcödé 北京' }] } },
];

/** Records the validator refuses, one per message (the messages are part of the contract of `newsgraph import`). */
const INVALID_LINES: string[] = [
  '{"entity": {"kind": "PERSON"',
  '[1, 2]',
  '{"entity": {}, "source": {}}',
  '{}',
  '{"relationship": "text"}',
  '{"source": {"title": ""}}',
  '{"source": {"title": "T", "url": "ftp://x"}}',
  '{"source": {"title": "T", "publishedAt": "2024-02-30T00:00:00Z"}}',
  '{"source": {"title": "T", "mentionSpans": [{"entity": "a", "start": 0, "end": 1}]}}',
  '{"source": {"title": "T", "text": "abc", "mentionSpans": [{"entity": "a", "start": 2, "end": 9}]}}',
  '{"source": {"id": "Bad Id", "title": "T"}}',
  '{"entity": {"kind": "ANIMAL", "name": "Rex"}}',
  '{"entity": {"kind": "PERSON", "name": "!!!"}}',
  '{"entity": {"kind": "PERSON", "name": "P", "isoCode": "KP"}}',
  '{"entity": {"kind": "COUNTRY", "name": "C", "wikidataId": "42"}}',
  '{"entity": {"kind": "EVENT", "name": "E", "startDate": "2024-02-30"}}',
  '{"entity": {"kind": "EVENT", "name": "E", "startDate": "2024-02-03", "endDate": "2024-02-01"}}',
  '{"entity": {"kind": "EVENT", "name": "E", "eventType": "PARTY"}}',
  '{"entity": {"kind": "PERSON", "name": "P", "aliases": "one"}}',
  '{"entity": {"kind": "PERSON", "name": "P", "aliases": ["ok", 3]}}',
  '{"relationship": {"from": "a", "to": "b", "type": "LIKES"}}',
  '{"relationship": {"from": "a", "to": "a", "type": "SUPPORTS"}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "quantity": 1.5}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "confidence": 2}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "validFrom": "2024-01-02", "validTo": "2024-01-01"}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "evidence": {}}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "evidence": [{"sourceId": "s", "quote": " "}]}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "evidence": [{"sourceId": "s", "quote": "q", "start": 1}]}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "evidence": [{"sourceId": "s", "quote": "q", "start": 3, "end": 2}]}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "evidence": [7]}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "validToPrecision": "HOUR"}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "origin": "GUESSED"}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "status": "MAYBE"}}',
  '{"relationship": {"from": "a", "to": "b", "type": "SUPPORTS", "hedge": 5}}',
];

/** Valid records that the planner refuses: references to nothing, wrong kinds, quotes not in their source. */
const REFUSED: object[] = [
  { relationship: { from: 'nobody', to: 'gamma-summit', type: 'PARTICIPATED_IN' } },
  { relationship: { from: 'gamma-summit', to: 'alpha-person', type: 'HELD_IN' } },
  { relationship: { from: 'alpha-person', to: 'later-event', type: 'PARTICIPATED_IN', evidence: [{ sourceId: 'missing', quote: 'x' }] } },
  {
    relationship: { from: 'beta-person', to: 'later-event', type: 'PARTICIPATED_IN', evidence: [{ sourceId: 'note', quote: 'not in it' }] },
  },
  {
    relationship: {
      from: 'zoe',
      to: 'later-event',
      type: 'PARTICIPATED_IN',
      evidence: [{ sourceId: 'note', quote: 'Alpha', start: 1, end: 6 }],
    },
  },
  { entity: { id: 'stored-person', kind: 'COUNTRY', name: 'Stored as a person' } },
  { source: { id: 'spans-to-nobody', title: 'S', text: 'Who', mentionSpans: [{ entity: 'who', start: 0, end: 3 }] } },
];

const jsonError = ((): string => {
  try {
    JSON.parse(INVALID_LINES[0]);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the first invalid line must not parse');
})();

/** Plain JSON of a plan: Maps as entry lists, Integers as `int:N`. */
function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return `int:${value.toString()}`;
  if (value instanceof Map) return [...value].map(([k, v]) => [plain(k), plain(v)]);
  if (value instanceof Set) return [...value].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Reads, validates and plans the fixed file, against nothing stored and against a stored state. */
async function run(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-golden-'));
  const file = path.join(dir, 'golden.jsonl');
  const lines = [...RECORDS, ...REFUSED].map((r) => JSON.stringify(r));
  // CRLF line ends, blank lines, one lone CR and no line end at the end: each counts as readline counts it.
  const text = [...lines.slice(0, 5), '', '   ', ...INVALID_LINES, ...lines.slice(5, 9)].join('\r\n') + '\r' + lines.slice(9).join('\n');
  fs.writeFileSync(file, text);
  const valid: ValidRecord[] = [];
  const problems: unknown[] = [];
  const raws: unknown[] = [];
  try {
    for await (const raw of readJsonLines(file)) {
      raws.push({ seq: raw.seq, where: raw.where, bytesRead: raw.bytesRead, kind: raw.kind ?? null, error: raw.error ?? null });
      const record = validateRecord(raw);
      if (isProblem(record)) problems.push(record);
      else valid.push(record);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const fresh = planBatch(valid, EMPTY_STATE, { onError: 'skip' });
  const rowOf = (id: string) => fresh.relationships.creates.find((r) => r.id === id);
  const participated = relationshipId(RelationshipType.PARTICIPATED_IN, 'alpha-person', 'gamma-summit', 'delegate', '2024-11-15');
  const stored: StoredState = {
    sources: new Map([
      ['note', fresh.sources.creates[0].hash],
      ['empty-text', 'older'],
    ]),
    sourceSpans: new Map([['note', 'older']]),
    sourceTexts: new Map(),
    entities: new Map([
      ['alpha-person', { kind: EntityKind.PERSON, hash: 'older' }],
      ['zoe', { kind: EntityKind.PERSON, hash: fresh.entities.creates.find((e) => e.id === 'zoe')?.hash ?? null }],
      ['stored-person', { kind: EntityKind.PERSON, hash: null }],
    ]),
    relationships: new Map([
      [
        participated,
        { hash: rowOf(participated)?.hash ?? null, evidenceSources: ['note'], evidenceQuotes: ['Alpha Person met Beta Person'] },
      ],
    ]),
    mentions: new Map([['note', new Set(['alpha-person'])]]),
  };
  const again: BatchPlan = planBatch(valid, stored, { onError: 'skip' });
  const ingest: BatchPlan = planBatch(valid, stored, { onError: 'skip', evidenceOnlyWhenStored: true });
  const stop: BatchPlan = planBatch(valid, EMPTY_STATE, { onError: 'stop', known: new Map([['topic-a', EntityKind.TOPIC]]) });
  // The JSON.parse message differs between Node versions: the fixture has a placeholder for it.
  return JSON.parse(
    JSON.stringify(plain({ raws, valid, problems, fresh, again, ingest, stop })).split(jsonError).join('<JSON.parse message>'),
  ) as Record<string, unknown>;
}

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'write-golden', 'plan.json');

describe('the write path, pinned (rows, hashes, ids, messages)', () => {
  it('reads, validates and plans the fixed file exactly as the code the stored hashes came from', async () => {
    const got = await run();
    const want = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
    for (const key of Object.keys(want)) expect([key, got[key]]).toEqual([key, want[key]]);
    expect(Object.keys(got)).toEqual(Object.keys(want));
  });

  it('keeps the hashes and ids of records already stored', async () => {
    type Rows = { creates: { id: string; hash: string; spansHash?: string | null }[] };
    const got = (await run()) as { fresh: { sources: Rows; entities: Rows; relationships: Rows } };
    // Spelled out, so that a change to the fixture alone cannot hide a change of hash.
    expect(got.fresh.sources.creates.map((s) => [s.id, s.hash, s.spansHash])).toEqual(SOURCE_HASHES);
    expect(got.fresh.entities.creates.slice(0, 3).map((e) => [e.id, e.hash])).toEqual(ENTITY_HASHES);
    expect(got.fresh.relationships.creates.map((r) => [r.id, r.hash])).toEqual(RELATIONSHIP_HASHES);
  });
});

const SOURCE_HASHES = [
  ['note', '36eb3d06848519c1d6cdfd2cb4be4ad1', 'befc7eadd1c9dd9bc55bc7bc262c5082'],
  ['untitled-brief-unicode', '8236c8f2be3771d8eac064663e259bfc', null],
  ['empty-text', 'b1ceb95cfc9c928e11525be01a4bb84f', null],
];
const ENTITY_HASHES = [
  ['alpha-person', 'd0418168dcfbcbdb787fe959142209d0'],
  ['beta-person', '5460a3fc94b8f7da63aba104687c9d30'],
  ['zoe', '70f64e02578b078590b58b2ebbb0251e'],
];
const RELATIONSHIP_HASHES = [
  ['participated-in-a9d062b31c6e18967941', '7e06a553df9300c40e0e8687800d3454'],
  ['participated-in-227c62cf228365dff240', 'f430e673d93ac3f880c8b552c72b8d1e'],
  ['held-in-18341be9c24b601ea15e', '57ba01c7298746f96912c695f4808a01'],
  ['borders-a0374df10a15f3b53b8d', 'f430e673d93ac3f880c8b552c72b8d1e'],
  ['deployed-to-a0aa7ea460992351c6fa', '3d075aafc77450f07b6ad10159710072'],
  ['affiliated-with-d900145f8aa48407a083', 'f430e673d93ac3f880c8b552c72b8d1e'],
  ['concerned-about-4e3db5bd69b80af4b201', 'f430e673d93ac3f880c8b552c72b8d1e'],
  ['follows-c6edc2343b3ab3a9edef', '1590d8331b4c06512fe060dd5a5a2eee'],
  ['involves-3ec44ea9090fb04a5c13', 'f430e673d93ac3f880c8b552c72b8d1e'],
];
