import { EntityKind } from '../../src/domain/entity-kind';
import { ENTITY_FIELDS } from '../../src/domain/graph-input';
import { ENTITY_CREATE_PROPERTIES } from '../../src/repositories/bulk-write.repository';
import { ValidEntity, ValidRelationship, ValidSource } from '../../src/services/graph-validation';
import { contentHash } from '../../src/services/ids';
import { RawRecord, RecordKind } from '../../src/services/import/record-reader';
import {
  EMPTY_STATE,
  entityRow,
  isProblem,
  lookupsFor,
  mentionLookups,
  planBatch,
  relationshipRow,
  sourceRow,
  StoredState,
  validateRecord,
  ValidRecord,
} from '../../src/services/write';

/**
 * The bulk planner without a database: stored state and records in, creates, updates, counts and
 * problems out. What it decides here is what `newsgraph import` writes (tests/integration/bulk-import
 * checks the writes themselves).
 */

let line = 0;
function record(kind: RecordKind, data: unknown): ValidRecord {
  line += 1;
  const raw: RawRecord = { seq: line, where: `line ${line}`, kind, data, bytesRead: 0 };
  const valid = validateRecord(raw);
  if (isProblem(valid)) throw new Error(valid.message);
  return valid;
}

const TEXT = 'Alpha met Beta in Gamma. They agreed.';
const source = (): ValidRecord => record('source', { id: 'note', title: 'Note', text: TEXT });
const alpha = (over: object = {}): ValidRecord => record('entity', { id: 'alpha', kind: 'PERSON', name: 'Alpha', ...over });
const summit = (): ValidRecord => record('entity', { id: 'summit', kind: 'EVENT', name: 'Summit' });
const attended = (quote = 'Alpha met Beta', over: object = {}): ValidRecord =>
  record('relationship', { from: 'alpha', to: 'summit', type: 'PARTICIPATED_IN', evidence: [{ sourceId: 'note', quote }], ...over });

const state = (over: Partial<StoredState>): StoredState => ({ ...EMPTY_STATE, ...over });
function valueOf(r: ValidRecord, kind: 'source'): ValidSource;
function valueOf(r: ValidRecord, kind: 'entity'): ValidEntity;
function valueOf(r: ValidRecord, kind: 'relationship'): ValidRelationship;
function valueOf(r: ValidRecord, kind: ValidRecord['kind']): ValidRecord['value'] {
  if (r.kind !== kind) throw new Error(`not a ${kind}`);
  return r.value;
}

beforeEach(() => {
  line = 0;
});

describe('planBatch', () => {
  it('creates everything new, in a batch whose references point backwards', () => {
    const plan = planBatch([source(), alpha(), summit(), attended()], EMPTY_STATE, { onError: 'stop' });
    expect(plan.problems).toEqual([]);
    expect(plan.sources.creates.map((r) => r.id)).toEqual(['note']);
    expect(plan.entities.creates.map((r) => r.id)).toEqual(['alpha', 'summit']);
    expect(plan.relationships.creates).toHaveLength(1);
    expect(plan.relationships.creates[0].evidenceQuotes).toEqual(['Alpha met Beta']);
    expect(plan.mentions).toEqual([
      { source: 'note', entity: 'alpha' },
      { source: 'note', entity: 'summit' },
    ]);
    expect(Object.fromEntries(plan.degrees)).toEqual({ alpha: 1, summit: 1 });
    expect(plan.counts.relationships).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 0 });
    expect(plan.learned.get('summit')).toBe(EntityKind.EVENT);
  });

  it('finds stored records with the same hash unchanged, and writes nothing for them', () => {
    const records = [source(), alpha(), summit(), attended()];
    const rel = relationshipRow(valueOf(records[3], 'relationship'));
    const stored = state({
      sources: new Map([['note', sourceRow(valueOf(records[0], 'source')).hash]]),
      entities: new Map([
        ['alpha', { kind: EntityKind.PERSON, hash: entityRow(valueOf(records[1], 'entity')).hash }],
        ['summit', { kind: EntityKind.EVENT, hash: entityRow(valueOf(records[2], 'entity')).hash }],
      ]),
      relationships: new Map([[rel.id, { hash: rel.hash, evidenceSources: ['note'], evidenceQuotes: ['Alpha met Beta'] }]]),
    });
    const plan = planBatch(records, stored, { onError: 'stop' });
    expect(plan.counts).toEqual({
      sources: { created: 0, updated: 0, unchanged: 1, skipped: 0 },
      entities: { created: 0, updated: 0, unchanged: 2, skipped: 0 },
      relationships: { created: 0, updated: 0, unchanged: 1, skipped: 0 },
    });
    expect(plan.mentions).toEqual([]);
    expect(plan.degrees.size).toBe(0);
  });

  it('updates a changed entity, and a relationship with new evidence carrying only the new pair', () => {
    const first = attended('Alpha met Beta');
    const stored = state({
      sourceTexts: new Map([['note', TEXT]]),
      entities: new Map([
        ['alpha', { kind: EntityKind.PERSON, hash: 'older' }],
        ['summit', { kind: EntityKind.EVENT, hash: null }],
      ]),
      relationships: new Map([
        [
          first.id,
          { hash: relationshipRow(valueOf(first, 'relationship')).hash, evidenceSources: ['note'], evidenceQuotes: ['Alpha met Beta'] },
        ],
      ]),
    });
    const plan = planBatch([alpha({ description: 'A person.' }), attended('They agreed')], stored, { onError: 'stop' });
    expect(plan.entities.updates.map((r) => r.props.description)).toEqual(['A person.']);
    expect(plan.relationships.updates).toHaveLength(1);
    expect(plan.relationships.updates[0].evidenceQuotes).toEqual(['They agreed']);
    expect(plan.degrees.size).toBe(0);
  });

  it('refuses a forward reference, a wrong endpoint kind, an unknown source, a misquote and a kind conflict', () => {
    const records = [
      attended(), // line 1: alpha and summit come later
      alpha(),
      summit(),
      source(),
      record('relationship', { from: 'summit', to: 'alpha', type: 'PARTICIPATED_IN' }), // line 5: kinds reversed
      record('relationship', {
        from: 'alpha',
        to: 'summit',
        type: 'PARTICIPATED_IN',
        role: 'x',
        evidence: [{ sourceId: 'nope', quote: 'q' }],
      }),
      record('relationship', {
        from: 'alpha',
        to: 'summit',
        type: 'PARTICIPATED_IN',
        role: 'y',
        evidence: [{ sourceId: 'note', quote: 'Not there' }],
      }),
      record('entity', { id: 'taken', kind: 'PLACE', name: 'Taken' }),
    ];
    const stored = state({ entities: new Map([['taken', { kind: EntityKind.PERSON, hash: null }]]) });
    const plan = planBatch(records, stored, { onError: 'skip' });
    expect(plan.problems.map((p) => [p.where, p.message])).toEqual([
      ['line 1', 'relationship.from: no entity has the id "alpha" (neither earlier in the file nor in the database)'],
      ['line 5', 'relationship.from: PARTICIPATED_IN goes from PERSON or COUNTRY or ORGANIZATION, and "summit" is a EVENT'],
      ['line 6', 'relationship.evidence[0].sourceId: no source has the id "nope" (neither earlier in the file nor in the database)'],
      ['line 7', 'relationship.evidence[0].quote: the quote does not appear verbatim in source "note"'],
      ['line 8', 'entity.id: "taken" is already a PERSON, not a PLACE; choose another id'],
    ]);
    expect(plan.counts.relationships.skipped).toBe(4);
    expect(plan.counts.entities).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 1 });
    expect(plan.stoppedAt).toBeUndefined();
  });

  it('under stop, plans only the records before the first bad one', () => {
    const records = [
      alpha(),
      summit(),
      record('relationship', { from: 'nobody', to: 'summit', type: 'PARTICIPATED_IN' }),
      record('entity', { id: 'later', kind: 'TOPIC', name: 'Later' }),
    ];
    const plan = planBatch(records, EMPTY_STATE, { onError: 'stop' });
    expect(plan.stoppedAt?.where).toBe('line 3');
    expect(plan.problems).toEqual([plan.stoppedAt]);
    expect(plan.entities.creates.map((r) => r.id)).toEqual(['alpha', 'summit']);
    expect(plan.counts.relationships).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 0 });
  });

  it('creates only the mentions not stored yet', () => {
    const stored = state({ sourceTexts: new Map([['note', TEXT]]), mentions: new Map([['note', new Set(['alpha'])]]) });
    const known = new Map([
      ['alpha', EntityKind.PERSON],
      ['summit', EntityKind.EVENT],
    ]);
    const plan = planBatch([attended()], stored, { onError: 'stop', known });
    expect(plan.mentions).toEqual([{ source: 'note', entity: 'summit' }]);
  });

  it('reads stored mentions only for the sources that new evidence cites', () => {
    const rel = attended();
    expect(mentionLookups([rel], new Map())).toEqual(['note']);
    const stored = new Map([[rel.id, { hash: null, evidenceSources: ['note'], evidenceQuotes: ['Alpha met Beta'] }]]);
    expect(mentionLookups([rel], stored)).toEqual([]);
  });

  it('takes endpoints from the kinds known from committed batches, and then needs no lookup of them', () => {
    const rel = attended(undefined, { evidence: [] });
    const known = new Map([
      ['alpha', EntityKind.PERSON],
      ['summit', EntityKind.EVENT],
    ]);
    expect(lookupsFor([rel], known).entityIds).toEqual([]);
    expect(lookupsFor([rel]).entityIds).toEqual(['alpha', 'summit']);
    expect(planBatch([rel], EMPTY_STATE, { onError: 'stop', known }).relationships.creates).toHaveLength(1);
  });

  it('asks for the stored text only of evidence sources the batch does not bring with text', () => {
    const lookups = lookupsFor([
      source(),
      alpha(),
      summit(),
      attended(),
      record('relationship', {
        from: 'alpha',
        to: 'summit',
        type: 'PARTICIPATED_IN',
        role: 'z',
        evidence: [{ sourceId: 'elsewhere', quote: 'q' }],
      }),
    ]);
    expect(lookups.sourceIds).toEqual(['note']);
    expect(lookups.textIds).toEqual(['elsewhere']);
    expect([...lookups.relationshipIds.keys()]).toEqual(['PARTICIPATED_IN']);
  });
});

describe('entity rows', () => {
  it('hash what was given, and leave defaults for a create only', () => {
    const row = entityRow(valueOf(record('entity', { id: 'ev', kind: 'EVENT', name: 'Ev' }), 'entity'));
    expect(row.props).toEqual({ name: 'Ev', nameFolded: 'ev' });
    // nameFolded follows from the name: the hash is that of what was given, as before it was stored.
    expect(row.hash).toBe(contentHash([{ name: 'Ev' }, null, null]));
    expect(row.onCreate).toEqual({ aliases: [], aliasesText: '', eventType: 'OTHER' });
    const withAliases = entityRow(valueOf(record('entity', { id: 'ev', kind: 'EVENT', name: 'Ev', aliases: ['E', 'V'] }), 'entity'));
    expect(withAliases.props).toEqual({ name: 'Ev', nameFolded: 'ev', aliases: ['E', 'V'], aliasesText: 'E | V' });
    expect(withAliases.hash).not.toBe(row.hash);
  });

  it('are created with every field of ENTITY_FIELDS', () => {
    for (const field of ENTITY_FIELDS) expect(ENTITY_CREATE_PROPERTIES).toContain(`${field}: row.props.${field}`);
  });
});

describe('evidence offsets and review defaults', () => {
  it('locates a quote given without offsets at its first occurrence, and keeps given ones that match', () => {
    const plan = planBatch([source(), alpha(), summit(), attended('They agreed')], EMPTY_STATE, { onError: 'stop' });
    const row = plan.relationships.creates[0];
    expect([row.evidenceStarts.map(Number), row.evidenceEnds.map(Number)]).toEqual([[25], [36]]);
    expect(TEXT.slice(25, 36)).toBe('They agreed');
    expect(row.onCreate).toEqual({ origin: 'CURATED', status: 'ACCEPTED' });
    const given = planBatch(
      [
        source(),
        alpha(),
        summit(),
        record('relationship', {
          from: 'alpha',
          to: 'summit',
          type: 'PARTICIPATED_IN',
          evidence: [{ sourceId: 'note', quote: 'Beta', start: 10, end: 14 }],
        }),
      ],
      EMPTY_STATE,
      { onError: 'stop' },
    );
    expect(given.problems).toEqual([]);
    expect(given.relationships.creates[0].evidenceStarts.map(Number)).toEqual([10]);
  });

  it('refuses offsets at which the text is not the quote', () => {
    const plan = planBatch(
      [
        source(),
        alpha(),
        summit(),
        record('relationship', {
          from: 'alpha',
          to: 'summit',
          type: 'PARTICIPATED_IN',
          evidence: [{ sourceId: 'note', quote: 'Beta', start: 0, end: 4 }],
        }),
      ],
      EMPTY_STATE,
      { onError: 'skip' },
    );
    expect(plan.problems.map((p) => p.message)).toEqual([expect.stringMatching(/from 0 to 4 is not the quote/)]);
  });

  it('leaves a stored fact as it is but for new evidence when asked (ingest): its status is not touched', () => {
    const first = attended('Alpha met Beta', { status: 'REJECTED', confidence: 0.9 });
    const rel = relationshipRow(valueOf(first, 'relationship'));
    const stored = state({
      entities: new Map([
        ['alpha', { kind: EntityKind.PERSON, hash: null }],
        ['summit', { kind: EntityKind.EVENT, hash: null }],
      ]),
      sourceTexts: new Map([['note', TEXT]]),
      relationships: new Map([[rel.id, { hash: rel.hash, evidenceSources: ['note'], evidenceQuotes: ['Alpha met Beta'] }]]),
    });
    const again = attended('They agreed', { status: 'PROPOSED', origin: 'EXTRACTED', confidence: 0.5 });
    const plan = planBatch([again], stored, { onError: 'stop', evidenceOnlyWhenStored: true });
    expect(plan.relationships.updates).toHaveLength(1);
    expect(plan.relationships.updates[0].props).toEqual({});
    expect(plan.relationships.updates[0].evidenceQuotes).toEqual(['They agreed']);
  });
});
