import crypto from 'node:crypto';

import { RelationshipType, SYMMETRIC_TYPES } from '../domain/relationship-type';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_ID_LENGTH = 120;

/**
 * The SHA-256 of a text, in hex. `crypto.hash` (Node 20.12 and later) is one call into OpenSSL, about
 * six times faster than createHash().update().digest() for the short texts hashed per record (two
 * per relationship on every import); older Node versions take the long way, with the same result.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

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
  return TYPE_SLUGS.get(type) ?? slugOfType(type);
}

const slugOfType = (type: string): string => type.toLowerCase().replace(/_/g, '-');
/** Each type's slug, made once (relationshipId needs one for every relationship a load reads). */
const TYPE_SLUGS: ReadonlyMap<string, string> = new Map(Object.values(RelationshipType).map((type) => [type, slugOfType(type)]));

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
  const digest = sha256Hex(JSON.stringify([from, type, to, role ?? null, validFrom ?? null])).slice(0, 20);
  return `${typeSlug(type)}-${digest}`;
}

/** A short stable digest of a value, to tell changed records from unchanged ones. */
export function contentHash(value: unknown): string {
  return sha256Hex(JSON.stringify(value)).slice(0, 32);
}
