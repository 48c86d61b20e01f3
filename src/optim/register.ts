/**
 * Explicit registration of the library's serialisable classes with the tfjs serialization registry.
 *
 * The package declares `"sideEffects": false`, so nothing registers at import time. Each class registers itself
 * the first time one is constructed; call {@link registerConsistencyClasses} before loading a saved model whose
 * training config names one of them (e.g. `tf.loadLayersModel` of a model compiled with `SWA`) when none has been
 * constructed yet in the process.
 *
 * @module optim
 */
import {registerOnce} from '../internal/serialization';
import {MovingAverage} from './ema';
import {SWA} from './swa';

/**
 * Registers `SWA` and `MovingAverage` with `tf.serialization` unless classes of those names are already
 * registered (for instance by a second copy of this package: the first registration wins, nothing throws).
 * Safe to call any number of times.
 * @returns The class names this call registered (empty when all were registered already).
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import {registerConsistencyClasses} from 'consistency-tfjs';
 * registerConsistencyClasses();                        // before loading a model saved with an SWA optimizer
 * const model = await tfl.loadLayersModel('file://./teacher/model.json');
 * console.log(model.optimizer?.getClassName());        // 'SWA'
 * ```
 */
export function registerConsistencyClasses(): string[] {
  const registered: string[] = [];
  for (const cls of [SWA, MovingAverage]) {
    if (registerOnce(cls)) registered.push(cls.className);
  }
  return registered;
}
