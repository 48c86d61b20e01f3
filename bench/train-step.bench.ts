// One SGD training step (forward, backward, update) of the example's classifier (rescale to [-1, 1] → ResNetV2
// → global average pooling → dense) at batch 8 on 72×72×3, on:
//   stock cpu       @tensorflow/tfjs-backend-cpu with its own kernels (the baseline),
//   cpu + kernels   the same backend after registerTrainingKernels(),
//   wasm + kernels  @tensorflow/tfjs-backend-wasm after registerTrainingKernels() (it cannot train without them),
// interleaved in one run, with the ratios and each configuration's top kernels from tf.profile.
//
// Models: the architectures of the ResNetV2 presets of src/models (`resnet50v2-w8`, `resnet26v2-w4-cifar`,
// `resnet50v2`), rebuilt below with the same stages, widths and stems until that module lands on main.
// A stock-CPU ResNet50V2 step takes minutes, so it gets a single timed run and no warm-up (its profile is taken
// during that run); the others get 1 warm-up and TRAIN_STEP_RUNS timed runs (default 3).
// Env: TRAIN_STEP_PRESETS=resnet50v2-w8,resnet26v2-w4-cifar,resnet50v2 (default all), TRAIN_STEP_RUNS=3.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {registerTrainingKernels, unregisterTrainingKernels} from '../src/kernels/register_training_kernels';
import {Rng} from '../src/random/rng';
import {compare, header, report, type Timing} from './harness';

const BATCH = 8;
const SIZE = 72;
const CLASSES = 10;

/** The architecture of a src/models preset: blocks and bottleneck widths per stack, stem. */
interface Architecture {
  readonly stages: readonly number[];
  readonly filters: readonly number[];
  readonly stemFilters: number;
  readonly stem: 'imagenet' | 'cifar';
}
const PRESETS: Record<string, Architecture> = {
  'resnet50v2-w8': {stages: [3, 4, 6, 3], filters: [8, 16, 32, 64], stemFilters: 8, stem: 'imagenet'},
  'resnet26v2-w4-cifar': {stages: [2, 2, 2, 2], filters: [4, 8, 16, 32], stemFilters: 8, stem: 'cifar'},
  resnet50v2: {stages: [3, 4, 6, 3], filters: [64, 128, 256, 512], stemFilters: 64, stem: 'imagenet'},
};

// ---- pre-activation ResNet (Keras resnet_v2 block2/stack2), for this benchmark only ----
const bn = () => tfl.layers.batchNormalization({epsilon: 1.001e-5});
const relu = () => tfl.layers.activation({activation: 'relu'});
const conv = (filters: number, kernelSize: number, strides = 1, useBias = true) =>
  tfl.layers.conv2d({filters, kernelSize, strides, useBias, kernelInitializer: 'glorotUniform'});
const call = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;

function block(x: tfl.SymbolicTensor, filters: number, stride: number, convShortcut: boolean): tfl.SymbolicTensor {
  const preact = call(relu(), call(bn(), x));
  const shortcut = convShortcut ? call(conv(4 * filters, 1, stride), preact)
    : stride > 1 ? call(tfl.layers.maxPooling2d({poolSize: 1, strides: stride}), x) : x;
  let y = call(relu(), call(bn(), call(conv(filters, 1, 1, false), preact)));
  y = call(tfl.layers.zeroPadding2d({padding: 1}), y);
  y = call(relu(), call(bn(), call(conv(filters, 3, stride, false), y)));
  y = call(conv(4 * filters, 1), y);
  return call(tfl.layers.add(), [shortcut, y]);
}

/** Rescaling → ResNetV2 (no top) → GAP → dense, as the example's classifier. */
function classifier(a: Architecture): tfl.LayersModel {
  const input = tfl.input({shape: [SIZE, SIZE, 3]});
  let x = call(tfl.layers.rescaling({scale: 1 / 127.5, offset: -1}), input);
  if (a.stem === 'imagenet') {
    x = call(conv(a.stemFilters, 7, 2), call(tfl.layers.zeroPadding2d({padding: 3}), x));
    x = call(tfl.layers.maxPooling2d({poolSize: 3, strides: 2}), call(tfl.layers.zeroPadding2d({padding: 1}), x));
  } else {
    x = call(conv(a.stemFilters, 3, 1), call(tfl.layers.zeroPadding2d({padding: 1}), x));
  }
  a.stages.forEach((blocks, i) => {
    const filters = a.filters[i] as number;
    const stride = i === a.stages.length - 1 ? 1 : 2; // Keras: the last stack does not downsample
    x = block(x, filters, 1, true);
    for (let b = 2; b < blocks; b++) x = block(x, filters, 1, false); // blocks 2 … n−1
    x = block(x, filters, stride, false);
  });
  x = call(tfl.layers.globalAveragePooling2d({}), call(relu(), call(bn(), x)));
  return tfl.model({inputs: input, outputs: call(tfl.layers.dense({units: CLASSES}), x)});
}

/** A model, an optimizer and one fixed batch, all living on the backend active at creation. */
function trainer(a: Architecture, seed: number): {step: () => void; params: number} {
  const model = classifier(a);
  const rng = new Rng(seed);
  const x = tf.tensor4d(Float32Array.from({length: BATCH * SIZE * SIZE * 3}, () => rng.int(0, 256)), [BATCH, SIZE, SIZE, 3]);
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
  const architecture = PRESETS[preset];
  if (!architecture) throw new Error(`unknown preset '${preset}'; known: ${Object.keys(PRESETS).join(', ')}`);
  await tf.setBackend('cpu');
  unregisterTrainingKernels();
  const onCpu = trainer(architecture, 1);
  await tf.setBackend('wasm');
  registerTrainingKernels();
  const onWasm = trainer(architecture, 1);
  await tf.setBackend('cpu');
  const ctx = await header(`train-step.${preset}`, {
    preset, architecture, batch: [BATCH, SIZE, SIZE, 3], params: onCpu.params, optimizer: 'sgd', backends: 'cpu and wasm',
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
