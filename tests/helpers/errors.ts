// Catching the typed error a call must throw, so a test can assert on its fields and message.
import {ParseError} from '../../src/errors';

/** Runs `fn` and returns the {@link ParseError} it throws; fails the test when it throws nothing or another error. */
export function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return e;
  }
  throw new Error('expected a ParseError');
}
