// RandAugment(numLayers 2, magnitude 9).distort on batches of 128 images of 72x72 (the example's setting),
// against a naive per-image loop over the same ops and the same plans, in the same run. Then a per-op
// profile (each op applied once to a group of 8 images, the average group size at 128 / 17) that explains
// where the time goes. Target on the 2-core reference machine: >= 4,000 images/s on the CPU backend.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {RandAugment} from '../src/augment/rand_augment';
import {defaultOpRegistry} from '../src/augment/registry';
import type {OpContext, PlanStep, RandAugmentPlan} from '../src/augment/types';
import {compare, header, report} from './harness';

await tf.setBackend('cpu');
const N = 128;
const H = 72;
const W = 72;
const ctx = await header('randaugment', {batch: [N, H, W, 3], numLayers: 2, magnitude: 9, group: [8, H, W, 3]});

const images = tf.tidy(() => tf.mul(tf.randomUniform([N, H, W, 3], 0, 1, 'float32', 1), 255.99)) as tf.Tensor4D;
const ra = new RandAugment({numLayers: 2, magnitude: 9, seed: 1});
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

const timings = await compare({
  'RandAugment.distort (grouped)': () => tf.dispose(ra.distort(images)),
  'naive per-image loop': () => tf.dispose(naive(naiveRa.sample(N, H, W))),
}, {warmup: 2, runs: 7});
report(ctx, timings, {baseline: 'naive per-image loop', unitsPerRun: N, unit: 'images'});

// Process CPU time per batch (user + system, all threads): less sensitive than wall time to other
// processes sharing the cores, so it shows what a quiet machine would give (upper bound: it includes GC).
function cpuMs(fn: () => void, runs = 7): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    samples.push((c.user + c.system) / 1000);
  }
  return samples.sort((x, y) => x - y)[Math.floor(runs / 2)] as number;
}
const cpuGrouped = cpuMs(() => tf.dispose(ra.distort(images)));
const cpuNaive = cpuMs(() => tf.dispose(naive(naiveRa.sample(N, H, W))));
console.log(`CPU time per batch: grouped ${cpuGrouped.toFixed(1)} ms (${Math.round((N * 1000) / cpuGrouped)} images/s), ` +
  `naive ${cpuNaive.toFixed(1)} ms (${Math.round((N * 1000) / cpuNaive)} images/s)`);

// Per-op profile on a group of 8 images, with the instance's cached constants (as inside distort).
const group = tf.slice(tf.floor(images), 0, 8) as tf.Tensor4D;
const cached = {...plainCtx, cache: (ra as unknown as {cache: OpContext['cache']}).cache};
const sampler = new RandAugment({numLayers: 1, magnitude: 9, seed: 2});
const profile: Record<string, () => unknown> = {
  'quantize whole batch (floor, clip)': () => tf.dispose(tf.tidy(() => tf.floor(tf.clipByValue(images, 0, 255)))),
  'split + concat whole batch': () => tf.dispose(tf.tidy(() => tf.concat(tf.split(images, N, 0), 0))),
};
for (const name of registry.names()) {
  const op = registry.get(name);
  const args = Array.from({length: 8}, () => {
    for (;;) {
      const step = sampler.sample(1, H, W).steps[0]?.[0] as PlanStep;
      if (step.op === name) return step.args;
    }
  });
  profile[`${name} x8`] = () => tf.dispose(op.apply(group, args, cached));
}
const opTimings = await compare(profile, {warmup: 1, runs: 5});
const opCpu = Object.fromEntries(Object.entries(profile).map(([label, fn]) => [label, cpuMs(() => void fn(), 5)]));
console.table(Object.values(opTimings).map((t) => ({step: t.label, wallMs: Math.round(t.medianMs * 100) / 100, cpuMs: Math.round((opCpu[t.label] ?? NaN) * 100) / 100})));
const perLayer = registry.names().reduce((s, name) => s + (opCpu[`${name} x8`] ?? 0), 0) * (N / 8 / 17);
console.log(`estimated op CPU time per layer for ${N} images (sum over ops x ${N}/8/17): ${perLayer.toFixed(1)} ms`);
tf.dispose([images, group]);
ra.dispose();
