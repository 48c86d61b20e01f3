/**
 * CIFAR-10-C `jpeg_compression`: a JPEG encode/decode round trip at a low quality.
 *
 * Paper: Hendrycks & Dietterich, ICLR 2019 (https://arxiv.org/abs/1903.12261). Reference: `make_cifar_c.py`
 * saves the image with Pillow (`quality` 80, 65, 58, 50, 40; libjpeg standard tables scaled by the IJG
 * quality formula) and decodes it again (spec/datasets.md §6.2). Here the pure-JavaScript codec `jpeg-js`
 * (BSD-3-Clause) does both, with the same IJG quality scaling and standard tables.
 *
 * Deviations: jpeg-js encodes 4:4:4 (no chroma subsampling) where Pillow defaults to 4:2:0, so colour detail
 * survives somewhat better than in the published files; its forward DCT and YCbCr conversion are float/table
 * based rather than libjpeg's integer `islow` path. In browsers, jpeg-js' encoder needs a global `Buffer` when
 * bundled as CommonJS; without one this corruption throws {@link UnsupportedError}.
 * Size: works on any size (8×8 blocks; edges padded by the codec).
 * @module corrupt
 */
import type {Tensor4D} from '@tensorflow/tfjs-core';
import {decode, encode} from 'jpeg-js';
import {UnsupportedError} from '../errors';
import {corruptTensor} from './apply';
import {defineCorruption} from './definition';
import type {CorruptOptions} from './types';

/** Settings of `jpeg_compression`. */
export type JpegCompressionParams = {
  /** JPEG quality 1..100 (CIFAR: 80, 65, 58, 50, 40; lower is worse). */
  readonly quality: number;
};

/**
 * Encodes RGB images (integer values in Float64Arrays, all `height × width`) with jpeg-js and decodes them.
 *
 * jpeg-js builds its Huffman and colour tables on every call (~70 ms), so the images are stacked into one
 * tall mosaic and coded once. Each image is padded to a multiple of 8 by repeating its last row and column —
 * exactly the padding jpeg-js applies to a lone image — so every 8×8 block, and therefore every decoded pixel,
 * is the same as coding the images one by one (entropy coding is lossless).
 * @internal
 */
export function jpegRoundTrip(images: readonly Float64Array[], height: number, width: number, quality: number): Float64Array[] {
  const ph = Math.ceil(height / 8) * 8;
  const pw = Math.ceil(width / 8) * 8;
  const rgba = new Uint8Array(images.length * ph * pw * 4);
  images.forEach((rgb, k) => {
    for (let y = 0; y < ph; y++) {
      const sy = Math.min(y, height - 1);
      for (let x = 0; x < pw; x++) {
        const sx = Math.min(x, width - 1);
        const o = ((k * ph + y) * pw + x) * 4;
        const q = (sy * width + sx) * 3;
        rgba[o] = rgb[q] as number;
        rgba[o + 1] = rgb[q + 1] as number;
        rgba[o + 2] = rgb[q + 2] as number;
        rgba[o + 3] = 255;
      }
    }
  });
  let bytes: Uint8Array;
  try {
    bytes = encode({data: rgba, width: pw, height: ph * images.length}, quality).data;
  } catch (e) {
    if (e instanceof ReferenceError && /Buffer/.test(e.message)) {
      throw new UnsupportedError(
        'jpeg_compression: the jpeg-js encoder needs a global `Buffer` in this environment; got none. ' +
          'Provide a Buffer polyfill (e.g. the `buffer` package as globalThis.Buffer) or run under Node.', {cause: e});
    }
    throw e;
  }
  const decoded = decode(bytes, {useTArray: true, formatAsRGBA: false}).data;
  return images.map((_, k) => {
    const out = new Float64Array(height * width * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = ((k * ph + y) * pw + x) * 3;
        const q = (y * width + x) * 3;
        out[q] = decoded[o] as number;
        out[q + 1] = decoded[o + 1] as number;
        out[q + 2] = decoded[o + 2] as number;
      }
    }
    return out;
  });
}

/** @internal */
export const jpegCompressionDef = defineCorruption<JpegCompressionParams>({
  info: {
    name: 'jpeg_compression', tfdsName: 'jpeg_compression', label: 'JPEG', family: 'digital', benchmark: true,
    random: false, needsAssets: false, identity: null,
    sizeNote: 'Works on 8×8 blocks: artefacts keep their pixel size on larger images.',
    severities: [80, 65, 58, 50, 40].map((quality) => ({quality})),
  },
  fields: {quality: {kind: 'number', min: 1, max: 100, integer: true}},
  apply(img, p) {
    return jpegRoundTrip([img.data.map((v) => Math.trunc(v))], img.height, img.width, p.quality)[0] as Float64Array;
  },
  applyBatch(imgs, p) {
    const first = imgs[0];
    if (first === undefined) return [];
    return jpegRoundTrip(imgs.map((img) => img.data.map((v) => Math.trunc(v))), first.height, first.width, p.quality);
  },
});

/**
 * Compresses with JPEG as CIFAR-10-C's `jpeg_compression` (deterministic).
 * @param images `[N, H, W, 3]` float32 or int32 with values 0..255 (not disposed).
 * @param severity 0 (unchanged) … 5, or explicit {@link JpegCompressionParams}.
 * @param options {@link CorruptOptions} (unused by this deterministic corruption except for validation).
 * @returns A new tensor of the same shape and dtype with integer values 0..255.
 * @throws {@link InvalidArgumentError} for a bad severity, settings or pixel values; {@link ShapeError} for a bad
 * shape; {@link UnsupportedError} in a browser without `Buffer` (see the module notes).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import {corruptJpegCompression} from 'consistency-tfjs';
 * const lossy = await corruptJpegCompression(tf.randomUniform([1, 32, 32, 3], 0, 255, 'int32'), {quality: 10});
 * ```
 */
export function corruptJpegCompression(
  images: Tensor4D, severity: number | JpegCompressionParams, options?: CorruptOptions,
): Promise<Tensor4D> {
  return corruptTensor('corruptJpegCompression', jpegCompressionDef, images, severity, options);
}
