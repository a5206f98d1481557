import { resolveDates } from '../../src/ingest/dates';

const values = (sentence: string, publishedAt: string): Array<[string, string, string]> =>
  resolveDates(sentence, publishedAt).map((d) => [d.text, d.value, d.precision]);

describe('relative dates resolved against publishedAt', () => {
  it('resolves weekdays forward in future sentences and backward in past ones (2024-11-14 is a Thursday)', () => {
    expect(values('Biden will meet Xi in Lima on Saturday.', '2024-11-14')).toEqual([['Saturday', '2024-11-16', 'DAY']]);
    expect(values('Trump won the election on Tuesday.', '2024-11-07')).toEqual([['Tuesday', '2024-11-05', 'DAY']]);
    expect(values('The council declared Maduro the winner of Sunday\u2019s election.', '2024-08-01')).toEqual([
      ['Sunday\u2019s', '2024-07-28', 'DAY'],
    ]);
    expect(values('Leaders gathered in Addis Ababa on Saturday.', '2024-02-17')).toEqual([['Saturday', '2024-02-17', 'DAY']]);
  });

  it('keeps the precision the text gives: day, month or year', () => {
    expect(values('Trump will be inaugurated on January 20, 2025.', '2024-11-07')).toEqual([['January 20, 2025', '2025-01-20', 'DAY']]);
    expect(values('Sato succeeded Toyoda in April 2023.', '2024-06-03')).toEqual([['April 2023', '2023-04', 'MONTH']]);
    expect(values('They are expected to resume talks next month.', '2024-09-30')).toEqual([['next month', '2024-10', 'MONTH']]);
    expect(values('With Biden\u2019s term set to expire early next year, the meeting matters.', '2024-11-14')).toEqual([
      ['early next year', '2025', 'YEAR'],
    ]);
    expect(values('Canada will host the summit in June next year.', '2024-11-20')).toEqual([['June next year', '2025-06', 'MONTH']]);
    expect(values('Discussions took place in 2022 on Bali.', '2024-11-14')).toEqual([['2022', '2022', 'YEAR']]);
  });

  it('puts a month without a year in the direction of the sentence', () => {
    expect(values('Sheinbaum will succeed him on October 1.', '2024-06-03')).toEqual([['October 1', '2024-10-01', 'DAY']]);
    expect(values('Orbán had blocked the package in December.', '2024-02-01')).toEqual([['December', '2023-12', 'MONTH']]);
    expect(values('Ortberg took over in August.', '2024-10-30')).toEqual([['August', '2024-08', 'MONTH']]);
  });

  it('offsets point at the date words in the text', () => {
    const sentence = 'Biden will meet Xi on Saturday.';
    const [date] = resolveDates(sentence, '2024-11-14', 100);
    expect(date.start).toBe(100 + sentence.indexOf('Saturday'));
    expect(date.end - date.start).toBe('Saturday'.length);
  });

  it('gives nothing relative without a publication date', () => {
    expect(values('They met on Saturday.', '')).toEqual([]);
  });
});
