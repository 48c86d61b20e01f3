// Package-level invariants: version in step, exports map shape, and the import rules of src/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {VERSION} from '../src/version';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap((d) =>
    d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []);
}

describe('package', () => {
  it('VERSION matches package.json', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('declares tfjs peers that accept 4.22.0 and optional native peers', () => {
    expect(pkg.peerDependencies['@tensorflow/tfjs-core']).toMatch(/^\^4\./);
    expect(pkg.peerDependencies['@tensorflow/tfjs-layers']).toMatch(/^\^4\./);
    expect(pkg.peerDependenciesMeta['@tensorflow/tfjs-node'].optional).toBe(true);
    expect(pkg.peerDependenciesMeta['@tensorflow/tfjs-node-gpu'].optional).toBe(true);
    expect(pkg.files).toEqual(['dist']);
    for (const entry of ['.', './node']) {
      expect(Object.keys(pkg.exports[entry]).sort()).toEqual(['import', 'require']);
      expect(pkg.exports[entry].import.types).toMatch(/\.d\.ts$/);
      expect(pkg.exports[entry].require.types).toMatch(/\.d\.cts$/);
    }
  });

  it('src/ uses no Math.random and statically imports only tfjs-core and tfjs-layers', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      const rel = path.relative(root, file);
      if (/Math\.random\s*\(/.test(text)) offenders.push(`${rel}: Math.random`);
      for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"](@tensorflow\/[^'"]+)['"]/gm)) {
        if (m[1] !== '@tensorflow/tfjs-core' && m[1] !== '@tensorflow/tfjs-layers') offenders.push(`${rel}: ${m[1]}`);
      }
      if (!rel.startsWith(path.join('src', 'node')) && /from\s+['"]node:/.test(text)) offenders.push(`${rel}: node built-in outside src/node`);
    }
    expect(offenders).toEqual([]);
  });
});
