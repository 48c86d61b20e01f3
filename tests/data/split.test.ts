import type {CifarSplit} from '../../src/data/cifar_split';
import {trainValidationSplit} from '../../src/data/split';
import {InvalidArgumentError} from '../../src/errors';

function indexed(count: number): CifarSplit {
  const images = new Uint8Array(count * 3072);
  for (let i = 0; i < count; i++) images.fill(i % 256, i * 3072, (i + 1) * 3072);
  return {images, labels: Int32Array.from({length: count}, (_, i) => i), count};
}

describe('trainValidationSplit', () => {
  it('holds out the last 500 images by default, with no image in both parts (the reference leaks one)', () => {
    const full = indexed(2000);
    const {train, validation} = trainValidationSplit(full);
    expect([train.count, validation.count]).toEqual([1500, 500]);
    expect(train.labels[train.count - 1]).toBe(1499);
    expect(validation.labels[0]).toBe(1500);
    const overlap = Array.from(train.labels).filter((l) => validation.labels.includes(l));
    expect(overlap).toEqual([]);
    // Views, not copies.
    expect(train.images.buffer).toBe(full.images.buffer);
    expect(validation.images[0]).toBe(1500 % 256);
    expect(validation.images.length).toBe(500 * 3072);
  });

  it('draws a seeded random validation set when asked, keeping order inside each part', () => {
    const full = indexed(300);
    const a = trainValidationSplit(full, {validationSize: 50, shuffle: true, seed: 42});
    const b = trainValidationSplit(full, {validationSize: 50, shuffle: true, seed: 42});
    const c = trainValidationSplit(full, {validationSize: 50, shuffle: true, seed: 43});
    expect(Array.from(a.validation.labels)).toEqual(Array.from(b.validation.labels));
    expect(Array.from(a.validation.labels)).not.toEqual(Array.from(c.validation.labels));
    const all = [...a.train.labels, ...a.validation.labels].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({length: 300}, (_, i) => i));
    expect(Array.from(a.validation.labels)).toEqual([...a.validation.labels].sort((x, y) => x - y));
    expect(a.validation.images[3072]).toBe(a.validation.labels[1]! % 256);
  });

  it('rejects impossible sizes and an unseeded shuffle', () => {
    expect(() => trainValidationSplit(indexed(10), {validationSize: 10})).toThrow(/must be smaller than the split's 10 images; got 10/);
    expect(() => trainValidationSplit(indexed(10), {validationSize: 0})).toThrow(InvalidArgumentError);
    expect(() => trainValidationSplit(indexed(10), {validationSize: 2, shuffle: true})).toThrow(/needs a `seed`/);
  });
});
