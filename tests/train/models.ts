// Tiny models with hand-set weights for the trainer tests (dense only: the CPU backend's conv backprop is slow).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Sets a model's weights from nested arrays, in getWeights() order. */
export function setWeights(model: tfl.LayersModel, values: number[][][] | Array<number[] | number[][]>): void {
  const ts = values.map((v) => tf.tensor(v as number[]));
  model.setWeights(ts);
  tf.dispose(ts);
}

/** Current weights as plain arrays. */
export async function weightsOf(model: tfl.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
}

/** Images [B,1,1,F] → flatten → dense(hidden, linear, no bias) → dense(classes, no bias). Two layers. */
export function twoLayer(features: number, hidden: number, classes: number, extra: 'none' | 'dropout' | 'batchnorm' = 'none') {
  const layers: tfl.layers.Layer[] = [tfl.layers.flatten({inputShape: [1, 1, features]})];
  layers.push(tfl.layers.dense({units: hidden, useBias: false, kernelInitializer: 'glorotUniform'}));
  if (extra === 'dropout') layers.push(tfl.layers.dropout({rate: 0.9}));
  if (extra === 'batchnorm') layers.push(tfl.layers.batchNormalization({}));
  layers.push(tfl.layers.dense({units: classes, useBias: false}));
  return tfl.sequential({layers});
}

/** One dense layer on flattened [B,1,1,F] images (with bias). */
export function linear(features: number, classes: number) {
  return tfl.sequential({layers: [
    tfl.layers.flatten({inputShape: [1, 1, features]}),
    tfl.layers.dense({units: classes, kernelInitializer: 'glorotUniform'}),
  ]});
}

/** Images [B,1,1,F] from rows. */
export function images(rows: number[][]): tf.Tensor4D {
  return tf.tensor4d(rows.flat(), [rows.length, 1, 1, rows[0]!.length]);
}

export function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
