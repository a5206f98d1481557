import { distance } from 'fastest-levenshtein';

import { EntityKind } from '../domain/entity-kind';
import { Direction, EntityRecord, Page, RelationshipRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { BadUserInputError } from '../errors/api-errors';
import { EntityRepository, ScoredEntity } from '../repositories/entity.repository';
import { RelationshipRepository } from '../repositories/relationship.repository';
import { validId } from './graph-validation';

export interface RelationshipFilter {
  types?: RelationshipType[] | null;
  direction: Direction;
  at?: string | null;
}

/** Checks a page size argument: within 0..max, never clamped silently. */
export function checkFirst(first: number, max: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw new BadUserInputError(`${field} must be a whole number from 0 to ${max}; got ${first}.`, field);
  }
  return first;
}

const CURSOR_PREFIX = 'k1:';

/** Opaque keyset cursors: the sort key of the last item seen, base64url-encoded. */
export function encodeCursor(key: string): string {
  return Buffer.from(CURSOR_PREFIX + key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || encodeCursor(decoded.slice(CURSOR_PREFIX.length)) !== cursor) {
    throw new BadUserInputError(`${field} is not a cursor this API gave out; pass the endCursor of the previous page.`, field);
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

/** Fields of the fulltext index and how much a match in each counts. */
const SEARCH_FIELDS: readonly [string, number][] = [
  ['name', 4],
  ['aliasesText', 4],
  ['description', 1],
];

/**
 * Turns what a person types into a Lucene query: each word matched exactly, as a prefix and with
 * typos, in names and aliases above descriptions. Words are split on anything but letters and
 * digits, so Lucene syntax in the text is never interpreted.
 */
export function toLuceneQuery(text: string): string {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .slice(0, 12);
  return words
    .map((word) => {
      const fuzz = word.length >= 6 ? 2 : word.length >= 3 ? 1 : 0;
      const variants = [`${word}^4`, `${word}*^2`];
      if (fuzz > 0) variants.push(`${word}~${fuzz}`);
      const alternatives = variants.join(' OR ');
      return `(${SEARCH_FIELDS.map(([field, boost]) => `${field}:(${alternatives})^${boost}`).join(' OR ')})`;
    })
    .join(' OR ');
}

/** 1 for the same string, falling towards 0 as more edits are needed (case-insensitive). */
function similarity(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return 1 - distance(x, y) / Math.max(x.length, y.length, 1);
}

/**
 * Re-ranks fulltext hits so that the entity whose name or alias is closest to the whole text
 * comes first ("Ukrane" -> Ukraine before "Russia's war against Ukraine", "DPRK" -> North Korea
 * before events named with DPRK): the index scores words, this scores the name as a whole.
 * The score is the index's score relative to the best hit (0..1) plus the squared similarity
 * (0..1) of the closest name or alias.
 */
export function rerank(text: string, hits: ScoredEntity[]): ScoredEntity[] {
  const top = Math.max(...hits.map((hit) => hit.score), Number.MIN_VALUE);
  return hits
    .map((hit) => {
      const best = Math.max(...[hit.entity.name, ...hit.entity.aliases].map((name) => similarity(text.trim(), name)));
      return { ...hit, score: hit.score / top + best * best };
    })
    .sort((a, b) => b.score - a.score || a.entity.id.localeCompare(b.entity.id));
}

/** Rules for reading entities: argument checks, then the repositories. */
export class EntityService {
  constructor(
    private readonly entities: EntityRepository,
    private readonly relationships: RelationshipRepository,
  ) {}

  /** Checks an id argument (a malformed one is bad input; an unknown one is simply absent). */
  checkId(id: string, field = 'id'): string {
    return validId(id, field);
  }

  async search(text: string, kinds: EntityKind[] | null | undefined, first: number): Promise<ScoredEntity[]> {
    checkFirst(first, 100);
    if (text.trim() === '' || text.length > 200) throw new BadUserInputError('text must be 1 to 200 characters.', 'text');
    const query = toLuceneQuery(text);
    if (query === '' || first === 0) return [];
    const candidates = await this.entities.search(query, kinds && kinds.length > 0 ? kinds : null, Math.max(first * 3, 30));
    return rerank(text, candidates).slice(0, first);
  }

  relationshipsOf(id: string, filter: RelationshipFilter, first: number, after?: string | null): Promise<Page<RelationshipRecord>> {
    checkFirst(first, 500);
    return this.relationships.pageForEntity({ id, ...filter, first, after: decodeCursor(after) });
  }

  neighborsOf(id: string, filter: RelationshipFilter & { kinds?: EntityKind[] | null }, first: number): Promise<EntityRecord[]> {
    checkFirst(first, 500);
    return this.entities.neighbors({ id, ...filter, kinds: filter.kinds && filter.kinds.length > 0 ? filter.kinds : null, first });
  }
}
