/**
 * `Conv2DBackpropFilter` computed with the backend's own forward kernels.
 *
 * The filter gradient of a 2-D convolution is itself a convolution: with `x` the layer input `[N,H,W,Ci]`,
 * `dy` the output gradient `[N,Ho,Wo,Co]`, stride `s` and dilation `d`,
 *
 *     dW[a,b,i,o] = Σ_{n,p,q} xPadded[n, p·s + a·d, q·s + b·d, i] · dy[n,p,q,o],
 *
 * which is a forward `Conv2D` of `x` transposed to `[Ci,H,W,N]` (the input channels become the batch, the batch
 * becomes the channels) with `dy` transposed to `[Ho,Wo,N,Co]` as the filter, using stride `d`, dilation `s` and
 * the forward op's top/left padding; its `[Ci,kh,kw,Co]` output transposed to `[kh,kw,Ci,Co]` is `dW`. Rows and
 * columns of `x` the forward convolution never read are cropped first, and the bottom/right padding is the
 * exact amount the last window needs, so the result has exactly the filter's spatial size. A 1×1 filter
 * without padding is a plain matrix product `xᵀ·dy` over the `N·Ho·Wo` positions (one `BatchMatMul`).
 *
 * This is the identity used by every framework's autodiff (e.g. TensorFlow's `conv_grad_filter_ops`); the
 * stock tfjs CPU kernel evaluates the sum element by element through `TensorBuffer.get`, which is why it
 * dominates a training step, and the stock wasm backend has no such kernel.
 *
 * Deviation: floating-point sums are accumulated in a different order than in the stock kernel, so results
 * agree to float32 rounding (about 1e-6 relative), not bit for bit.
 * Deviation: the kernel also honours an optional `dilations` attribute (tfjs-core's own attributes for this
 * kernel have none, and its `Conv2D` gradient rejects dilations above 1 before any kernel runs).
 *
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {ShapeError} from '../errors';
import {KernelCalls} from './kernel_calls';

/** Attributes of the `Conv2DBackpropFilter` kernel, plus the optional dilation. @internal */
export interface Conv2DBackpropFilterKernelAttrs {
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly filterShape: [number, number, number, number];
  readonly dilations?: number | [number, number];
}

const COMPONENT = 'Conv2DBackpropFilter';

/**
 * The kernel function for `backendName`: `{inputs: {x, dy}, attrs}` → `dW` of shape `filterShape`.
 * @internal
 */
export function conv2dBackpropFilterKernel(backendName: string): tf.KernelFunc {
  return ({inputs, backend, attrs}) => {
    const {x, dy} = inputs as unknown as {x: tf.TensorInfo; dy: tf.TensorInfo};
    return conv2dBackpropFilter(x, dy, attrs as unknown as Conv2DBackpropFilterKernelAttrs, backend as tf.KernelBackend, backendName);
  };
}

/** Computes the filter gradient with `backend`'s stock kernels; frees every intermediate. @internal */
export function conv2dBackpropFilter(
  x: tf.TensorInfo, dy: tf.TensorInfo, attrs: Conv2DBackpropFilterKernelAttrs,
  backend: tf.KernelBackend, backendName: string,
): tf.TensorInfo {
  const channelsLast = (attrs.dataFormat ?? 'NHWC') === 'NHWC';
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, attrs.dilations ?? 1,
    attrs.pad, attrs.dimRoundingMode, false, channelsLast ? 'channelsLast' : 'channelsFirst');
  const {batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outChannels: co} = info;
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [dh, dw] = [info.dilationHeight, info.dilationWidth];
  const {top, left} = info.padInfo;
  const expectedDy = channelsLast ? [n, info.outHeight, info.outWidth, co] : [n, co, info.outHeight, info.outWidth];
  if (dy.shape.length !== 4 || dy.shape.some((v, i) => v !== expectedDy[i])) {
    throw new ShapeError(
      `${COMPONENT}: \`dy\` must have shape [${expectedDy.join(',')}] for input [${x.shape.join(',')}] and filter ` +
        `[${attrs.filterShape.join(',')}]; got [${dy.shape.join(',')}]. Pass the gradient of this convolution's output.`);
  }
  const [ho, wo] = [info.outHeight, info.outWidth];
  // Last input row/column (in unpadded coordinates) that any window reads, plus one.
  const rowsReach = (ho - 1) * sh + (kh - 1) * dh + 1 - top;
  const colsReach = (wo - 1) * sw + (kw - 1) * dw + 1 - left;
  const calls = new KernelCalls(backend, backendName, COMPONENT);
  try {
    if (n === 0 || ho === 0 || wo === 0 || rowsReach <= 0 || colsReach <= 0) {
      return calls.keep(calls.zeros(attrs.filterShape)); // no window touches the input
    }
    // A 1×1 window that never reaches into padding: a matrix product over the sampled positions.
    if (kh === 1 && kw === 1 && top === 0 && left === 0 && rowsReach <= h && colsReach <= w) {
      return calls.keep(pointwiseFilterGrad(calls, x, dy, {n, ci, co, ho, wo, sh, sw, rowsReach, colsReach, channelsLast}));
    }
    const rows = Math.min(h, rowsReach);
    const cols = Math.min(w, colsReach);
    let xUsed = x;
    let [bottom, right] = [rowsReach - rows, colsReach - cols];
    if (rows < h || cols < w) {
      if (backendName === 'cpu') {
        // The CPU Conv2D skips rows outside the input, so a negative bottom/right padding crops for free
        // (its Slice kernel copies element by element through index arithmetic, at about 1 µs per element).
        [bottom, right] = [rowsReach - h, colsReach - w];
      } else {
        xUsed = calls.run('Slice', {x}, {
          begin: [0, 0, 0, 0],
          size: channelsLast ? [n, rows, cols, ci] : [n, ci, rows, cols],
        });
      }
    }
    const dW = calls.transpose(
      calls.run('Conv2D', {
        x: calls.transpose(xUsed, channelsLast ? [3, 1, 2, 0] : [1, 2, 3, 0]), // [Ci, rows, cols, N]
        filter: calls.transpose(dy, channelsLast ? [1, 2, 0, 3] : [2, 3, 0, 1]), // [Ho, Wo, N, Co]
      }, {
        strides: [dh, dw],
        dilations: [sh, sw],
        pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
        dataFormat: 'NHWC',
      }), // [Ci, kh, kw, Co]
      [1, 2, 0, 3]);
    return calls.keep(dW);
  } finally {
    calls.dispose();
  }
}

/** 1×1 filter whose windows stay inside `x`: `dW[0,0] = xᵀ·dy` over the sampled positions. */
function pointwiseFilterGrad(
  calls: KernelCalls, x: tf.TensorInfo, dy: tf.TensorInfo,
  d: {n: number; ci: number; co: number; ho: number; wo: number; sh: number; sw: number; rowsReach: number;
    colsReach: number; channelsLast: boolean},
): tf.TensorInfo {
  const {n, ci, co, ho, wo, sh, sw, rowsReach, colsReach, channelsLast} = d;
  const [h, w] = channelsLast ? [x.shape[1], x.shape[2]] : [x.shape[2], x.shape[3]];
  let xs = x;
  if (sh > 1 || sw > 1 || h !== ho || w !== wo) {
    // Rows 0, sh, 2·sh, … up to the last one read (rowsReach ≤ h), likewise for columns.
    xs = calls.run('StridedSlice', {x}, {
      begin: [0, 0, 0, 0],
      end: channelsLast ? [n, rowsReach, colsReach, ci] : [n, ci, rowsReach, colsReach],
      strides: channelsLast ? [1, sh, sw, 1] : [1, 1, sh, sw],
      beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
    });
  }
  const positions = n * ho * wo;
  let product: tf.TensorInfo;
  if (channelsLast && calls.backendName === 'cpu') {
    // [P, Ci]ᵀ · [P, Co]: the CPU BatchMatMul reads a transposed operand at full speed, and its Transpose kernel
    // is slow (index arithmetic per element).
    product = calls.run('BatchMatMul', {
      a: calls.reshape(xs, [1, positions, ci]),
      b: calls.reshape(dy, [1, positions, co]),
    }, {transposeA: true, transposeB: false});
  } else if (channelsLast) {
    // [Ci, P] · [P, Co] → [Ci, Co]. An explicit transpose, not `transposeA`: the wasm backend's BatchMatMul is
    // about 10× slower with a transposed operand.
    product = calls.run('BatchMatMul', {
      a: calls.transpose(calls.reshape(xs, [1, positions, ci]), [0, 2, 1]),
      b: calls.reshape(dy, [1, positions, co]),
    }, {transposeA: false, transposeB: false});
  } else {
    // [Ci, N·HW] · [N·HW, Co]: channels first, so both operands are transposed once.
    product = calls.run('BatchMatMul', {
      a: calls.reshape(calls.transpose(xs, [1, 0, 2, 3]), [1, ci, positions]),
      b: calls.reshape(calls.transpose(dy, [0, 2, 3, 1]), [1, positions, co]),
    }, {transposeA: false, transposeB: false});
  }
  return calls.reshape(product, [1, 1, ci, co]);
}
