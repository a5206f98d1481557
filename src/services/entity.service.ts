import { FactStatus } from '../domain/event-type';
import { distance } from 'fastest-levenshtein';

import { EntityKind } from '../domain/entity-kind';
import { foldName } from '../domain/folded-name';
import { EntityRecord, MentionRecord, Page, SourceRecord } from '../domain/records';
import { RelationshipType } from '../domain/relationship-type';
import { BadUserInputError } from '../errors/api-errors';
import { EntityRepository, ScoredEntity } from '../repositories/entity.repository';
import { RelatedRepository, RelatedSpec } from '../repositories/related.repository';
import { RelationshipFilterQuery, RelationshipRepository, RelationshipWithEnds } from '../repositories/relationship.repository';
import { SourceRepository } from '../repositories/source.repository';
import { GraphStatsRecord, StatsRepository } from '../repositories/stats.repository';
import { validId } from './graph-validation';
import { normalizeSearchText, searchKey } from './search-text';
import { typeOfRelationshipId } from './ids';

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
 * The names countries carry for search only (country-names.ts: "USA", "Россия", "Deutschland"):
 * matched as the whole text (a phrase) or, for one word, as a prefix, never word by word or
 * with typos: across ~25 languages single words ("de", "in", "of") and near misses ("dprk" ~
 * "prk") would make any text match some country.
 */
const SEARCH_NAMES_FIELD = 'searchNamesText';
const SEARCH_NAMES_BOOST = 4;

/**
 * Turns what a person types into a Lucene query: each word matched exactly, as a prefix and with
 * typos, in names and aliases above descriptions; and the whole text in countries' search names.
 * Words are split on anything but letters and digits, so Lucene syntax in the text is never
 * interpreted.
 */
export function toLuceneQuery(text: string): string {
  const words = normalizeSearchText(text)
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((word) => word !== '')
    .slice(0, 12);
  if (words.length === 0) return '';
  const perWord = words.map((word) => {
    const fuzz = word.length >= 6 ? 2 : word.length >= 3 ? 1 : 0;
    const variants = [`${word}^4`, `${word}*^2`];
    if (fuzz > 0) variants.push(`${word}~${fuzz}`);
    const alternatives = variants.join(' OR ');
    return `(${SEARCH_FIELDS.map(([field, boost]) => `${field}:(${alternatives})^${boost}`).join(' OR ')})`;
  });
  const whole = [`"${words.join(' ')}"^4`, ...(words.length === 1 ? [`${words[0]}*^2`] : [])].join(' OR ');
  return [...perWord, `${SEARCH_NAMES_FIELD}:(${whole})^${SEARCH_NAMES_BOOST}`].join(' OR ');
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
 * (0..1) of the closest name, alias or search name (a country's "Россия"). Hits are then ordered
 * by that score alone, whatever their kind: an event named after the text comes before a person
 * whose description merely mentions it.
 */
export function rerank(text: string, hits: ScoredEntity[]): ScoredEntity[] {
  const top = Math.max(...hits.map((hit) => hit.score), Number.MIN_VALUE);
  const typed = normalizeSearchText(text);
  return hits
    .map((hit) => {
      const names = [hit.entity.name, ...hit.entity.aliases, ...(hit.searchNames ?? [])];
      const best = Math.max(...names.map((name) => similarity(typed, name)));
      return { ...hit, score: hit.score / top + best * best };
    })
    .sort((a, b) => b.score - a.score || a.entity.id.localeCompare(b.entity.id));
}

/** Runs a fulltext query: Lucene text, exact search-name key, kinds, number of hits. */
export type SearchFetch = (
  luceneQuery: string,
  exactKey: string | null,
  kinds: EntityKind[] | null,
  first: number,
) => Promise<ScoredEntity[]>;

/** Rules for reading the graph: argument checks, then the repositories. */
export class EntityService {
  constructor(
    private readonly entities: EntityRepository,
    private readonly relationships: RelationshipRepository,
    private readonly related: RelatedRepository,
    private readonly sources: SourceRepository,
    private readonly statsRepository: StatsRepository,
  ) {}

  /** Checks an id argument (a malformed one is bad input; an unknown one is simply absent). */
  checkId(id: string, field = 'id'): string {
    return validId(id, field);
  }

  /**
   * `fetch` runs the fulltext query (the read planner passes one that fetches the hits' whole
   * selection in the same statement); by default the repository's.
   */
  async search(
    text: string,
    kinds: EntityKind[] | null | undefined,
    first: number,
    fetch: SearchFetch = (query, key, kindList, limit) => this.entities.search(query, key, kindList, limit),
  ): Promise<ScoredEntity[]> {
    checkFirst(first, 100);
    if (text.trim() === '' || text.length > 200) throw new BadUserInputError('text must be 1 to 200 characters.', 'text');
    const query = toLuceneQuery(text);
    if (query === '' || first === 0) return [];
    const key = searchKey(text);
    const found = await fetch(query, key === '' ? null : key, kinds && kinds.length > 0 ? kinds : null, Math.max(first * 3, 30));
    // A country found by one of its search names exactly ("DE", "Deutschland") counts as the best
    // match of the index, as a name or alias typed exactly would be: in a field of ~60 names in 25
    // languages the index alone scores it below any short name containing the word ("Fort-de-France").
    const top = Math.max(0, ...found.map((hit) => hit.score));
    const candidates = found.map(({ exact, ...hit }) => (exact ? { ...hit, score: Math.max(hit.score, top) } : hit));
    return rerank(text, candidates).slice(0, first);
  }

  findByIds(ids: readonly string[]): Promise<Map<string, EntityRecord>> {
    return this.entities.findByIds(ids);
  }

  degrees(ids: readonly string[]): Promise<Map<string, number>> {
    return this.entities.degrees(ids);
  }

  /** Checks the arguments of an entities page: a kind, a name filter (trimmed and folded: foldName), the page size and the decoded cursor. */
  checkEntitiesPage(
    kind: EntityKind | null | undefined,
    nameContains: string | null | undefined,
    first: number,
    after: string | null | undefined,
  ): { kind: EntityKind | null; nameContains: string | null; first: number; after: string | null } {
    checkFirst(first, 500);
    const name = nameContains?.trim() ?? '';
    if (name.length > 200) throw new BadUserInputError('nameContains must be at most 200 characters.', 'nameContains');
    return { kind: kind ?? null, nameContains: name === '' ? null : foldName(name), first, after: decodeCursor(after) };
  }

  entitiesPage(
    kind: EntityKind | null | undefined,
    nameContains: string | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<EntityRecord>> {
    const checked = this.checkEntitiesPage(kind, nameContains, first, after);
    return this.entities.page({ kind: checked.kind, nameContains: checked.nameContains }, checked.first, checked.after);
  }

  /** Checks an ISO 3166-1 alpha-2 code and returns it in capitals. */
  checkIsoCode(isoCode: string): string {
    if (!/^[A-Za-z]{2}$/.test(isoCode))
      throw new BadUserInputError('isoCode must be two letters (ISO 3166-1 alpha-2), like "KP".', 'isoCode');
    return isoCode.toUpperCase();
  }

  countryByIsoCode(isoCode: string): Promise<EntityRecord | null> {
    return this.entities.findCountryByIsoCode(this.checkIsoCode(isoCode));
  }

  /** Checks the arguments of a relationship page before it is batched. */
  checkRelationshipQuery(query: RelationshipFilterQuery & { after?: string | null }): RelationshipFilterQuery {
    checkFirst(query.first, 500);
    return { ...query, after: decodeCursor(query.after) };
  }

  relationshipPages(ids: readonly string[], query: RelationshipFilterQuery): Promise<Map<string, Page<RelationshipWithEnds>>> {
    return this.relationships.pagesForEntities(ids, query);
  }

  /** Checks a one-hop spec (limits, date window) before it is batched. */
  checkRelated(spec: RelatedSpec): RelatedSpec {
    checkFirst(spec.limit, 1000, 'first');
    if (spec.from && spec.to && spec.to < spec.from) throw new BadUserInputError('to must not be before from.', 'to');
    return spec;
  }

  relatedMany(ids: readonly string[], spec: RelatedSpec): Promise<Map<string, EntityRecord[]>> {
    return this.related.relatedMany(ids, spec);
  }

  countriesOfPlaces(ids: readonly string[]): Promise<Map<string, EntityRecord>> {
    return this.related.countriesOfPlaces(ids);
  }

  sourcesMentioning(ids: readonly string[], first: number): Promise<Map<string, SourceRecord[]>> {
    return this.related.sourcesMentioning(ids, first);
  }

  mentionedBy(sourceIds: readonly string[]): Promise<Map<string, EntityRecord[]>> {
    return this.related.mentionedBy(sourceIds);
  }

  checkSourcesPage(first: number, after: string | null | undefined): { first: number; after: string | null } {
    checkFirst(first, 500);
    return { first, after: decodeCursor(after) };
  }

  sourcesPage(first: number, after: string | null | undefined): Promise<Page<SourceRecord>> {
    const checked = this.checkSourcesPage(first, after);
    return this.sources.page(checked.first, checked.after);
  }

  /** The type a relationship id names (its prefix), or undefined for a malformed id. */
  relationshipType(id: string): RelationshipType | undefined {
    return typeOfRelationshipId(id);
  }

  findSources(ids: readonly string[]): Promise<Map<string, SourceRecord>> {
    return this.sources.findByIds(ids);
  }

  /** The located mentions of each source, in text order. */
  countriesOfPlacesWith(ids: readonly string[], status: FactStatus[] | null | undefined): Promise<Map<string, EntityRecord>> {
    return this.related.countriesOfPlaces(ids, status);
  }

  mentionSpans(ids: readonly string[]): Promise<Map<string, MentionRecord[]>> {
    return this.sources.mentionSpans(ids);
  }

  /** A relationship by id; malformed or unknown ids give null. */
  async relationship(id: string): Promise<RelationshipWithEnds | null> {
    const type = typeOfRelationshipId(id);
    return type === undefined ? null : this.relationships.findById(id, type);
  }

  relationshipsBetween(a: string, b: string, at: string | null | undefined, status?: FactStatus[] | null): Promise<RelationshipWithEnds[]> {
    return this.relationships.between(this.checkId(a, 'a'), this.checkId(b, 'b'), at ?? null, status);
  }

  stats(): Promise<GraphStatsRecord> {
    return this.statsRepository.stats();
  }
}
