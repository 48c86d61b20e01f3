import * as tf from '@tensorflow/tfjs-core';
import {iterateBatches, disposeBatch, type ImageBatch} from '../../src/data/batch_source';
import {InvalidArgumentError} from '../../src/errors';
import {expectNoLeak} from '../helpers/memory';

const make = (i: number): ImageBatch => ({image: tf.fill([1, 2, 2, 3], i), label: tf.tensor1d([i], 'int32')});

async function collect(source: Parameters<typeof iterateBatches<ImageBatch>>[0]): Promise<number[]> {
  const seen: number[] = [];
  for await (const b of iterateBatches(source)) {
    seen.push((await b.label!.data())[0]!);
    disposeBatch(b);
  }
  return seen;
}

describe('iterateBatches', () => {
  it('accepts generator functions, async generators, Dataset-like objects and arrays', async () => {
    await expectNoLeak(async () => {
      expect(await collect(function* () { for (let i = 0; i < 3; i++) yield make(i); })).toEqual([0, 1, 2]);
      expect(await collect(async function* () { for (let i = 0; i < 2; i++) yield make(i); })).toEqual([0, 1]);
      // tfjs-data Dataset shape: iterator() resolves to an object whose next() returns a promise.
      const dataset = {
        iterator: async () => {
          let i = 0;
          return {next: async () => (i < 2 ? {done: false as const, value: make(i++)} : {done: true as const, value: undefined})};
        },
      };
      expect(await collect(dataset as never)).toEqual([0, 1]);
      expect(await collect(() => [make(5), make(6)])).toEqual([5, 6]);
      const arr = [make(7)];
      expect(await collect(arr)).toEqual([7]);
      arr.forEach(disposeBatch); // an array source stays the caller's
    });
  });

  it('makes a fresh pass each time and closes the iterator when the consumer stops early', async () => {
    let passes = 0;
    let closed = 0;
    function* gen() {
      passes++;
      try {
        for (let i = 0; i < 5; i++) yield i;
      } finally {
        closed++;
      }
    }
    for await (const v of iterateBatches(gen)) if (v === 1) break;
    expect([passes, closed]).toEqual([1, 1]);
    const all: number[] = [];
    for await (const v of iterateBatches(gen)) all.push(v);
    expect(all).toEqual([0, 1, 2, 3, 4]);
    expect(passes).toBe(2);
  });

  it('rejects what is not a source', async () => {
    await expect(collect(42 as never)).rejects.toThrow(InvalidArgumentError);
    await expect(collect((() => 42) as never)).rejects.toThrow(/must return an iterator/);
  });
});

describe('array sources', () => {
  it('stay the caller\'s: consumers dispose clones, and the array can be iterated again', async () => {
    const data = [make(1), make(2)];
    await expectNoLeak(async () => {
      expect(await collect(data)).toEqual([1, 2]);
      expect(await collect(data)).toEqual([1, 2]); // the first pass disposed clones only
    });
    expect(data.every((b) => !b.image.isDisposed && !b.label!.isDisposed)).toBe(true);
    data.forEach(disposeBatch);
  });

  it('clones zipped pairs too, and disposeBatch frees nested batches', async () => {
    const pair = [make(3), make(4)];
    await expectNoLeak(async () => {
      for await (const p of iterateBatches([pair])) {
        expect(p).not.toBe(pair);
        disposeBatch(p);
      }
    });
    pair.forEach(disposeBatch);
  });
});
