import { EntityKind } from '../../domain/entity-kind';
import { RELATIONSHIP_ENDPOINTS } from '../../domain/relationship-type';
import { ValidEntity, ValidRelationship } from '../graph-validation';

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
  for (const [end, id] of [
    ['from', rel.from],
    ['to', rel.to],
  ] as const) {
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
  }
  for (let i = 0; i < rel.evidence.length; i += 1) {
    const { sourceId, quote } = rel.evidence[i];
    const at = `${field}.evidence[${i}]`;
    const source = lookup.sourceText(sourceId);
    if (source === undefined)
      return {
        field: `${at}.sourceId`,
        message: `${at}.sourceId: no source has the id "${sourceId}"${wording.unknownSource}`,
        reason: 'unknown',
      };
    if (source.text !== null && !source.text.includes(quote))
      return {
        field: `${at}.quote`,
        message: `${at}.quote: the quote does not appear verbatim in source "${sourceId}"`,
        reason: 'invalid',
      };
  }
  return undefined;
}
