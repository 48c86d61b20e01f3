import * as fs from 'node:fs';
import {interleaveBytes, interleaveWords, parseCifarBinary, parseLabelNames} from '../../src/data/cifar_binary';
import {InvalidArgumentError, ParseError} from '../../src/errors';
import {describeWithShared, sharedPath} from '../helpers/shared';
import {concatBytes as concat} from '../helpers/archives';

/** A CIFAR record whose pixel (c, y, x) is (c * 50 + y * 3 + x * 5 + seed) % 256, in planar CHW order. */
function record(labels: number[], seed: number): Uint8Array {
  const out = new Uint8Array(labels.length + 3072);
  out.set(labels);
  for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) {
    out[labels.length + c * 1024 + y * 32 + x] = (c * 50 + y * 3 + x * 5 + seed) % 256;
  }
  return out;
}
const pixel = (seed: number, c: number, y: number, x: number) => (c * 50 + y * 3 + x * 5 + seed) % 256;

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('parseCifarBinary', () => {
  it('parses CIFAR-10 records and moves CHW planes to HWC', () => {
    const split = parseCifarBinary(concat(record([6], 0), record([9], 17)), {variant: 'cifar10'});
    expect(split.count).toBe(2);
    expect(Array.from(split.labels)).toEqual([6, 9]);
    expect(split.coarseLabels).toBeUndefined();
    expect(split.images.length).toBe(2 * 3072);
    for (const [r, seed] of [[0, 0], [1, 17]] as const) {
      for (const [y, x] of [[0, 0], [0, 31], [5, 7], [31, 0], [31, 31]] as const) {
        for (let c = 0; c < 3; c++) {
          expect(split.images[r * 3072 + (y * 32 + x) * 3 + c]).toBe(pixel(seed, c, y, x));
        }
      }
    }
  });

  it('parses CIFAR-100 records with coarse and fine labels', () => {
    const split = parseCifarBinary(concat(record([11, 56], 3), record([19, 99], 4)), {variant: 'cifar100'});
    expect(Array.from(split.labels)).toEqual([56, 99]);
    expect(Array.from(split.coarseLabels!)).toEqual([11, 19]);
    expect(split.images[3072 + (2 * 32 + 3) * 3 + 1]).toBe(pixel(4, 1, 2, 3));
  });

  it('accepts an empty file and Node Buffers', () => {
    expect(parseCifarBinary(new Uint8Array(0), {variant: 'cifar10'}).count).toBe(0);
    expect(parseCifarBinary(Buffer.from(record([2], 1)), {variant: 'cifar10'}).labels[0]).toBe(2);
  });

  it('rejects a truncated file with the offset of the cut record', () => {
    const bytes = concat(record([1], 0), record([2], 0)).subarray(0, 3073 + 100);
    const e = parseError(() => parseCifarBinary(bytes, {variant: 'cifar10', source: 'data_batch_1.bin'}));
    expect(e.offset).toBe(3073);
    expect(e.message).toMatch(/^parseCifarBinary: data_batch_1\.bin has 3173 bytes, not a multiple of the 3073-byte/);
    // A CIFAR-100 file read as CIFAR-10 is not a whole number of records either.
    expect(parseError(() => parseCifarBinary(record([1, 2], 0), {variant: 'cifar10'})).offset).toBe(3073);
  });

  it('rejects out-of-range labels with the offset of the label byte', () => {
    expect(parseError(() => parseCifarBinary(concat(record([3], 0), record([10], 0)), {variant: 'cifar10'})).offset).toBe(3073);
    expect(parseError(() => parseCifarBinary(concat(record([3, 4], 0), record([20, 4], 0)), {variant: 'cifar100'})).offset).toBe(3074);
    const e = parseError(() => parseCifarBinary(concat(record([3, 4], 0), record([2, 100], 0)), {variant: 'cifar100'}));
    expect(e.offset).toBe(3075);
    expect(e.message).toMatch(/got 100 at byte 3075, expected 0\.\.99/);
  });

  it('rejects unknown variants and non-byte input before parsing', () => {
    expect(() => parseCifarBinary(new Uint8Array(0), {variant: 'cifar11' as never}))
      .toThrow(/unknown `variant` 'cifar11'\. Valid values: 'cifar10', 'cifar100'\. Did you mean 'cifar10'\?/);
    expect(() => parseCifarBinary([1, 2, 3] as never, {variant: 'cifar10'})).toThrow(InvalidArgumentError);
  });

  it('interleaves identically byte by byte (big-endian fallback) and word by word', () => {
    const planes = Uint8Array.from({length: 5 + 3072}, (_, i) => (i * 7919) % 256);
    const a = new Uint8Array(3072);
    const b = new Uint8Array(3072);
    interleaveBytes(planes, 5, a, 0);
    interleaveWords(planes, 5, new Uint32Array(b.buffer), 0);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(Array.from(a.subarray(0, 3))).toEqual([planes[5], planes[5 + 1024], planes[5 + 2048]]);
  });

  it('reads class-name files with blank lines and whitespace', () => {
    expect(parseLabelNames(new TextEncoder().encode('airplane\r\n automobile \n\n\n'))).toEqual(['airplane', 'automobile']);
  });
});

describeWithShared('parseCifarBinary on the real CIFAR-10 sample', ['data', 'cifar10-sample'], () => {
  const dir = sharedPath('data', 'cifar10-sample', 'cifar-10-batches-bin');
  const train = () => parseCifarBinary(fs.readFileSync(`${dir}/data_batch_1.bin`), {variant: 'cifar10'});
  const test = () => parseCifarBinary(fs.readFileSync(`${dir}/test_batch.bin`), {variant: 'cifar10'});
  const counts = (labels: Int32Array) => {
    const c = new Array(10).fill(0);
    for (const l of labels) c[l]++;
    return c;
  };
  const rgb = (images: Uint8Array, i: number, y: number, x: number) =>
    Array.from(images.subarray(i * 3072 + (y * 32 + x) * 3, i * 3072 + (y * 32 + x) * 3 + 3));

  it('gives the published first labels and class counts (PROVENANCE.md)', () => {
    const tr = train();
    const te = test();
    expect([tr.count, te.count]).toEqual([2000, 1000]);
    expect(Array.from(tr.labels.subarray(0, 10))).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    expect(Array.from(te.labels.subarray(0, 10))).toEqual([3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
    expect(counts(tr.labels)).toEqual([202, 191, 203, 195, 214, 183, 207, 199, 203, 203]);
    expect(counts(tr.labels.subarray(0, 1000))).toEqual([102, 112, 99, 92, 99, 85, 107, 102, 99, 103]);
    expect(counts(tr.labels.subarray(1000))).toEqual([100, 79, 104, 103, 115, 98, 100, 97, 104, 100]); // datasets.md §2.4
    expect(counts(te.labels)).toEqual([103, 89, 100, 103, 90, 86, 112, 102, 106, 109]);
  });

  it('gives the known pixel values in HWC order', () => {
    const tr = train();
    const te = test();
    // x_train[0][0][0] and x_test[0][0][0] as keras.datasets.cifar10 returns them.
    expect(rgb(tr.images, 0, 0, 0)).toEqual([59, 62, 63]);
    expect(rgb(te.images, 0, 0, 0)).toEqual([158, 112, 49]);
    expect(rgb(tr.images, 0, 16, 16)).toEqual([245, 237, 226]);
    expect(rgb(tr.images, 1999, 31, 31)).toEqual([138, 145, 110]);
    expect(rgb(te.images, 999, 16, 16)).toEqual([135, 108, 107]);
  });
});
