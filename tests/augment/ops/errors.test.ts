// Argument checks of the functional ops: typed errors, messages that name the argument and the fix, and no
// tensor leaked on the error path.
import * as tf from '@tensorflow/tfjs-core';
import * as ops from '../../../src/augment/ops';
import {InvalidArgumentError, ShapeError} from '../../../src/errors';
import {expectNoLeakOnThrow} from '../../helpers/memory';

async function fails(fn: (x: tf.Tensor4D) => unknown, cls: new (...a: never[]) => Error, pattern: RegExp,
  shape: number[] = [2, 4, 4, 3], dtype: 'float32' | 'int32' = 'float32'): Promise<void> {
  const x = tf.zeros(shape, dtype) as unknown as tf.Tensor4D;
  const err = await expectNoLeakOnThrow(() => fn(x));
  x.dispose();
  expect(err).toBeInstanceOf(cls);
  expect((err as Error).message).toMatch(pattern);
}

describe('functional ops: argument errors', () => {
  it.each(Object.entries({
    autoContrast: (x: tf.Tensor4D) => ops.autoContrast(x),
    equalize: (x: tf.Tensor4D) => ops.equalize(x),
    invert: (x: tf.Tensor4D) => ops.invert(x),
    posterize: (x: tf.Tensor4D) => ops.posterize(x, 3),
    rotate: (x: tf.Tensor4D) => ops.rotate(x, 10),
    cutout: (x: tf.Tensor4D) => ops.cutout(x, 2, [1, 1]),
  }))('%s rejects a rank-3 image, 4 channels and int32', async (_name, fn) => {
    await fails(fn, ShapeError, /must have shape \[N, H, W, 3\]; got \[4, 4, 3\]\. Add a batch axis/, [4, 4, 3]);
    await fails(fn, ShapeError, /got \[2, 4, 4, 4\]/, [2, 4, 4, 4]);
    await fails(fn, InvalidArgumentError, /must be float32 .* got int32\. Convert with tf\.cast/, [2, 4, 4, 3], 'int32');
  });

  it('rejects out-of-range and non-integer arguments, naming them', async () => {
    await fails((x) => ops.posterize(x, 9), InvalidArgumentError, /posterize: `bits` must be an integer in \[0, 8\]; got 9/);
    await fails((x) => ops.posterize(x, 2.5), InvalidArgumentError, /`bits` must be an integer/);
    await fails((x) => ops.solarize(x, 257), InvalidArgumentError, /`threshold` must be an integer in \[0, 256\]; got 257/);
    await fails((x) => ops.solarizeAdd(x, 10, -1), InvalidArgumentError, /`threshold`/);
    await fails((x) => ops.brightness(x, NaN), InvalidArgumentError, /`factor` must be a finite number; got NaN/);
    await fails((x) => ops.rotate(x, Infinity), InvalidArgumentError, /`degrees` must be a finite number/);
    await fails((x) => ops.cutout(x, -1, [0, 0]), InvalidArgumentError, /`padSize` must be an integer in \[0, inf\]/);
  });

  it('rejects per-image arrays of the wrong length and malformed centres', async () => {
    await fails((x) => ops.color(x, [1, 2, 3]), InvalidArgumentError, /`factor` has 3 values but the batch has 2 images/);
    await fails((x) => ops.shearX(x, [0.1, 'a' as unknown as number]), InvalidArgumentError, /`level`\[1\] must be a finite number; got 'a'/);
    await fails((x) => ops.cutout(x, 2, [[1, 2]] as unknown as [number, number][]), InvalidArgumentError, /`centers` must be one value or an array of 2/);
    await fails((x) => ops.cutout(x, 2, [0.5, 1]), InvalidArgumentError, /`centers`/);
  });

  it('rejects an unknown fill mode listing the valid ones, and a fill outside 0..255', async () => {
    await fails((x) => ops.translateX(x, 3, {fillMode: 'wrap' as 'reflect'}), InvalidArgumentError,
      /translateX: unknown `fillMode` 'wrap'\. Valid values: 'reflect', 'constant'\./);
    await fails((x) => ops.rotate(x, 3, {fill: 300}), InvalidArgumentError, /`fill` must be a finite number in \[0, 255\]; got 300/);
    await fails((x) => ops.cutout(x, 3, [1, 1], {fill: -1}), InvalidArgumentError, /`fill`/);
  });

  it('rejects something that is not a tensor', async () => {
    const err = await expectNoLeakOnThrow(() => ops.invert([1, 2, 3] as unknown as tf.Tensor4D));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(/invert: `images` must be a tf\.Tensor4D/);
  });
});
