/**
 * The applying half of RandAugment: input checks, plan checks, and the grouped application of a plan
 * (per layer: group the images by the op they drew, run each op once on its group, put the results back in
 * batch order). Spec `randaugment.md` §7.
 *
 * Grouping uses per-image views (`tf.split` along the batch axis, zero-copy on cpu) and `tf.concat`, not
 * `tf.gather` with a permutation and its inverse: same result, about 15x cheaper on the CPU backend.
 * @internal
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {InvalidArgumentError, ShapeError} from '../../errors';
import {describeValue} from '../../internal/assert';
import {isBuiltinOp} from '../registry';
import {IDENTITY, type AugmentOp, type OpContext, type PlanStep, type RandAugmentPlan} from '../types';
import {quantize} from './images';

/** Batch dimensions of a RandAugment input. @internal */
export interface InputShape {
  readonly n: number;
  readonly height: number;
  readonly width: number;
}

/** Checks a RandAugment input: `[N, H, W, 3]` or `[H, W, 3]`, float32 or int32. @internal */
export function checkInput(images: unknown): InputShape {
  if (!(images instanceof tf.Tensor)) {
    throw new InvalidArgumentError(`RandAugment: \`images\` must be a tf.Tensor3D or Tensor4D; got ${describeValue(images)}.`, {argument: 'images'});
  }
  const s = images.shape;
  if ((s.length !== 3 && s.length !== 4) || s[s.length - 1] !== 3) {
    throw new ShapeError(`RandAugment: \`images\` must be [N, H, W, 3] or [H, W, 3]; got [${s.join(', ')}].`);
  }
  if (images.dtype !== 'float32' && images.dtype !== 'int32') {
    throw new InvalidArgumentError(`RandAugment: \`images\` must be float32 or int32; got ${images.dtype}.`, {argument: 'images'});
  }
  const [n, height, width] = s.length === 4 ? s : [1, ...s];
  if (height === 0 || width === 0) {
    throw new ShapeError(`RandAugment: images must be at least 1x1; got [${s.join(', ')}].`);
  }
  return {n: n as number, height: height as number, width: width as number};
}

/**
 * Checks that `plan` fits the input and that every op name resolves through `lookup` (which throws
 * `UnknownOpError`); returns the number of layers. @internal
 */
export function checkPlan(plan: RandAugmentPlan, n: number, height: number, width: number,
  lookup: (name: string) => AugmentOp): number {
  if (typeof plan !== 'object' || plan === null || !Array.isArray(plan.steps)) {
    throw new InvalidArgumentError(`RandAugment.apply: \`plan\` must come from sample(); got ${describeValue(plan)}.`, {argument: 'plan'});
  }
  if (plan.steps.length !== n || plan.height !== height || plan.width !== width) {
    throw new ShapeError(`RandAugment.apply: the plan is for ${plan.steps.length} images of ${plan.height}x${plan.width}; ` +
      `got ${n} images of ${height}x${width}. Draw it with sample(${n}, ${height}, ${width}).`);
  }
  const layers = plan.steps[0]?.length ?? 0;
  for (const row of plan.steps) {
    if (!Array.isArray(row) || row.length !== layers) {
      throw new InvalidArgumentError(`RandAugment.apply: every image of a plan needs the same number of steps (${layers}); ` +
        `got ${describeValue(row)}.`, {argument: 'plan'});
    }
  }
  for (const row of plan.steps) {
    for (const step of row) {
      if (typeof step?.args !== 'object' || step.args === null) {
        throw new InvalidArgumentError(`RandAugment.apply: plan step without args; got ${describeValue(step)}.`, {argument: 'plan'});
      }
      if (step.op !== IDENTITY) lookup(step.op);
    }
  }
  return layers;
}

/** Applies a checked plan; returns a float32 tensor of the input's shape. @internal */
export function applyPlan<T extends tf.Tensor3D | tf.Tensor4D>(images: T, plan: RandAugmentPlan, layers: number,
  lookup: (name: string) => AugmentOp, ctx: OpContext): T {
  const {height, width} = ctx;
  const n = plan.steps.length;
  return tf.tidy(() => {
    const x = tf.reshape(images, [n, height, width, 3]) as tf.Tensor4D;
    // Spec §3.1: trunc(clamp(x, 0, 255)) once; int32 input is already integral.
    const q = images.dtype === 'float32' ? quantize(x) : tf.cast(tf.clipByValue(x, 0, 255), 'float32') as tf.Tensor4D;
    if (n === 0) return tf.reshape(q, images.shape) as T;
    let parts = n === 1 ? [q] : tf.split(q, n, 0) as tf.Tensor4D[];
    for (let l = 0; l < layers; l++) {
      const groups = new Map<string, number[]>();
      plan.steps.forEach((row, i) => {
        const name = (row[l] as PlanStep).op;
        if (name === IDENTITY) return;
        const g = groups.get(name);
        if (g) g.push(i);
        else groups.set(name, [i]);
      });
      const next = parts.slice();
      for (const [name, idx] of groups) {
        const op = lookup(name);
        const batch = idx.length === 1 ? parts[idx[0] as number] as tf.Tensor4D : tf.concat(idx.map((i) => parts[i] as tf.Tensor4D), 0);
        let out = op.apply(batch, idx.map((i) => ((plan.steps[i] as PlanStep[])[l] as PlanStep).args), ctx);
        if (!(out instanceof tf.Tensor) || out.dtype !== 'float32' || !tf.util.arraysEqual(out.shape, batch.shape)) {
          throw new ShapeError(`RandAugment: op '${name}' must return a float32 tensor of shape [${batch.shape.join(', ')}]; ` +
            `got ${out instanceof tf.Tensor ? `${out.dtype} [${out.shape.join(', ')}]` : describeValue(out)}.`);
        }
        // User ops may produce any float; keep every layer's input uint8-valued (spec §7.4).
        if (!isBuiltinOp(op)) out = quantize(out);
        const pieces = idx.length === 1 ? [out] : tf.split(out, idx.length, 0) as tf.Tensor4D[];
        idx.forEach((i, j) => {
          next[i] = pieces[j] as tf.Tensor4D;
        });
      }
      parts = next;
    }
    const result = parts.length === 1 ? parts[0] as tf.Tensor4D : tf.concat(parts, 0);
    return tf.reshape(result, images.shape) as T;
  });
}
