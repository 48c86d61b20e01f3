/**
 * CIFAR-10-C `frost`: a blend of the image with a random crop of a frost photograph.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * (spec/datasets.md §6.2) picks one of the first five frost photographs of Hendrycks' `imagenet_c` package,
 * resizes it by 0.2 (OpenCV bilinear), takes a random H×W crop and returns clip(a·x + b·frost, 0, 255) on the
 * 0..255 scale, (a, b) per severity.
 *
 * The photographs are not part of this library (they belong to that package): pass them, decoded to RGB(A)
 * bytes, as `frostImages`; without them `frost` throws {@link UnsupportedError}. To mimic the reference pass
 * `frost1.png` … `frost5.jpg` (it never uses `frost6.jpg`); every image given is drawn with equal odds.
 * Deviation: OpenCV's fixed-point bilinear weights are replaced by exact ones (`internal/resize.ts`).
 * Size: the crop has the image's size; each resized photograph must be larger than the image.
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {InvalidArgumentError, UnsupportedError} from '../errors';
import {checkNumber, describeValue} from '../internal/assert';
import {corruptTensor} from './apply';
import {defineCorruption} from './definition';
import {cvResizeLinear} from './internal/resize';
import {roundHalfEven} from './internal/filters';
import type {CorruptOptions, FrostImage} from './types';

/** Settings of `frost`. */
export type FrostParams = {
  /** Weight of the image (CIFAR: 1, 1, 0.9, 0.85, 0.75). */
  readonly imageWeight: number;
  /** Weight of the frost crop (CIFAR: 0.2, 0.3, 0.4, 0.4, 0.45). */
  readonly frostWeight: number;
};

interface PreparedFrost {
  readonly data: Float64Array;
  readonly height: number;
  readonly width: number;
}

function prepareFrost(options: CorruptOptions, height: number, width: number, component: string): PreparedFrost[] {
  const images = options.frostImages;
  if (images === undefined || images.length === 0) {
    throw new UnsupportedError(
      `${component}: 'frost' needs the frost photographs of Hendrycks' imagenet_c package, which this library does ` +
        'not ship; got no `frostImages`. Decode frost1.png … frost5.jpg to RGB bytes and pass them as ' +
        '`{frostImages: [{data, height, width}]}`, or leave frost out of the evaluation.');
  }
  const scale = options.frostScale === undefined ? 0.2 :
    checkNumber(component, 'frostScale', options.frostScale, {min: 0, exclusiveMin: true});
  return images.map((img: FrostImage, k) => {
    const channels = img?.channels ?? 3;
    const ok = typeof img === 'object' && img !== null && (img.data instanceof Uint8Array || img.data instanceof Uint8ClampedArray) &&
      Number.isInteger(img.height) && Number.isInteger(img.width) && img.height > 0 && img.width > 0 &&
      (channels === 3 || channels === 4) && img.data.length === img.height * img.width * channels;
    if (!ok) {
      throw new InvalidArgumentError(
        `${component}: \`frostImages[${k}]\` must be {data: Uint8Array of height·width·channels bytes, height, width, ` +
          `channels?: 3 | 4}; got ${describeValue({height: img?.height, width: img?.width, channels, bytes: img?.data?.length})}.`,
        {argument: 'frostImages'});
    }
    const rgb = new Float64Array(img.height * img.width * 3);
    for (let i = 0; i < img.height * img.width; i++) {
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = img.data[i * channels + c] as number;
    }
    const outH = roundHalfEven(img.height * scale);
    const outW = roundHalfEven(img.width * scale);
    if (outH <= height || outW <= width) {
      throw new InvalidArgumentError(
        `${component}: \`frostImages[${k}]\` is ${img.height}×${img.width}, ${outH}×${outW} after resizing by ` +
          `${scale}; it must be larger than the ${height}×${width} images. Use a larger photograph or frostScale.`,
        {argument: 'frostImages'});
    }
    return {data: cvResizeLinear(rgb, img.height, img.width, 3, outH, outW), height: outH, width: outW};
  });
}

/** @internal */
export const frostDef = defineCorruption<FrostParams>({
  info: {
    name: 'frost', tfdsName: 'frost', label: 'Frost', family: 'weather', benchmark: true,
    random: true, needsAssets: true, identity: {imageWeight: 1, frostWeight: 0},
    sizeNote: 'Crops an H×W window of the resized photograph; it must be larger than the image.',
    severities: [[1, 0.2], [1, 0.3], [0.9, 0.4], [0.85, 0.4], [0.75, 0.45]]
      .map(([imageWeight, frostWeight]) => ({imageWeight: imageWeight as number, frostWeight: frostWeight as number})),
  },
  fields: {imageWeight: {kind: 'number', min: 0}, frostWeight: {kind: 'number', min: 0}},
  isIdentity: (p) => p.imageWeight === 1 && p.frostWeight === 0,
  prepareAssets: prepareFrost,
  apply(img, p, {rng, assets}) {
    const frosts = assets as PreparedFrost[];
    const frost = frosts[rng.int(0, frosts.length)] as PreparedFrost;
    const top = rng.int(0, frost.height - img.height);
    const left = rng.int(0, frost.width - img.width);
    const out = new Float64Array(img.data.length);
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        for (let c = 0; c < 3; c++) {
          const o = (y * img.width + x) * 3 + c;
          const f = frost.data[((top + y) * frost.width + left + x) * 3 + c] as number;
          const v = p.imageWeight * (img.data[o] as number) + p.frostWeight * f;
          out[o] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
      }
    }
    return out;
  },
});

/**
 * Overlays frost as CIFAR-10-C's `frost`, using frost photographs the caller supplies.
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link FrostParams}.
 * @param options Must hold `frostImages`; seed and stream options as in {@link CorruptOptions}.
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link UnsupportedError} without `frostImages`; {@link InvalidArgumentError} for bad settings,
 * photographs or pixel values; {@link ShapeError} for a bad shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptFrost} from 'consistency-tfjs';
 * // A stand-in photograph; use the imagenet_c frost images for CIFAR-10-C-like results.
 * const photo = {data: new Uint8Array(400 * 400 * 3).fill(230), height: 400, width: 400};
 * const frosty = await corruptFrost(tf.fill([1, 32, 32, 3], 60), 3, {seed: 1, frostImages: [photo]});
 * ```
 */
export function corruptFrost(images: Tensor4D, severity: number | FrostParams, options?: CorruptOptions): Promise<Tensor4D> {
  return corruptTensor('corruptFrost', frostDef, images, severity, options);
}
