// `npm run bench [-- name ...]`: runs every bench/*.bench.ts (or the named ones) in its own process,
// one after another, so that benchmarks do not share a tfjs engine or compete for the two cores.
import {spawnSync} from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const all = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const wanted = process.argv.slice(2);
const selected = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all;
if (selected.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}; available: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}`);
  process.exit(1);
}
let failed = 0;
for (const file of selected) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], {stdio: 'inherit'});
  if (r.status !== 0) failed++;
  console.log('');
}
process.exit(failed ? 1 : 0);
