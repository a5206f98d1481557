import { BadUserInputError } from '../../src/errors/api-errors';
import { ErrorCode } from '../../src/errors/error-codes';

/** Runs `fn`, expecting it to throw a BadUserInputError with code BAD_USER_INPUT; returns the error. */
export function expectBadInput(fn: () => unknown): BadUserInputError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error('expected a BadUserInputError, nothing was thrown');
  expect(caught).toBeInstanceOf(BadUserInputError);
  expect((caught as BadUserInputError).extensions.code).toBe(ErrorCode.BAD_USER_INPUT);
  return caught as BadUserInputError;
}
