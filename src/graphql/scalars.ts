import { GraphQLScalarType, Kind } from 'graphql';

import { BadUserInputError } from '../errors/api-errors';

function parseDate(value: unknown): string {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (match) {
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    if (date.toISOString().slice(0, 10) === value) return value as string;
  }
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

function parseDateTime(value: unknown): string {
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  ) {
    return new Date(value).toISOString();
  }
  throw new BadUserInputError(`"${String(value)}" is not a date-time: use ISO 8601 with a zone, such as 2024-11-16T09:30:00Z.`);
}

/** An instant, ISO 8601 in UTC. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601 form with a time zone, e.g. 2024-11-16T09:30:00Z; returned in UTC.',
  serialize: (value) => String(value),
  parseValue: parseDateTime,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parseDateTime(ast.value) : parseDateTime(undefined)),
});
