import { GraphQLScalarType, Kind } from 'graphql';

import { isCalendarDate, parseDateTime } from '../domain/dates';
import { BadUserInputError } from '../errors/api-errors';

function parseDate(value: unknown): string {
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  throw new BadUserInputError(`"${String(value)}" is not a date: write a real calendar date as YYYY-MM-DD.`);
}

/** A calendar date, `YYYY-MM-DD`, kept as a string end to end (no time zone games). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in ISO 8601 form, YYYY-MM-DD.',
  serialize: (value) => String(value),
  parseValue: parseDate,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDate(ast.value) : parseDate(undefined)),
});

function parseInstant(value: unknown): string {
  const instant = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (instant !== undefined) return instant;
  throw new BadUserInputError(
    `"${String(value)}" is not a date-time: use ISO 8601 with a zone on a real day, such as 2024-11-16T09:30:00Z.`,
  );
}

/** An instant, ISO 8601 in UTC. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601 form with a time zone, e.g. 2024-11-16T09:30:00Z; returned in UTC.',
  serialize: (value) => String(value),
  parseValue: parseInstant,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseInstant(ast.value) : parseInstant(undefined)),
});
