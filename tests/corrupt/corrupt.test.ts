import * as tf from '@tensorflow/tfjs-core';
import {corrupt, corruptPixels} from '../../src/corrupt/corrupt';
import {CORRUPTIONS, corruptionNames} from '../../src/corrupt/registry';
import {
  InvalidArgumentError, ShapeError, UnknownOpError, UnsupportedError, isUnknownOpError,
} from '../../src/errors';
import {Rng} from '../../src/random/rng';
import {expectNoLeak, expectNoLeakOnThrow} from '../helpers/memory';
import {describeWithShared} from '../helpers/shared';
import {cifarTestImages, fakeFrostPhoto, meanAbsDiff, syntheticImages} from './images';

const ALL = corruptionNames();
const frostImages = [fakeFrostPhoto()];
const opts = {seed: 7, frostImages};
const SHAPE: [number, number, number, number] = [3, 32, 32, 3];
const pixels = syntheticImages(3);

describe('corrupt: every corruption at every severity', () => {
  it.each(ALL)('%s keeps shape and dtype, returns integers 0..255 and leaves its input alone', async (name) => {
    await expectNoLeak(async () => {
      const images = tf.tensor4d(Float32Array.from(pixels), SHAPE, 'float32');
      const asInt = tf.tensor4d(Int32Array.from(pixels), SHAPE, 'int32');
      for (let s = 1; s <= 5; s++) {
        const out = await corrupt(images, name, s, opts);
        expect(out.shape).toEqual(SHAPE);
        expect(out.dtype).toBe('float32');
        const v = await out.data();
        expect(v.every((x) => Number.isInteger(x) && x >= 0 && x <= 255)).toBe(true);
        expect(meanAbsDiff(v, pixels)).toBeGreaterThan(0); // every severity changes the images
        const outInt = await corrupt(asInt, name, s, opts);
        expect(outInt.dtype).toBe('int32');
        expect(Array.from(await outInt.data())).toEqual(Array.from(v)); // same result for int32 input
        tf.dispose([out, outInt]);
      }
      expect(Array.from(await images.data())).toEqual(Array.from(pixels)); // input neither changed nor disposed
      tf.dispose([images, asInt]);
    });
  });

  it.each(ALL)('%s at severity 0 returns the input values unchanged (even non-integer floats)', async (name) => {
    await expectNoLeak(async () => {
      const images = tf.tensor4d(Float32Array.from(pixels, (v) => v * 0.999 + 0.25), SHAPE);
      const out = await corrupt(images, name, 0);
      expect(out).not.toBe(images);
      expect(Array.from(await out.data())).toEqual(Array.from(await images.data()));
      tf.dispose([images, out]);
    });
  });

  it.each(ALL.filter((n) => CORRUPTIONS[n as keyof typeof CORRUPTIONS].identity !== null))(
    '%s with its identity settings returns the input unchanged', async (name) => {
      await expectNoLeak(async () => {
        const info = CORRUPTIONS[name as keyof typeof CORRUPTIONS];
        const images = tf.tensor4d(Float32Array.from(pixels), SHAPE);
        const out = await corrupt(images, name, info.identity!, opts);
        expect(Array.from(await out.data())).toEqual(Array.from(pixels));
        tf.dispose([images, out]);
      });
    });

  it.each(ALL)('%s is deterministic for a seed; random ones differ between seeds', async (name) => {
    const a = corruptPixels(pixels, SHAPE, name, 3, opts);
    const b = corruptPixels(pixels, SHAPE, name, 3, opts);
    const c = corruptPixels(pixels, SHAPE, name, 3, {...opts, seed: 8});
    expect(Array.from(a)).toEqual(Array.from(b));
    if (CORRUPTIONS[name as keyof typeof CORRUPTIONS].random) expect(Array.from(c)).not.toEqual(Array.from(a));
    else expect(Array.from(c)).toEqual(Array.from(a));
  });

  it.each(ALL)('%s gives an image the same result whatever batch it is in (firstIndex)', (name) => {
    const size = 32 * 32 * 3;
    const whole = corruptPixels(pixels, SHAPE, name, 4, opts);
    const tail = corruptPixels(pixels.subarray(size), [2, 32, 32, 3], name, 4, {...opts, firstIndex: 1});
    expect(Array.from(tail)).toEqual(Array.from(whole.subarray(size)));
  });

  it('accepts the TFDS aliases and gives the same result as the file-stem names', () => {
    expect(Array.from(corruptPixels(pixels, SHAPE, 'frosted_glass_blur', 2, {seed: 3})))
      .toEqual(Array.from(corruptPixels(pixels, SHAPE, 'glass_blur', 2, {seed: 3})));
    expect(Array.from(corruptPixels(pixels, SHAPE, 'elastic', 5, {seed: 3})))
      .toEqual(Array.from(corruptPixels(pixels, SHAPE, 'elastic_transform', 5, {seed: 3})));
  });

  it('draws one seed from an Rng per call, so successive calls differ but replay from the same state', () => {
    const r1 = new Rng(5);
    const r2 = new Rng(5);
    const first = corruptPixels(pixels, SHAPE, 'gaussian_noise', 2, {rng: r1});
    const second = corruptPixels(pixels, SHAPE, 'gaussian_noise', 2, {rng: r1});
    expect(Array.from(first)).not.toEqual(Array.from(second));
    expect(Array.from(corruptPixels(pixels, SHAPE, 'gaussian_noise', 2, {rng: r2}))).toEqual(Array.from(first));
  });

  it('corruptPixels equals the tensor form and accepts explicit settings', async () => {
    await expectNoLeak(async () => {
      const images = tf.tensor4d(Int32Array.from(pixels), SHAPE, 'int32');
      const out = await corrupt(images, 'gaussian_noise', {sigma: 0.05}, {seed: 1});
      expect(Array.from(await out.data())).toEqual(Array.from(corruptPixels(pixels, SHAPE, 'gaussian_noise', {sigma: 0.05}, {seed: 1})));
      tf.dispose([images, out]);
    });
  });

  it('handles an empty batch and non-square images', async () => {
    await expectNoLeak(async () => {
      const empty = tf.zeros([0, 32, 32, 3]) as tf.Tensor4D;
      const out = await corrupt(empty, 'fog', 3, {seed: 1});
      expect(out.shape).toEqual([0, 32, 32, 3]);
      tf.dispose([empty, out]);
    });
    const wide = syntheticImages(2, 20, 44);
    for (const name of ALL) {
      const out = corruptPixels(wide, [2, 20, 44, 3], name, 5, opts);
      expect(out.length).toBe(wide.length);
    }
  });
});

describe('corrupt: argument errors (checked before the images are read)', () => {
  const images = () => tf.tensor4d(Float32Array.from(pixels), SHAPE);

  it('rejects an unknown name with an UnknownOpError listing the valid names and the closest', async () => {
    const x = images();
    const err = await expectNoLeakOnThrow(() => corrupt(x, 'gausian_noise', 1));
    x.dispose();
    expect(err).toBeInstanceOf(UnknownOpError);
    expect(isUnknownOpError(err)).toBe(true);
    const e = err as UnknownOpError;
    expect(e.suggestion).toBe('gaussian_noise');
    expect(e.known).toEqual(expect.arrayContaining([...ALL, 'frosted_glass_blur', 'elastic']));
    expect(e.message).toMatch(/^corrupt: unknown corruption 'gausian_noise'\. Known corruptions: gaussian_noise, shot_noise/);
    expect(() => corruptPixels(pixels, SHAPE, 'rain', 1)).toThrow(UnknownOpError);
  });

  it('rejects a bad severity, unknown or missing settings, and out-of-range settings', async () => {
    const x = images();
    for (const bad of [6, -1, 1.5, NaN, '3', null, [1]]) {
      expect(await expectNoLeakOnThrow(() => corrupt(x, 'fog', bad as never))).toBeInstanceOf(InvalidArgumentError);
    }
    const unknownKey = await expectNoLeakOnThrow(() => corrupt(x, 'gaussian_noise', {sigm: 0.1} as never));
    expect((unknownKey as Error).message).toMatch(/unknown setting 'sigm' for gaussian_noise\. Valid settings: 'sigma'\. Did you mean 'sigma'\?/);
    expect(await expectNoLeakOnThrow(() => corrupt(x, 'fog', {strength: 1} as never))).toBeInstanceOf(InvalidArgumentError);
    expect(await expectNoLeakOnThrow(() => corrupt(x, 'impulse_noise', {amount: 2}))).toBeInstanceOf(InvalidArgumentError);
    expect(await expectNoLeakOnThrow(() => corrupt(x, 'jpeg_compression', {quality: 50.5}))).toBeInstanceOf(InvalidArgumentError);
    const mode = await expectNoLeakOnThrow(() => corrupt(x, 'spatter', {...CORRUPTIONS.spatter.severities[0], mode: 'oil'}));
    expect((mode as Error).message).toMatch(/`mode` must be one of 'water', 'mud'/);
    x.dispose();
  });

  it('rejects bad shapes, dtypes, pixel values and options', async () => {
    const rank3 = tf.zeros([32, 32, 3]);
    expect(await expectNoLeakOnThrow(() => corrupt(rank3 as never, 'fog', 1))).toBeInstanceOf(ShapeError);
    const gray = tf.zeros([1, 32, 32, 1]) as tf.Tensor4D;
    expect(await expectNoLeakOnThrow(() => corrupt(gray, 'fog', 1))).toBeInstanceOf(ShapeError);
    const tiny = tf.zeros([1, 1, 1, 3]) as tf.Tensor4D;
    expect(await expectNoLeakOnThrow(() => corrupt(tiny, 'fog', 1))).toBeInstanceOf(ShapeError);
    const bool = tf.zeros([1, 8, 8, 3], 'bool') as tf.Tensor4D;
    expect(await expectNoLeakOnThrow(() => corrupt(bool, 'fog', 1))).toBeInstanceOf(InvalidArgumentError);
    const unit = tf.fill([1, 8, 8, 3], 300) as tf.Tensor4D;
    const range = await expectNoLeakOnThrow(() => corrupt(unit, 'fog', 1, {seed: 1}));
    expect((range as Error).message).toMatch(/values must lie in 0\.\.255; got 300/);
    const x = images();
    expect(await expectNoLeakOnThrow(() => corrupt(x, 'fog', 1, {seed: 1, rng: new Rng(1)}))).toBeInstanceOf(InvalidArgumentError);
    expect(await expectNoLeakOnThrow(() => corrupt(x, 'fog', 1, {firstIndex: -1}))).toBeInstanceOf(InvalidArgumentError);
    expect(await expectNoLeakOnThrow(() => corrupt(x, 'fog', 1, {rng: {} as Rng}))).toBeInstanceOf(InvalidArgumentError);
    expect(await expectNoLeakOnThrow(() => corrupt([] as never, 'fog', 1))).toBeInstanceOf(InvalidArgumentError);
    tf.dispose([rank3, gray, tiny, bool, unit, x]);
    expect(() => corruptPixels(new Uint8Array(10), SHAPE, 'fog', 1)).toThrow(InvalidArgumentError);
    expect(() => corruptPixels([0, 256, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 2, 2, 3], 'fog', 0)).toThrow(/0\.\.255/);
  });

  it('frost without photographs throws UnsupportedError naming the fix', async () => {
    const x = images();
    const err = await expectNoLeakOnThrow(() => corrupt(x, 'frost', 3, {seed: 1}));
    x.dispose();
    expect(err).toBeInstanceOf(UnsupportedError);
    expect((err as Error).message).toMatch(/frost photographs of Hendrycks' imagenet_c package.*frostImages/);
    expect(() => corruptPixels(pixels, SHAPE, 'frost', 1, {frostImages: []})).toThrow(UnsupportedError);
    // Severity 0 needs no photographs.
    expect(Array.from(corruptPixels(pixels, SHAPE, 'frost', 0))).toEqual(Array.from(pixels));
  });

  it('frost rejects malformed or too small photographs', () => {
    const small = {data: new Uint8Array(100 * 100 * 3), height: 100, width: 100}; // 20×20 after resizing by 0.2
    expect(() => corruptPixels(pixels, SHAPE, 'frost', 1, {frostImages: [small]})).toThrow(/must be larger than the 32×32 images/);
    expect(() => corruptPixels(pixels, SHAPE, 'frost', 1, {frostImages: [small], frostScale: 1})).not.toThrow();
    const broken = {data: new Uint8Array(10), height: 100, width: 100};
    expect(() => corruptPixels(pixels, SHAPE, 'frost', 1, {frostImages: [broken]})).toThrow(InvalidArgumentError);
  });
});

describeWithShared('corrupt: severities are ordered on real CIFAR-10 test images', ['data', 'cifar10-sample'], () => {
  const N = 16;
  const real = cifarTestImages(N);
  const shape: [number, number, number, number] = [N, 32, 32, 3];
  const mad = (name: string, s: number) => meanAbsDiff(corruptPixels(real, shape, name, s, {seed: 1, frostImages}), real);

  // Corruptions whose CIFAR settings grow monotonically: the mean absolute change must grow strictly.
  const MONOTONE = [
    'gaussian_noise', 'shot_noise', 'impulse_noise', 'speckle_noise', 'defocus_blur', 'gaussian_blur', 'zoom_blur',
    'snow', 'fog', 'brightness', 'contrast', 'pixelate', 'jpeg_compression',
  ];
  it.each(MONOTONE)('%s moves images further at every higher severity', (name) => {
    const d = [1, 2, 3, 4, 5].map((s) => mad(name, s));
    for (let s = 1; s < 5; s++) expect(d[s]).toBeGreaterThan(d[s - 1] as number);
  });

  it('motion_blur: severities 3 and 4 share σ = 2 (their kernels differ only in taps weighing < 1e-9), the rest grow', () => {
    const d = [1, 2, 3, 4, 5].map((s) => mad('motion_blur', s));
    expect(d[1]).toBeGreaterThan(d[0] as number);
    expect(d[2]).toBeGreaterThan(d[1] as number);
    expect(d[3]).toBeCloseTo(d[2] as number, 10);
    expect(d[4]).toBeGreaterThan(d[3] as number);
  });

  it('glass_blur: the two-sweep severities 4 and 5 move images further than the one-sweep severities 1-3', () => {
    const d = [1, 2, 3, 4, 5].map((s) => mad('glass_blur', s));
    expect(Math.min(d[3] as number, d[4] as number)).toBeGreaterThan(Math.max(d[0] as number, d[1] as number, d[2] as number));
  });

  it('saturate: desaturation grows from severity 1 to 2, oversaturation from 3 to 5', () => {
    const d = [1, 2, 3, 4, 5].map((s) => mad('saturate', s));
    expect(d[1]).toBeGreaterThan(d[0] as number);
    expect(d[3]).toBeGreaterThan(d[2] as number);
    expect(d[4]).toBeGreaterThan(d[3] as number);
  });

  it('spatter: water grows from severity 1 to 3, mud from 4 to 5', () => {
    const d = [1, 2, 3, 4, 5].map((s) => mad('spatter', s));
    expect(d[1]).toBeGreaterThan(d[0] as number);
    expect(d[2]).toBeGreaterThan(d[1] as number);
    expect(d[4]).toBeGreaterThan(d[3] as number);
  });

  it('elastic_transform: the reference shrinks the affine jitter as severity grows, so pixel change falls', () => {
    // CIFAR settings: jitter 2.56 → 0.96 px while the elastic field grows; severity 1 is the affine-only one.
    const d = [1, 2, 3, 4, 5].map((s) => mad('elastic_transform', s));
    for (let s = 1; s < 5; s++) expect(d[s]).toBeLessThan(d[s - 1] as number);
    const fieldOnly = (alpha: number, sigma: number) =>
      meanAbsDiff(corruptPixels(real, shape, 'elastic', {alpha, sigma, jitter: 0}, {seed: 1}), real);
    expect(fieldOnly(0.1, 0.03)).toBeGreaterThan(fieldOnly(0.08, 0.06)); // severity 5's field vs severity 3's
  });
});
