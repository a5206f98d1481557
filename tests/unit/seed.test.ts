import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { EntityKind } from '../../src/domain/entity-kind';
import { DatePrecision, EventType } from '../../src/domain/event-type';
import { EntityData, RelationshipData, SourceData } from '../../src/domain/graph-input';
import { RELATIONSHIP_ENDPOINTS, RelationshipType } from '../../src/domain/relationship-type';

/**
 * Checks the seed graph for article 000_3a89fb6e0ed68f4a against the API contract's graph model
 * and against the article text itself: every fact must carry a verbatim quote from the article.
 */

const SEED_DIR = path.resolve(__dirname, '../../cypher/seed');
const SEED_NAME = '000_3a89fb6e0ed68f4a';
const JSON_PATH = path.join(SEED_DIR, `${SEED_NAME}.json`);
const TEXT_PATH = path.join(SEED_DIR, `${SEED_NAME}.txt`);
/**
 * sha256 of the article as published to the project (checked against the original when it was
 * committed): the quotes are only as good as the text they are checked against.
 */
const ARTICLE_SHA256 = '058c0b03d891d8917b7fb0cd84e8af0fd7f64a78f0ba97e63fd53d251a13192f';
const SOURCE_ID = 'caliber-az-biden-xi-apec-2024';

/** The seed file's source: SourceData plus `textFile`, the article text beside the JSON. */
interface SeedSource extends SourceData {
  textFile?: string;
}

interface SeedDocument {
  sources: SeedSource[];
  entities: EntityData[];
  relationships: RelationshipData[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const SOURCE_KEYS = new Set(['id', 'title', 'url', 'publisher', 'author', 'publishedAt', 'text', 'textFile']);
const ENTITY_KEYS = new Set([
  'id',
  'kind',
  'name',
  'aliases',
  'description',
  'wikidataId',
  'isoCode',
  'title',
  'eventType',
  'startDate',
  'endDate',
  'datePrecision',
  'placeType',
]);
const RELATIONSHIP_KEYS = new Set(['from', 'to', 'type', 'role', 'title', 'quantity', 'validFrom', 'validTo', 'confidence', 'evidence']);

const ENTITY_KINDS: readonly string[] = Object.values(EntityKind);
const EVENT_TYPES: readonly string[] = Object.values(EventType);
const DATE_PRECISIONS: readonly string[] = Object.values(DatePrecision);
const RELATIONSHIP_TYPES: readonly string[] = Object.values(RelationshipType);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadSeed(): SeedDocument {
  const parsed: unknown = JSON.parse(fs.readFileSync(JSON_PATH, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${JSON_PATH}: top level is not an object`);
  const { sources, entities, relationships } = parsed;
  for (const [name, list] of Object.entries({ sources, entities, relationships })) {
    if (!Array.isArray(list) || !list.every(isRecord)) {
      throw new Error(`${JSON_PATH}: "${name}" must be an array of objects`);
    }
  }
  return { sources, entities, relationships } as SeedDocument;
}

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function entityLabel(e: EntityData, i: number): string {
  return `entities[${i}] (${String(e.id)})`;
}

function relLabel(r: RelationshipData, i: number): string {
  const role = r.role === undefined ? '' : ` role="${r.role}"`;
  return `relationships[${i}] ${String(r.from)} -${String(r.type)}-> ${String(r.to)}${role}`;
}

function extraKeys(row: object, allowed: ReadonlySet<string>): string[] {
  return Object.keys(row).filter((k) => !allowed.has(k));
}

const seed = loadSeed();
const articleText = fs.readFileSync(TEXT_PATH, 'utf8');
const entityById = new Map<string, EntityData>();
for (const e of seed.entities) if (typeof e.id === 'string') entityById.set(e.id, e);

function rels(from: string, type: RelationshipType, to: string): RelationshipData[] {
  return seed.relationships.filter((r) => r.from === from && r.type === type && r.to === to);
}

function only(from: string, type: RelationshipType, to: string): RelationshipData {
  const found = rels(from, type, to);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${from} -${type}-> ${to}, found ${found.length}`);
  }
  return found[0];
}

function entity(id: string): EntityData {
  const e = entityById.get(id);
  if (!e) throw new Error(`missing entity "${id}"`);
  return e;
}

function isHedged(r: RelationshipData): boolean {
  const hedgeWord = /scheduled|expected|expect|intends|to be /i;
  return (r.confidence !== undefined && r.confidence < 1) || (r.role !== undefined && hedgeWord.test(r.role));
}

describe('seed 000_3a89fb6e0ed68f4a: article text', () => {
  it('is a non-empty article', () => {
    expect(articleText.length).toBeGreaterThan(500);
  });

  it('is the original article, byte for byte', () => {
    expect(createHash('sha256').update(fs.readFileSync(TEXT_PATH)).digest('hex')).toBe(ARTICLE_SHA256);
  });
});

describe('seed 000_3a89fb6e0ed68f4a: source', () => {
  it('has the one source the article gives, with nothing invented', () => {
    expect(seed.sources).toHaveLength(1);
    const [source] = seed.sources;
    expect(extraKeys(source, SOURCE_KEYS)).toEqual([]);
    expect(source.id).toBe(SOURCE_ID);
    expect(source.title).toBe(articleText.split('\n')[0]);
    expect(source.publisher).toBe('Caliber.Az');
    expect(source.author).toBe('Tamilla Hasanova');
    expect(source.url).toBeUndefined();
    expect(source.publishedAt).toBeUndefined();
    expect(source.text).toBeUndefined();
    expect(source.textFile).toBe(`${SEED_NAME}.txt`);
    expect(fs.existsSync(path.join(SEED_DIR, String(source.textFile)))).toBe(true);
  });
});

describe('seed 000_3a89fb6e0ed68f4a: entities', () => {
  it('have slug ids that are unique across all kinds', () => {
    const errors: string[] = [];
    const seen = new Set<string>();
    seed.entities.forEach((e, i) => {
      if (typeof e.id !== 'string' || !SLUG.test(e.id)) errors.push(`${entityLabel(e, i)}: id is not a slug`);
      else if (seen.has(e.id)) errors.push(`${entityLabel(e, i)}: duplicate id`);
      else seen.add(e.id);
    });
    expect(errors).toEqual([]);
  });

  it('have only known fields, a name, a description and a kind from EntityKind', () => {
    const errors: string[] = [];
    seed.entities.forEach((e, i) => {
      const label = entityLabel(e, i);
      const extra = extraKeys(e, ENTITY_KEYS);
      if (extra.length > 0) errors.push(`${label}: unknown fields ${extra.join(', ')}`);
      if (!ENTITY_KINDS.includes(e.kind)) errors.push(`${label}: kind ${String(e.kind)} not in EntityKind`);
      if (typeof e.name !== 'string' || e.name.trim() === '') errors.push(`${label}: empty name`);
      if (typeof e.description !== 'string' || e.description.trim() === '') {
        errors.push(`${label}: empty description`);
      }
      if (e.aliases !== undefined) {
        if (!Array.isArray(e.aliases) || !e.aliases.every((a) => typeof a === 'string' && a.trim() !== '')) {
          errors.push(`${label}: aliases must be non-empty strings`);
        } else if (new Set(e.aliases).size !== e.aliases.length || e.aliases.includes(e.name)) {
          errors.push(`${label}: aliases repeat each other or the name`);
        }
      }
    });
    expect(errors).toEqual([]);
  });

  it('give events an EventType and real dates with a DatePrecision; no event fields elsewhere', () => {
    const errors: string[] = [];
    seed.entities.forEach((e, i) => {
      const label = entityLabel(e, i);
      if (e.kind === EntityKind.EVENT) {
        if (!EVENT_TYPES.includes(String(e.eventType))) {
          errors.push(`${label}: eventType ${String(e.eventType)} not in EventType`);
        }
      } else {
        for (const field of ['eventType', 'startDate', 'endDate', 'datePrecision'] as const) {
          if (e[field] !== undefined) errors.push(`${label}: ${field} on a non-event`);
        }
      }
      for (const field of ['startDate', 'endDate'] as const) {
        const value = e[field];
        if (value !== undefined && !isCalendarDate(value)) {
          errors.push(`${label}: ${field} ${String(value)} is not a real YYYY-MM-DD date`);
        }
      }
      if (e.datePrecision !== undefined && !DATE_PRECISIONS.includes(e.datePrecision)) {
        errors.push(`${label}: datePrecision ${String(e.datePrecision)} not in DatePrecision`);
      }
      if (e.startDate !== undefined && e.datePrecision === undefined) {
        errors.push(`${label}: startDate without datePrecision`);
      }
      if (e.datePrecision !== undefined && e.startDate === undefined) {
        errors.push(`${label}: datePrecision without startDate`);
      }
      if (typeof e.startDate === 'string') {
        if (e.datePrecision === DatePrecision.MONTH && !e.startDate.endsWith('-01')) {
          errors.push(`${label}: MONTH precision date must be the first of the month`);
        }
        if (e.datePrecision === DatePrecision.YEAR && !e.startDate.endsWith('-01-01')) {
          errors.push(`${label}: YEAR precision date must be the first of January`);
        }
      }
      if (e.startDate !== undefined && e.endDate !== undefined && e.endDate < e.startDate) {
        errors.push(`${label}: endDate before startDate`);
      }
    });
    expect(errors).toEqual([]);
  });

  it('give every country a 2-letter uppercase isoCode, and only countries have one', () => {
    const errors: string[] = [];
    seed.entities.forEach((e, i) => {
      const label = entityLabel(e, i);
      if (e.kind === EntityKind.COUNTRY) {
        if (typeof e.isoCode !== 'string' || !/^[A-Z]{2}$/.test(e.isoCode)) {
          errors.push(`${label}: isoCode ${String(e.isoCode)} is not ISO 3166-1 alpha-2`);
        }
      } else if (e.isoCode !== undefined) {
        errors.push(`${label}: isoCode on a ${String(e.kind)}`);
      }
    });
    const codes = seed.entities.filter((e) => e.kind === EntityKind.COUNTRY).map((e) => e.isoCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(errors).toEqual([]);
  });

  it('each take part in at least one relationship', () => {
    const linked = new Set<string>();
    for (const r of seed.relationships) {
      linked.add(r.from);
      linked.add(r.to);
    }
    const errors = seed.entities
      .map((e, i) => (typeof e.id === 'string' && linked.has(e.id) ? '' : `${entityLabel(e, i)}: no relationship`))
      .filter((m) => m !== '');
    expect(errors).toEqual([]);
  });

  it('do not include the anonymous senior US administration official as a person', () => {
    const officials = seed.entities.filter((e) => e.kind === EntityKind.PERSON && /official/i.test(e.name));
    expect(officials.map((e) => e.id)).toEqual([]);
  });
});

describe('seed 000_3a89fb6e0ed68f4a: relationships', () => {
  it('have only known fields and a type from RelationshipType', () => {
    const errors: string[] = [];
    seed.relationships.forEach((r, i) => {
      const label = relLabel(r, i);
      const extra = extraKeys(r, RELATIONSHIP_KEYS);
      if (extra.length > 0) errors.push(`${label}: unknown fields ${extra.join(', ')}`);
      if (!RELATIONSHIP_TYPES.includes(r.type)) errors.push(`${label}: type not in RelationshipType`);
    });
    expect(errors).toEqual([]);
  });

  it('connect existing entities of the kinds RELATIONSHIP_ENDPOINTS allows', () => {
    const errors: string[] = [];
    seed.relationships.forEach((r, i) => {
      const label = relLabel(r, i);
      const from = entityById.get(r.from);
      const to = entityById.get(r.to);
      if (!from) errors.push(`${label}: from "${String(r.from)}" does not exist`);
      if (!to) errors.push(`${label}: to "${String(r.to)}" does not exist`);
      if (r.from === r.to) errors.push(`${label}: self-loop`);
      const endpoints = RELATIONSHIP_ENDPOINTS[r.type];
      if (!endpoints || !from || !to) return;
      if (!endpoints.from.includes(from.kind)) errors.push(`${label}: from kind ${from.kind} not allowed`);
      if (!endpoints.to.includes(to.kind)) errors.push(`${label}: to kind ${to.kind} not allowed`);
    });
    expect(errors).toEqual([]);
  });

  it('each have evidence whose quotes appear verbatim in the article', () => {
    const sourceIds = new Set(seed.sources.map((s) => s.id));
    const errors: string[] = [];
    seed.relationships.forEach((r, i) => {
      const label = relLabel(r, i);
      if (!Array.isArray(r.evidence) || r.evidence.length === 0) {
        errors.push(`${label}: no evidence`);
        return;
      }
      r.evidence.forEach((ev, j) => {
        if (!sourceIds.has(ev.sourceId)) errors.push(`${label} evidence[${j}]: unknown sourceId ${ev.sourceId}`);
        if (typeof ev.quote !== 'string' || ev.quote.trim() === '') {
          errors.push(`${label} evidence[${j}]: empty quote`);
        } else if (!articleText.includes(ev.quote)) {
          errors.push(`${label} evidence[${j}]: quote not verbatim in article: ${JSON.stringify(ev.quote)}`);
        } else if (ev.quote.length > 300) {
          errors.push(`${label} evidence[${j}]: quote longer than a sentence or clause`);
        }
      });
    });
    expect(errors).toEqual([]);
  });

  it('have real dates, validTo after validFrom, confidence in 0..1 and whole positive quantities', () => {
    const errors: string[] = [];
    seed.relationships.forEach((r, i) => {
      const label = relLabel(r, i);
      for (const field of ['validFrom', 'validTo'] as const) {
        const value = r[field];
        if (value !== undefined && !isCalendarDate(value)) {
          errors.push(`${label}: ${field} ${String(value)} is not a real YYYY-MM-DD date`);
        }
      }
      if (r.validFrom !== undefined && r.validTo !== undefined && !(r.validTo > r.validFrom)) {
        errors.push(`${label}: validTo ${r.validTo} is not after validFrom ${r.validFrom}`);
      }
      if (r.confidence !== undefined && !(typeof r.confidence === 'number' && r.confidence >= 0 && r.confidence <= 1)) {
        errors.push(`${label}: confidence ${String(r.confidence)} outside 0..1`);
      }
      if (r.quantity !== undefined && !(Number.isInteger(r.quantity) && r.quantity > 0)) {
        errors.push(`${label}: quantity ${String(r.quantity)} is not a positive integer`);
      }
      for (const field of ['role', 'title'] as const) {
        const value = r[field];
        if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
          errors.push(`${label}: empty ${field}`);
        }
      }
    });
    expect(errors).toEqual([]);
  });

  it('are unique by (from, type, to, role, validFrom)', () => {
    const seen = new Map<string, number>();
    const errors: string[] = [];
    seed.relationships.forEach((r, i) => {
      const key = JSON.stringify([r.from, r.type, r.to, r.role ?? null, r.validFrom ?? null]);
      const first = seen.get(key);
      if (first !== undefined) errors.push(`${relLabel(r, i)}: duplicates relationships[${first}]`);
      else seen.set(key, i);
    });
    expect(errors).toEqual([]);
  });

  it('hedge what the article only expects or schedules', () => {
    const future = ['biden-xi-meeting-2024-lima', 'trump-inauguration-2025'];
    const errors: string[] = [];
    seed.relationships.forEach((r, i) => {
      const intoFuture = r.type === RelationshipType.PARTICIPATED_IN && future.includes(r.to);
      const agenda = r.type === RelationshipType.CONCERNS && r.from === 'biden-xi-meeting-2024-lima';
      const expectedConcern = r.type === RelationshipType.CONCERNED_ABOUT && r.from === 'joe-biden';
      const futureOffice = r.validFrom !== undefined && r.validFrom >= '2025-01-20';
      if ((intoFuture || agenda || expectedConcern || futureOffice) && !isHedged(r)) {
        errors.push(`${relLabel(r, i)}: stated as plain fact but the article only expects/schedules it`);
      }
    });
    expect(errors).toEqual([]);
  });
});

describe('seed 000_3a89fb6e0ed68f4a: facts from the article', () => {
  it('has the countries with their ISO codes and aliases', () => {
    const expected: Record<string, string> = {
      'united-states': 'US',
      china: 'CN',
      russia: 'RU',
      ukraine: 'UA',
      'north-korea': 'KP',
      peru: 'PE',
      indonesia: 'ID',
    };
    for (const [id, iso] of Object.entries(expected)) {
      expect([id, entity(id).kind, entity(id).isoCode]).toEqual([id, EntityKind.COUNTRY, iso]);
    }
    expect(entity('united-states').aliases).toEqual(expect.arrayContaining(['US', 'USA']));
    expect(entity('china').aliases).toEqual(expect.arrayContaining(['PRC', "People's Republic of China"]));
    expect(entity('north-korea').aliases).toEqual(expect.arrayContaining(['DPRK']));
  });

  it('has the people, organizations, places and topics the article names', () => {
    const expected: Record<string, EntityKind> = {
      'joe-biden': EntityKind.PERSON,
      'xi-jinping': EntityKind.PERSON,
      'donald-trump': EntityKind.PERSON,
      'tamilla-hasanova': EntityKind.PERSON,
      apec: EntityKind.ORGANIZATION,
      g20: EntityKind.ORGANIZATION,
      'caliber-az': EntityKind.ORGANIZATION,
      'republican-party': EntityKind.ORGANIZATION,
      'us-military': EntityKind.ORGANIZATION,
      'chinese-military': EntityKind.ORGANIZATION,
      lima: EntityKind.PLACE,
      bali: EntityKind.PLACE,
      'san-francisco': EntityKind.PLACE,
      california: EntityKind.PLACE,
      europe: EntityKind.PLACE,
      'indo-pacific': EntityKind.PLACE,
      'china-support-for-russia': EntityKind.TOPIC,
      'military-to-military-communication': EntityKind.TOPIC,
    };
    for (const [id, kind] of Object.entries(expected)) expect([id, entity(id).kind]).toEqual([id, kind]);
    expect(entity('apec').name).toBe('Asia-Pacific Economic Cooperation');
    expect(entity('joe-biden').title).toBe('President');
    expect(entity('xi-jinping').title).toBe('President');
  });

  it('has the events with their types and dates', () => {
    const expected: Record<string, [EventType, string | undefined, DatePrecision | undefined]> = {
      'apec-2024-lima': [EventType.SUMMIT, '2024-01-01', DatePrecision.YEAR],
      'biden-xi-meeting-2024-lima': [EventType.MEETING, '2024-11-16', DatePrecision.DAY],
      'g20-2022-bali': [EventType.SUMMIT, '2022-01-01', DatePrecision.YEAR],
      'biden-xi-meeting-2022-bali': [EventType.MEETING, '2022-01-01', DatePrecision.YEAR],
      'apec-2023-san-francisco': [EventType.SUMMIT, '2023-01-01', DatePrecision.YEAR],
      'biden-xi-meeting-2023-san-francisco': [EventType.MEETING, '2023-11-01', DatePrecision.MONTH],
      'us-official-briefing-apec-2024': [EventType.BRIEFING, undefined, undefined],
      'us-china-military-contacts-reestablishment': [EventType.OTHER, undefined, undefined],
      'us-china-defence-policy-talks-2024': [EventType.TALKS, '2024-01-01', DatePrecision.MONTH],
      'icbm-launch-advance-notices-2024': [EventType.NOTIFICATION, '2024-01-01', DatePrecision.YEAR],
      'russia-ukraine-war': [EventType.CONFLICT, undefined, undefined],
      'dprk-troop-deployment-to-russia': [EventType.MILITARY_DEPLOYMENT, undefined, undefined],
      'us-presidential-election-2024': [EventType.ELECTION, '2024-11-05', DatePrecision.DAY],
      'trump-inauguration-2025': [EventType.INAUGURATION, '2025-01-20', DatePrecision.DAY],
      'biden-inauguration-2021': [EventType.INAUGURATION, '2021-01-01', DatePrecision.MONTH],
    };
    for (const [id, [eventType, startDate, precision]] of Object.entries(expected)) {
      const e = entity(id);
      expect([id, e.kind, e.eventType, e.startDate, e.datePrecision]).toEqual([id, EntityKind.EVENT, eventType, startDate, precision]);
    }
  });

  it('has the leaders, their terms and the succession', () => {
    const biden = only('joe-biden', RelationshipType.LEADER_OF, 'united-states');
    expect([biden.title, biden.validFrom, biden.validTo]).toEqual(['President', '2021-01-01', '2025-01-20']);
    const xi = only('xi-jinping', RelationshipType.LEADER_OF, 'china');
    expect([xi.title, xi.validFrom, xi.validTo]).toEqual(['President', undefined, undefined]);
    const trump = only('donald-trump', RelationshipType.LEADER_OF, 'united-states');
    expect([trump.title, trump.validFrom]).toEqual(['President', '2025-01-20']);
    expect(trump.confidence).toBeLessThan(1);
    const succ = only('donald-trump', RelationshipType.SUCCEEDS, 'joe-biden');
    expect([succ.title, succ.validFrom]).toEqual(['President', '2025-01-20']);
    expect(rels('donald-trump', RelationshipType.AFFILIATED_WITH, 'republican-party')).toHaveLength(1);
    const won = only('donald-trump', RelationshipType.PARTICIPATED_IN, 'us-presidential-election-2024');
    expect(won.role).toBe('winner');
    expect(rels('donald-trump', RelationshipType.PARTICIPATED_IN, 'trump-inauguration-2025')).toHaveLength(1);
  });

  it('has three MEETING events that Biden and Xi both took part in, chained by FOLLOWS', () => {
    const meetingsOf = (person: string): string[] =>
      seed.relationships
        .filter((r) => r.from === person && r.type === RelationshipType.PARTICIPATED_IN)
        .map((r) => r.to)
        .filter((id) => entityById.get(id)?.eventType === EventType.MEETING);
    const biden = new Set(meetingsOf('joe-biden'));
    const shared = meetingsOf('xi-jinping').filter((id) => biden.has(id));
    expect(shared.sort()).toEqual(['biden-xi-meeting-2022-bali', 'biden-xi-meeting-2023-san-francisco', 'biden-xi-meeting-2024-lima']);
    expect(rels('biden-xi-meeting-2024-lima', RelationshipType.FOLLOWS, 'biden-xi-meeting-2023-san-francisco')).toHaveLength(1);
    expect(rels('biden-xi-meeting-2023-san-francisco', RelationshipType.FOLLOWS, 'biden-xi-meeting-2022-bali')).toHaveLength(1);
    for (const country of ['united-states', 'china']) {
      expect([country, rels(country, RelationshipType.PARTICIPATED_IN, 'biden-xi-meeting-2024-lima').length]).toEqual([country, 1]);
    }
  });

  it('places the meetings and summits', () => {
    const pairs: [string, RelationshipType, string][] = [
      ['biden-xi-meeting-2024-lima', RelationshipType.PART_OF, 'apec-2024-lima'],
      ['biden-xi-meeting-2024-lima', RelationshipType.HELD_IN, 'lima'],
      ['apec-2024-lima', RelationshipType.HELD_IN, 'lima'],
      ['biden-xi-meeting-2022-bali', RelationshipType.PART_OF, 'g20-2022-bali'],
      ['biden-xi-meeting-2022-bali', RelationshipType.HELD_IN, 'bali'],
      ['g20-2022-bali', RelationshipType.HELD_IN, 'bali'],
      ['biden-xi-meeting-2023-san-francisco', RelationshipType.PART_OF, 'apec-2023-san-francisco'],
      ['biden-xi-meeting-2023-san-francisco', RelationshipType.HELD_IN, 'san-francisco'],
      ['lima', RelationshipType.LOCATED_IN, 'peru'],
      ['bali', RelationshipType.LOCATED_IN, 'indonesia'],
      ['san-francisco', RelationshipType.LOCATED_IN, 'california'],
    ];
    for (const [from, type, to] of pairs) {
      expect([from, type, to, rels(from, type, to).length]).toEqual([from, type, to, 1]);
    }
    // The article never says where California or the 2023 summit lie: the seed must not either.
    expect(rels('california', RelationshipType.LOCATED_IN, 'united-states')).toHaveLength(0);
    expect(rels('apec-2023-san-francisco', RelationshipType.HELD_IN, 'san-francisco')).toHaveLength(0);
  });

  it("has the war, China's support for Russia and the DPRK deployment", () => {
    expect(rels('russia', RelationshipType.AT_WAR_WITH, 'ukraine')).toHaveLength(1);
    expect(rels('russia', RelationshipType.PARTICIPATED_IN, 'russia-ukraine-war')).toHaveLength(1);
    expect(rels('ukraine', RelationshipType.PARTICIPATED_IN, 'russia-ukraine-war')).toHaveLength(1);
    expect(rels('china', RelationshipType.SUPPORTS, 'russia')).toHaveLength(1);
    const deployed = only('north-korea', RelationshipType.DEPLOYED_TO, 'russia');
    expect(deployed.quantity).toBe(10000);
    expect(deployed.role).toBe('more than');
    expect(rels('north-korea', RelationshipType.PARTICIPATED_IN, 'dprk-troop-deployment-to-russia')).toHaveLength(1);
    const combat = only('north-korea', RelationshipType.PARTICIPATED_IN, 'russia-ukraine-war');
    expect(combat.role).toBe('combat alongside Russian troops');
    expect(combat.evidence?.some((ev) => ev.quote.includes('combat alongside Russian troops'))).toBe(true);
  });

  it('has the concerns, hedged where the official only expects them', () => {
    for (const to of ['china-support-for-russia', 'dprk-troop-deployment-to-russia']) {
      const c = only('joe-biden', RelationshipType.CONCERNED_ABOUT, to);
      expect([to, c.confidence, c.role]).toEqual([to, 0.7, 'expected to express deep concern']);
    }
    const us = only('united-states', RelationshipType.CONCERNED_ABOUT, 'long-term-stability-europe-indo-pacific');
    expect(us.evidence?.some((ev) => ev.quote.includes('We are increasingly concerned'))).toBe(true);
    for (const region of ['europe', 'indo-pacific']) {
      expect([region, rels('long-term-stability-europe-indo-pacific', RelationshipType.INVOLVES, region).length]).toEqual([region, 1]);
    }
    const agenda = seed.relationships
      .filter((r) => r.from === 'biden-xi-meeting-2024-lima' && r.type === RelationshipType.CONCERNS)
      .map((r) => r.to);
    expect(agenda).toEqual(
      expect.arrayContaining(['china-support-for-russia', 'dprk-troops-in-ukraine-conflict', 'military-to-military-communication']),
    );
  });
});
