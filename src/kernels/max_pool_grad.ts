/**
 * `MaxPoolGrad` from the backend's data-movement and comparison kernels.
 *
 * The gradient of a max pool sends each output gradient `dy[n,p,q,c]` to the first position of its window
 * (in row-major scan order) whose input equals the pooled maximum `y[n,p,q,c]`; positions hit by several
 * windows sum their shares. Reference: TensorFlow's `MaxPoolGrad` and tfjs's CPU kernel
 * (`tfjs-backend-cpu/src/kernels/MaxPoolGrad.ts`), which pick the first maximum the same way.
 *
 * It is built tap by tap: the input is padded with `-Infinity` (so padding never wins) to a multiple of the
 * stride, so that tap `(a, b)` of every window is two plain `Slice`s of its `[N, Hp/sh, sh, Wp·C]` and
 * `[N·Ho, Wp/sw, sw, C]` views (rank 4: the wasm `Slice` has no fast path above rank 4).
 * The taps are stacked into a `[K, P]` matrix (K taps, P windows); `ArgMax` over the taps gives the first
 * maximum of each window (recomputed from the input like the CPU kernel does: the pooled `output` input is only
 * shape-checked); its `OneHot` times `dy` is each tap's share, which `PadV2` shifts into the block grid of the
 * tap's stride phase; `AddN` sums the taps of each phase, and `Concat` + `Reshape` interleave the phases.
 *
 * Why: the stock wasm kernel (tfjs-backend-wasm 4.22, `cc/kernels/MaxPoolGrad.cc`) starts its running maximum
 * at `std::numeric_limits<float>::min()`, the smallest *positive* float, instead of the lowest one, so in every
 * window whose values are all ≤ 0 it sends the gradient to the wrong place, and it picks the last maximum
 * instead of the first. Keras's ResNetV2 max-pools raw, un-activated tensors (the stem pool and the 1×1/stride-2
 * shortcut pools), where such windows are common.
 *
 * Deviation: a window whose maximum is `-Infinity` or `NaN` passes no gradient (as the CPU kernel does for a
 * `-Infinity` maximum).
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
    // Padded extent: a multiple of the stride, covering the input and the last window's last tap.
    const blocksH = Math.max(Math.ceil((top + h) / sh), ho + Math.floor((kh - 1) / sh));
    const blocksW = Math.max(Math.ceil((left + w) / sw), wo + Math.floor((kw - 1) / sw));
    const [hp, wp] = [blocksH * sh, blocksW * sw];
    const xPadded = calls.run('PadV2', {x}, {
      paddings: [[0, 0], [top, hp - top - h], [left, wp - left - w], [0, 0]], constantValue: -Infinity,
    });
    // Rank-4 views only: the wasm Slice kernel falls back to a per-element loop above rank 4.
    const rowBlocks = calls.reshape(xPadded, [n, blocksH, sh, wp * c]);
    // Every tap of every window, as rows of a [K, P] matrix (K = kh·kw taps, P = N·Ho·Wo·C windows).
    const positions = n * ho * wo * c;
    const taps: Array<{tap: tf.TensorInfo; ba: number; ra: number; bb: number; rb: number}> = [];
    for (let a = 0; a < kh; a++) {
      const [ba, ra] = [Math.floor(a / sh), a % sh];
      const rowsOfTap = calls.reshape(
        calls.run('Slice', {x: rowBlocks}, {begin: [0, ba, ra, 0], size: [n, ho, 1, wp * c]}), [n * ho, blocksW, sw, c]);
      for (let b = 0; b < kw; b++) {
        const [bb, rb] = [Math.floor(b / sw), b % sw];
        const tap = calls.reshape(
          calls.run('Slice', {x: rowsOfTap}, {begin: [0, bb, rb, 0], size: [n * ho, wo, 1, c]}), [1, positions]);
        taps.push({tap, ba, ra, bb, rb});
      }
    }
    const k = taps.length;
    const stacked = k === 1 ? (taps[0] as {tap: tf.TensorInfo}).tap : calls.run('Concat', taps.map((t) => t.tap), {axis: 0});
    // The first maximal tap of each window (ArgMax keeps the first of equal values; the window maximum is
    // recomputed from the input, as the CPU kernel does, rather than read from `output`), one-hot encoded
    // (as int32, then cast: the wasm OneHot writes int32 whatever dtype it is asked for) and times dy.
    const winner = calls.run('ArgMax', {x: stacked}, {axis: 0}); // [P] int32
    const mask = calls.transpose(
      calls.run('Cast', {x: calls.run('OneHot', {indices: winner}, {depth: k, onValue: 1, offValue: 0, dtype: 'int32'})},
        {dtype: 'float32'}),
      [1, 0]); // [K, P]
    const shares = calls.run('Multiply', {a: mask, b: calls.reshape(dy, [1, positions])}); // [K, P]
    // Each tap's share goes to the block grid of its stride phase (ra, rb), shifted by its block offset.
    const phases = new Map<string, tf.TensorInfo[]>();
    taps.forEach(({ba, ra, bb, rb}, t) => {
      const share = calls.reshape(calls.run('Slice', {x: shares}, {begin: [t, 0], size: [1, positions]}), outShape);
      const placed = calls.run('PadV2', {x: share}, {
        paddings: [[0, 0], [ba, blocksH - ho - ba], [bb, blocksW - wo - bb], [0, 0]], constantValue: 0,
      }); // [N, blocksH, blocksW, C]
      const key = `${ra},${rb}`;
      phases.set(key, [...(phases.get(key) ?? []), placed]);
    });
    const phaseShape = [n, blocksH, 1, blocksW, 1, c];
    const bands: tf.TensorInfo[] = [];
    for (let ra = 0; ra < sh; ra++) {
      const band: tf.TensorInfo[] = [];
      for (let rb = 0; rb < sw; rb++) {
        const list = phases.get(`${ra},${rb}`) ?? [];
        const sum = list.length === 0 ? calls.zeros([n, blocksH, blocksW, c])
          : list.length === 1 ? list[0] as tf.TensorInfo : calls.run('AddN', list);
        band.push(calls.reshape(sum, phaseShape));
      }
      bands.push(band.length === 1 ? band[0] as tf.TensorInfo : calls.run('Concat', band, {axis: 4}));
    }
    const summed = bands.length === 1 ? bands[0] as tf.TensorInfo : calls.run('Concat', bands, {axis: 2});
    const dxPadded = calls.reshape(summed, [n, hp, wp, c]);
    if (hp === h && wp === w) return calls.keep(dxPadded); // no padding (top = left = 0 then): shares `summed`
    return calls.keep(calls.run('Slice', {x: dxPadded}, {begin: [0, top, left, 0], size: [n, h, w, c]}));
  } finally {
    calls.dispose();
  }
}
