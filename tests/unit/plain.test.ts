import neo4j, { int } from 'neo4j-driver';

import { toInt, toPlain } from '../../src/db/plain';

/** Unit tests of the one place driver values become plain data. */

const { Date: Neo4jDate, DateTime, LocalDateTime, Duration, Node, Relationship } = neo4j.types;

describe('toPlain', () => {
  it('turns Integers in the safe range into numbers', () => {
    expect(toPlain(int(42))).toBe(42);
    expect(toPlain(int(0))).toBe(0);
    expect(toPlain(int(-7))).toBe(-7);
    expect(toPlain(int(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(toPlain(int(Number.MIN_SAFE_INTEGER))).toBe(Number.MIN_SAFE_INTEGER);
  });

  it('turns Integers beyond 2^53 into exact decimal strings', () => {
    expect(toPlain(int('9007199254740993'))).toBe('9007199254740993');
    expect(toPlain(int('-9223372036854775808'))).toBe('-9223372036854775808');
    expect(toPlain(int('9223372036854775807'))).toBe('9223372036854775807');
  });

  it('writes a Date as YYYY-MM-DD', () => {
    expect(toPlain(new Neo4jDate(2024, 2, 29))).toBe('2024-02-29');
    expect(toPlain(new Neo4jDate(int(2024), int(11), int(6)))).toBe('2024-11-06');
    expect(toPlain(new Neo4jDate(999, 1, 1))).toBe('0999-01-01');
  });

  it('writes a DateTime as an ISO 8601 instant in UTC', () => {
    expect(toPlain(new DateTime(2024, 11, 16, 9, 30, 0, 0, 0))).toBe('2024-11-16T09:30:00.000Z');
    expect(toPlain(new DateTime(2024, 11, 16, 10, 30, 15, 250_000_000, 3600))).toBe('2024-11-16T09:30:15.250Z');
    expect(toPlain(new DateTime(2024, 1, 1, 1, 0, 0, 0, 5 * 3600))).toBe('2023-12-31T20:00:00.000Z');
    expect(toPlain(new DateTime(2024, 11, 16, 20, 0, 0, 0, -5 * 3600))).toBe('2024-11-17T01:00:00.000Z');
  });

  it('writes other temporal values in their ISO form', () => {
    expect(toPlain(new LocalDateTime(2024, 11, 16, 9, 30, 0, 0))).toBe('2024-11-16T09:30:00');
    const duration = new Duration(0, 1, 3600, 0);
    expect(toPlain(duration)).toBe(duration.toString());
    expect(toPlain(duration)).toMatch(/^P/);
  });

  it('turns a JS Date into an ISO string', () => {
    expect(toPlain(new Date(Date.UTC(2024, 10, 16, 9, 30)))).toBe('2024-11-16T09:30:00.000Z');
  });

  it('passes null, booleans, numbers and strings through, and maps undefined to null', () => {
    expect(toPlain(null)).toBeNull();
    expect(toPlain(undefined)).toBeNull();
    expect(toPlain(true)).toBe(true);
    expect(toPlain(false)).toBe(false);
    expect(toPlain(1.5)).toBe(1.5);
    expect(toPlain('')).toBe('');
    expect(toPlain('joe-biden')).toBe('joe-biden');
  });

  it('converts nested lists and maps all the way down', () => {
    const value = {
      id: 'apec-2024',
      degree: int(12),
      startDate: new Neo4jDate(2024, 11, 15),
      recordedAt: new DateTime(2024, 11, 16, 0, 0, 0, 0, 0),
      aliases: ['APEC', 'Lima summit'],
      missing: null,
      evidence: [{ sourceId: 's1', quotes: [int(1), int('9007199254740993')], at: [new Neo4jDate(2024, 1, 2)] }],
      nested: { deeper: { count: int(3), none: undefined } },
    };
    expect(toPlain(value)).toEqual({
      id: 'apec-2024',
      degree: 12,
      startDate: '2024-11-15',
      recordedAt: '2024-11-16T00:00:00.000Z',
      aliases: ['APEC', 'Lima summit'],
      missing: null,
      evidence: [{ sourceId: 's1', quotes: [1, '9007199254740993'], at: ['2024-01-02'] }],
      nested: { deeper: { count: 3, none: null } },
    });
    expect(toPlain([])).toEqual([]);
    expect(toPlain({})).toEqual({});
  });

  it('leaves no driver object behind', () => {
    const out = JSON.stringify(toPlain({ a: [int(1), { b: new Neo4jDate(2024, 1, 1) }] }));
    expect(out).not.toMatch(/low|high|year|month/);
  });

  it('turns a node into its properties plus labels', () => {
    const node = new Node(int(1), ['Entity', 'Person'], { id: 'joe-biden', born: new Neo4jDate(1942, 11, 20), rank: int(1) }, 'e:1');
    expect(toPlain(node)).toEqual({ id: 'joe-biden', born: '1942-11-20', rank: 1, labels: ['Entity', 'Person'] });
  });

  it('turns a relationship into its properties plus type', () => {
    const rel = new Relationship(
      int(9),
      int(1),
      int(2),
      'LEADER_OF',
      { id: 'leader-of-x', validFrom: new Neo4jDate(2021, 1, 20) },
      'r:9',
      'e:1',
      'e:2',
    );
    expect(toPlain(rel)).toEqual({ id: 'leader-of-x', validFrom: '2021-01-20', type: 'LEADER_OF' });
  });

  it('does not change its input', () => {
    const input = { n: int(5), list: [int(6)] };
    toPlain(input);
    expect(neo4j.isInt(input.n)).toBe(true);
    expect(neo4j.isInt(input.list[0])).toBe(true);
  });
});

describe('toInt', () => {
  it('makes a Neo4j Integer of a whole number, truncating fractions', () => {
    expect(neo4j.isInt(toInt(10))).toBe(true);
    expect(toInt(10).toNumber()).toBe(10);
    expect(toInt(2.9).toNumber()).toBe(2);
    expect(toInt(-2.9).toNumber()).toBe(-2);
  });
});
