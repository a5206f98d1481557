import { EntityKind } from '../../domain/entity-kind';
import { RELATIONSHIP_ENDPOINTS } from '../../domain/relationship-type';
import { ValidEntity, ValidRelationship, ValidSource } from '../graph-validation';

/**
 * What a check found wrong with one record: the field to blame (`relationships[3].from`), the
 * message (starting with that field), and what kind of wrong it is, so that each caller picks its
 * error: `unknown` (a reference to nothing: bad input in an import, NOT_FOUND for a single write),
 * `invalid` (a reference of the wrong kind, a quote not in its source) or `conflict` (an id taken
 * by an entity of another kind).
 */
export interface ReferenceProblem {
  field: string;
  message: string;
  reason: 'unknown' | 'invalid' | 'conflict';
}

/** What the database (and the records before this one) hold, as a check needs to know it. */
export interface ReferenceLookup {
  /** The kind of the entity with this id, or undefined when there is none (yet). */
  kindOf(id: string): EntityKind | undefined;
  /**
   * Whether the source exists and its text (null when it has none stored: quotes cannot be checked
   * then). Undefined when there is no such source.
   */
  sourceText(id: string): { text: string | null } | undefined;
}

/** The same message in each caller, with its own hint on where a reference may point. */
export interface CheckWording {
  /** Appended to "no entity/source has the id ...": `; create it first ...`, ` (neither earlier ...)`. */
  unknownEntity: string;
  unknownSource: string;
}

/** Refuses an entity whose id is stored with another kind. */
export function checkEntityKind(entity: ValidEntity, storedKind: EntityKind | undefined, field: string): ReferenceProblem | undefined {
  if (storedKind === undefined || storedKind === entity.kind) return undefined;
  return {
    field: `${field}.id`,
    message: `${field}.id: "${entity.id}" is already a ${storedKind}, not a ${entity.kind}; choose another id`,
    reason: 'conflict',
  };
}

/**
 * The one check of a relationship's references: both endpoints exist and are of kinds its type
 * allows, every evidence source exists, and every quote appears verbatim in its source's text
 * (when one is stored). Returns the first problem, in that order, or undefined.
 */
export function checkRelationship(
  rel: ValidRelationship,
  lookup: ReferenceLookup,
  field: string,
  wording: CheckWording,
): ReferenceProblem | undefined {
  // Field names are built only for a problem: this runs for every relationship a load reads.
  const endpoint = checkEndpoint(rel, 'from', rel.from, lookup, field, wording) ?? checkEndpoint(rel, 'to', rel.to, lookup, field, wording);
  if (endpoint !== undefined) return endpoint;
  for (let i = 0; i < rel.evidence.length; i += 1) {
    const { sourceId, quote, start, end } = rel.evidence[i];
    const source = lookup.sourceText(sourceId);
    if (source === undefined)
      return {
        field: `${field}.evidence[${i}].sourceId`,
        message: `${field}.evidence[${i}].sourceId: no source has the id "${sourceId}"${wording.unknownSource}`,
        reason: 'unknown',
      };
    if (source.text === null) continue;
    if (start !== null && end !== null) {
      if (source.text.slice(start, end) !== quote)
        return {
          field: `${field}.evidence[${i}].start`,
          message: `${field}.evidence[${i}]: the text of source "${sourceId}" from ${start} to ${end} is not the quote (text.slice(start, end) must equal it)`,
          reason: 'invalid',
        };
    } else if (!source.text.includes(quote))
      return {
        field: `${field}.evidence[${i}].quote`,
        message: `${field}.evidence[${i}].quote: the quote does not appear verbatim in source "${sourceId}"`,
        reason: 'invalid',
      };
  }
  return undefined;
}

/** One endpoint of checkRelationship: it exists and its kind is one the type allows there. */
function checkEndpoint(
  rel: ValidRelationship,
  end: 'from' | 'to',
  id: string,
  lookup: ReferenceLookup,
  field: string,
  wording: CheckWording,
): ReferenceProblem | undefined {
  const kind = lookup.kindOf(id);
  if (kind === undefined)
    return {
      field: `${field}.${end}`,
      message: `${field}.${end}: no entity has the id "${id}"${wording.unknownEntity}`,
      reason: 'unknown',
    };
  const allowed = RELATIONSHIP_ENDPOINTS[rel.type][end];
  if (!allowed.includes(kind))
    return {
      field: `${field}.${end}`,
      message: `${field}.${end}: ${rel.type} goes ${end} ${allowed.join(' or ')}, and "${id}" is a ${kind}`,
      reason: 'invalid',
    };
  return undefined;
}

/**
 * The relationship with every quote located in its source's stored text: offsets given are kept
 * (checkRelationship has checked them), missing ones are the quote's first occurrence. Quotes of
 * sources without stored text keep what they have. Call after checkRelationship passed.
 */
export function locateEvidence(rel: ValidRelationship, lookup: Pick<ReferenceLookup, 'sourceText'>): ValidRelationship {
  if (rel.evidence.every((e) => e.start !== null)) return rel;
  const evidence = rel.evidence.map((e) => {
    if (e.start !== null) return e;
    const text = lookup.sourceText(e.sourceId)?.text ?? null;
    const at = text === null ? -1 : text.indexOf(e.quote);
    return at < 0 ? e : { ...e, start: at, end: at + e.quote.length };
  });
  return { ...rel, evidence };
}

/**
 * The first mention span whose entity is unknown, or whose text does not exist: mention spans point at
 * entities like relationships do (anywhere in the batch or stored).
 */
export function checkMentionSpans(
  source: ValidSource,
  kindOf: ReferenceLookup['kindOf'],
  field: string,
  wording: CheckWording,
): ReferenceProblem | undefined {
  const spans = source.mentionSpans ?? [];
  for (let i = 0; i < spans.length; i += 1)
    if (kindOf(spans[i].entity) === undefined)
      return {
        field: `${field}.mentionSpans[${i}].entity`,
        message: `${field}.mentionSpans[${i}].entity: no entity has the id "${spans[i].entity}"${wording.unknownEntity}`,
        reason: 'unknown',
      };
  return undefined;
}
