import { isCalendarDate, parseDateTime } from '../domain/dates';
import { ENTITY_KINDS, EntityKind } from '../domain/entity-kind';
import { DatePrecision, EventType, FactStatus, Origin } from '../domain/event-type';
import { EntityData, EntityField, EvidenceData, GraphData, RelationshipData, SourceData } from '../domain/graph-input';
import { RELATIONSHIP_TYPES, RelationshipType } from '../domain/relationship-type';
import { BadUserInputError } from '../errors/api-errors';
import { canonicalEnds, MAX_ID_LENGTH, relationshipId, slugify, SLUG_PATTERN } from './ids';

/** A validated source, ready to write. */
export interface ValidSource {
  id: string;
  title: string;
  url: string | null;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  text: string | null;
  /** Located mentions (each within the text); null: none given, the stored ones stay. */
  mentionSpans: { entity: string; start: number; end: number }[] | null;
}

/** One evidence pair: offsets null when not given (located in the source's text when it is stored). */
export interface ValidEvidence {
  sourceId: string;
  quote: string;
  start: number | null;
  end: number | null;
}

export interface ValidEntity {
  id: string;
  kind: EntityKind;
  /** The given ENTITY_FIELDS (the list every write reads). */
  fields: Pick<EntityData, EntityField>;
  startDate: string | null;
  endDate: string | null;
}

export interface ValidRelationship {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  role: string | null;
  title: string | null;
  quantity: number | null;
  validFrom: string | null;
  validTo: string | null;
  confidence: number | null;
  validFromPrecision: DatePrecision | null;
  validToPrecision: DatePrecision | null;
  origin: Origin | null;
  status: FactStatus | null;
  hedge: string | null;
  evidence: ValidEvidence[];
  /** Where the row came from, for error messages: `relationships[3]`. */
  row: string;
}

export interface ValidGraph {
  sources: ValidSource[];
  entities: ValidEntity[];
  relationships: ValidRelationship[];
}

const fail = (field: string, message: string): never => {
  throw new BadUserInputError(`${field}: ${message}`, field);
};

function optionalString(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return fail(field, 'must be a string');
  const trimmed = value.trim();
  if (trimmed.length > max) fail(field, `must be at most ${max} characters`);
  return trimmed === '' ? null : trimmed;
}

function requiredString(value: unknown, field: string, max: number): string {
  const text = optionalString(value, field, max);
  return text ?? fail(field, `is required and must be 1 to ${max} characters`);
}

/** Validates an id, or derives one from a name when none is given. */
export function validId(value: unknown, field: string, nameForDefault?: string): string {
  if ((value === undefined || value === null) && nameForDefault !== undefined) {
    const derived = slugify(nameForDefault);
    return derived === '' ? fail(field, `cannot be derived from "${nameForDefault}"; give an id`) : derived;
  }
  if (typeof value !== 'string' || !SLUG_PATTERN.test(value) || value.length > MAX_ID_LENGTH) {
    return fail(
      field,
      `must be a slug of lower-case letters, digits and single dashes (like "north-korea"), at most ${MAX_ID_LENGTH} characters`,
    );
  }
  return value;
}

/** A real calendar date as YYYY-MM-DD (2024-02-30 is refused). */
export function validDate(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return fail(field, 'must be a date written YYYY-MM-DD');
  if (!isCalendarDate(value)) fail(field, `${value} is not a real date`);
  return value;
}

function validDateTime(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  const instant = typeof value === 'string' ? parseDateTime(value) : undefined;
  return instant ?? fail(field, 'must be an ISO 8601 date-time with a zone on a real day, such as 2024-11-16T09:30:00Z');
}

function validEnum<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(field, `must be one of ${allowed.join(', ')}`);
}

function validUrl(value: unknown, field: string): string | null {
  const text = optionalString(value, field, 2000);
  if (text === null) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(field, 'must be an http(s) URL');
  } catch {
    fail(field, 'must be an http(s) URL');
  }
  return text;
}

/** Mention spans: whole numbers with 0 <= start < end <= the text's length; they need the text. */
function validSpans(input: SourceData, text: string | null, field: string): ValidSource['mentionSpans'] {
  const spans = input.mentionSpans;
  if (spans === undefined || spans === null) return null;
  if (!Array.isArray(spans)) return fail(`${field}.mentionSpans`, 'must be a list');
  if (spans.length > 0 && text === null) fail(`${field}.mentionSpans`, 'needs the text the spans are offsets into');
  return spans.map((span, i) => {
    const at = `${field}.mentionSpans[${i}]`;
    const row = asRow(span, at);
    const entity = validId(row.entity, `${at}.entity`);
    const { start, end } = validOffsets(row.start, row.end, at, text ?? '');
    if (start === null || end === null) return fail(at, 'needs start and end');
    return { entity, start, end };
  });
}

/** Offsets of a span: both or neither, whole numbers, 0 <= start < end (<= the text's length when there is one). */
function validOffsets(start: unknown, end: unknown, field: string, text: string | null): { start: number | null; end: number | null } {
  if ((start === undefined || start === null) && (end === undefined || end === null)) return { start: null, end: null };
  if (!Number.isInteger(start) || !Number.isInteger(end)) return fail(field, 'start and end must both be given, as whole numbers');
  const [s, e] = [start as number, end as number];
  if (s < 0 || e <= s) fail(`${field}.end`, 'must be after start (offsets count from 0)');
  if (text !== null && e > text.length) fail(`${field}.end`, `must be at most the text's length (${text.length})`);
  return { start: s, end: e };
}

export function validateSource(input: SourceData, field: string): ValidSource {
  const title = requiredString(input.title, `${field}.title`, 500);
  const text = typeof input.text === 'string' && input.text !== '' ? input.text : null;
  return {
    id: validId(input.id, `${field}.id`, title),
    title,
    url: validUrl(input.url, `${field}.url`),
    publisher: optionalString(input.publisher, `${field}.publisher`, 200),
    author: optionalString(input.author, `${field}.author`, 200),
    publishedAt: validDateTime(input.publishedAt, `${field}.publishedAt`),
    text,
    mentionSpans: validSpans(input, text, field),
  };
}

export function validateEntity(input: EntityData, field: string): ValidEntity {
  const kind = validEnum(input.kind, ENTITY_KINDS, `${field}.kind`);
  const name = requiredString(input.name, `${field}.name`, 200);
  const startDate = validDate(input.startDate, `${field}.startDate`);
  const endDate = validDate(input.endDate, `${field}.endDate`);
  if (startDate !== null && endDate !== null && endDate < startDate) fail(`${field}.endDate`, 'must not be before startDate');
  if (input.aliases !== undefined && input.aliases !== null && !Array.isArray(input.aliases))
    fail(`${field}.aliases`, 'must be a list of strings');
  const aliases = [...new Set((input.aliases ?? []).map((alias, i) => requiredString(alias, `${field}.aliases[${i}]`, 200)))];
  const isoCode = optionalString(input.isoCode, `${field}.isoCode`, 2);
  if (isoCode !== null && (kind !== EntityKind.COUNTRY || !/^[A-Z]{2}$/.test(isoCode))) {
    fail(`${field}.isoCode`, 'is for countries only and must be two capital letters (ISO 3166-1 alpha-2)');
  }
  const wikidataId = optionalString(input.wikidataId, `${field}.wikidataId`, 20);
  if (wikidataId !== null && !/^Q\d+$/.test(wikidataId)) fail(`${field}.wikidataId`, 'must look like Q42');
  return {
    id: validId(input.id, `${field}.id`, name),
    kind,
    startDate,
    endDate,
    fields: {
      name,
      aliases,
      description: optionalString(input.description, `${field}.description`, 2000) ?? undefined,
      wikidataId: wikidataId ?? undefined,
      isoCode: isoCode ?? undefined,
      title: optionalString(input.title, `${field}.title`, 200) ?? undefined,
      eventType:
        input.eventType !== undefined && input.eventType !== null
          ? validEnum(input.eventType, Object.values(EventType), `${field}.eventType`)
          : kind === EntityKind.EVENT
            ? EventType.OTHER
            : undefined,
      datePrecision:
        input.datePrecision !== undefined && input.datePrecision !== null
          ? validEnum(input.datePrecision, Object.values(DatePrecision), `${field}.datePrecision`)
          : undefined,
      placeType: optionalString(input.placeType, `${field}.placeType`, 100) ?? undefined,
    },
  };
}

export function validateRelationship(input: RelationshipData, field: string): ValidRelationship {
  const type = validEnum(input.type, RELATIONSHIP_TYPES, `${field}.type`);
  const [from, to] = canonicalEnds(type, validId(input.from, `${field}.from`), validId(input.to, `${field}.to`));
  if (from === to) fail(`${field}.to`, 'must differ from from: an entity has no relationship with itself');
  const role = optionalString(input.role, `${field}.role`, 200);
  const validFrom = validDate(input.validFrom, `${field}.validFrom`);
  const validTo = validDate(input.validTo, `${field}.validTo`);
  if (validFrom !== null && validTo !== null && validTo <= validFrom) fail(`${field}.validTo`, 'must be after validFrom');
  const quantity = input.quantity ?? null;
  if (quantity !== null && (!Number.isInteger(quantity) || quantity < 0)) fail(`${field}.quantity`, 'must be a whole number, 0 or more');
  const confidence = input.confidence ?? null;
  if (confidence !== null && (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)))
    fail(`${field}.confidence`, 'must be between 0 and 1');
  if (input.evidence !== undefined && input.evidence !== null && !Array.isArray(input.evidence))
    fail(`${field}.evidence`, 'must be a list');
  const list = input.evidence ?? [];
  // Every entry is checked to be an object before any is read, as the first refusal must name the first of those.
  list.forEach((entry, i) => asRow(entry, `${field}.evidence[${i}]`));
  const evidence = list.map((item, i) => validEvidence(item, field, i));
  return {
    id: relationshipId(type, from, to, role, validFrom),
    type,
    from,
    to,
    role,
    title: optionalString(input.title, `${field}.title`, 200),
    quantity,
    validFrom,
    validTo,
    confidence,
    validFromPrecision: optionalEnum(input.validFromPrecision, DATE_PRECISIONS, field, 'validFromPrecision'),
    validToPrecision: optionalEnum(input.validToPrecision, DATE_PRECISIONS, field, 'validToPrecision'),
    origin: optionalEnum(input.origin, ORIGINS, field, 'origin'),
    status: optionalEnum(input.status, FACT_STATUSES, field, 'status'),
    hedge: optionalString(input.hedge, `${field}.hedge`, 100),
    evidence,
    row: field,
  };
}

/**
 * One evidence entry (an object): its offsets, source id and quote, checked in that order. Field names
 * are built only for a refusal, this runs for every relationship a load reads.
 */
function validEvidence(item: EvidenceData, field: string, i: number): ValidEvidence {
  const given = !(item.start === undefined || item.start === null) || !(item.end === undefined || item.end === null);
  const { start, end } = given ? validOffsets(item.start, item.end, `${field}.evidence[${i}]`, null) : NO_OFFSETS;
  const sourceId = isSlug(item.sourceId) ? item.sourceId : validId(item.sourceId, `${field}.evidence[${i}].sourceId`);
  // With offsets the quote is exactly text.slice(start, end), so it is kept as given.
  const trimmed = start === null && typeof item.quote === 'string' ? item.quote.trim() : '';
  const quote =
    start !== null
      ? requiredQuote(item.quote, `${field}.evidence[${i}].quote`)
      : trimmed !== '' && trimmed.length <= 5000
        ? trimmed
        : requiredString(item.quote, `${field}.evidence[${i}].quote`, 5000);
  return { sourceId, quote, start, end };
}

const NO_OFFSETS = { start: null, end: null } as const;

/** Whether validId takes the value as it is (a slug, not too long). */
const isSlug = (value: unknown): value is string => typeof value === 'string' && SLUG_PATTERN.test(value) && value.length <= MAX_ID_LENGTH;

/** An enum field that may be left out: null then, else one of `allowed`. */
function optionalEnum<T extends string>(value: unknown, allowed: readonly T[], field: string, name: string): T | null {
  return value === undefined || value === null ? null : validEnum(value, allowed, `${field}.${name}`);
}

const DATE_PRECISIONS: readonly DatePrecision[] = Object.values(DatePrecision);
const ORIGINS: readonly Origin[] = Object.values(Origin);
const FACT_STATUSES: readonly FactStatus[] = Object.values(FactStatus);

/** A quote: 1 to 5000 characters, not only spaces, kept as given. */
function requiredQuote(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 5000)
    return fail(field, 'is required and must be 1 to 5000 characters');
  return value;
}

/** Refuses a row that is not an object (JSON files can hold anything). */
function asRow<T>(value: T, field: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(field, 'must be an object');
  return value;
}

/** Checks the shape of a whole import and refuses duplicate ids within it. */
export function validateGraph(data: GraphData): ValidGraph {
  const asList = <T>(value: T[] | undefined | null, field: string): T[] => {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : fail(field, 'must be a list');
  };
  const sources = asList(data.sources, 'sources').map((source, i) => validateSource(asRow(source, `sources[${i}]`), `sources[${i}]`));
  const entities = asList(data.entities, 'entities').map((entity, i) => validateEntity(asRow(entity, `entities[${i}]`), `entities[${i}]`));
  const relationships = asList(data.relationships, 'relationships').map((rel, i) =>
    validateRelationship(asRow(rel, `relationships[${i}]`), `relationships[${i}]`),
  );
  refuseDuplicates(
    sources.map((s) => s.id),
    'sources',
  );
  refuseDuplicates(
    entities.map((e) => e.id),
    'entities',
  );
  return { sources, entities, relationships };
}

/** Refuses the second record of a list with an id already used in it, naming both. */
export function refuseDuplicates(ids: readonly string[], field: string): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) fail(`${field}[${i}].id`, `"${id}" is also ${field}[${first}]; give each record its own id`);
    seen.set(id, i);
  });
}
