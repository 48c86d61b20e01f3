import * as tf from '@tensorflow/tfjs-core';
import {preprocessTest, preprocessTrain, sampleCropFlip} from '../../src/data/preprocess';
import {InvalidArgumentError, ShapeError} from '../../src/errors';
import {Rng} from '../../src/random/rng';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';

describe('sampleCropFlip', () => {
  it('draws per-image flips and offsets in 0..resizeTo-cropTo inclusive, deterministically', () => {
    const plan = sampleCropFlip(new Rng(3), 400);
    expect(plan.resizeTo).toBe(96);
    expect(plan.cropTo).toBe(72);
    const ys = plan.offsets.map((o) => o[0]);
    const xs = plan.offsets.map((o) => o[1]);
    expect(Math.min(...ys, ...xs)).toBe(0);
    expect(Math.max(...ys, ...xs)).toBe(24);
    const flips = plan.flips.filter(Boolean).length;
    expect(flips).toBeGreaterThan(150);
    expect(flips).toBeLessThan(250);
    expect(sampleCropFlip(new Rng(3), 400)).toEqual(plan);
    expect(sampleCropFlip(new Rng(4), 400)).not.toEqual(plan);
    expect(sampleCropFlip(new Rng(3), 50, {flip: false}).flips.some(Boolean)).toBe(false);
  });

  it('rejects a crop larger than the resize and bad counts', () => {
    expect(() => sampleCropFlip(new Rng(1), 1, {resizeTo: 64, cropTo: 72}))
      .toThrow(/^sampleCropFlip: `cropTo` must be <= `resizeTo`; got cropTo 72 and resizeTo 64\.$/);
    expect(() => sampleCropFlip(new Rng(1), -1)).toThrow(InvalidArgumentError);
    expect(() => sampleCropFlip(new Rng(1), 1, {resizeTo: 9.5})).toThrow(InvalidArgumentError);
  });
});

describe('preprocessTrain', () => {
  it('equals the reference order flip -> resize (half-pixel) -> crop, image by image', async () => {
    const images = tf.tidy(() => tf.mul(tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 11), 255)) as tf.Tensor4D;
    const plan = {resizeTo: 40, cropTo: 24, flips: [true, false, true, false],
      offsets: [[0, 0], [16, 16], [3, 11], [9, 2]] as Array<readonly [number, number]>};
    await expectNoLeak(async () => {
      const got = preprocessTrain(images, plan);
      const want = tf.tidy(() => tf.concat(plan.offsets.map(([y, x], i) => {
        let img = tf.slice(images, [i, 0, 0, 0], [1, 32, 32, 3]);
        if (plan.flips[i]) img = tf.reverse(img, 2);
        const resized = tf.image.resizeBilinear(img as tf.Tensor4D, [40, 40], false, true);
        return tf.slice(resized, [0, y, x, 0], [1, 24, 24, 3]);
      }), 0));
      expect(got.shape).toEqual([4, 24, 24, 3]);
      expect(got.dtype).toBe('float32');
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(got, want))));
      expect((await diff.data())[0]).toBeLessThan(1e-3);
      tf.dispose([got, want, diff]);
    });
    images.dispose();
  });

  it('defaults to 96 -> 72 and accepts int32 pixels', async () => {
    await expectNoLeak(async () => {
      const images = tf.zeros([2, 32, 32, 3], 'int32') as tf.Tensor4D;
      const out = preprocessTrain(images, sampleCropFlip(new Rng(1), 2));
      expect(out.shape).toEqual([2, 72, 72, 3]);
      expect(out.dtype).toBe('float32');
      tf.dispose([images, out]);
    });
  });

  it('checks shapes and the plan before computing', async () => {
    const images = tf.zeros([2, 32, 32, 3]) as tf.Tensor4D;
    expect(await expectNoLeakOnThrow(() => preprocessTrain(images, sampleCropFlip(new Rng(1), 3)))).toBeInstanceOf(ShapeError);
    const rank3 = tf.zeros([32, 32, 3]);
    expect(await expectNoLeakOnThrow(() => preprocessTrain(rank3 as never, sampleCropFlip(new Rng(1), 1)))).toBeInstanceOf(ShapeError);
    rank3.dispose();
    const bad = {resizeTo: 96, cropTo: 72, flips: [false, false], offsets: [[0, 0], [0, 25]] as Array<readonly [number, number]>};
    const e = await expectNoLeakOnThrow(() => preprocessTrain(images, bad));
    expect((e as Error).message).toMatch(/offset of image 1 must be integers in 0\.\.24; got \[0, 25\]/);
    images.dispose();
  });
});

describe('preprocessTest', () => {
  it('resizes bilinearly with half-pixel centres (TF2 tf.image.resize)', async () => {
    await expectNoLeak(async () => {
      const image = tf.tensor4d([0, 3], [1, 1, 2, 1]);
      const out = preprocessTest(image, {size: 4});
      expect(out.shape).toEqual([1, 4, 4, 1]);
      // Half-pixel centres sample x = (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 (clamped): 0, 0.75, 2.25, 3.
      // Corner alignment would give 0, 1, 2, 3; the TF1 default (neither) 0, 1.5, 3, 3.
      expect(Array.from((await out.data()).subarray(0, 4))).toEqual([0, 0.75, 2.25, 3]);
      tf.dispose([image, out]);
    });
  });

  it('defaults to 72 and validates', async () => {
    await expectNoLeak(async () => {
      const images = tf.ones([1, 32, 32, 3]) as tf.Tensor4D;
      const out = preprocessTest(images);
      expect(out.shape).toEqual([1, 72, 72, 3]);
      tf.dispose([images, out]);
    });
    const images = tf.ones([1, 32, 32, 3]) as tf.Tensor4D;
    expect(await expectNoLeakOnThrow(() => preprocessTest(images, {size: 0}))).toBeInstanceOf(InvalidArgumentError);
    images.dispose();
  });
});
