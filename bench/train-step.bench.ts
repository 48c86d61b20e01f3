// One SGD training step (forward, backward, update) of the example's classifier (`buildClassifier`: rescale to
// [-1, 1] → ResNetV2 preset → global average pooling → dense) at batch 8, on:
//   stock cpu       @tensorflow/tfjs-backend-cpu with its own kernels (the baseline),
//   cpu + kernels   the same backend after registerTrainingKernels(),
//   wasm + kernels  @tensorflow/tfjs-backend-wasm after registerTrainingKernels() (it cannot train without them),
// interleaved in one run, with the ratios and each configuration's top kernels from tf.profile.
//
// Presets (src/models) at their intended input sizes: the small `resnet50v2-w8` (72×72), `resnet50v2-w8-cifar` and
// `resnet26v2-w4-cifar` (32×32), and `resnet50v2` at the example's 72×72. A stock-CPU ResNet50V2 step takes
// minutes, so it gets a single timed run and no warm-up (its profile is taken during that run); the others get
// 1 warm-up and TRAIN_STEP_RUNS timed runs (default 3).
// Env: TRAIN_STEP_PRESETS=resnet50v2-w8,... (default all four), TRAIN_STEP_RUNS=3.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import {registerTrainingKernels, unregisterTrainingKernels} from '../src/kernels/register_training_kernels';
import {buildClassifier} from '../src/models/classifier';
import {Rng} from '../src/random/rng';
import {compare, header, report, type Timing} from './harness';

const BATCH = 8;
const CLASSES = 10;
/** Preset → input size (the preset's intended one; ResNet50V2 at the example's 72×72). */
const PRESETS: Record<string, number> = {
  'resnet50v2-w8': 72,
  'resnet50v2-w8-cifar': 32,
  'resnet26v2-w4-cifar': 32,
  'resnet26v2-w8-cifar': 32,
  resnet50v2: 72,
};

/** A model, an optimizer and one fixed batch, all living on the backend active at creation. */
function trainer(preset: string, size: number, seed: number): {step: () => void; params: number} {
  const model = buildClassifier({preset, inputShape: [size, size, 3], classes: CLASSES, seed});
  const rng = new Rng(seed);
  const x = tf.tensor4d(Float32Array.from({length: BATCH * size * size * 3}, () => rng.int(0, 256)), [BATCH, size, size, 3]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({length: BATCH}, (_, i) => i % CLASSES), 'int32'), CLASSES));
  const opt = tf.train.sgd(1e-3);
  const step = () => tf.tidy(() => {
    opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, {training: true}) as tf.Tensor) as tf.Scalar);
  });
  return {step, params: model.countParams()};
}

/** Kernel time by kernel name, largest first (custom-gradient wrappers such as `fusedConv2d__op` are left out:
 * their time is that of the kernels they wrap, which are counted). */
async function topKernels(f: () => void, top = 8): Promise<Array<{kernel: string; ms: number; share: string}>> {
  const info = await tf.profile(f);
  const byName = new Map<string, number>();
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue;
    const t = await k.kernelTimeMs;
    const ms = typeof t === 'number' ? t : 0;
    byName.set(k.name, (byName.get(k.name) ?? 0) + ms);
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([kernel, ms]) => ({kernel, ms: Math.round(ms), share: `${((100 * ms) / total).toFixed(1)}%`}));
}

const wanted = (process.env['TRAIN_STEP_PRESETS'] ?? Object.keys(PRESETS).join(',')).split(',').map((s) => s.trim());
const runs = Number(process.env['TRAIN_STEP_RUNS'] ?? 3);

for (const preset of wanted) {
  const size = PRESETS[preset];
  if (size === undefined) throw new Error(`unknown preset '${preset}'; known: ${Object.keys(PRESETS).join(', ')}`);
  await tf.setBackend('cpu');
  unregisterTrainingKernels();
  const onCpu = trainer(preset, size, 1);
  await tf.setBackend('wasm');
  registerTrainingKernels();
  const onWasm = trainer(preset, size, 1);
  await tf.setBackend('cpu');
  const ctx = await header(`train-step.${preset}`, {
    preset, batch: [BATCH, size, size, 3], params: onCpu.params, optimizer: 'sgd', backends: 'cpu and wasm',
  });
  const labels = ['stock cpu', 'cpu + kernels', 'wasm + kernels'] as const;
  type Label = typeof labels[number];
  /** Activates the configuration's backend and kernels; returns its step. */
  const use = async (label: Label): Promise<() => void> => {
    await tf.setBackend(label === 'wasm + kernels' ? 'wasm' : 'cpu');
    if (label === 'stock cpu') unregisterTrainingKernels({backend: 'cpu'});
    if (label === 'cpu + kernels') registerTrainingKernels({backend: 'cpu'});
    return label === 'wasm + kernels' ? onWasm.step : onCpu.step;
  };
  const timed = (label: Label) => async () => (await use(label))();
  const profiles: Partial<Record<Label, Awaited<ReturnType<typeof topKernels>>>> = {};
  let timings: Record<string, Timing>;
  if (preset === 'resnet50v2') {
    // A stock-CPU ResNet50V2 step takes minutes: one timed step, no warm-up, profiled while timed.
    const step = await use('stock cpu');
    const t0 = performance.now();
    profiles['stock cpu'] = await topKernels(step);
    const ms = performance.now() - t0;
    const rest = await compare({'cpu + kernels': timed('cpu + kernels'), 'wasm + kernels': timed('wasm + kernels')}, {warmup: 1, runs});
    timings = {'stock cpu': {label: 'stock cpu', samplesMs: [ms], medianMs: ms, minMs: ms, maxMs: ms}, ...rest};
    console.log('stock cpu: 1 timed run without warm-up, profiled while timed');
  } else {
    timings = await compare(Object.fromEntries(labels.map((l) => [l, timed(l)])), {warmup: 1, runs});
  }
  report(ctx, timings, {baseline: 'stock cpu', unitsPerRun: BATCH, unit: 'images'});
  for (const label of labels) {
    if (!profiles[label]) profiles[label] = await topKernels(await use(label));
  }
  for (const [label, rows] of Object.entries(profiles)) {
    console.log(`top kernels, ${label} (tf.profile, one step):`);
    console.table(rows);
  }
  unregisterTrainingKernels();
}
