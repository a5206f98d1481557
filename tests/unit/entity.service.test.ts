import { EntityKind } from '../../src/domain/entity-kind';
import { EntityRecord } from '../../src/domain/records';
import { ScoredEntity } from '../../src/repositories/entity.repository';
import { checkFirst, decodeCursor, encodeCursor, rerank, toLuceneQuery } from '../../src/services/entity.service';
import { normalizeSearchText, searchKey } from '../../src/services/search-text';
import { expectBadInput } from '../support/expect-errors';

/** Unit tests of the pure parts of EntityService: the Lucene query, re-ranking, cursors, page sizes. */

const badInput = expectBadInput;

interface ParsedWord {
  word: string;
  fuzz: number;
}

/**
 * Parses a query from toLuceneQuery against the only shape it may have, word by word:
 * `(name:(w^4 OR w*^2[ OR w~N])^4 OR aliasesText:(…)^4 OR description:(…)^1)` joined by ` OR `,
 * where w is letters and digits only, then the whole text in countries' search names:
 * ` OR searchNamesText:("w1 w2 …"^4[ OR w1*^2 for one word])^4`. Throws when the query holds
 * anything else, so any Lucene syntax leaking from the input fails the test.
 */
function parseQuery(query: string): ParsedWord[] {
  if (query === '') return [];
  const names = / OR searchNamesText:\("(?<phrase>[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*)"\^4(?: OR (?<prefix>[\p{L}\p{N}]+)\*\^2)?\)\^4$/u.exec(
    query,
  );
  if (!names?.groups) throw new Error(`no search names clause at the end of ${JSON.stringify(query.slice(-80))}`);
  const words = parseWords(query.slice(0, names.index));
  const phrase = names.groups.phrase.split(' ');
  expect(phrase).toEqual(words.map((w) => w.word));
  // A prefix only for a single word, and then that word.
  expect(names.groups.prefix).toEqual(phrase.length === 1 ? phrase[0] : undefined);
  return words;
}

function parseWords(query: string): ParsedWord[] {
  const alternatives = (n: number) => String.raw`\k<w>\^4 OR \k<w>\*\^2(?: OR \k<w>~\k<f${n}>)?`;
  const clause = new RegExp(
    String.raw`\(name:\((?<w>[\p{L}\p{N}]+)\^4 OR \k<w>\*\^2(?: OR \k<w>~(?<f1>[12]))?\)\^4` +
      String.raw` OR aliasesText:\(${alternatives(1)}\)\^4 OR description:\(${alternatives(1)}\)\^1\)`,
    'uy',
  );
  const words: ParsedWord[] = [];
  let at = 0;
  for (;;) {
    clause.lastIndex = at;
    const match = clause.exec(query);
    if (!match?.groups) throw new Error(`unexpected query text at ${at}: ${JSON.stringify(query.slice(at, at + 60))}`);
    const text = match[0];
    const fuzz = match.groups.f1 === undefined ? 0 : Number(match.groups.f1);
    // Every field must carry the same variants: with the fuzzy term in all three or in none.
    expect(text.split('~').length - 1).toBe(fuzz === 0 ? 0 : 3);
    words.push({ word: match.groups.w, fuzz });
    at += text.length;
    if (at === query.length) return words;
    if (!query.startsWith(' OR ', at)) throw new Error(`expected " OR " at ${at}: ${JSON.stringify(query.slice(at, at + 60))}`);
    at += 4;
  }
}

const wordsOf = (text: string): string[] => parseQuery(toLuceneQuery(text)).map((w) => w.word);

/** A small seeded generator, so the random inputs are the same on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('toLuceneQuery', () => {
  it('matches each word exactly, as a prefix and with typos, across name, aliases and description', () => {
    expect(parseQuery(toLuceneQuery('Xi Jinping'))).toEqual([
      { word: 'xi', fuzz: 0 },
      { word: 'jinping', fuzz: 2 },
    ]);
  });

  it('allows one typo in words of 3 to 5 letters and two from 6', () => {
    expect(parseQuery(toLuceneQuery('ab abc abcde abcdef')).map((w) => w.fuzz)).toEqual([0, 1, 1, 2]);
  });

  it.each([
    ['quotes', '"North Korea"', ['north', 'korea']],
    ['field syntax', 'name:Putin', ['name', 'putin']],
    ['wildcards', '*kor?a*', ['kor', 'a']],
    ['groups', '(Biden) OR (Xi)', ['biden', 'or', 'xi']],
    ['boolean words', 'Biden AND NOT Xi OR Putin', ['biden', 'and', 'not', 'xi', 'or', 'putin']],
    ['boolean symbols', 'Biden && Xi || !Putin +a -b', ['biden', 'xi', 'putin', 'a', 'b']],
    ['a backslash', 'back\\slash\\', ['back', 'slash']],
    ['fuzz and boost', 'Ukraine~2 Russia^10', ['ukraine', '2', 'russia', '10']],
    ['a regex', '/ukr.*ne/', ['ukr', 'ne']],
    ['ranges', '[a TO z] {b TO y}', ['a', 'to', 'z', 'b', 'to', 'y']],
    ['colons and dots', 'Caliber.Az: news', ['caliber', 'az', 'news']],
  ])('never passes Lucene syntax through: %s', (_what, text, words) => {
    expect(wordsOf(text)).toEqual(words);
  });

  it('reads dotted abbreviations as one word ("U.S." is "us", "U.S.A." is "usa"), other dots as separators', () => {
    expect(wordsOf('U.S.')).toEqual(['us']);
    expect(wordsOf('the U.S.A. and U.S-China')).toEqual(['the', 'usa', 'and', 'us', 'china']);
    expect(wordsOf('Caliber.Az')).toEqual(['caliber', 'az']);
    expect(toLuceneQuery('U.S.')).toBe(toLuceneQuery('US'));
  });

  it('looks for the whole text in search names: a phrase, and a prefix for a single word, never typos', () => {
    expect(toLuceneQuery('Россия')).toContain('searchNamesText:("россия"^4 OR россия*^2)^4');
    expect(toLuceneQuery('Corée du Nord')).toContain('searchNamesText:("corée du nord"^4)^4');
    expect(toLuceneQuery('Deutschland').split('searchNamesText')[1]).not.toContain('~');
  });

  it('keeps letters and digits of any script, lower-cased', () => {
    expect(wordsOf('Зеленский Erdoğan G7 北京')).toEqual(['зеленский', 'erdoğan', 'g7', '北京']);
  });

  it.each(['', '   ', '!!!', '"" :: ** () \\ ~ ^ / && || - + [ ] { } ?'])('is empty for %j', (text) => {
    expect(toLuceneQuery(text)).toBe('');
  });

  it('keeps at most the first 12 words', () => {
    const input = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
    expect(wordsOf(input)).toEqual(Array.from({ length: 12 }, (_, i) => `word${i}`));
  });

  it('gives only well-formed queries of lower-case alphanumeric words for random hostile input', () => {
    const alphabet = [...'abcXYZ019 \t\n"\':*?()[]{}\\/~^!&|+-.,;<>=@#%', 'AND', 'OR', 'NOT', 'TO', 'é', 'Ü', 'ß', '中', '\u0000'];
    const random = prng(20241116);
    for (let run = 0; run < 500; run += 1) {
      const length = Math.floor(random() * 40);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const words = parseQuery(toLuceneQuery(text));
      expect(words.length).toBeLessThanOrEqual(12);
      for (const { word } of words) {
        expect(word).toMatch(/^[\p{L}\p{N}]+$/u);
        expect(word).toBe(word.toLowerCase());
        // Dotted abbreviations lose their dots ("U.S." is the word "us").
        expect(text.toLowerCase().replace(/\./g, '')).toContain(word);
      }
    }
  });

  // Text typed on macOS often arrives decomposed (NFD): "Zürich" as "Zu" + U+0308 + "rich".
  // Splitting on the combining mark turns one word into two ("zu", "rich") that miss the index.
  it('treats a decomposed (NFD) word like its composed form', () => {
    expect(toLuceneQuery('Zu\u0308rich')).toBe(toLuceneQuery('Zürich'));
  });
});

const entity = (id: string, name: string, aliases: string[] = []): EntityRecord => ({
  id,
  kind: EntityKind.COUNTRY,
  name,
  aliases,
  description: null,
  wikidataId: null,
  createdAt: '2024-11-16T00:00:00.000Z',
  updatedAt: '2024-11-16T00:00:00.000Z',
  isoCode: null,
  title: null,
  eventType: null,
  startDate: null,
  endDate: null,
  datePrecision: null,
  placeType: null,
});
const hit = (score: number, id: string, name: string, aliases: string[] = []): ScoredEntity => ({
  score,
  entity: entity(id, name, aliases),
});
const ids = (hits: ScoredEntity[]): string[] => hits.map((h) => h.entity.id);

describe('rerank', () => {
  // Scores of comparable size, as the fulltext index gives for the same query.
  it('puts the entity whose name is closest to the whole text first ("Ukrane" -> Ukraine)', () => {
    const hits = [
      hit(3, 'russias-war', "Russia's war against Ukraine"),
      hit(2.5, 'ukraine', 'Ukraine'),
      hit(2.8, 'ukraine-crisis', 'Ukraine crisis'),
    ];
    expect(ids(rerank('Ukrane', hits))[0]).toBe('ukraine');
  });

  it('counts aliases as names ("DPRK" -> North Korea)', () => {
    const hits = [
      hit(2, 'dpr', 'Democratic People’s Party'),
      hit(1, 'north-korea', 'North Korea', ['DPRK', 'Democratic People’s Republic of Korea']),
    ];
    expect(ids(rerank('DPRK', hits))[0]).toBe('north-korea');
  });

  it('counts search names as names ("Россия" -> Russia), without showing them', () => {
    const hits: ScoredEntity[] = [
      hit(2, 'rossiya-airline', 'Rossiya Airlines'),
      { ...hit(1.5, 'russia', 'Russia', ['Russian Federation']), searchNames: ['Россия', 'Russland'] },
    ];
    const ranked = rerank('Россия', hits);
    expect(ids(ranked)[0]).toBe('russia');
    expect(ranked[0].entity.aliases).toEqual(['Russian Federation']);
  });

  it('reads "U.S." as "US" when comparing names', () => {
    const hits = [hit(2, 'us-military', 'US military'), hit(1, 'united-states', 'United States', ['US', 'USA'])];
    expect(ids(rerank('U.S.', hits))[0]).toBe('united-states');
  });

  it('ignores case and surrounding spaces of the text', () => {
    const hits = [hit(1, 'south-korea', 'South Korea'), hit(0.8, 'north-korea', 'North Korea')];
    expect(ids(rerank('  NORTH KOREA ', hits))[0]).toBe('north-korea');
  });

  it('keeps the index order among equally close names', () => {
    const hits = [hit(1, 'a', 'Alpha'), hit(3, 'b', 'Bravo'), hit(2, 'c', 'Charlie')];
    // None resembles the text; the fulltext score decides.
    expect(ids(rerank('zzzzzzzz', hits))).toEqual(['b', 'c', 'a']);
  });

  it('breaks ties by id, whatever the input order', () => {
    const tied = [hit(1, 'georgia-us', 'Georgia'), hit(1, 'georgia', 'Georgia'), hit(1, 'georgia-country', 'Georgia')];
    const expected = ['georgia', 'georgia-country', 'georgia-us'];
    expect(ids(rerank('Georgia', tied))).toEqual(expected);
    expect(ids(rerank('Georgia', [...tied].reverse()))).toEqual(expected);
  });

  it('neither drops nor mutates hits', () => {
    const hits = [hit(1, 'a', 'Alpha'), hit(2, 'b', 'Bravo')];
    const before = JSON.stringify(hits);
    const ranked = rerank('Alpha', hits);
    expect(JSON.stringify(hits)).toBe(before);
    expect(ids(ranked).sort()).toEqual(['a', 'b']);
    expect(rerank('x', [])).toEqual([]);
  });
});

describe('cursors', () => {
  it.each(['', 'joe-biden', 'k1:nested', 'Ünïcödé 北京 / + = ?', '2024-11-16|apec-2024|\u0000'])('round-trips %j', (key) => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(decodeCursor(cursor)).toBe(key);
  });

  it('gives different cursors for different keys', () => {
    expect(encodeCursor('a')).not.toBe(encodeCursor('b'));
  });

  it('passes an absent cursor through as null', () => {
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['an empty string', ''],
    ['garbage', '!!!not a cursor!!!'],
    ['a bare key', 'joe-biden'],
    ['base64 without the version prefix', Buffer.from('joe-biden', 'utf8').toString('base64url')],
    ['base64 with another prefix', Buffer.from('k2:joe-biden', 'utf8').toString('base64url')],
    ['standard base64 with padding', Buffer.from('k1:joe-biden??', 'utf8').toString('base64')],
    ['a valid cursor with padding added', `${encodeCursor('joe')}==`],
    ['a valid cursor with a stray character', `${encodeCursor('joe-biden')}*`],
    ['invalid UTF-8', Buffer.from([0x6b, 0x31, 0x3a, 0xff, 0xfe]).toString('base64url')],
  ])('refuses %s with BAD_USER_INPUT naming the argument', (_what, cursor) => {
    const error = badInput(() => decodeCursor(cursor, 'after'));
    expect(error.extensions.field).toBe('after');
    expect(error.message).toContain('after');
  });

  it('names the argument it was given', () => {
    expect(badInput(() => decodeCursor('junk', 'relationshipsAfter')).extensions.field).toBe('relationshipsAfter');
  });
});

describe('checkFirst', () => {
  it('accepts whole numbers from 0 to max', () => {
    expect(checkFirst(0, 100)).toBe(0);
    expect(checkFirst(1, 100)).toBe(1);
    expect(checkFirst(100, 100)).toBe(100);
  });

  it.each([-1, 101, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p rather than clamping it', (first) => {
    const error = badInput(() => checkFirst(first, 100));
    expect(error.extensions.field).toBe('first');
    expect(error.message).toContain('100');
  });

  it('names the field it was given', () => {
    expect(badInput(() => checkFirst(501, 500, 'limit')).extensions.field).toBe('limit');
  });
});

describe('searchKey and normalizeSearchText', () => {
  it.each([
    ['U.S.', 'us'],
    ['U.S.A.', 'usa'],
    ['Côte d’Ivoire', 'côtedivoire'],
    ["CÔTE D'IVOIRE", 'côtedivoire'],
    ['Co\u0302te d’Ivoire', 'côtedivoire'],
    ['  Россия ', 'россия'],
    ['!!!', ''],
  ])('keys %j as %j', (text, key) => {
    expect(searchKey(text)).toBe(key);
  });

  it('keeps words and case, dropping only the dots of abbreviations', () => {
    expect(normalizeSearchText(' the U.S. and Caliber.Az ')).toBe('the US and Caliber.Az');
  });
});
