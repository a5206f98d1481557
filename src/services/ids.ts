import { createHash } from 'node:crypto';

import { RelationshipType, SYMMETRIC_TYPES } from '../domain/relationship-type';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_ID_LENGTH = 120;

/** A readable id from a name: "Xi Jinping" -> "xi-jinping", "Caliber.Az" -> "caliber-az". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/-+$/g, '');
}

/** The lower-case, dashed form of a type used as the prefix of its relationships' ids. */
export function typeSlug(type: RelationshipType): string {
  return type.toLowerCase().replace(/_/g, '-');
}

/** Reads the type back from a relationship id's prefix, or undefined when there is none. */
export function typeOfRelationshipId(id: string): RelationshipType | undefined {
  return Object.values(RelationshipType).find(
    (type) => id.startsWith(`${typeSlug(type)}-`) && /^[0-9a-f]{20}$/.test(id.slice(typeSlug(type).length + 1)),
  );
}

/** Symmetric types are stored once per pair, from the smaller id to the larger. */
export function canonicalEnds(type: RelationshipType, from: string, to: string): [string, string] {
  return SYMMETRIC_TYPES.has(type) && to < from ? [to, from] : [from, to];
}

/**
 * The stable id of a relationship, derived from what identifies it in the contract (from, type,
 * to, role, validFrom), so the same input always lands on the same relationship.
 */
export function relationshipId(type: RelationshipType, from: string, to: string, role: string | null, validFrom: string | null): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([from, type, to, role ?? null, validFrom ?? null]))
    .digest('hex')
    .slice(0, 20);
  return `${typeSlug(type)}-${digest}`;
}

/** A short stable digest of a value, to tell changed records from unchanged ones. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}
