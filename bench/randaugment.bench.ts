// RandAugment(numLayers 2, magnitude 9).distort on batches of 128 images of 72x72 (the example's setting) on
// the CPU backend: the fused CPU kernel (what 'auto' runs on cpu), the composite tensor path (what every other
// backend runs), and a naive per-image loop over the same ops (baseline), timed in the same run. Wall time
// and process CPU time per batch (the machine is shared: CPU time is the better guide to a quiet machine).
// Then two per-op profiles: the fused kernel on 128 images that all drew the op, and the composite op on a
// group of 8 images (the average group size at 128 / 17). Target on the 2-core machine: >= 4,000 images/s.
import '@tensorflow/tfjs-backend-cpu';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import {RandAugment} from '../src/augment/rand_augment';
import {defaultOpRegistry} from '../src/augment/registry';
import type {OpContext, PlanStep, RandAugmentPlan} from '../src/augment/types';
import {compare, header, report} from './harness';

await tf.setBackend('cpu');
const N = 128;
const H = 72;
const W = 72;
const TARGET = 4000;
const ctx = await header('randaugment', {batch: [N, H, W, 3], numLayers: 2, magnitude: 9, group: [8, H, W, 3]});

const images = tf.tidy(() => tf.mul(tf.randomUniform([N, H, W, 3], 0, 1, 'float32', 1), 255.99)) as tf.Tensor4D;
const fused = new RandAugment({numLayers: 2, magnitude: 9, seed: 1, implementation: 'fused'});
const composite = new RandAugment({numLayers: 2, magnitude: 9, seed: 1, implementation: 'composite'});
const naiveRa = new RandAugment({numLayers: 2, magnitude: 9, seed: 1});
const registry = defaultOpRegistry();
const plainCtx: OpContext = {height: H, width: W, maxLevel: 10, translateConst: 100, cutoutConst: 40, fillMode: 'reflect', fill: 128};

/** The naive loop: every image on its own, every op called once per image (no grouping, no cached maps). */
function naive(plan: RandAugmentPlan): tf.Tensor4D {
  return tf.tidy(() => {
    const q = tf.floor(tf.clipByValue(images, 0, 255)) as tf.Tensor4D;
    const out = plan.steps.map((row, i) => {
      let x = tf.slice(q, i, 1) as tf.Tensor4D;
      for (const step of row as PlanStep[]) {
        if (step.op !== 'Identity') x = registry.get(step.op).apply(x, [step.args], plainCtx);
      }
      return x;
    });
    return tf.concat(out, 0);
  });
}

const LABELS = {fused: 'RandAugment.distort (fused cpu kernel)', composite: 'RandAugment.distort (composite)', naive: 'naive per-image loop'};
const runs: Record<string, () => void> = {
  [LABELS.fused]: () => tf.dispose(fused.distort(images)),
  [LABELS.composite]: () => tf.dispose(composite.distort(images)),
  [LABELS.naive]: () => tf.dispose(naive(naiveRa.sample(N, H, W))),
};
const timings = await compare(runs, {warmup: 2, runs: 7});
report(ctx, timings, {baseline: LABELS.naive, unitsPerRun: N, unit: 'images'});

/**
 * Process CPU time (user + system, all threads, GC included) of `fn` in ms: the median of `count` runs, or
 * the minimum (for the per-op profiles, where the noise of the shared machine would hide the differences).
 */
function cpuMs(fn: () => void, count: number, statistic: 'median' | 'min' = 'median'): number {
  const samples: number[] = [];
  for (let r = 0; r < count; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    samples.push((c.user + c.system) / 1000);
  }
  samples.sort((x, y) => x - y);
  return samples[statistic === 'min' ? 0 : Math.floor(count / 2)] as number;
}
const cpu = {
  [LABELS.fused]: cpuMs(runs[LABELS.fused] as () => void, 31),
  [LABELS.composite]: cpuMs(runs[LABELS.composite] as () => void, 5),
  [LABELS.naive]: cpuMs(runs[LABELS.naive] as () => void, 5),
};
console.table(Object.entries(cpu).map(([label, ms]) => ({label, cpuMsPerBatch: round(ms), 'images/s by CPU time': Math.round((N * 1000) / ms)})));
const fusedWall = (timings[LABELS.fused] as {medianMs: number}).medianMs;
const fusedCpu = cpu[LABELS.fused] as number;
console.log(`target ${TARGET} images/s: fused ${Math.round((N * 1000) / fusedWall)} images/s wall (median), ` +
  `${Math.round((N * 1000) / fusedCpu)} images/s by CPU time -> ${(N * 1000) / fusedWall >= TARGET ? 'reached' : 'not reached'} in wall time, ` +
  `${(N * 1000) / fusedCpu >= TARGET ? 'reached' : 'not reached'} by CPU time`);

// Fused per-op profile: all 128 images draw the op (one layer), minimum CPU ms per batch over 11 runs; the op's
// own cost per image is that minus quantisation and output alone.
const sampler = new RandAugment({numLayers: 1, magnitude: 9, seed: 2});
const argsFor = (name: string): PlanStep['args'] => {
  for (;;) {
    const step = sampler.sample(1, H, W).steps[0]?.[0] as PlanStep;
    if (step.op === name) return step.args;
  }
};
const onePlan = (name: string): RandAugmentPlan => ({height: H, width: W,
  steps: Array.from({length: N}, () => (name === 'Identity' ? [] : [{op: name, level: 9, args: argsFor(name)}]))});
const fusedProfile: Record<string, number> = {};
for (const name of ['Identity', ...registry.names()]) {
  const plan = onePlan(name);
  fusedProfile[name === 'Identity' ? 'quantise + output only' : name] = cpuMs(() => tf.dispose(fused.apply(images, plan)), 11, 'min');
}
const base = fusedProfile['quantise + output only'] as number;
console.table(Object.entries(fusedProfile).map(([step, ms]) => ({step, minCpuMsPer128: round(ms), opOnlyUsPerImage: round(((ms - base) * 1000) / N)})));

// Composite per-op profile on a group of 8 images, with the instance's cached constants (as inside distort).
const group = tf.slice(tf.floor(images), 0, 8) as tf.Tensor4D;
const cached = {...plainCtx, cache: (composite as unknown as {cache: OpContext['cache']}).cache};
const profile: Record<string, () => unknown> = {
  'quantize whole batch (floor, clip)': () => tf.dispose(tf.tidy(() => tf.floor(tf.clipByValue(images, 0, 255)))),
};
for (const name of registry.names()) {
  const op = registry.get(name);
  const args = Array.from({length: 8}, () => argsFor(name));
  profile[`${name} x8`] = () => tf.dispose(op.apply(group, args, cached));
}
const opCpu = Object.fromEntries(Object.entries(profile).map(([label, fn]) => [label, cpuMs(() => void fn(), 5, 'min')]));
console.table(Object.entries(opCpu).map(([step, ms]) => ({step, compositeMinCpuMs: round(ms)})));

// Add the CPU-time figures and profiles to the JSON that report() wrote.
const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'randaugment.json');
const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
saved['cpuMsPerBatch'] = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v)]));
saved['target'] = {imagesPerSecond: TARGET, fusedWall: Math.round((N * 1000) / fusedWall), fusedCpu: Math.round((N * 1000) / fusedCpu)};
saved['fusedMinCpuMsPer128ByOp'] = Object.fromEntries(Object.entries(fusedProfile).map(([k, v]) => [k, round(v)]));
saved['compositeMinCpuMsPer8ByOp'] = Object.fromEntries(Object.entries(opCpu).map(([k, v]) => [k, round(v)]));
saved['loadAverage'] = (await import('node:os')).loadavg().map(round);
fs.writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
tf.dispose([images, group]);
fused.dispose();
composite.dispose();

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
