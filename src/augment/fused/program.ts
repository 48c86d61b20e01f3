/**
 * Compiles a checked RandAugment plan into a host program for the fused CPU kernel, and runs it on the
 * input's values: per image, quantise once into a uint8 scratch buffer (`trunc(clamp(x, 0, 255))`, spec
 * `randaugment.md` §3.1), apply the image's steps in layer order (ping-pong between two scratch buffers
 * for the ops that cannot work in place), and write the result as float32 (§3.1 step 3).
 *
 * Compilation walks the plan exactly as the composite path applies it (layer by layer, images grouped by
 * op in order of first appearance), so argument errors surface identically. It returns a sentence instead
 * of a program when the host cannot reproduce the composite path: an op without a host implementation
 * (user-registered or replaced), a non-integer fill, a factor that overflows float32.
 * @internal
 * @module
 */
import {IDENTITY, type AugmentOp, type PlanStep, type RandAugmentPlan} from '../types';
import {HOST_OPS, type HostEnv} from './host_ops';
import type {HostStep} from './steps';

/** A compiled plan: the host steps of every image, in layer order (identities dropped). @internal */
export interface FusedProgram {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly steps: ReadonlyArray<readonly HostStep[]>;
  readonly env: HostEnv;
}

/**
 * Compiles `plan` (already checked by `checkPlan`); throws the ops' own argument errors, returns a reason
 * string when the plan must run on the composite path. @internal
 */
export function compileFused(plan: RandAugmentPlan, layers: number, lookup: (name: string) => AugmentOp,
  env: HostEnv): FusedProgram | string {
  const n = plan.steps.length;
  const steps: HostStep[][] = Array.from({length: n}, () => []);
  for (let l = 0; l < layers; l++) {
    const groups = new Map<string, number[]>();
    plan.steps.forEach((row, i) => {
      const name = (row[l] as PlanStep).op;
      if (name === IDENTITY) return;
      const g = groups.get(name);
      if (g) g.push(i);
      else groups.set(name, [i]);
    });
    for (const [name, idx] of groups) {
      const compile = HOST_OPS.get(lookup(name));
      if (!compile) return `op '${name}' has no host implementation (user-registered or replaced ops run on the composite path)`;
      const compiled = compile(idx.map((i) => ((plan.steps[i] as PlanStep[])[l] as PlanStep).args), env);
      if (typeof compiled === 'string') return compiled;
      idx.forEach((i, j) => {
        const step = compiled[j];
        if (step) (steps[i] as HostStep[]).push(step);
      });
    }
  }
  return {n, height: env.height, width: env.width, steps, env};
}

/** Runs a compiled program on the input values (float32 or int32, `n · H · W · 3`); returns the float32 output. @internal */
export function runProgram(program: FusedProgram, values: ArrayLike<number>): Float32Array {
  const {n, height, width, steps} = program;
  const per = height * width * 3;
  const out = new Float32Array(n * per);
  const [first, second] = program.env.cache.buffers(per);
  for (let i = 0; i < n; i++) {
    const base = i * per;
    // A uint8 store truncates toward zero, so this is trunc(clamp(v, 0, 255)) (NaN becomes 0).
    for (let k = 0; k < per; k++) {
      const v = values[base + k] as number;
      first[k] = v >= 255 ? 255 : v > 0 ? v : 0;
    }
    let cur = first;
    let other = second;
    for (const step of steps[i] as HostStep[]) {
      const result = step.run(cur, other, height, width);
      if (result !== cur) {
        other = cur;
        cur = result;
      }
    }
    out.set(cur.length === per ? cur : cur.subarray(0, per), base);
  }
  return out;
}
