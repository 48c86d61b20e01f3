/**
 * CIFAR-10-C `zoom_blur`: the average of the image and centred zooms of it.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * (spec/datasets.md §6.2): out = (x + Σ_z clipped_zoom(x, z)) / (count + 1), with the factors of
 * `numpy.arange(1, end, 0.01)` (end 1.06 … 1.26, i.e. 7, 12, 16, 21, 26 factors, reproduced here with NumPy's
 * floating-point arange so the counts match) and `clipped_zoom` = SciPy `ndimage.zoom(order=1)` of the
 * centred `ceil(H/z)` crop, cut back to H×W.
 *
 * Deviation: computed in float64 where the reference used float32 (may move a truncated value by one level).
 * Size: zoom factors are relative, so the corruption scales with the image.
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {corruptTensor} from './apply';
import {clipUnitTo255, defineCorruption, toUnit} from './definition';
import {clippedZoom} from './internal/resize';
import type {CorruptOptions} from './types';

/** Settings of `zoom_blur`. */
export type ZoomBlurParams = {
  /** Zoom factors >= 1 averaged with the image (CIFAR severity 1: 1.00, 1.01, …, 1.06). */
  readonly zooms: readonly number[];
};

/** `numpy.arange(start, stop, step)` with NumPy's length rule and `start + i·delta` values. @internal */
export function numpyArange(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const delta = start + step - start;
  return Array.from({length: n}, (_, i) => start + i * delta);
}

/** @internal */
export const zoomBlurDef = defineCorruption<ZoomBlurParams>({
  info: {
    name: 'zoom_blur', tfdsName: 'zoom_blur', label: 'Zoom Blur', family: 'blur', benchmark: true,
    random: false, needsAssets: false, identity: {zooms: []},
    sizeNote: 'Zoom factors are relative: the blur scales with the image.',
    severities: [1.06, 1.11, 1.16, 1.21, 1.26].map((end) => ({zooms: numpyArange(1, end, 0.01)})),
  },
  fields: {zooms: {kind: 'numbers', min: 1}},
  isIdentity: (p) => p.zooms.length === 0,
  apply(img, p) {
    const {height, width} = img;
    const x = toUnit(img);
    const acc = x.slice();
    for (const z of p.zooms) {
      const zoomed = clippedZoom(x, height, width, 3, z);
      for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (zoomed[i] as number);
    }
    const n = p.zooms.length + 1;
    for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) / n;
    return clipUnitTo255(acc);
  },
});

/**
 * Averages the image with zoomed copies as CIFAR-10-C's `zoom_blur` (deterministic).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link ZoomBlurParams}.
 * @param options {@link CorruptOptions} (unused by this deterministic corruption except for validation).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptZoomBlur} from 'consistency-tfjs';
 * const zoomed = await corruptZoomBlur(tf.randomUniform([1, 32, 32, 3], 0, 255, 'int32'), {zooms: [1, 1.1, 1.2]});
 * ```
 */
export function corruptZoomBlur(
  images: Tensor4D, severity: number | ZoomBlurParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptZoomBlur', zoomBlurDef, images, severity, options);
}
