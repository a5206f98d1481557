import { GraphQLScalarType, parseValue as parseAst } from 'graphql';

import { BadUserInputError } from '../../src/errors/api-errors';
import { DateScalar, DateTimeScalar } from '../../src/graphql/scalars';
import { expectBadInput } from '../support/expect-errors';

/** Unit tests of the Date and DateTime scalars, as variables (parseValue) and as literals (parseLiteral). */

const refusal = expectBadInput;

/** Parses `value` both ways: as a variable value and as the GraphQL literal `literal`. */
function both(scalar: GraphQLScalarType<string, string>, value: unknown, literal = JSON.stringify(value)): [unknown, unknown] {
  return [scalar.parseValue(value), scalar.parseLiteral(parseAst(literal), undefined)];
}

describe('Date scalar', () => {
  it.each(['2024-02-29', '2000-02-29', '2024-11-16', '1999-12-31', '0999-01-01'])('accepts %s as itself', (date) => {
    expect(both(DateScalar, date)).toEqual([date, date]);
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-01',
    '2024-01-00',
    '2024-1-1',
    '24-01-01',
    '2024/01/01',
    '2024-01-01T00:00:00Z',
    ' 2024-01-01',
    '',
    'today',
  ])('refuses %j with BAD_USER_INPUT', (text) => {
    const fromVariable = refusal(() => DateScalar.parseValue(text));
    expect(fromVariable.message).toContain(JSON.stringify(text));
    refusal(() => DateScalar.parseLiteral(parseAst(JSON.stringify(text)), undefined));
  });

  it('refuses variables that are not strings', () => {
    for (const value of [20240229, null, true, {}, ['2024-02-29'], new Date(Date.UTC(2024, 1, 29))]) {
      refusal(() => DateScalar.parseValue(value));
    }
  });

  it('refuses literals that are not strings', () => {
    for (const literal of ['20240229', 'true', 'null', 'TODAY', '["2024-02-29"]', '{ y: 2024 }']) {
      refusal(() => DateScalar.parseLiteral(parseAst(literal), undefined));
    }
  });

  it('says how to write a date', () => {
    expect(refusal(() => DateScalar.parseValue('2024-02-30')).message).toContain('YYYY-MM-DD');
  });

  it('serialises a stored date string unchanged', () => {
    expect(DateScalar.serialize('2024-02-29')).toBe('2024-02-29');
  });

  // Date.UTC maps years 0..99 onto 1900..1999, so these real dates are refused as "not a date".
  it('accepts real dates in the years 0000-0099 (Date.UTC two-digit-year quirk)', () => {
    expect(DateScalar.parseValue('0050-06-15')).toBe('0050-06-15');
  });
});

describe('DateTime scalar', () => {
  it.each([
    ['2024-11-16T09:30:00Z', '2024-11-16T09:30:00.000Z'],
    ['2024-11-16T09:30:00.123Z', '2024-11-16T09:30:00.123Z'],
    ['2024-11-16T09:30Z', '2024-11-16T09:30:00.000Z'],
    ['2024-11-16T10:30:00+01:00', '2024-11-16T09:30:00.000Z'],
    ['2024-11-16T04:30:00-05:00', '2024-11-16T09:30:00.000Z'],
    ['2024-01-01T01:00:00+05:00', '2023-12-31T20:00:00.000Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
  ])('accepts %s and returns it in UTC', (text, utc) => {
    expect(both(DateTimeScalar, text)).toEqual([utc, utc]);
  });

  it.each([
    ['no time zone', '2024-11-16T09:30:00'],
    ['a date only', '2024-11-16'],
    ['a month 13', '2024-13-01T00:00:00Z'],
    ['hour 25', '2024-11-16T25:00:00Z'],
    ['a space instead of T', '2024-11-16 09:30:00Z'],
    ['an offset without colon', '2024-11-16T09:30:00+0100'],
    ['words', 'tomorrow at noon'],
    ['an empty string', ''],
  ])('refuses %s with BAD_USER_INPUT', (_what, text) => {
    refusal(() => DateTimeScalar.parseValue(text));
    refusal(() => DateTimeScalar.parseLiteral(parseAst(JSON.stringify(text)), undefined));
  });

  it('refuses non-strings as variables and literals', () => {
    for (const value of [1731749400000, null, {}, new Date()]) refusal(() => DateTimeScalar.parseValue(value));
    for (const literal of ['1731749400000', 'false', 'null']) refusal(() => DateTimeScalar.parseLiteral(parseAst(literal), undefined));
  });

  it('says how to write a date-time', () => {
    expect(refusal(() => DateTimeScalar.parseValue('2024-11-16')).message).toMatch(/ISO 8601/);
  });

  // Date.parse rolls impossible days over (2024-02-30 -> 2024-03-01), so the regex-plus-Date.parse
  // check lets them through as a different day; the Date scalar refuses the same calendar day.
  it('refuses date-times on days that do not exist (2024-02-30, 2023-02-29, 2024-04-31)', () => {
    const accepted = ['2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2024-04-31T00:00:00Z'].filter((text) => {
      try {
        DateTimeScalar.parseValue(text);
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(BadUserInputError);
        return false;
      }
    });
    expect(accepted).toEqual([]);
  });
});
