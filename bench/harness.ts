// Shared benchmark harness: every benchmark prints the backend, tfjs version, machine and shapes,
// times a candidate and its baseline in the same run (interleaved), and reports the ratio.
// Timings never gate anything: benchmarks are run by `npm run bench`, never by `npm test`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

export interface BenchContext {
  readonly name: string;
  readonly backend: string;
  readonly tfjsVersion: string;
  readonly shapes: Record<string, unknown>;
}

/** Prints the header every benchmark starts with and returns its context. */
export async function header(name: string, shapes: Record<string, unknown>): Promise<BenchContext> {
  await tf.ready();
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  const ctx = {name, backend: tf.getBackend(), tfjsVersion: tf.version_core, shapes};
  console.log(`# ${name}`);
  console.log(`backend ${ctx.backend} · tfjs-core ${ctx.tfjsVersion} · node ${process.version} · ${os.cpus().length} × ${cpu}`);
  console.log(`shapes ${JSON.stringify(shapes)}`);
  return ctx;
}

export interface Timing {
  readonly label: string;
  readonly samplesMs: number[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

function summarize(label: string, samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return {label, samplesMs: samples, medianMs: median, minMs: s[0] ?? NaN, maxMs: s[s.length - 1] ?? NaN};
}

/**
 * Times each function `runs` times after `warmup` untimed calls, interleaving them (A B C A B C …)
 * so that drift of the machine's speed affects all alike. Functions may be async.
 */
export async function compare(
  fns: Record<string, () => unknown>, opts: {warmup?: number; runs?: number} = {},
): Promise<Record<string, Timing>> {
  const warmup = opts.warmup ?? 1;
  const runs = opts.runs ?? 5;
  const labels = Object.keys(fns);
  for (let i = 0; i < warmup; i++) for (const l of labels) await fns[l]!();
  const samples: Record<string, number[]> = Object.fromEntries(labels.map((l) => [l, []]));
  for (let r = 0; r < runs; r++) {
    for (const l of labels) {
      const t0 = performance.now();
      await fns[l]!();
      samples[l]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(labels.map((l) => [l, summarize(l, samples[l]!)]));
}

/** Prints a table of timings with a throughput column and the ratio to `baseline`. */
export function report(
  ctx: BenchContext, timings: Record<string, Timing>, opts: {baseline: string; unitsPerRun?: number; unit?: string},
): Record<string, unknown> {
  const base = timings[opts.baseline];
  if (!base) throw new Error(`no baseline '${opts.baseline}'`);
  const rows = Object.values(timings).map((t) => ({
    label: t.label,
    medianMs: round(t.medianMs),
    minMs: round(t.minMs),
    maxMs: round(t.maxMs),
    ...(opts.unitsPerRun ? {[`${opts.unit ?? 'items'}/s`]: round((opts.unitsPerRun * 1000) / t.medianMs)} : {}),
    speedupVsBaseline: round(base.medianMs / t.medianMs),
  }));
  console.table(rows);
  const result = {
    benchmark: ctx.name, date: new Date().toISOString(), backend: ctx.backend, tfjsVersion: ctx.tfjsVersion,
    node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, shapes: ctx.shapes,
    baseline: opts.baseline, rows,
  };
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', `${ctx.name}.json`);
  fs.mkdirSync(path.dirname(out), {recursive: true});
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`saved ${path.relative(process.cwd(), out)}`);
  return result;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Path inside ../shared (specs, fixtures, the CIFAR-10 sample), overridable by CONSISTENCY_SHARED_DIR. */
export function sharedPath(...parts: string[]): string {
  return path.join(process.env['CONSISTENCY_SHARED_DIR'] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared'), ...parts);
}
