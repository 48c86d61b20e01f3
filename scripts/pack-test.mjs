#!/usr/bin/env node
// Packaging test: pack the library, install the tarball with its tfjs peers into a clean temporary
// folder, then load it from CommonJS and from ESM, resolve the `./node` entry, and type-check a
// TypeScript consumer against the shipped declarations. Run after `npm run build`.
import {execFileSync} from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const tfjsVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@tensorflow/tfjs-core/package.json'), 'utf8')).version;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'consistency-tfjs-pack-'));
const run = (cmd, args, cwd) => execFileSync(cmd, args, {cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8'});

try {
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first.');
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', tmp], root).trim().split('\n').pop();
  const tarPath = path.join(tmp, tarball);
  const listing = run('tar', ['-tzf', tarPath], tmp).split('\n').filter(Boolean);
  const outside = listing.filter((f) => !/^package\/(dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(f));
  if (outside.length) throw new Error(`tarball ships files outside dist/: ${outside.join(', ')}`);
  for (const need of ['package/dist/index.js', 'package/dist/index.cjs', 'package/dist/index.d.ts', 'package/dist/index.d.cts',
    'package/dist/node/index.js', 'package/dist/node/index.cjs', 'package/dist/node/index.d.ts', 'package/dist/node/index.d.cts']) {
    if (!listing.includes(need)) throw new Error(`tarball lacks ${need}`);
  }
  const app = path.join(tmp, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({name: 'pack-test-app', version: '1.0.0', private: true}));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarPath,
    `@tensorflow/tfjs-core@${tfjsVersion}`, `@tensorflow/tfjs-layers@${tfjsVersion}`, `@tensorflow/tfjs-backend-cpu@${tfjsVersion}`], app);

  fs.writeFileSync(path.join(app, 'cjs.cjs'), `
const lib = require('consistency-tfjs');
const node = require('consistency-tfjs/node');
if (lib.VERSION !== ${JSON.stringify(pkg.version)}) throw new Error('VERSION ' + lib.VERSION);
if (typeof lib.Rng !== 'function' || typeof node.selectBackend !== 'function') throw new Error('missing exports');
node.selectBackend({candidates: ['nope']}).then(() => { throw new Error('expected a rejection'); }, (e) => {
  if (!(e instanceof lib.InvalidArgumentError)) throw new Error('node entry error is not an instance of the main entry class');
});
console.log('require ok:', Object.keys(lib).length, 'exports;', Object.keys(node).length, 'node exports');
`);
  fs.writeFileSync(path.join(app, 'esm.mjs'), `
import {VERSION, Rng, InvalidArgumentError} from 'consistency-tfjs';
import {selectBackend} from 'consistency-tfjs/node';
if (VERSION !== ${JSON.stringify(pkg.version)}) throw new Error('VERSION ' + VERSION);
if (new Rng(1).int(0, 10) !== new Rng(1).int(0, 10)) throw new Error('rng');
const choice = await selectBackend({candidates: ['cpu']});
if (choice.backend !== 'cpu') throw new Error('backend ' + choice.backend);
if (!(new InvalidArgumentError('x') instanceof Error)) throw new Error('errors');
const err = await selectBackend({candidates: ['nope']}).catch((e) => e);
if (!(err instanceof InvalidArgumentError)) throw new Error('node entry error is not an instance of the main entry class');
console.log('import ok: backend', choice.backend);
`);
  fs.writeFileSync(path.join(app, 'consumer.ts'), `
import {Rng, type RngState} from 'consistency-tfjs';
import {selectBackend, type BackendChoice} from 'consistency-tfjs/node';
const s: RngState = new Rng(3).getState();
const p: Promise<BackendChoice> = selectBackend({candidates: ['cpu']});
export {s, p};
`);
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({compilerOptions: {
    strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, types: []}, files: ['consumer.ts']}));
  process.stdout.write(run('node', ['cjs.cjs'], app));
  process.stdout.write(run('node', ['esm.mjs'], app));
  run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  console.log('types ok: consumer.ts type-checks against the packed declarations (moduleResolution nodenext)');
  console.log(`pack test passed (${tarball}, ${listing.length} files)`);
} finally {
  fs.rmSync(tmp, {recursive: true, force: true});
}
