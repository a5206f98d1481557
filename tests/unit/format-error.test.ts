import { GraphQLError, GraphQLFormattedError, locatedError, parse } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { ArgumentValidationError } from 'type-graphql';

import { mapNeo4jError } from '../../src/db/error-mapping';
import {
  ApiError,
  BadUserInputError,
  ConflictError,
  InternalError,
  NotFoundError,
  ServiceUnavailableError,
  TimeoutError,
} from '../../src/errors/api-errors';
import { ErrorCode } from '../../src/errors/error-codes';
import { createFormatError } from '../../src/server/format-error';
import { createLogger, Logger } from '../../src/server/logger';

/** Unit tests of the last look at every error before it leaves the server. */

const CYPHER = 'MATCH (n) RETURN n';
const NEO4J_CODE = 'Neo.ClientError.Statement.SyntaxError';
const LEAKY_MESSAGE = `Invalid input 'RETURNN': expected ... "${CYPHER}" (${NEO4J_CODE})`;
const STACK = ['Error: boom', '    at Object.<anonymous> (/work/main/src/repositories/entity.repository.ts:42:11)'];

interface LogEntry {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      entries.push({ level, message, fields });
    };
  return { entries, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

/** What Apollo hands formatError: the error's JSON with its code and (in development) a stack trace. */
function apolloFormatted(error: GraphQLError, code?: string): GraphQLFormattedError {
  const json = error.toJSON();
  return { ...json, extensions: { ...json.extensions, ...(code === undefined ? {} : { code }), stacktrace: STACK } };
}

/** An error thrown inside a resolver, located by graphql-js at `path`. */
function fromResolver(thrown: unknown, path: (string | number)[] = ['entity']): GraphQLError {
  return locatedError(thrown, undefined, path);
}

function format(error: GraphQLError, code?: string, log: Logger = createLogger('silent')): GraphQLFormattedError {
  return createFormatError(log)(apolloFormatted(error, code), error);
}

function expectClean(out: GraphQLFormattedError): void {
  const text = JSON.stringify(out);
  expect(out.extensions).toBeDefined();
  expect(out.extensions).not.toHaveProperty('stacktrace');
  expect(out.extensions).not.toHaveProperty('exception');
  expect(text).not.toContain(CYPHER);
  expect(text).not.toContain('Neo.');
  expect(text).not.toContain('entity.repository.ts');
  expect(Object.values(ErrorCode)).toContain(out.extensions?.code);
}

describe('createFormatError with an ApiError', () => {
  it.each([
    ['BadUserInputError', new BadUserInputError('first must be a whole number from 0 to 100; got -1.', 'first'), ErrorCode.BAD_USER_INPUT],
    ['NotFoundError', new NotFoundError('No entity has the id "nobody".'), ErrorCode.NOT_FOUND],
    ['ConflictError', new ConflictError('That id is taken.'), ErrorCode.CONFLICT],
    ['TimeoutError', new TimeoutError(), ErrorCode.TIMEOUT],
    ['ServiceUnavailableError', new ServiceUnavailableError(), ErrorCode.SERVICE_UNAVAILABLE],
    ['InternalError', new InternalError(), ErrorCode.INTERNAL_SERVER_ERROR],
  ])('keeps the message and code of a %s thrown in a resolver', (_name, error, code) => {
    const out = format(fromResolver(error), 'WHATEVER_APOLLO_SAID');
    expect(out.message).toBe(error.message);
    expect(out.extensions?.code).toBe(code);
    expect(out.path).toEqual(['entity']);
    expectClean(out);
  });

  it('keeps extensions.field of bad input', () => {
    const out = format(
      fromResolver(new BadUserInputError('relationships[0].validTo: must be after validFrom', 'relationships[0].validTo')),
    );
    expect(out.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT, field: 'relationships[0].validTo' });
  });

  it('handles an ApiError that was not wrapped by a resolver', () => {
    const error = new NotFoundError('No such source.');
    const out = format(error);
    expect(out).toMatchObject({ message: 'No such source.', extensions: { code: ErrorCode.NOT_FOUND } });
    expectClean(out);
  });

  it('logs the Neo4j cause of a mapped timeout or outage, and shows none of it', () => {
    for (const [code, expected] of [
      ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', ErrorCode.TIMEOUT],
      ['ServiceUnavailable', ErrorCode.SERVICE_UNAVAILABLE],
      [NEO4J_CODE, ErrorCode.INTERNAL_SERVER_ERROR],
    ] as const) {
      const log = recordingLogger();
      const mapped = mapNeo4jError(new Neo4jError(LEAKY_MESSAGE, code, '50N42', 'error: general processing exception'));
      const out = format(fromResolver(mapped), undefined, log);
      expect(out.extensions?.code).toBe(expected);
      expectClean(out);
      expect(log.entries).toHaveLength(1);
      expect(log.entries[0].level).toBe('error');
      expect(JSON.stringify(log.entries[0].fields)).toContain('RETURNN');
    }
  });

  it('does not log expected errors', () => {
    const log = recordingLogger();
    format(fromResolver(new NotFoundError('nope')), undefined, log);
    format(fromResolver(new BadUserInputError('bad', 'x')), undefined, log);
    format(
      fromResolver(mapNeo4jError(new Neo4jError('dup', 'Neo.ClientError.Schema.ConstraintValidationFailed', '22N41', 'd'))),
      undefined,
      log,
    );
    expect(log.entries).toEqual([]);
  });
});

describe('createFormatError with an unexpected error', () => {
  const raw = (): Error => Object.assign(new Error(`Failed to run "${CYPHER}": ${NEO4J_CODE}`), { code: NEO4J_CODE });

  it('masks a raw Error as INTERNAL_SERVER_ERROR with a generic message', () => {
    const out = format(fromResolver(raw()), 'INTERNAL_SERVER_ERROR');
    expect(out.extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR });
    expect(out.message).not.toContain('MATCH');
    expect(out.message).not.toContain(NEO4J_CODE);
    expect(out.message.length).toBeGreaterThan(10);
    expect(out.path).toEqual(['entity']);
    expectClean(out);
  });

  it('masks a raw Neo4jError that escaped the gateway', () => {
    const out = format(fromResolver(new Neo4jError(LEAKY_MESSAGE, NEO4J_CODE, '42001', 'error: syntax error')), 'INTERNAL_SERVER_ERROR');
    expect(out.extensions?.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expectClean(out);
  });

  it('masks a thrown non-Error value', () => {
    const out = format(fromResolver(`string thrown with ${CYPHER}`), 'INTERNAL_SERVER_ERROR');
    expect(out.extensions?.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expectClean(out);
  });

  it('masks an error whose code is not in the contract', () => {
    const error = new GraphQLError(`upstream said ${CYPHER}`, { extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } });
    const out = format(error);
    expect(out.extensions?.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expectClean(out);
  });

  it('logs what it masked, for the operator', () => {
    const log = recordingLogger();
    format(fromResolver(raw(), ['search', 0]), 'INTERNAL_SERVER_ERROR', log);
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ level: 'error', fields: { path: ['search', 0] } });
    expect(JSON.stringify(log.entries[0].fields)).toContain(CYPHER);
  });

  it('gives the same generic message whatever the error said', () => {
    const a = format(fromResolver(new Error('a')), 'INTERNAL_SERVER_ERROR').message;
    const b = format(fromResolver(new Error(`b ${CYPHER}`)), 'INTERNAL_SERVER_ERROR').message;
    expect(a).toBe(b);
  });
});

describe('createFormatError with a malformed request', () => {
  function syntaxError(): GraphQLError {
    try {
      parse('{ entity(id: "x") { id ');
    } catch (error) {
      return error as GraphQLError;
    }
    throw new Error('the query parsed');
  }

  it('turns GRAPHQL_PARSE_FAILED into BAD_USER_INPUT, keeping the message and location', () => {
    const error = syntaxError();
    const out = format(error, 'GRAPHQL_PARSE_FAILED');
    expect(out.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT });
    expect(out.message).toBe(error.message);
    expect(out.message).toMatch(/Syntax Error/);
    expect(out.locations).toEqual(error.locations);
    expectClean(out);
  });

  it('turns GRAPHQL_VALIDATION_FAILED into BAD_USER_INPUT', () => {
    const error = new GraphQLError('Cannot query field "nmae" on type "Entity". Did you mean "name"?');
    const out = format(error, 'GRAPHQL_VALIDATION_FAILED');
    expect(out).toMatchObject({ message: error.message, extensions: { code: ErrorCode.BAD_USER_INPUT } });
    expectClean(out);
  });

  it.each(['BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'BAD_USER_INPUT'])(
    'turns %s into BAD_USER_INPUT',
    (code) => {
      expect(format(new GraphQLError('bad request'), code).extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT });
    },
  );

  it('turns type-graphql argument validation into BAD_USER_INPUT without echoing the validation details', () => {
    const out = format(fromResolver(new ArgumentValidationError([])));
    expect(out.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT });
  });

  it('does not log malformed requests', () => {
    const log = recordingLogger();
    format(syntaxError(), 'GRAPHQL_PARSE_FAILED', log);
    format(new GraphQLError('x'), 'GRAPHQL_VALIDATION_FAILED', log);
    expect(log.entries).toEqual([]);
  });
});

describe('createFormatError with other contract codes', () => {
  it.each(['UNAUTHENTICATED', 'FORBIDDEN', 'QUERY_TOO_COMPLEX', 'NOT_FOUND'])('keeps %s and its message', (code) => {
    const out = format(new GraphQLError('You may not do that.'), code);
    expect(out).toMatchObject({ message: 'You may not do that.', extensions: { code } });
    expectClean(out);
  });

  it('masks an INTERNAL_SERVER_ERROR that is not an ApiError', () => {
    const out = format(new GraphQLError(`oops ${CYPHER}`), 'INTERNAL_SERVER_ERROR');
    expect(out.message).toBe(new InternalError().message);
    expectClean(out);
  });
});

describe('createLogger("silent")', () => {
  it('writes nothing, even for errors', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const log = createLogger('silent');
      log.error('x', { a: 1 });
      log.warn('y');
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});

it('every ApiError subclass is an ApiError carrying a contract code', () => {
  for (const error of [
    new BadUserInputError('x'),
    new NotFoundError('x'),
    new ConflictError('x'),
    new TimeoutError(),
    new InternalError(),
  ]) {
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(Object.values(ErrorCode)).toContain(error.extensions.code);
  }
});
