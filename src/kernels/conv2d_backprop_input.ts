/**
 * `Conv2DBackpropInput` computed with the backend's own forward `Conv2D`.
 *
 * The input gradient of a convolution is a "full" correlation of the output gradient with the filter rotated by
 * 180° and its channel axes swapped. With stride 1, dilation `d` and top padding `t`,
 *
 *     dx[n,r,c,i] = Σ_{a,b,o} dy[n, r + t − a·d, c + l − b·d, o] · W[a,b,i,o],
 *
 * a stride-1 forward `Conv2D` of `dy` with `reverse(transpose(W, [0,1,3,2]), [0,1])`, dilation `d` and explicit
 * padding `(kh−1)·d − t` on top (rows of `dy` whose windows lie wholly in the padding are cropped instead).
 *
 * With stride `s > 1` the rows of `dx` split into `s` phases `r = s·u + φ`; each phase only meets the filter
 * taps `a ≡ (φ + t) mod s`, so it is a stride-1 correlation of `dy` with that sub-filter (polyphase
 * decomposition; the sub-filters are rank-4 `Slice`s of the filter padded to whole strides). The `sh·sw` phase
 * results are interleaved back with `PadV2`, `Concat` and `Reshape`. This costs the same arithmetic as the
 * direct sum, unlike inserting `s − 1` zeros between the rows of `dy`. The 180° rotation is applied to the
 * filter or, when the filter is larger, to `dy` and `dx` (`corr(x, rot(w)) = rot(corr(rot(x), w))` with the
 * paddings swapped): the wasm `Reverse` copies element by element.
 * Reference: TensorFlow's `conv_grad_input_ops`; the transposed-convolution arithmetic of Dumoulin & Visin,
 * "A guide to convolution arithmetic for deep learning" (arXiv:1603.07285), §4.
 *
 * This pays off where the backend's forward convolution is much faster than its `Conv2DBackpropInput`: the wasm
 * backend (XNNPACK convolution against a plain C loop). On the CPU backend the stock kernel is faster.
 *
 * Deviation: results agree with the stock kernel to float32 rounding, not bit for bit.
 * Deviation: an optional `dilations` attribute is honoured (tfjs-core never passes one); stride and dilation
 * both above 1 (which tfjs's `conv2d` op rejects) falls back to inserting zeros between the rows of `dy`.
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../errors';
import {KernelCalls} from './kernel_calls';

/** Attributes of the `Conv2DBackpropInput` kernel, plus the optional dilation. @internal */
export interface Conv2DBackpropInputKernelAttrs {
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly inputShape: [number, number, number, number];
  readonly dilations?: number | [number, number];
}

const COMPONENT = 'Conv2DBackpropInput';

/**
 * The kernel function for `backendName`: `{inputs: {dy, filter}, attrs}` → `dx` of shape `inputShape`.
 * @internal
 */
export function conv2dBackpropInputKernel(backendName: string): tf.KernelFunc {
  return ({inputs, backend, attrs}) => {
    const {dy, filter} = inputs as unknown as {dy: tf.TensorInfo; filter: tf.TensorInfo};
    return conv2dBackpropInput(dy, filter, attrs as unknown as Conv2DBackpropInputKernelAttrs, backend as tf.KernelBackend, backendName);
  };
}

/** One spatial axis of the problem. */
interface Axis {
  /** Input size (rows of dx). */
  readonly size: number;
  /** Output size (rows of dy). */
  readonly out: number;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  /** Leading padding of the forward op. */
  readonly pad: number;
}

/** Computes the input gradient with `backend`'s stock kernels; frees every intermediate. @internal */
export function conv2dBackpropInput(
  dy: tf.TensorInfo, filter: tf.TensorInfo, attrs: Conv2DBackpropInputKernelAttrs,
  backend: tf.KernelBackend, backendName: string,
): tf.TensorInfo {
  const channelsLast = (attrs.dataFormat ?? 'NHWC') === 'NHWC';
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, attrs.dilations ?? 1,
    attrs.pad, attrs.dimRoundingMode, false, channelsLast ? 'channelsLast' : 'channelsFirst');
  const {batchSize: n, inChannels: ci, outChannels: co} = info;
  const rows: Axis = {size: info.inHeight, out: info.outHeight, kernel: info.filterHeight,
    stride: info.strideHeight, dilation: info.dilationHeight, pad: info.padInfo.top};
  const cols: Axis = {size: info.inWidth, out: info.outWidth, kernel: info.filterWidth,
    stride: info.strideWidth, dilation: info.dilationWidth, pad: info.padInfo.left};
  const expectedDy = channelsLast ? [n, rows.out, cols.out, co] : [n, co, rows.out, cols.out];
  if (dy.shape.length !== 4 || dy.shape.some((v, i) => v !== expectedDy[i])) {
    throw new ShapeError(
      `${COMPONENT}: \`dy\` must have shape [${expectedDy.join(',')}] for input [${attrs.inputShape.join(',')}] and ` +
        `filter [${filter.shape.join(',')}]; got [${dy.shape.join(',')}]. Pass the gradient of this convolution's output.`);
  }
  const calls = new KernelCalls(backend, backendName, COMPONENT);
  try {
    const nhwc = [n, rows.size, cols.size, ci];
    let dx: tf.TensorInfo;
    if (n * rows.size * cols.size * ci === 0 || rows.out === 0 || cols.out === 0) {
      dx = calls.zeros(nhwc);
    } else {
      const g = calls.transpose(dy, channelsLast ? [0, 1, 2, 3] : [0, 2, 3, 1]); // [N, Ho, Wo, Co]
      const w = calls.transpose(filter, [0, 1, 3, 2]); // [kh, kw, Co, Ci]
      const strided = rows.stride > 1 || cols.stride > 1;
      const dilated = rows.dilation > 1 || cols.dilation > 1;
      // The filter must be rotated by 180°; `Reverse` is slow on wasm, so reverse whichever is smaller: the
      // filter, or dy and dx (correlate(x, rot(w)) = rot(correlate(rot(x), w)) with the paddings swapped).
      const flip = new Flipper(calls, g, rows.kernel * cols.kernel > 1 &&
        rows.kernel * cols.kernel * co * ci > tf.util.sizeFromShape(g.shape) + n * rows.size * cols.size * ci);
      dx = strided && !dilated
        ? polyphase(calls, flip, w, rows, cols, n, ci)
        : fullCorrelation(strided ? new Flipper(calls, insertZeros(calls, g, rows, cols, n, co), flip.activations) : flip,
          w, rows, cols, n, ci);
    }
    return calls.keep(channelsLast ? dx : calls.transpose(dx, [0, 3, 1, 2]));
  } finally {
    calls.dispose();
  }
}

/**
 * Rotates by 180° either the filter or the activations around a correlation (see {@link Flipper.correlate}),
 * keeping the flipped `g` for reuse across stride phases.
 */
class Flipper {
  private flippedG: tf.TensorInfo | undefined;

  constructor(private readonly calls: KernelCalls, readonly g: tf.TensorInfo, readonly activations: boolean) {}

  /**
   * `correlate(g, rot180(filter))` with explicit padding `[top, bottom, left, right]`, computed as
   * `rot180(correlate(rot180(g), filter))` with swapped paddings when `activations` is set.
   */
  correlate(filter: tf.TensorInfo, pads: readonly [number, number, number, number], dilations: readonly [number, number],
    outShape: readonly number[]): tf.TensorInfo {
    const [kh, kw] = filter.shape as [number, number];
    if (kh * kw === 1) return correlate(this.calls, this.g, filter, pads, dilations, outShape); // rot180 is the identity
    if (!this.activations) {
      return correlate(this.calls, this.g, this.calls.run('Reverse', {x: filter}, {dims: [0, 1]}), pads, dilations, outShape);
    }
    this.flippedG ??= this.calls.run('Reverse', {x: this.g}, {dims: [1, 2]});
    const out = correlate(this.calls, this.flippedG, filter, [pads[1], pads[0], pads[3], pads[2]], dilations, outShape);
    return this.calls.run('Reverse', {x: out}, {dims: [1, 2]});
  }
}

/**
 * Stride-1 correlation of `g` (`[N, R, C, Co]`, row `j` of it sitting at row `j·s` of the gradient) with the
 * rotated filter `w` (`[kh, kw, Co, Ci]`), giving `[N, size, size, Ci]`. `g` has `s·out` rows when zeros were
 * inserted, else `out`.
 */
function fullCorrelation(flip: Flipper, w: tf.TensorInfo, rows: Axis, cols: Axis, n: number, ci: number): tf.TensorInfo {
  const [gRows, gCols] = [flip.g.shape[1] as number, flip.g.shape[2] as number];
  const padTop = (rows.kernel - 1) * rows.dilation - rows.pad;
  const padLeft = (cols.kernel - 1) * cols.dilation - cols.pad;
  const padBottom = rows.size - gRows + rows.pad;
  const padRight = cols.size - gCols + cols.pad;
  return flip.correlate(w, [padTop, padBottom, padLeft, padRight], [rows.dilation, cols.dilation], [n, rows.size, cols.size, ci]);
}

/**
 * `Conv2D(g, filter)` at stride 1 with explicit padding `[top, bottom, left, right]`, where a negative amount
 * crops rows/columns of `g` that meet only padding. Returns zeros of `outShape` when nothing is left.
 */
function correlate(
  calls: KernelCalls, g: tf.TensorInfo, filter: tf.TensorInfo, pads: readonly [number, number, number, number],
  dilations: readonly [number, number], outShape: readonly number[],
): tf.TensorInfo {
  const [n, gRows, gCols, co] = g.shape as [number, number, number, number];
  const crop = pads.map((p) => Math.max(0, -p)) as [number, number, number, number];
  let x = g;
  if (crop.some((c) => c > 0)) {
    const keepRows = gRows - crop[0] - crop[1];
    const keepCols = gCols - crop[2] - crop[3];
    if (keepRows <= 0 || keepCols <= 0) return calls.zeros(outShape);
    x = calls.run('Slice', {x: g}, {begin: [0, crop[0], crop[2], 0], size: [n, keepRows, keepCols, co]});
  }
  const [top, bottom, left, right] = pads.map((p) => Math.max(0, p));
  return calls.run('Conv2D', {x, filter}, {
    strides: [1, 1],
    dilations: [...dilations],
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
    dataFormat: 'NHWC',
  });
}

/** `[N, Ho, Wo, Co]` → `[N, Ho·sh, Wo·sw, Co]` with `s − 1` zeros after every row and column. */
function insertZeros(calls: KernelCalls, g: tf.TensorInfo, rows: Axis, cols: Axis, n: number, co: number): tf.TensorInfo {
  const padded = calls.run('PadV2', {x: calls.reshape(g, [n, rows.out, 1, cols.out, 1, co])}, {
    paddings: [[0, 0], [0, 0], [0, rows.stride - 1], [0, 0], [0, cols.stride - 1], [0, 0]],
    constantValue: 0,
  });
  return calls.reshape(padded, [n, rows.out * rows.stride, cols.out * cols.stride, co]);
}

/** Phase `φ` of an axis: the taps `a = s·m + ρ` it meets, its dy offset and its number of rows. */
function phaseOf(axis: Axis, phi: number): {rho: number; taps: number; shift: number; count: number} {
  const rho = (phi + axis.pad) % axis.stride;
  const taps = rho < axis.kernel ? Math.ceil((axis.kernel - rho) / axis.stride) : 0;
  const shift = Math.floor((phi + axis.pad) / axis.stride);
  const count = Math.max(0, Math.ceil((axis.size - phi) / axis.stride));
  return {rho, taps, shift, count};
}

/**
 * Polyphase input gradient (dilation 1): phase (φ, ψ) of dx is
 * `dx[n, s·u + φ, ·] = Σ_m dy[n, u + shift − m, ·] · W[s·m + ρ, ·]`, a stride-1 correlation with a flipped
 * sub-filter; the phases are then interleaved.
 */
function polyphase(
  calls: KernelCalls, flip: Flipper, w: tf.TensorInfo, rows: Axis, cols: Axis, n: number, ci: number,
): tf.TensorInfo {
  const [kh, kw, co] = w.shape as [number, number, number, number];
  const maxRows = Math.ceil(rows.size / rows.stride);
  const maxCols = Math.ceil(cols.size / cols.stride);
  const phaseShape = [n, maxRows, maxCols, ci];
  // Sub-filters W[s·m + ρ, s·m' + σ] as rank-4 Slices of the filter padded to whole strides and viewed as
  // [Mh, sh, Mw, sw·Co·Ci] (StridedSlice and high-rank Slice copy element by element on wasm).
  const [mh, mw] = [Math.ceil(kh / rows.stride), Math.ceil(kw / cols.stride)];
  const wPadded = mh * rows.stride === kh && mw * cols.stride === kw ? w : calls.run('PadV2', {x: w}, {
    paddings: [[0, mh * rows.stride - kh], [0, mw * cols.stride - kw], [0, 0], [0, 0]], constantValue: 0,
  });
  const wBlocks = calls.reshape(wPadded, [mh, rows.stride, mw, cols.stride * co * ci]);
  const rowBands: tf.TensorInfo[] = [];
  for (let phi = 0; phi < rows.stride; phi++) {
    const r = phaseOf(rows, phi);
    const band: tf.TensorInfo[] = [];
    for (let psi = 0; psi < cols.stride; psi++) {
      const c = phaseOf(cols, psi);
      let phase: tf.TensorInfo;
      if (r.taps === 0 || c.taps === 0 || r.count === 0 || c.count === 0) {
        phase = calls.zeros(phaseShape);
      } else {
        const sub = calls.reshape(calls.run('Slice', {x: wBlocks}, {
          begin: [0, r.rho, 0, c.rho * co * ci], size: [r.taps, 1, c.taps, co * ci],
        }), [r.taps, c.taps, co, ci]);
        const pads: [number, number, number, number] = [
          r.taps - 1 - r.shift, r.count - rows.out + r.shift, c.taps - 1 - c.shift, c.count - cols.out + c.shift];
        phase = flip.correlate(sub, pads, [1, 1], [n, r.count, c.count, ci]); // [N, count_r, count_c, Ci]
        if (r.count < maxRows || c.count < maxCols) {
          phase = calls.run('PadV2', {x: phase}, {
            paddings: [[0, 0], [0, maxRows - r.count], [0, maxCols - c.count], [0, 0]], constantValue: 0,
          });
        }
      }
      band.push(calls.reshape(phase, [n, maxRows, 1, maxCols, 1, ci]));
    }
    rowBands.push(band.length === 1 ? band[0] as tf.TensorInfo : calls.run('Concat', band, {axis: 4}));
  }
  const woven = rowBands.length === 1 ? rowBands[0] as tf.TensorInfo : calls.run('Concat', rowBands, {axis: 2});
  const full = calls.reshape(woven, [n, maxRows * rows.stride, maxCols * cols.stride, ci]);
  if (maxRows * rows.stride === rows.size && maxCols * cols.stride === cols.size) return full;
  return calls.run('Slice', {x: full}, {begin: [0, 0, 0, 0], size: [n, rows.size, cols.size, ci]});
}
