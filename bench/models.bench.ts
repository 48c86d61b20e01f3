// Forward pass and one training step of the example's classifier (rescale → ResNetV2 preset → GAP → dense)
// for each small preset, at the preset's input size, on the stock backend of this process (cpu).
// Baseline: the smallest preset, timed in the same run. `BENCH_MODELS_FULL=1` adds ResNet50V2 at 72x72
// (batch 2: a step takes minutes on the CPU backend). `BENCH_MODELS_BATCH` sets the batch size (default 16).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import {buildClassifier} from '../src/models/classifier';
import {getResNetV2Preset} from '../src/models/presets';
import {disposeOptimizer} from '../src/optim/dispose_optimizer';
import {compare, header, report} from './harness';

await tf.setBackend('cpu');
const batch = Number(process.env['BENCH_MODELS_BATCH'] ?? 16);
const full = process.env['BENCH_MODELS_FULL'] === '1';
const runs = Number(process.env['BENCH_MODELS_RUNS'] ?? 3);
const presets: Array<{name: string; inputShape: readonly [number, number, number]; batch: number}> = [
  {name: 'resnet26v2-w4-cifar', inputShape: [32, 32, 3], batch},
  {name: 'resnet50v2-w8', inputShape: [72, 72, 3], batch},
  {name: 'resnet50v2-w8-cifar', inputShape: [32, 32, 3], batch},
  ...(full ? [{name: 'resnet50v2', inputShape: [72, 72, 3] as const, batch: 2}] : []),
];
const BASELINE = 'resnet26v2-w4-cifar';
const CLASSES = 10;

interface Subject {
  readonly name: string;
  readonly batch: number;
  forward(): Promise<void>;
  step(): Promise<void>;
  dispose(): void;
}

function subject(name: string, inputShape: readonly [number, number, number], n: number): Subject {
  const model = buildClassifier({preset: name, inputShape, classes: CLASSES, seed: 1});
  const x = tf.tidy(() => tf.floor(tf.randomUniform([n, ...inputShape], 0, 256, 'float32', 1)));
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({length: n}, (_, i) => i % CLASSES), 'int32'), CLASSES));
  const optimizer = tf.train.sgd(0.01);
  return {
    name,
    batch: n,
    async forward() {
      const y = model.predict(x) as tf.Tensor;
      await y.data();
      y.dispose();
    },
    async step() {
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, {training: true}) as tf.Tensor) as tf.Scalar, true);
      await loss!.data();
      loss!.dispose();
    },
    dispose() {
      tf.dispose([x, labels]);
      disposeOptimizer(optimizer);
      model.dispose();
    },
  };
}

const subjects = presets.map((p) => subject(p.name, p.inputShape, p.batch));
const shapes = Object.fromEntries(presets.map((p) => [p.name, {
  input: [p.batch, ...p.inputShape], classes: CLASSES, paramsWithoutTop: getResNetV2Preset(p.name).paramsWithoutTop,
}]));

// images/s is only meaningful when every subject runs the same batch (not with BENCH_MODELS_FULL=1).
const perImage = subjects.every((s) => s.batch === batch) ? {unitsPerRun: batch, unit: 'images'} : {};

const fctx = await header('models-forward', shapes);
const forward = await compare(Object.fromEntries(subjects.map((s) => [s.name, () => s.forward()])), {warmup: 1, runs});
report(fctx, forward, {baseline: BASELINE, ...perImage});

const sctx = await header('models-train-step', shapes);
const steps = await compare(Object.fromEntries(subjects.map((s) => [s.name, () => s.step()])), {warmup: 1, runs});
report(sctx, steps, {baseline: BASELINE, ...perImage});

for (const s of subjects) s.dispose();
console.log(`tensors left: ${tf.memory().numTensors}`);
