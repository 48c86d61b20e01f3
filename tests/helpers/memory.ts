// One helper for tensor-leak checks: every tensor-producing test goes through it.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `fn` and fails the test if the number of live tensors changed (by more than `allowed`).
 * Returns what `fn` returned; tensors in the result are counted, so return plain data or dispose first.
 */
export async function expectNoLeak<T>(fn: () => T | Promise<T>, allowed = 0): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after - before !== allowed) {
    throw new Error(`tensor leak: ${before} tensors before, ${after} after (expected a difference of ${allowed}).`);
  }
  return result;
}

/**
 * Runs `fn`, expects it to throw, checks that no tensor leaked on the way, and returns the error.
 */
export async function expectNoLeakOnThrow(fn: () => unknown): Promise<unknown> {
  const before = tf.memory().numTensors;
  let error: unknown;
  let threw = false;
  try {
    await fn();
  } catch (e) {
    threw = true;
    error = e;
  }
  const after = tf.memory().numTensors;
  if (!threw) throw new Error('expected the call to throw, but it returned.');
  if (after !== before) {
    throw new Error(`tensor leak on the error path: ${before} tensors before, ${after} after.`);
  }
  return error;
}
