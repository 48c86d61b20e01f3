/**
 * `MaxPoolGrad` from the backend's gather, arg-max and scatter kernels.
 *
 * The gradient of a max pool sends each output gradient `dy[n,p,q,c]` to the first position of its window
 * (in row-major scan order) holding the window's maximum; positions shared by several windows sum their
 * shares. Reference: TensorFlow's `MaxPoolGrad` and tfjs's CPU kernel
 * (`tfjs-backend-cpu/src/kernels/MaxPoolGrad.ts`), which pick the first maximum the same way.
 *
 * Built as: pad the input with `-Infinity` (padding never wins) to whole strides and lay it out position-major
 * (`[Hp/sh, sh, Wp/sw, sw·N·C]`), where tap `(a, b)` of every window is one `Slice`; the `K = kh·kw` taps,
 * concatenated to `[K, Ho·Wo·N·C]`, go through `ArgMax`, which picks the first maximum (recomputed from the
 * input, as the CPU kernel does: the pooled `output` input is only shape-checked); its `OneHot` times `dy` gives
 * every tap's share, and one `ScatterNd` with a host-computed table of tap positions sums the shares back.
 *
 * Why: the stock wasm kernel (tfjs-backend-wasm 4.22, `cc/kernels/MaxPoolGrad.cc`) starts its running maximum
 * at `std::numeric_limits<float>::min()`, the smallest *positive* float, instead of the lowest one, so in every
 * window whose values are all ≤ 0 it sends the gradient to the wrong place, and it picks the last maximum
 * instead of the first. Keras's ResNetV2 max-pools raw, un-activated tensors (the stem pool and the 1×1/stride-2
 * shortcut pools), where such windows are common.
 *
 * Deviation: a window whose values are all `-Infinity` or `NaN` sends its gradient to its first tap (dropped if
 * that tap is padding), where the CPU kernel drops it.
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../errors';
import {KernelCalls} from './kernel_calls';

/** Attributes of the `MaxPoolGrad` kernel. @internal */
export interface MaxPoolGradKernelAttrs {
  readonly filterSize: number | [number, number];
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const COMPONENT = 'MaxPoolGrad';

/**
 * The kernel function for `backendName`: `{inputs: {dy, input, output}, attrs}` → `dx` shaped like `input`.
 * @internal
 */
export function maxPoolGradKernel(backendName: string): tf.KernelFunc {
  return ({inputs, backend, attrs}) => {
    const {dy, input, output} = inputs as unknown as {dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo};
    return maxPoolGrad(dy, input, output, attrs as unknown as MaxPoolGradKernelAttrs, backend as tf.KernelBackend, backendName);
  };
}

/** Computes the max-pool input gradient with `backend`'s stock kernels; frees every intermediate. @internal */
export function maxPoolGrad(
  dy: tf.TensorInfo, x: tf.TensorInfo, y: tf.TensorInfo, attrs: MaxPoolGradKernelAttrs,
  backend: tf.KernelBackend, backendName: string,
): tf.TensorInfo {
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const {batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo} = info;
  const [kh, kw] = [info.effectiveFilterHeight, info.effectiveFilterWidth];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const {top, left} = info.padInfo;
  const outShape = [n, ho, wo, c];
  for (const [name, t] of [['dy', dy], ['output', y]] as const) {
    if (t.shape.length !== 4 || t.shape.some((v, i) => v !== outShape[i])) {
      throw new ShapeError(
        `${COMPONENT}: \`${name}\` must have shape [${outShape.join(',')}] for input [${x.shape.join(',')}]; ` +
          `got [${t.shape.join(',')}]. Pass the pooled output and its gradient.`);
    }
  }
  const calls = new KernelCalls(backend, backendName, COMPONENT);
  try {
    if (n * h * w * c === 0 || ho === 0 || wo === 0) return calls.keep(calls.zeros(x.shape));
    // Padded extent: covers the input and every window (windows may reach past the declared padding), rounded
    // up to whole strides so that a tap of every window is one rank-4 Slice of a [Hp/sh, sh, Wp/sw, sw·N·C] view
    // (rank 4: the wasm Slice has no fast path above; its GatherV2 copies element by element).
    const hp = Math.ceil(Math.max(top + h, (ho - 1) * sh + kh) / sh) * sh;
    const wp = Math.ceil(Math.max(left + w, (wo - 1) * sw + kw) / sw) * sw;
    const nc = n * c;
    const k = kh * kw;
    const padded = top === 0 && left === 0 && hp === h && wp === w ? x : calls.run('PadV2', {x}, {
      paddings: [[0, 0], [top, hp - top - h], [left, wp - left - w], [0, 0]], constantValue: -Infinity,
    });
    const grid = calls.reshape(calls.transpose(padded, [1, 2, 0, 3]), [hp / sh, sh, wp / sw, sw * nc]); // position-major
    // Flat padded position of tap (a, b) of window (p, q), taps outermost: entry t·Ho·Wo + p·Wo + q.
    const table = new Int32Array(k * ho * wo);
    const taps: tf.TensorInfo[] = [];
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const base = (a * kw + b) * ho * wo;
        for (let p = 0; p < ho; p++) {
          for (let q = 0; q < wo; q++) table[base + p * wo + q] = (p * sh + a) * wp + q * sw + b;
        }
        if (k > 1) {
          const [ba, ra, bb, rb] = [Math.floor(a / sh), a % sh, Math.floor(b / sw), b % sw];
          taps.push(calls.reshape(
            calls.run('Slice', {x: grid}, {begin: [ba, ra, bb, rb * nc], size: [ho, 1, wo, nc]}), [1, ho * wo * nc]));
        }
      }
    }
    const index = calls.constant(table, [k * ho * wo, 1]);
    const windows = ho * wo * nc;
    const dyRows = calls.reshape(calls.transpose(dy, [1, 2, 0, 3]), [1, windows]); // same (p, q, n, c) order
    let shares: tf.TensorInfo;
    if (k === 1) {
      shares = dyRows; // a 1×1 window: its only tap takes everything
    } else {
      const winner = calls.run('ArgMax', {x: calls.run('Concat', taps, {axis: 0})}, {axis: 0}); // first max, [windows]
      // OneHot as int32 and cast: the wasm OneHot writes int32 whatever dtype it is asked for.
      const oneHot = calls.run('OneHot', {indices: winner}, {depth: k, onValue: 1, offValue: 0, dtype: 'int32'});
      const mask = calls.transpose(calls.run('Cast', {x: oneHot}, {dtype: 'float32'}), [1, 0]); // [K, windows]
      shares = calls.run('Multiply', {a: mask, b: dyRows});
    }
    const summed = calls.run('ScatterNd', {
      indices: index,
      updates: calls.reshape(shares, [k * ho * wo, nc]),
    }, {shape: [hp * wp, nc]}); // duplicate positions are summed
    const dxPadded = calls.transpose(calls.reshape(summed, [hp, wp, n, c]), [2, 0, 1, 3]);
    if (top === 0 && left === 0 && hp === h && wp === w) return calls.keep(dxPadded);
    return calls.keep(calls.run('Slice', {x: dxPadded}, {begin: [0, top, left, 0], size: [n, h, w, c]}));
  } finally {
    calls.dispose();
  }
}
