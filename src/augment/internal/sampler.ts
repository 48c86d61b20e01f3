/**
 * Batched nearest-pixel sampling: output pixel p of image i copies input pixel `map_i[p]` of image i (all
 * three channels), or `fill` where the map says -1. One kernel call for the whole batch, whatever mix of
 * maps the images use.
 *
 * The sampling is done by `tf.image.cropAndResize` with one 1×1 box per output pixel, centred on the
 * source pixel, method `'nearest'`: the kernel reads the pixel nearest to the box centre, and a box
 * outside the image yields `extrapolationValue`. Box coordinates are `row / (H - 1)` in float32; the kernel
 * multiplies back by `H - 1` and rounds, which recovers the integer row exactly (relative error 2^-24).
 * Deviation from the spec's "precomputed maps + tf.gather": same maps, other gather kernel. On the CPU
 * backend `tf.gather` costs about 10x more per element (generic index arithmetic per element), and
 * `cropAndResize` is implemented by every tfjs backend (cpu, wasm, webgl, webgpu, tfjs-node).
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type {TensorCache} from './tensor_cache';

/** A source map with a key that identifies it among maps of the same image size. @internal */
export interface MapSpec {
  /** Unique per (op, argument, fill mode), e.g. `'rot:27:reflect'`. */
  readonly key: string;
  /** Builds the map (see `sourceMap`): flat source index per output pixel, -1 for fill. */
  readonly build: () => Int32Array;
}

function boxesOf(map: Int32Array, height: number, width: number): Float32Array {
  const boxes = new Float32Array(map.length * 4);
  const ry = height > 1 ? 1 / (height - 1) : 0;
  const rx = width > 1 ? 1 / (width - 1) : 0;
  for (let p = 0; p < map.length; p++) {
    const src = map[p] as number;
    const o = p * 4;
    if (src < 0) {
      boxes.fill(-1, o, o + 4);
    } else {
      const y = Math.floor(src / width) * ry;
      const x = (src % width) * rx;
      boxes[o] = y;
      boxes[o + 1] = x;
      boxes[o + 2] = y;
      boxes[o + 3] = x;
    }
  }
  return boxes;
}

/**
 * Warps each image of `images` ([n, H, W, 3]) by its own map. Must run inside `tf.tidy`. @internal
 */
export function samplePixels(images: tf.Tensor4D, specs: readonly MapSpec[], fill: number, cache: TensorCache): tf.Tensor4D {
  const [n, height, width] = images.shape;
  if (n === 0) return tf.clone(images);
  const hw = height * width;
  const prefix = `${height}x${width}:`;
  const maps = new Map<string, Int32Array>();
  const mapOf = (s: MapSpec): Int32Array => {
    let m = maps.get(s.key);
    if (!m) {
      m = s.build();
      maps.set(s.key, m);
    }
    return m;
  };
  if (hw === 1) {
    // A 1x1 image can only copy itself or be filled; a box cannot fall outside a 1x1 image.
    const mask = tf.tensor4d(Uint8Array.from(specs, (s) => (mapOf(s)[0] === -1 ? 1 : 0)), [n, 1, 1, 1], 'bool');
    return tf.where(tf.tile(mask, [1, 1, 1, 3]), tf.fill(images.shape, fill), images);
  }
  const boxTensors = specs.map((s) => cache.get(`${prefix}box:${s.key}`,
    () => tf.tensor2d(boxesOf(mapOf(s), height, width), [hw, 4])));
  const boxes = boxTensors.length === 1 ? boxTensors[0] as tf.Tensor2D : tf.concat(boxTensors, 0);
  let cap = 1;
  while (cap < n) cap *= 2;
  const allInd = cache.get(`${prefix}boxind:${cap}`, () => {
    const ind = new Int32Array(cap * hw);
    for (let i = 0; i < cap; i++) ind.fill(i, i * hw, (i + 1) * hw);
    return tf.tensor1d(ind, 'int32');
  });
  const boxInd = cap === n ? allInd : tf.slice(allInd, 0, n * hw);
  const out = tf.image.cropAndResize(images, boxes, boxInd, [1, 1], 'nearest', fill);
  return tf.reshape(out, [n, height, width, 3]);
}
