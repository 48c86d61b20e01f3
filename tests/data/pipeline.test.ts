import * as tf from '@tensorflow/tfjs-core';
import {disposeBatch} from '../../src/data/batch_source';
import type {CifarSplit} from '../../src/data/cifar_split';
import {cifarBatches} from '../../src/data/pipeline';
import {InvalidArgumentError, ShapeError} from '../../src/errors';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

/** Image i is filled with the value i (so any crop or flip of it keeps the value); label i % 10; coarse i % 4. */
function indexed(count: number): CifarSplit {
  const images = new Uint8Array(count * 3072);
  for (let i = 0; i < count; i++) images.fill(i, i * 3072, (i + 1) * 3072);
  return {images, labels: Int32Array.from({length: count}, (_, i) => i % 10), count,
    coarseLabels: Int32Array.from({length: count}, (_, i) => i % 4)};
}

/** Mean of every image of a [B,H,W,C] tensor. */
async function means(t: tf.Tensor4D): Promise<number[]> {
  const m = tf.mean(t, [1, 2, 3]);
  const v = Array.from(await m.data());
  m.dispose();
  return v;
}

const small = {resizeTo: 40, cropTo: 32} as const;

describe('cifarBatches', () => {
  it('yields every image once per pass as {image, label}, shuffled by seed', async () => {
    const split = indexed(50);
    await expectNoLeak(async () => {
      const source = cifarBatches(split, {batchSize: 16, seed: 5, preprocess: 'none'});
      expect([source.seed, source.batchesPerPass, source.imagesPerPass, source.splitName]).toEqual([5, 4, 50, 'unnamed split']);
      expect(cifarBatches({...split, name: 'synthetic-shapes-10/train'}).splitName).toBe('synthetic-shapes-10/train');
      const seen: number[] = [];
      const sizes: number[] = [];
      for (const batch of source()) {
        expect(batch.image.shape.slice(1)).toEqual([32, 32, 3]);
        expect(batch.label.dtype).toBe('int32');
        const ids = (await means(batch.image)).map(Math.round);
        expect(Array.from(await batch.label.data())).toEqual(ids.map((i) => i % 10)); // labels stay with their images
        seen.push(...ids);
        sizes.push(ids.length);
        disposeBatch(batch);
      }
      expect(sizes).toEqual([16, 16, 16, 2]);
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({length: 50}, (_, i) => i));
      expect(seen).not.toEqual(Array.from({length: 50}, (_, i) => i));
    });
  });

  it('is deterministic: same seed and pass give the same batches; passes differ; pass(p) is the p-th call', async () => {
    const split = indexed(40);
    const order = async (gen: Generator<{image: tf.Tensor4D; label: tf.Tensor1D}>) => {
      const out: number[] = [];
      for (const b of gen) {
        out.push(...(await means(b.image)).map(Math.round));
        disposeBatch(b);
      }
      return out;
    };
    await expectNoLeak(async () => {
      const a = cifarBatches(split, {batchSize: 8, seed: 'run-1', ...small});
      const b = cifarBatches(split, {batchSize: 8, seed: 'run-1', ...small});
      const a0 = await order(a());
      const a1 = await order(a());
      expect(await order(b.pass(1))).toEqual(a1);
      expect(await order(b.pass(0))).toEqual(a0);
      expect(a1).not.toEqual(a0);
      // Pixel-level determinism of the random crops and flips.
      const x = a.pass(3).next().value!;
      const y = b.pass(3).next().value!;
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(x.image, y.image))));
      expect((await diff.data())[0]).toBe(0);
      tf.dispose([diff]);
      disposeBatch(x);
      disposeBatch(y);
      expect(cifarBatches(split, {preprocess: 'none'}).seed).toEqual(expect.any(Number));
    });
  });

  it('makes clean and noisy views of the SAME images, labels aligned (independent geometry)', async () => {
    const split = indexed(60);
    await expectNoLeak(async () => {
      const source = cifarBatches(split, {batchSize: 24, seed: 1, ...small, noisy: (x) => tf.add(x, 1) as tf.Tensor4D});
      let batches = 0;
      for (const batch of source()) {
        expect(batch.clean.shape).toEqual(batch.noisy.shape);
        expect(batch.clean).not.toBe(batch.noisy);
        const clean = await means(batch.clean);
        const noisy = await means(batch.noisy);
        const labels = Array.from(await batch.label.data());
        clean.forEach((c, i) => {
          expect(noisy[i]! - c).toBeCloseTo(1, 4);
          expect(labels[i]).toBe(Math.round(c) % 10);
        });
        disposeBatch(batch);
        batches++;
      }
      expect(batches).toBe(3);
    });
  });

  it('applies one flip and crop to both views with sharedGeometry, independent ones without', async () => {
    const images = new Uint8Array(8 * 3072);
    for (let k = 0; k < images.length; k++) images[k] = (k * 37) % 251; // textured, so geometry shows
    const split: CifarSplit = {images, labels: new Int32Array(8), count: 8};
    const maxDiff = async (shared: boolean) => {
      const source = cifarBatches(split, {batchSize: 8, seed: 9, sharedGeometry: shared, ...small, noisy: (x) => tf.mul(x, 1) as tf.Tensor4D});
      const batch = source().next().value!;
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(batch.clean, batch.noisy))));
      const v = (await d.data())[0]!;
      tf.dispose([d]);
      disposeBatch(batch);
      return v;
    };
    await expectNoLeak(async () => {
      expect(await maxDiff(true)).toBe(0);
      expect(await maxDiff(false)).toBeGreaterThan(10);
    });
  });

  it('keeps the views separate when noisy returns its input, and checks the noisy shape', async () => {
    const split = indexed(4);
    await expectNoLeak(async () => {
      const batch = cifarBatches(split, {batchSize: 4, seed: 1, sharedGeometry: true, ...small, noisy: (x) => x})().next().value!;
      expect(batch.noisy).not.toBe(batch.clean);
      disposeBatch(batch);
      expect(batch.clean.isDisposed && batch.noisy.isDisposed).toBe(true);
    });
    const bad = cifarBatches(split, {batchSize: 4, seed: 1, ...small, noisy: (x) => tf.slice(x, [0, 0, 0, 0], [2, -1, -1, -1]) as tf.Tensor4D});
    const e = await expectNoLeakOnThrow(() => bad().next());
    expect(e).toBeInstanceOf(ShapeError);
    expect((e as Error).message).toMatch(/`noisy` must return a tensor of its input's shape \[4,32,32,3\]; got \[2,32,32,3\]/);
    const throwing = cifarBatches(split, {batchSize: 4, seed: 1, noisy: () => { throw new Error('boom'); }});
    expect(((await expectNoLeakOnThrow(() => throwing().next())) as Error).message).toBe('boom');
  });

  it('follows the reference geometry by default (96 -> 72 crop) and the test view (72)', async () => {
    const split = indexed(3);
    await expectNoLeak(async () => {
      const train = cifarBatches(split, {batchSize: 3, seed: 2})().next().value!;
      expect(train.image.shape).toEqual([3, 72, 72, 3]);
      const test = cifarBatches(split, {batchSize: 2, shuffle: false, preprocess: 'test'});
      const batches = [...test()];
      expect(batches.map((b) => b.image.shape)).toEqual([[2, 72, 72, 3], [1, 72, 72, 3]]);
      expect((await means(batches[0]!.image)).map(Math.round)).toEqual([0, 1]); // unshuffled order
      [train, ...batches].forEach(disposeBatch);
    });
  });

  it('supports dropRemainder, coarse labels and early stops without leaking', async () => {
    const split = indexed(10);
    await expectNoLeak(async () => {
      const source = cifarBatches(split, {batchSize: 4, seed: 3, dropRemainder: true, labels: 'coarse', preprocess: 'none'});
      expect([source.batchesPerPass, source.imagesPerPass]).toEqual([2, 8]);
      const batches = [...source()];
      expect(batches).toHaveLength(2);
      const ids = (await means(batches[0]!.image)).map(Math.round);
      expect(Array.from(await batches[0]!.label.data())).toEqual(ids.map((i) => i % 4));
      batches.forEach(disposeBatch);
      for (const b of source()) {
        disposeBatch(b);
        break;
      }
    });
  });

  it('validates options before any tensor exists', async () => {
    const split = indexed(2);
    const bad: Array<[object, RegExp]> = [
      [{batchSize: 0}, /`batchSize` must be >= 1; got 0/],
      [{preprocess: 'train2'}, /unknown `preprocess` 'train2'\. Valid values: 'train', 'test', 'none'\. Did you mean 'train'\?/],
      [{cropTo: 100}, /`cropTo` must be <= `resizeTo`/],
      [{noisy: 'randaugment'}, /`noisy` must be a function/],
      [{labels: 'coarse'}, /needs a split with coarseLabels/],
      [{seed: 1.5}, /`seed` must be an integer or a string/],
    ];
    for (const [options, message] of bad) {
      const target = (options as {labels?: string}).labels ? {...split, coarseLabels: undefined} : split;
      const e = await expectNoLeakOnThrow(() => cifarBatches(target as CifarSplit, options as never));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as Error).message).toMatch(message);
    }
  });
});
