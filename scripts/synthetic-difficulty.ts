// How hard is `synthetic-shapes-10`? Trains a small CNN on it and prints train and test accuracy after every
// epoch; `--dataset cifar10-sample` runs the same protocol on the real CIFAR-10 sample of ../shared for comparison.
// The figures in docs/data.md come from this script. Usage:
//   npx tsx scripts/synthetic-difficulty.ts [--dataset synthetic|cifar10-sample] [--train 2000] [--test 1000]
//     [--epochs 8] [--seed 1] [--model small|medium] [--data-dir <cifar-10-batches-bin>]
// It uses the CPU backend unless CONSISTENCY_TFJS_BACKEND names another (see selectBackend).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';
import {splitToBatch, syntheticShapes10, type CifarDataset} from '../src/index';
import {loadCifar10, selectBackend} from '../src/node/index';

const args = Object.fromEntries(process.argv.slice(2).reduce<Array<[string, string]>>((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] ?? '']);
  return acc;
}, []));
const dataset = args['dataset'] ?? 'synthetic';
const trainCount = Number(args['train'] ?? 2000);
const testCount = Number(args['test'] ?? 1000);
const epochs = Number(args['epochs'] ?? 8);
const seed = Number(args['seed'] ?? 1);
const kind = args['model'] ?? 'small';

const choice = await selectBackend({candidates: [(process.env['CONSISTENCY_TFJS_BACKEND'] as 'cpu') ?? 'cpu']});
const t0 = performance.now();
const sample = args['data-dir'] ?? path.join(process.env['CONSISTENCY_SHARED_DIR'] ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared'), 'data', 'cifar10-sample');
const data: CifarDataset = dataset === 'cifar10-sample'
  ? await loadCifar10({dataDir: sample, download: false, warn: () => undefined})
  : syntheticShapes10({trainCount, testCount, seed});
if (data.train.count < trainCount || data.test.count < testCount) {
  throw new Error(`${data.name} has ${data.train.count} train / ${data.test.count} test images; fewer than asked.`);
}
console.log(`${data.name}: ${trainCount} train / ${testCount} test images, seed ${seed}, ready in ` +
  `${((performance.now() - t0) / 1000).toFixed(1)} s · backend ${choice.backend} · model ${kind}`);

let s = 1;
const conv = (filters: number, strides: number, first = false) => tfl.layers.conv2d({
  ...(first ? {inputShape: [32, 32, 3]} : {}), filters, kernelSize: 3, strides, padding: 'same', activation: 'relu',
  kernelInitializer: tfl.initializers.heNormal({seed: s++}),
});
// 'small' is the model of tests/data/synthetic.test.ts; 'medium' adds width and a third stage.
const body = kind === 'medium'
  ? [conv(16, 1, true), tfl.layers.maxPooling2d({poolSize: 2}), conv(32, 1), tfl.layers.maxPooling2d({poolSize: 2}),
    conv(64, 1), tfl.layers.globalAveragePooling2d({})]
  : [conv(8, 2, true), conv(16, 2), tfl.layers.flatten()];
const model = tfl.sequential({layers: [...body, tfl.layers.dense({units: 10, activation: 'softmax',
  kernelInitializer: tfl.initializers.glorotUniform({seed: 99})})]});
model.compile({optimizer: tf.train.adam(3e-3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']});

const train = splitToBatch(data.train, {start: 0, end: trainCount});
const test = splitToBatch(data.test, {start: 0, end: testCount});
const [xTrain, xTest] = [tf.div(train.image, 255), tf.div(test.image, 255)];
const [yTrain, yTest] = [tf.cast(train.label, 'float32'), tf.cast(test.label, 'float32')];
for (let epoch = 1; epoch <= epochs; epoch++) {
  const start = performance.now();
  const h = await model.fit(xTrain, yTrain, {epochs: 1, batchSize: 32, shuffle: true, verbose: 0});
  const [, acc] = model.evaluate(xTest, yTest, {batchSize: 256}) as tf.Scalar[];
  console.log(`epoch ${epoch}: train accuracy ${Number(h.history['acc']?.[0]).toFixed(3)}, test accuracy ` +
    `${(await acc!.data())[0]!.toFixed(3)} (${((performance.now() - start) / 1000).toFixed(0)} s)`);
}
