/** Letters that Unicode decomposition does not reduce to ASCII. */
const SPECIAL: Record<string, string> = { ß: 'ss', ø: 'o', ł: 'l', đ: 'd', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ð: 'd' };

/** Cyrillic to Latin (a plain scholarly-style table), so that "Зеленский" and "Zelenskiy" meet halfway. */
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ye',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'yi',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/**
 * The key two spellings of a name share: case, diacritics, punctuation and (for Cyrillic) script
 * folded away. "U.S." and "US", "Orbán" and "Orban", "People's Republic" and "Peoples Republic"
 * get the same key. A leading "the" is dropped ("the Philippines").
 */
export function nameKey(name: string): string {
  const folded = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßøłđæœıþð]/g, (c) => SPECIAL[c] ?? c)
    .replace(/[\u0400-\u04ff]/g, (c) => CYRILLIC[c] ?? c)
    .replace(/[.'\u2019\u2018`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return folded.replace(/^the /, '');
}

/** A readable, stable id derived from a name ("Luiz Inácio Lula da Silva" -> luiz-inacio-lula-da-silva). */
export function slugOf(name: string): string {
  return nameKey(name).replace(/ /g, '-') || 'entity';
}

/** Words of a name as keys, for matching a short form ("Biden") against a full name. */
export function nameTokens(name: string): string[] {
  return nameKey(name)
    .split(' ')
    .filter((token) => token !== '');
}
