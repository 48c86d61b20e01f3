import {defineConfig} from 'tsup';

// Two entry points: the browser-safe main entry and the Node-only loaders.
// tfjs packages are peers and are never bundled.
export default defineConfig({
  entry: {index: 'src/index.ts', 'node/index': 'src/node/index.ts'},
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  splitting: true, // one shared chunk, so both entries use the same error classes and state
  treeshake: true,
  external: [/^@tensorflow\//],
});
