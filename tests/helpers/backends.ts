// Runs a suite once per backend listed in $TEST_BACKENDS (comma separated, default 'cpu'),
// each test inside its own engine scope (as tfjs's describeWithFlags does).
import * as tf from '@tensorflow/tfjs-core';

export function testBackends(): string[] {
  return (process.env['TEST_BACKENDS'] ?? 'cpu').split(',').map((s) => s.trim()).filter(Boolean);
}

export function describeBackends(name: string, fn: (backend: string) => void): void {
  for (const backend of testBackends()) {
    describe(`${name} [${backend}]`, () => {
      let previous = 'cpu';
      beforeAll(async () => {
        previous = tf.getBackend();
        if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
        if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available`);
        await tf.ready();
      });
      afterAll(async () => {
        await tf.setBackend(previous);
      });
      beforeEach(() => tf.engine().startScope());
      afterEach(() => tf.engine().endScope());
      fn(backend);
    });
  }
}
