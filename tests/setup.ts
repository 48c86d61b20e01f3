// Runs before every test file: the tests use the pure-JS CPU backend (the one every machine has).
// tfjs-layers is imported for its side effect of registering every gradient, as an application's
// `import '@tensorflow/tfjs'` or `'@tensorflow/tfjs-layers'` would.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
