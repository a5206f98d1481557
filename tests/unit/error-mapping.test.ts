import { Neo4jError } from 'neo4j-driver';

import { mapNeo4jError } from '../../src/db/error-mapping';
import { ApiError, ConflictError, NotFoundError } from '../../src/errors/api-errors';
import { ErrorCode } from '../../src/errors/error-codes';

/** Unit tests of how driver and server errors become API errors. */

const SECRET = 'MATCH (e:Entity {id: $id}) RETURN e -- node(1234) already exists with label `Entity` and property `id`';

const neo4jError = (code: string, message = SECRET): Neo4jError =>
  new Neo4jError(message, code, '50N42', 'error: general processing exception');

function expectMapped(original: unknown, code: ErrorCode): ApiError {
  const mapped = mapNeo4jError(original);
  expect(mapped).toBeInstanceOf(ApiError);
  expect(mapped.extensions.code).toBe(code);
  expect(mapped.message).not.toContain(SECRET);
  expect(mapped.message).not.toMatch(/MATCH|Neo\.|node\(1234\)/);
  expect(mapped.message.length).toBeGreaterThan(10);
  expect((mapped as { cause?: unknown }).cause).toBe(original);
  return mapped;
}

describe('mapNeo4jError', () => {
  it.each(['Neo.ClientError.Transaction.TransactionTimedOut', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'])(
    'maps the timeout %s to TIMEOUT',
    (code) => {
      expectMapped(neo4jError(code), ErrorCode.TIMEOUT);
    },
  );

  // The driver rewrites Neo.TransientError.Transaction.LockClientStopped (a transaction stopped
  // while waiting for a lock, e.g. by its timeout) to Neo.ClientError.Transaction.LockClientStopped
  // before the application sees it (neo4j-driver-bolt-connection response-handler.js,
  // _standardizeCode), so the TransientError spelling in TIMEOUT_CODES can never match.
  it('maps LockClientStopped as the driver delivers it (ClientError) to TIMEOUT', () => {
    expectMapped(neo4jError('Neo.ClientError.Transaction.LockClientStopped'), ErrorCode.TIMEOUT);
  });

  it.each([
    'ServiceUnavailable',
    'SessionExpired',
    'Neo.ClientError.Security.Unauthorized',
    'Neo.ClientError.Database.DatabaseNotFound',
    'Neo.TransientError.General.DatabaseUnavailable',
  ])('maps %s to SERVICE_UNAVAILABLE', (code) => {
    expectMapped(neo4jError(code), ErrorCode.SERVICE_UNAVAILABLE);
  });

  it('maps a constraint violation to CONFLICT with a message a person can act on', () => {
    const mapped = expectMapped(neo4jError('Neo.ClientError.Schema.ConstraintValidationFailed'), ErrorCode.CONFLICT);
    expect(mapped).toBeInstanceOf(ConflictError);
    expect(mapped.message).toMatch(/id/);
  });

  it.each([
    'Neo.ClientError.Statement.SyntaxError',
    'Neo.ClientError.Statement.ParameterMissing',
    'Neo.ClientError.Procedure.ProcedureNotFound',
    'Neo.DatabaseError.General.UnknownError',
    'Neo.TransientError.Transaction.DeadlockDetected',
    'ProtocolError',
    'N/A',
    '',
  ])('maps anything else (%j) to INTERNAL_SERVER_ERROR', (code) => {
    expectMapped(neo4jError(code), ErrorCode.INTERNAL_SERVER_ERROR);
  });

  it('maps non-driver errors to INTERNAL_SERVER_ERROR, even when they carry a known code', () => {
    expectMapped(new Error(SECRET), ErrorCode.INTERNAL_SERVER_ERROR);
    expectMapped(Object.assign(new Error(SECRET), { code: 'ServiceUnavailable' }), ErrorCode.INTERNAL_SERVER_ERROR);
    expectMapped(SECRET, ErrorCode.INTERNAL_SERVER_ERROR);
    expectMapped(undefined, ErrorCode.INTERNAL_SERVER_ERROR);
  });

  it('passes ApiErrors through unchanged', () => {
    const error = new NotFoundError('No entity has the id "x".');
    expect(mapNeo4jError(error)).toBe(error);
  });

  it('keeps the cause out of the error as serialised for clients', () => {
    const mapped = mapNeo4jError(neo4jError('Neo.ClientError.Statement.SyntaxError'));
    expect(Object.keys(mapped)).not.toContain('cause');
    expect(JSON.stringify(mapped.toJSON())).not.toContain('MATCH');
    expect(JSON.stringify(mapped.extensions)).not.toContain('Neo.');
  });

  it('gives the same message whatever the server said', () => {
    const a = mapNeo4jError(neo4jError('Neo.ClientError.Statement.SyntaxError', 'one'));
    const b = mapNeo4jError(neo4jError('Neo.ClientError.Statement.SyntaxError', 'two'));
    expect(a.message).toBe(b.message);
  });
});
