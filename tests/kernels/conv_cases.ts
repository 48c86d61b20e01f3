// Shared fixtures of the kernel tests: a grid of convolution configurations, seeded inputs, reference
// gradients by finite differences of the forward op, and array comparison.
import * as tf from '@tensorflow/tfjs-core';
import {Rng} from '../../src/random/rng';

export type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

export interface ConvCase {
  readonly name: string;
  readonly xShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly strides: number | [number, number];
  readonly dilations: number | [number, number];
  readonly pad: Pad;
  readonly dataFormat: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** dy shape (in `dataFormat`). */
  readonly dyShape: [number, number, number, number];
}

/** Builds a case, or returns undefined when the forward op would produce an empty output. */
export function makeCase(c: Omit<ConvCase, 'name' | 'dyShape'>): ConvCase | undefined {
  const info = tf.backend_util.computeConv2DInfo(
    c.xShape, c.filterShape, c.strides, c.dilations, c.pad, c.dimRoundingMode, false,
    c.dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst');
  if (!(info.outHeight > 0 && info.outWidth > 0)) return undefined;
  const [n, co] = [info.batchSize, info.outChannels];
  const dyShape: [number, number, number, number] = c.dataFormat === 'NHWC'
    ? [n, info.outHeight, info.outWidth, co] : [n, co, info.outHeight, info.outWidth];
  const name = `x${c.xShape.join('x')} f${c.filterShape.join('x')} s${String(c.strides)} d${String(c.dilations)} ` +
    `pad ${JSON.stringify(c.pad)} ${c.dataFormat}${c.dimRoundingMode ? ` ${c.dimRoundingMode}` : ''}`;
  return {...c, name, dyShape};
}

/** The grid: shapes × filters × strides × paddings × data formats (dilation 1). */
export function strideGrid(formats: ReadonlyArray<'NHWC' | 'NCHW'> = ['NHWC', 'NCHW']): ConvCase[] {
  const cases: ConvCase[] = [];
  const spatial: Array<[number, number]> = [[7, 6], [8, 8], [5, 9]];
  const filters: Array<[number, number]> = [[1, 1], [3, 3], [2, 3], [5, 5]];
  const strides: Array<number | [number, number]> = [1, 2, 3, [1, 2], [2, 1]];
  const pads: Pad[] = ['valid', 'same', 1, [[0, 0], [2, 0], [1, 3], [0, 0]], [[0, 0], [0, 1], [0, 0], [0, 0]]];
  for (const dataFormat of formats) {
    for (const [h, w] of spatial) {
      for (const [kh, kw] of filters) {
        for (const s of strides) {
          for (const pad of pads) {
            const explicit = Array.isArray(pad) && dataFormat === 'NCHW'
              ? [[0, 0], [0, 0], pad[1], pad[2]] as tf.backend_util.ExplicitPadding : pad;
            const c = makeCase({
              xShape: dataFormat === 'NHWC' ? [2, h, w, 3] : [2, 3, h, w], filterShape: [kh, kw, 3, 4],
              strides: s, dilations: 1, pad: explicit, dataFormat,
            });
            if (c) cases.push(c);
          }
        }
      }
    }
  }
  return cases;
}

/** Cases with dilation above 1 (stride 1, as tfjs's conv2d requires), for the finite-difference checks. */
export function dilationGrid(): ConvCase[] {
  const out: ConvCase[] = [];
  for (const dilations of [2, [2, 3], [1, 2]] as Array<number | [number, number]>) {
    for (const pad of ['valid', 'same', [[0, 0], [1, 2], [3, 0], [0, 0]]] as Pad[]) {
      for (const filterShape of [[3, 3, 2, 3], [2, 1, 2, 3]] as Array<[number, number, number, number]>) {
        const c = makeCase({xShape: [2, 7, 8, 2], filterShape, strides: 1, dilations, pad, dataFormat: 'NHWC'});
        if (c) out.push(c);
      }
    }
  }
  return out;
}

/** A tensor of seeded standard-normal values. */
export function seeded(shape: readonly number[], seed: number): tf.Tensor {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({length: size}, () => rng.normal()), [...shape], 'float32');
}

/** Largest |a − b| relative to 1 + max |b|. */
export function relError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let scale = 0;
  let err = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i] as number));
    err = Math.max(err, Math.abs((actual[i] as number) - (expected[i] as number)));
  }
  return err / (1 + scale);
}

/**
 * Gradient of L = Σ conv2d(x, w)·dy with respect to `which`, by central differences of the forward op.
 * L is linear in x and in w, so the differences are exact up to float32 rounding for any step.
 */
export function finiteDifferenceGrad(
  c: ConvCase, x: tf.Tensor, w: tf.Tensor, dy: tf.Tensor, which: 'x' | 'filter', step = 0.5,
): Float32Array {
  const target = which === 'x' ? x : w;
  const base = target.dataSync() as Float32Array;
  const out = new Float32Array(base.length);
  const loss = (values: Float32Array): number => tf.tidy(() => {
    const t = tf.tensor(values, target.shape, 'float32');
    const y = tf.conv2d((which === 'x' ? t : x) as tf.Tensor4D, (which === 'x' ? w : t) as tf.Tensor4D,
      c.strides, c.pad, c.dataFormat, c.dilations, c.dimRoundingMode);
    return tf.sum(tf.mul(y, dy)).dataSync()[0] as number;
  });
  const probe = Float32Array.from(base);
  for (let i = 0; i < base.length; i++) {
    probe[i] = (base[i] as number) + step;
    const up = loss(probe);
    probe[i] = (base[i] as number) - step;
    const down = loss(probe);
    probe[i] = base[i] as number;
    out[i] = (up - down) / (2 * step);
  }
  return out;
}

/** Runs the `Conv2DBackpropFilter` kernel of the active backend. */
export function runFilterGrad(c: ConvCase, x: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropFilter', {x, dy}, {
    strides: c.strides, pad: c.pad, dataFormat: c.dataFormat, dimRoundingMode: c.dimRoundingMode,
    filterShape: c.filterShape, ...(c.dilations === 1 ? {} : {dilations: c.dilations}),
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Runs the `Conv2DBackpropInput` kernel of the active backend. */
export function runInputGrad(c: ConvCase, dy: tf.Tensor, w: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropInput', {dy, filter: w}, {
    strides: c.strides, pad: c.pad, dataFormat: c.dataFormat, dimRoundingMode: c.dimRoundingMode,
    inputShape: c.xShape, ...(c.dilations === 1 ? {} : {dilations: c.dilations}),
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Activates `name` (importing the wasm package when needed) and returns the previous backend. */
export async function useBackend(name: string): Promise<string> {
  const previous = tf.getBackend();
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} is not available`);
  await tf.ready();
  return previous;
}

/**
 * Both gradients by direct summation in float64 (any stride and dilation together), for the cases the forward
 * op cannot express.
 */
export function bruteForceGrads(c: ConvCase, x: tf.Tensor, w: tf.Tensor, dy: tf.Tensor): {dx: Float64Array; dw: Float64Array} {
  const nhwc = c.dataFormat === 'NHWC';
  const info = tf.backend_util.computeConv2DInfo(c.xShape, c.filterShape, c.strides, c.dilations, c.pad,
    c.dimRoundingMode, false, nhwc ? 'channelsLast' : 'channelsFirst');
  const {batchSize: n, inHeight: h, inWidth: wd, inChannels: ci, outChannels: co, outHeight: ho, outWidth: wo} = info;
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const xv = x.dataSync();
  const wv = w.dataSync();
  const gv = dy.dataSync();
  const xAt = (b: number, r: number, col: number, i: number) => nhwc ? ((b * h + r) * wd + col) * ci + i : ((b * ci + i) * h + r) * wd + col;
  const gAt = (b: number, p: number, q: number, o: number) => nhwc ? ((b * ho + p) * wo + q) * co + o : ((b * co + o) * ho + p) * wo + q;
  const dx = new Float64Array(xv.length);
  const dw = new Float64Array(wv.length);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < ho; p++) {
      for (let q = 0; q < wo; q++) {
        for (let a = 0; a < kh; a++) {
          const r = p * info.strideHeight + a * info.dilationHeight - info.padInfo.top;
          if (r < 0 || r >= h) continue;
          for (let e = 0; e < kw; e++) {
            const col = q * info.strideWidth + e * info.dilationWidth - info.padInfo.left;
            if (col < 0 || col >= wd) continue;
            for (let i = 0; i < ci; i++) {
              for (let o = 0; o < co; o++) {
                const g = gv[gAt(b, p, q, o)] as number;
                const wi = ((a * kw + e) * ci + i) * co + o;
                dw[wi] = (dw[wi] as number) + (xv[xAt(b, r, col, i)] as number) * g;
                dx[xAt(b, r, col, i)] = (dx[xAt(b, r, col, i)] as number) + (wv[wi] as number) * g;
              }
            }
          }
        }
      }
    }
  }
  return {dx, dw};
}
