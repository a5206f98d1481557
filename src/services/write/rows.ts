import { Integer } from 'neo4j-driver';

import { toInt } from '../../db/plain';
import { EntityKind } from '../../domain/entity-kind';
import { EventType } from '../../domain/event-type';
import { EntityRow, RelationshipRow, SourceRow } from '../../domain/graph-rows';
import { foldName } from '../../domain/folded-name';
import { ENTITY_FIELDS } from '../../domain/graph-input';
import { FactStatus, Origin } from '../../domain/event-type';
import { ValidEntity, ValidEvidence, ValidRelationship, ValidSource } from '../graph-validation';
import { contentHash } from '../ids';

export { contentHash };

/**
 * The properties a record was given. A field left out (null) keeps its stored value: writing a
 * relationship again to add a second source's quote must not erase its confidence or dates.
 */
export function given<T>(props: Record<string, T | null | undefined>): Record<string, T> {
  const out: Record<string, T> = {};
  // for...in, not Object.entries: no array per key (it runs for every relationship a load reads).
  for (const key in props) {
    const value = props[key];
    if (value !== null && value !== undefined) out[key] = value;
  }
  return out;
}

/** A source's row; its hash covers what it says (not when it was written). */
export function sourceRow(s: ValidSource): SourceRow {
  const props = given({ title: s.title, url: s.url, publisher: s.publisher, author: s.author, text: s.text });
  const mentionSpans = s.mentionSpans === null ? null : spansByEntity(s.mentionSpans);
  // Spans have their own hash: a source written again without them is unchanged, and a load may give
  // them later than the source (after the entities they name; see the bulk import's deferred spans).
  const spansHash =
    mentionSpans === null ? null : contentHash(mentionSpans.map((m) => [m.entity, m.starts.map(Number), m.ends.map(Number)]));
  return { id: s.id, props, publishedAt: s.publishedAt, mentionSpans, spansHash, hash: contentHash([props, s.publishedAt]) };
}

/** Spans grouped by entity, in text order: one MENTIONS relationship carries all of its entity's spans. */
function spansByEntity(spans: readonly { entity: string; start: number; end: number }[]): NonNullable<SourceRow['mentionSpans']> {
  const byEntity = new Map<string, { entity: string; starts: Integer[]; ends: Integer[] }>();
  for (const span of [...spans].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const row = byEntity.get(span.entity) ?? { entity: span.entity, starts: [], ends: [] };
    row.starts.push(toInt(span.start));
    row.ends.push(toInt(span.end));
    byEntity.set(span.entity, row);
  }
  return [...byEntity.values()];
}

/**
 * An entity's row: the given ENTITY_FIELDS (aliasesText, what the fulltext index reads, goes with
 * aliases; nameFolded, what `nameContains` matches, with the name), and the defaults a new entity
 * gets for what was left out. The hash covers what was given: nameFolded follows from the name.
 */
export function entityRow(e: ValidEntity): EntityRow {
  const props: Record<string, string | string[]> = {};
  for (const field of ENTITY_FIELDS) {
    const value = e.fields[field];
    if (value !== undefined && value !== null) props[field] = value;
  }
  if (e.fields.aliases !== undefined) props.aliasesText = e.fields.aliases.join(' | ');
  const hash = contentHash([props, e.startDate, e.endDate]);
  if (typeof props.name === 'string') props.nameFolded = foldName(props.name);
  const onCreate: Record<string, string | string[]> = { aliases: [], aliasesText: '' };
  if (e.kind === EntityKind.EVENT) onCreate.eventType = EventType.OTHER;
  return {
    id: e.id,
    kind: e.kind,
    props,
    onCreate,
    startDate: e.startDate,
    endDate: e.endDate,
    hash,
  };
}

/** A new entity's complete properties: the defaults under what was given. */
export function createdProps(row: EntityRow): Record<string, string | string[]> {
  return { ...row.onCreate, ...row.props };
}

/**
 * A relationship's row with all its evidence. The hash covers its properties and validTo (from,
 * type, to, role and validFrom are its id); evidence is not hashed, since writes merge it.
 */
export function relationshipRow(r: ValidRelationship, evidence: readonly ValidEvidence[] = r.evidence): RelationshipRow {
  // given() spelled out (same keys, same order: the hash is of this object's JSON).
  const props: Record<string, string | number | Integer> = {};
  if (r.role !== null && r.role !== undefined) props.role = r.role;
  if (r.title !== null && r.title !== undefined) props.title = r.title;
  if (r.quantity !== null && r.quantity !== undefined) props.quantity = toInt(r.quantity);
  if (r.confidence !== null && r.confidence !== undefined) props.confidence = r.confidence;
  if (r.validFromPrecision !== null && r.validFromPrecision !== undefined) props.validFromPrecision = r.validFromPrecision;
  if (r.validToPrecision !== null && r.validToPrecision !== undefined) props.validToPrecision = r.validToPrecision;
  if (r.origin !== null && r.origin !== undefined) props.origin = r.origin;
  if (r.status !== null && r.status !== undefined) props.status = r.status;
  if (r.hedge !== null && r.hedge !== undefined) props.hedge = r.hedge;
  return {
    id: r.id,
    type: r.type,
    from: r.from,
    to: r.to,
    props,
    onCreate: { origin: Origin.CURATED, status: FactStatus.ACCEPTED },
    validFrom: r.validFrom,
    validTo: r.validTo,
    evidenceSources: evidence.map((e) => e.sourceId),
    evidenceQuotes: evidence.map((e) => e.quote),
    evidenceStarts: evidence.map((e) => toInt(e.start ?? -1)),
    evidenceEnds: evidence.map((e) => toInt(e.end ?? -1)),
    hash: contentHash([props, r.validTo]),
  };
}

/** A new relationship's origin and status: those given, else the defaults of `onCreate`. */
export function createdRelationshipProps(row: RelationshipRow): Record<string, string | number | Integer> {
  return { ...row.onCreate, ...row.props };
}

/** The evidence of `r` not among the stored pairs (sources and quotes side by side). */
export function freshEvidence(
  r: ValidRelationship,
  stored: { evidenceSources: readonly string[]; evidenceQuotes: readonly string[] },
): ValidRelationship['evidence'] {
  return r.evidence.filter((e) => !stored.evidenceSources.some((s, j) => s === e.sourceId && stored.evidenceQuotes[j] === e.quote));
}
