import {
  ChecksumMismatchError, ConsistencyError, InvalidArgumentError, ParseError, UnknownOpError, NonFiniteLossError,
  isChecksumMismatchError, isConsistencyError, isInvalidArgumentError, isParseError, isUnknownOpError,
} from '../src/errors';

describe('errors', () => {
  it('keep their class, name and message', () => {
    const e = new InvalidArgumentError('RandAugment: `magnitude` must be <= 10; got 12.', {argument: 'magnitude'});
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e).toBeInstanceOf(ConsistencyError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('InvalidArgumentError');
    expect(e.argument).toBe('magnitude');
    expect(e.message).toContain('got 12');
  });

  it('carry their details', () => {
    const c = new ChecksumMismatchError('bad', {path: '/tmp/x', expected: 'aa', actual: 'bb', algorithm: 'md5'});
    expect([c.path, c.expected, c.actual, c.algorithm]).toEqual(['/tmp/x', 'aa', 'bb', 'md5']);
    expect(new ParseError('p', {offset: 12}).offset).toBe(12);
    const u = new UnknownOpError('u', {op: 'Shear', known: ['ShearX', 'ShearY'], suggestion: 'ShearX'});
    expect(u.known).toEqual(['ShearX', 'ShearY']);
    expect(u.suggestion).toBe('ShearX');
    const n = new NonFiniteLossError('n', {epoch: 2, batch: 7, value: NaN});
    expect([n.epoch, n.batch, Number.isNaN(n.value)]).toEqual([2, 7, true]);
  });

  it('keep the cause', () => {
    const cause = new Error('inner');
    expect(new ConsistencyError('outer', {cause}).cause).toBe(cause);
  });

  it('guards accept errors from another copy of the package by name', () => {
    const foreign = Object.assign(new Error('x'), {name: 'ParseError'});
    expect(isParseError(foreign)).toBe(true);
    expect(isConsistencyError(foreign)).toBe(true);
    expect(isChecksumMismatchError(foreign)).toBe(false);
    expect(isUnknownOpError(new UnknownOpError('u', {op: 'a', known: []}))).toBe(true);
    expect(isInvalidArgumentError(new Error('plain'))).toBe(false);
    expect(isConsistencyError('not an error')).toBe(false);
  });
});
