// Test images for the corruption tests: smooth synthetic RGB images (no shared data needed) and, when
// ../shared is present, the first CIFAR-10 test images of the shared sample.
import * as fs from 'node:fs';
import {Rng} from '../../src/random/rng';
import {sharedPath} from '../helpers/shared';

/** `n` smooth, textured `h × w` RGB images with values 0..255 (gradients + a few blobs), deterministic. */
export function syntheticImages(n: number, h = 32, w = 32, seed = 1): Uint8Array {
  const rng = new Rng(seed);
  const out = new Uint8Array(n * h * w * 3);
  for (let k = 0; k < n; k++) {
    const base = [rng.uniform(30, 200), rng.uniform(30, 200), rng.uniform(30, 200)];
    const blobs = Array.from({length: 4}, () => ({y: rng.uniform(0, h), x: rng.uniform(0, w), r: rng.uniform(3, 9), c: rng.int(0, 3), v: rng.uniform(-90, 90)}));
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) {
          let v = (base[c] as number) + 40 * Math.sin((x + 2 * y + 5 * c) / 6);
          for (const b of blobs) if (b.c === c && (y - b.y) ** 2 + (x - b.x) ** 2 < b.r * b.r) v += b.v;
          out[((k * h + y) * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
  }
  return out;
}

/** The first `n` CIFAR-10 test images of ../shared (NHWC bytes). */
export function cifarTestImages(n: number): Uint8Array {
  const buf = fs.readFileSync(sharedPath('data', 'cifar10-sample', 'cifar-10-batches-bin', 'test_batch.bin'));
  const out = new Uint8Array(n * 3072);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 1024; i++) out[r * 3072 + i * 3 + c] = buf[r * 3073 + 1 + c * 1024 + i] as number;
    }
  }
  return out;
}

/** A stand-in frost photograph (bright, textured) for the frost corruption. */
export function fakeFrostPhoto(size = 240): {data: Uint8Array; height: number; width: number} {
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) {
    const v = 170 + ((i * 7919) % 80);
    data[i * 3] = v;
    data[i * 3 + 1] = v;
    data[i * 3 + 2] = Math.min(255, v + 10);
  }
  return {data, height: size, width: size};
}

/** Mean absolute difference of two byte arrays. */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs((a[i] as number) - (b[i] as number));
  return d / a.length;
}
