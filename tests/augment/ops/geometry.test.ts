// Geometric ops: the conventions of spec randaugment.md §5.3 and §6.4-§6.14 checked on a coordinate image
// (R = row, G = column), so that every output pixel names the input pixel it copied.
import * as tf from '@tensorflow/tfjs-core';
import {rotate, shearX, shearY, translateX, translateY} from '../../../src/augment/ops';
import {expectNoLeak} from '../../helpers/memory';

const H = 72;
const W = 72;

/** Coordinate image: R = row, G = column, B = 7. */
function coords(): tf.Tensor4D {
  const data = new Float32Array(H * W * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set([y, x, 7], (y * W + x) * 3);
  return tf.tensor4d(data, [1, H, W, 3]);
}

/** For each output pixel, the [row, col] of the input pixel it copied (or the fill value twice). */
async function sources(op: (x: tf.Tensor4D) => tf.Tensor4D): Promise<(y: number, x: number) => [number, number]> {
  const out = await expectNoLeak(async () => {
    const x = coords();
    const y = op(x);
    const d = await y.data();
    tf.dispose([x, y]);
    return d;
  });
  return (y, x) => [out[(y * W + x) * 3] as number, out[(y * W + x) * 3 + 1] as number];
}

describe('geometric ops: conventions', () => {
  it('rotate +27° turns content counter-clockwise about the pixel-grid centre (§6.4)', async () => {
    const pos = await sources((x) => rotate(x, 27));
    const neg = await sources((x) => rotate(x, -27));
    expect(pos(0, 0)).toEqual([11, 20]);
    expect(neg(0, 0)).toEqual([20, 11]);
  });

  it('shearX is anchored at row 0 and uses the float32 coefficient (§6.11)', async () => {
    const pos = await sources((x) => shearX(x, 0.27));
    const neg = await sources((x) => shearX(x, -0.27));
    for (let x = 0; x < W; x++) expect(pos(0, x)).toEqual([0, x]);
    expect([pos(71, 0)[1], pos(71, 71)[1]]).toEqual([19, 53]);
    expect([neg(71, 0)[1], neg(71, 71)[1]]).toEqual([18, 52]);
  });

  it('shearY is the transpose of shearX (§6.12)', async () => {
    const pos = await sources((x) => shearY(x, 0.27));
    for (let y = 0; y < H; y++) expect(pos(y, 0)).toEqual([y, 0]);
    expect([pos(0, 71)[0], pos(71, 71)[0]]).toEqual([19, 53]);
  });

  it('translateX by ±90 gives the mirrored column maps of §6.13; translateY the row maps (§6.14)', async () => {
    const px = await sources((x) => translateX(x, 90));
    const mx = await sources((x) => translateX(x, -90));
    const py = await sources((x) => translateY(x, 90));
    for (let x = 0; x < W; x++) {
      expect(px(5, x)).toEqual([5, x <= 53 ? 53 - x : x - 54]);
      expect(mx(5, x)).toEqual([5, x <= 17 ? x + 54 : 89 - x]);
      expect(py(x, 5)).toEqual([x <= 53 ? 53 - x : x - 54, 5]);
    }
  });

  it('reflect mode never paints the fill; constant mode fills exactly the samples outside the image (§5.3.4)', async () => {
    const reflect = await sources((x) => translateX(x, 10.5));
    const constant = await sources((x) => translateX(x, 10.5, {fillMode: 'constant', fill: 200}));
    for (let x = 0; x < W; x++) {
      // xs = x + 10.5 is outside [0, 71] for x >= 61.
      expect(constant(3, x)).toEqual(x + 10.5 > 71 ? [200, 200] : reflect(3, x));
      expect(reflect(3, x)[0]).toBe(3);
    }
  });

  it('half-integer shifts reflect first, then round half away from zero (§5.3.2)', async () => {
    const s = await sources((x) => translateX(x, 4.5));
    expect(s(0, 0)).toEqual([0, 5]); // 4.5 -> 5
    expect(s(0, 67)).toEqual([0, 71]); // 71.5 reflects to 71.5 - ... -> clamp 71
    const t = await sources((x) => translateX(x, -4.5));
    expect(t(0, 0)).toEqual([0, 4]); // -4.5 reflects to 3.5 -> 4
  });

  it('per-image arguments: each image of a batch uses its own map in one call', async () => {
    await expectNoLeak(async () => {
      const one = coords();
      const x = tf.concat([one, one, one], 0);
      const y = rotate(x, [27, 0, -27]);
      const d = await y.data();
      const at = (i: number) => [d[i * H * W * 3], d[i * H * W * 3 + 1]];
      expect([at(0), at(1), at(2)]).toEqual([[11, 20], [0, 0], [20, 11]]);
      tf.dispose([one, x, y]);
    });
  });
});
