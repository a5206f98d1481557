import { loadGold } from '../support/ingest-gold';

/** The gold set is only useful if its spans are right: these checks guard every hand edit. */
describe('ingest gold set', () => {
  const gold = loadGold();
  const KINDS = ['PERSON', 'COUNTRY', 'ORGANIZATION', 'PLACE', 'EVENT', 'TOPIC'];
  const TYPES = [
    'PARTICIPATED_IN',
    'LEADER_OF',
    'DEPLOYED_TO',
    'SUPPORTS',
    'AT_WAR_WITH',
    'SUCCEEDS',
    'MEMBER_OF',
    'CONCERNED_ABOUT',
    'HELD_IN',
  ];
  const DATE_BY_PRECISION = { DAY: /^\d{4}-\d{2}-\d{2}$/, MONTH: /^\d{4}-\d{2}$/, YEAR: /^\d{4}$/ };

  it('is big enough: 30 articles, 300 mentions, 60 facts', () => {
    expect(gold.length).toBeGreaterThanOrEqual(30);
    expect(gold.flatMap((a) => a.mentions).length).toBeGreaterThanOrEqual(300);
    expect(gold.flatMap((a) => a.facts).length).toBeGreaterThanOrEqual(60);
    expect(new Set(gold.map((a) => a.id)).size).toBe(gold.length);
  });

  it.each(gold.map((a) => [a.id, a] as const))('%s: every mention span holds its text, no two overlap', (_id, article) => {
    let previousEnd = -1;
    for (const mention of article.mentions) {
      expect(article.text.slice(mention.start, mention.end)).toBe(mention.text);
      expect(KINDS).toContain(mention.kind);
      expect(mention.start).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = mention.end;
      if (mention.kind === 'COUNTRY') expect(mention.isoCode).toMatch(/^[A-Z]{2}$/);
    }
    expect(article.publishedAt).toMatch(DATE_BY_PRECISION.DAY);
  });

  it.each(gold.map((a) => [a.id, a] as const))('%s: every fact quotes its article at its offsets, with valid endpoints', (_id, article) => {
    const names = new Set(article.mentions.map((m) => m.name));
    for (const fact of article.facts) {
      expect(article.text.slice(fact.start, fact.end)).toBe(fact.quote);
      expect(TYPES).toContain(fact.type);
      for (const end of [fact.from, fact.to]) {
        if (end.kind === 'EVENT') {
          if (end.date !== undefined && end.datePrecision !== undefined) expect(end.date).toMatch(DATE_BY_PRECISION[end.datePrecision]);
        } else if (end.kind === 'TOPIC') {
          expect(article.text.slice(end.start, end.end)).toBe(end.text);
          expect(end.start >= fact.start && end.end <= fact.end).toBe(true);
        } else if (end.kind === 'COUNTRY') {
          expect(end.isoCode).toMatch(/^[A-Z]{2}$/);
        } else {
          expect(names).toContain(end.name);
        }
      }
      if (fact.validFrom !== undefined) expect(fact.validFrom).toMatch(DATE_BY_PRECISION[fact.validFromPrecision ?? 'DAY']);
      if (fact.type === 'DEPLOYED_TO' && fact.quantity !== undefined) expect(Number.isInteger(fact.quantity)).toBe(true);
      if (fact.hedge !== null) expect(fact.quote.toLowerCase()).toContain(fact.hedge.toLowerCase());
    }
  });

  it('counts UTF-16 code units, as JavaScript and CoreNLP do (an article holds characters outside the BMP)', () => {
    const article = gold.find((a) => /[\u{10000}-\u{10FFFF}]/u.test(a.text));
    expect(article).toBeDefined();
    const astral = article!.text.search(/[\u{10000}-\u{10FFFF}]/u);
    const after = article!.mentions.filter((m) => m.start > astral);
    expect(after.length).toBeGreaterThan(0);
    for (const mention of after) expect(article!.text.slice(mention.start, mention.end)).toBe(mention.text);
  });
});
