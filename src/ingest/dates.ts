/** How precisely a date is known (the contract's DatePrecision). */
export type DatePrecision = 'DAY' | 'MONTH' | 'YEAR';

/** A date expression found in a sentence, normalised against the article's publication date. */
export interface ResolvedDate {
  start: number;
  end: number;
  text: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY, as precise as the text is. */
  value: string;
  precision: DatePrecision;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December)';
const WEEKDAY = '(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)';
/** Words that put a sentence in the future (a weekday or month then means the next one). */
const FUTURE =
  /\b(?:will|would|shall|expected|scheduled|due|plans?|planned|set to|is to|are to|to be|upcoming|next|from|hosting|is hosting|intends)\b/i;

const pad = (n: number): string => String(n).padStart(2, '0');
const iso = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/**
 * Finds the date expressions of a sentence and resolves them against `publishedAt` (YYYY-MM-DD):
 * "January 20, 2025" and "November 16" (DAY), "on Saturday" (the nearest Saturday, forward when
 * the sentence speaks of the future), "in April 2023", "next month", "in June next year" (MONTH),
 * "in 2023", "early next year", "last year" (YEAR). Offsets are relative to the sentence start
 * plus `offset`. Pure.
 */
export function resolveDates(sentence: string, publishedAt: string | undefined, offset = 0): ResolvedDate[] {
  const found: ResolvedDate[] = [];
  const published = publishedAt ? new Date(`${publishedAt.slice(0, 10)}T00:00:00Z`) : undefined;
  const future = FUTURE.test(sentence);
  const year = published?.getUTCFullYear();
  const push = (start: number, text: string, value: string | undefined, precision: DatePrecision): void => {
    if (value === undefined) return;
    const at = offset + start;
    if (found.some((f) => at < f.end && f.start < at + text.length)) return;
    found.push({ start: at, end: at + text.length, text, value, precision });
  };
  const monthOf = (name: string): number => MONTHS.indexOf(name.toLowerCase()) + 1;
  // A month without a year: this year's, or the nearest one in the sentence's direction.
  const yearForMonth = (month: number): number | undefined => {
    if (!published || year === undefined) return undefined;
    const current = published.getUTCMonth() + 1;
    if (future && month < current) return year + 1;
    if (!future && month > current) return year - 1;
    return year;
  };

  const patterns: Array<[RegExp, (m: RegExpExecArray) => [string | undefined, DatePrecision]]> = [
    [new RegExp(`\\b${MONTH} (\\d{1,2}),? (\\d{4})\\b`, 'g'), (m) => [`${m[3]}-${pad(monthOf(m[1]))}-${pad(Number(m[2]))}`, 'DAY']],
    [new RegExp(`\\b(\\d{1,2}) ${MONTH},? (\\d{4})\\b`, 'g'), (m) => [`${m[3]}-${pad(monthOf(m[2]))}-${pad(Number(m[1]))}`, 'DAY']],
    [new RegExp(`\\b${MONTH} (\\d{4})\\b`, 'g'), (m) => [`${m[2]}-${pad(monthOf(m[1]))}`, 'MONTH']],
    [new RegExp(`\\b${MONTH} next year\\b`, 'g'), (m) => [year === undefined ? undefined : `${year + 1}-${pad(monthOf(m[1]))}`, 'MONTH']],
    [
      new RegExp(`\\b${MONTH} (\\d{1,2})\\b(?!,? \\d{4})`, 'g'),
      (m) => {
        const y = yearForMonth(monthOf(m[1]));
        return [y === undefined ? undefined : `${y}-${pad(monthOf(m[1]))}-${pad(Number(m[2]))}`, 'DAY'];
      },
    ],
    [/\b(?:early|late|mid-)?\s?next year\b/gi, () => [year === undefined ? undefined : String(year + 1), 'YEAR']],
    [/\b(?:early|late|mid-)?\s?last year\b/gi, () => [year === undefined ? undefined : String(year - 1), 'YEAR']],
    [/\bthis year\b/gi, () => [year === undefined ? undefined : String(year), 'YEAR']],
    [/\bnext month\b/gi, () => [published ? monthShift(published, 1) : undefined, 'MONTH']],
    [/\blast month\b/gi, () => [published ? monthShift(published, -1) : undefined, 'MONTH']],
    [
      new RegExp(`\\b(?:on |from |since |by )?${WEEKDAY}(?:['\u2019]s)?\\b`, 'g'),
      (m) => {
        if (!published) return [undefined, 'DAY'];
        const target = WEEKDAYS.indexOf(m[1].toLowerCase());
        const today = published.getUTCDay();
        let delta = target - today;
        if (delta !== 0) {
          if (future && delta < 0) delta += 7;
          if (!future && delta > 0) delta -= 7;
        }
        return [iso(new Date(published.getTime() + delta * 86_400_000)), 'DAY'];
      },
    ],
    [
      new RegExp(`\\b(?:in |since |from |until |by )${MONTH}\\b(?! \\d)`, 'g'),
      (m) => {
        const y = yearForMonth(monthOf(m[1]));
        return [y === undefined ? undefined : `${y}-${pad(monthOf(m[1]))}`, 'MONTH'];
      },
    ],
    [/\b(?:in|since|from|until|by|of) ((?:19|20)\d{2})\b/g, (m) => [m[1], 'YEAR']],
  ];
  for (const [pattern, resolve] of patterns) {
    for (const match of sentence.matchAll(pattern)) {
      const m = match as RegExpExecArray;
      const [value, precision] = resolve(m);
      // Keep only the date words of the match ("on Saturday" -> "Saturday"): offsets point at the date itself.
      const lead = /^(?:on|from|since|by|in|until|of) /i.exec(m[0]);
      const start = (m.index ?? 0) + (lead ? lead[0].length : 0);
      const text = lead ? m[0].slice(lead[0].length) : m[0];
      push(start, text.trim(), value, precision);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function monthShift(date: Date, months: number): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}
