// A training port over a tiny model with a plain-number learning rate, for driving callbacks with
// synthetic log sequences (no training).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type {TrainingCallback, TrainingPort} from '../../../src/train/callbacks/callback';

export interface FakeRun {
  readonly port: TrainingPort & {lr: number};
  /** Sets every weight of the model to `v`. */
  setAll(v: number): void;
  /** First kernel value. */
  first(): number;
  dispose(): void;
}

export function fakeRun(lr = 1e-3): FakeRun {
  const model = tfl.sequential({layers: [tfl.layers.dense({units: 1, inputShape: [2]})]});
  const port = {
    model, optimizer: undefined, stopTraining: false, lr,
    getLearningRate() { return this.lr; },
    setLearningRate(v: number) { this.lr = v; },
  };
  return {
    port,
    setAll(v) {
      const filled = model.getWeights().map((w) => tf.fill(w.shape, v));
      model.setWeights(filled); // setWeights copies the values
      tf.dispose(filled);
    },
    first() {
      return (model.getWeights()[0]!.dataSync()[0]) as number;
    },
    dispose() {
      model.dispose();
    },
  };
}

/**
 * Drives `callbacks` over a sequence of epoch logs like a training loop would: onTrainBegin, then
 * onEpochEnd per entry until stopTraining, then onTrainEnd. `beforeEpoch(e)` runs first each epoch.
 * Returns the epochs that ran.
 */
export async function drive(
  run: FakeRun, callbacks: TrainingCallback[], logs: Array<Record<string, number>>,
  beforeEpoch?: (epoch: number) => void,
): Promise<{epochs: number[]; logs: Array<Record<string, unknown>>}> {
  run.port.stopTraining = false;
  for (const cb of callbacks) cb.setTrainingPort(run.port);
  const seen: Array<Record<string, unknown>> = [];
  const epochs: number[] = [];
  try {
    for (const cb of callbacks) await cb.onTrainBegin();
    for (let e = 0; e < logs.length; e++) {
      beforeEpoch?.(e);
      const l: Record<string, unknown> = {...logs[e]};
      for (const cb of callbacks) await cb.onEpochEnd(e, l as never);
      seen.push(l);
      epochs.push(e);
      if (run.port.stopTraining) break;
    }
    for (const cb of callbacks) await cb.onTrainEnd();
  } finally {
    for (const cb of callbacks) cb.setTrainingPort(null);
  }
  return {epochs, logs: seen};
}
