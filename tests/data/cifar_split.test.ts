import * as tf from '@tensorflow/tfjs-core';
import {concatSplits, splitToBatch, subsetSplit, type CifarSplit} from '../../src/data/cifar_split';
import {InvalidArgumentError, ShapeError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

/** Image i is filled with the value i; label i % 10; coarse label i % 3. */
function split(count: number, coarse = false): CifarSplit {
  const images = new Uint8Array(count * 3072);
  for (let i = 0; i < count; i++) images.fill(i, i * 3072, (i + 1) * 3072);
  const labels = Int32Array.from({length: count}, (_, i) => i % 10);
  return coarse ? {images, labels, count, coarseLabels: Int32Array.from({length: count}, (_, i) => i % 3)} : {images, labels, count};
}

describe('subsetSplit and concatSplits', () => {
  it('copies the chosen images in order, with their labels', () => {
    const s = subsetSplit(split(6, true), [5, 0, 5]);
    expect(s.count).toBe(3);
    expect([s.images[0], s.images[3072], s.images[2 * 3072 + 3071]]).toEqual([5, 0, 5]);
    expect(Array.from(s.labels)).toEqual([5, 0, 5]);
    expect(Array.from(s.coarseLabels!)).toEqual([2, 0, 2]);
    expect(() => subsetSplit(split(2), [2])).toThrow(/index 0 is 2, outside 0\.\.1/);
  });

  it('joins splits in order and refuses a mix with and without coarse labels', () => {
    const joined = concatSplits([split(2), subsetSplit(split(5), [4])]);
    expect(joined.count).toBe(3);
    expect([joined.images[0], joined.images[3072], joined.images[2 * 3072]]).toEqual([0, 1, 4]);
    expect(Array.from(joined.labels)).toEqual([0, 1, 4]);
    expect(concatSplits([]).count).toBe(0);
    expect(() => concatSplits([split(1), split(1, true)])).toThrow(/1 of 2 splits carry coarseLabels/);
    expect(() => concatSplits([{images: new Uint8Array(5), labels: new Int32Array(1), count: 1}])).toThrow(ShapeError);
  });
});

describe('splitToBatch', () => {
  it('makes float32 images in 0..255 and int32 labels, by indices or range', async () => {
    const s = split(8, true);
    await expectNoLeak(async () => {
      const b = splitToBatch(s, [7, 2]);
      expect(b.image.shape).toEqual([2, 32, 32, 3]);
      expect(b.image.dtype).toBe('float32');
      expect(b.label.dtype).toBe('int32');
      const img = await b.image.data();
      expect([img[0], img[3072]]).toEqual([7, 2]);
      expect(Array.from(await b.label.data())).toEqual([7, 2]);
      const r = splitToBatch(s, {start: 3, end: 6}, {labels: 'coarse'});
      expect(Array.from(await r.label.data())).toEqual([0, 1, 2]);
      expect(r.image.shape[0]).toBe(3);
      tf.dispose([b.image, b.label, r.image, r.label]);
    });
  });

  it('validates before allocating', async () => {
    const s = split(4);
    expect(await expectNoLeakOnThrow(() => splitToBatch(s, {start: 2, end: 5}))).toBeInstanceOf(InvalidArgumentError);
    expect(await expectNoLeakOnThrow(() => splitToBatch(s, [0, 4]))).toBeInstanceOf(InvalidArgumentError);
    const e = await expectNoLeakOnThrow(() => splitToBatch(s, [0], {labels: 'coarse'}));
    expect((e as Error).message).toMatch(/needs a split with coarseLabels/);
    expect(await expectNoLeakOnThrow(() => splitToBatch({images: new Uint8Array(1), labels: new Int32Array(1), count: 1}, [0])))
      .toBeInstanceOf(ShapeError);
  });
});
