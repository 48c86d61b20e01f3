// Loader and tolerance rules for the golden RandAugment fixtures in ../shared/fixtures/randaugment
// (format: README.md there). Used by the op tests; not a test file itself.
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import {sharedPath} from '../helpers/shared';

export interface FixtureTolerance {
  readonly name: 'exact' | 'rotate' | 'sharpness';
  readonly max_abs_diff: number;
  readonly max_fraction_off: number;
}

export interface FixtureCase {
  readonly id: string;
  readonly op: string;
  readonly args: Record<string, number>;
  readonly per_image_args: Array<Record<string, number>> | null;
  readonly input: string;
  readonly images: number[];
  readonly output: string;
  readonly shape: [number, number, number, number];
  readonly tolerance: FixtureTolerance;
}

export const FIXTURE_DIR = ['fixtures', 'randaugment'];

export function loadIndex(): {cases: FixtureCase[]; inputs: {shape: number[]}} {
  return JSON.parse(fs.readFileSync(sharedPath(...FIXTURE_DIR, 'index.json'), 'utf8'));
}

export function readU8(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(sharedPath(...FIXTURE_DIR, file)));
}

/** The inputs of a case as a float32 [n, 72, 72, 3] tensor (the caller disposes it). */
export function caseInput(c: FixtureCase, inputs: Uint8Array): tf.Tensor4D {
  const [, h, w] = c.shape;
  const per = h * w * 3;
  const data = new Float32Array(c.images.length * per);
  c.images.forEach((img, k) => data.set(inputs.subarray(img * per, (img + 1) * per), k * per));
  return tf.tensor4d(data, [c.images.length, h, w, 3]);
}

/** Checks `actual` (values 0..255) against the expected bytes with the case's tolerance rule; returns problems. */
export function compareCase(c: FixtureCase, actual: ArrayLike<number>, expected: Uint8Array): string[] {
  const [n, h, w] = c.shape;
  const per = h * w * 3;
  const problems: string[] = [];
  if (actual.length !== expected.length) return [`${c.id}: ${actual.length} values, expected ${expected.length}`];
  for (let i = 0; i < n; i++) {
    let diffValues = 0;
    let diffPixels = 0;
    let maxAbs = 0;
    let borderDiff = 0;
    let interiorDiff = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let pixelDiff = false;
        for (let ch = 0; ch < 3; ch++) {
          const k = i * per + (y * w + x) * 3 + ch;
          const a = actual[k] as number;
          if (!Number.isInteger(a)) problems.push(`${c.id}[${i}]: non-integer value ${a}`);
          const d = Math.abs(a - (expected[k] as number));
          if (d === 0) continue;
          diffValues++;
          pixelDiff = true;
          maxAbs = Math.max(maxAbs, d);
          if (y === 0 || x === 0 || y === h - 1 || x === w - 1) borderDiff++;
          else interiorDiff++;
        }
        if (pixelDiff) diffPixels++;
      }
    }
    const t = c.tolerance;
    if (t.name === 'exact' && diffValues > 0) problems.push(`${c.id}[${i}]: ${diffValues} values differ (max ${maxAbs})`);
    if (t.name === 'rotate' && diffPixels > t.max_fraction_off * h * w) {
      problems.push(`${c.id}[${i}]: ${diffPixels} pixels differ, allowed ${t.max_fraction_off * h * w}`);
    }
    if (t.name === 'sharpness') {
      if (borderDiff > 0) problems.push(`${c.id}[${i}]: ${borderDiff} border values differ`);
      if (maxAbs > t.max_abs_diff) problems.push(`${c.id}[${i}]: max abs diff ${maxAbs} > ${t.max_abs_diff}`);
      if (interiorDiff > t.max_fraction_off * (h - 2) * (w - 2) * 3) {
        problems.push(`${c.id}[${i}]: ${interiorDiff} interior values differ, allowed ${t.max_fraction_off * (h - 2) * (w - 2) * 3}`);
      }
    }
  }
  return problems;
}

/** Number of values that differ at all (for reporting how close a tolerant case is to exact). */
export function countDiffs(actual: ArrayLike<number>, expected: Uint8Array): number {
  let d = 0;
  for (let k = 0; k < expected.length; k++) if (actual[k] !== expected[k]) d++;
  return d;
}
