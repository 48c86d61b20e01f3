/**
 * The common body of the five geometric ops: validate, build one source map per distinct argument,
 * sample every image through its map in one batched call.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {checkOneOf} from '../../internal/assert';
import {FILL_MODES, type FillMode, type GeometryOptions, type PerImage} from '../types';
import {checkFill, checkImages, perImageNumbers, type NumberRule} from './images';
import {samplePixels} from './sampler';
import {TensorCache} from './tensor_cache';
import {sourceMap, type Affine} from './warp_map';

/** Resolved geometry options. @internal */
export interface ResolvedGeometry {
  readonly fillMode: FillMode;
  readonly fill: number;
}

/** Validates {@link GeometryOptions} and applies the defaults (`'reflect'`, 128). @internal */
export function resolveGeometry(component: string, options: GeometryOptions | undefined): ResolvedGeometry {
  const fillMode = options?.fillMode === undefined ? 'reflect' : checkOneOf(component, 'fillMode', options.fillMode, FILL_MODES);
  const fill = options?.fill === undefined ? 128 : checkFill(component, options.fill);
  return {fillMode, fill};
}

/** How one geometric op turns its argument into float32 coefficients. @internal */
export interface WarpKind {
  /** Op name used in error messages, e.g. `'rotate'`. */
  readonly component: string;
  /** Argument name, e.g. `'degrees'`. */
  readonly argument: string;
  /** Short cache-key tag, e.g. `'rot'`. */
  readonly tag: string;
  /** Coefficients for one argument value at a given image size. */
  readonly affine: (value: number, height: number, width: number) => Affine;
  /** Extra constraints on the argument. */
  readonly rule?: NumberRule;
}

/** Applies a geometric op; `cache` comes from a RandAugment, or is a call-local one. @internal */
export function warp(kind: WarpKind, images: tf.Tensor4D, values: PerImage<number>, options: GeometryOptions | undefined,
  cache: TensorCache | undefined): tf.Tensor4D {
  const {n, height, width} = checkImages(kind.component, images);
  const vals = perImageNumbers(kind.component, kind.argument, values, n, kind.rule);
  const {fillMode, fill} = resolveGeometry(kind.component, options);
  return tf.tidy(() => {
    const specs = vals.map((v) => ({
      key: `${kind.tag}:${v}:${fillMode}`,
      build: () => sourceMap(kind.affine(v, height, width), height, width, fillMode),
    }));
    return samplePixels(images, specs, fill, cache ?? new TensorCache(false));
  });
}
