import {defocusKernel} from '../../src/corrupt/blur';
import {corruptPixels} from '../../src/corrupt/corrupt';
import {syntheticImages} from './images';

const impulse = (h = 32, w = 32) => {
  const img = new Uint8Array(h * w * 3);
  const c = ((h >> 1) * w + (w >> 1)) * 3;
  img.fill(255, c, c + 3);
  return img;
};

describe('blur corruptions', () => {
  it('gaussian_blur spreads an impulse with the SciPy kernel (σ = 1: centre 255·0.39894² = 40.58 → 40)', () => {
    const out = corruptPixels(impulse(), [1, 32, 32, 3], 'gaussian_blur', {sigma: 1});
    const c = (16 * 32 + 16) * 3;
    expect(out[c]).toBe(40);
    expect(out[c + 1]).toBe(40);
    // neighbour: 255 · 0.39894 · 0.24197 = 24.6 → 24; 5 pixels away: outside the 4σ kernel → 0
    expect(out[c + 3]).toBe(24);
    expect(out[c + 5 * 3]).toBe(0);
  });

  it('gaussian_blur and defocus_blur keep a flat image', () => {
    const flat = new Uint8Array(32 * 32 * 3).fill(77);
    for (const name of ['gaussian_blur', 'defocus_blur']) {
      for (let s = 1; s <= 5; s++) {
        const out = corruptPixels(flat, [1, 32, 32, 3], name, s);
        // Kernels sum to 1 up to float rounding, which truncation may turn into 76.
        expect(out.every((v) => v === 77 || v === 76)).toBe(true);
      }
    }
  });

  it('defocus kernel: centre cell smoothed by OpenCV 3×3 Gaussian (r = 0.3, σ = 0.4), full 3×3 disk at r = 1.5', () => {
    const {kernel, size} = defocusKernel(0.3, 0.4);
    expect(size).toBe(17);
    const at = (k: Float64Array, y: number, x: number) => k[(8 + y) * 17 + 8 + x] as number;
    expect(at(kernel, 0, 0)).toBeCloseTo(0.844973, 5);
    expect(at(kernel, 0, 1)).toBeCloseTo(0.844973 ** 0.5 * 0.0403879, 5);
    expect(at(kernel, 0, 2)).toBe(0);
    expect(kernel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const wide = defocusKernel(1.5, 0.1).kernel;
    expect(at(wide, 1, 1)).toBeCloseTo(1 / 9, 4); // σ = 0.1 barely smooths: (±1, ±1) are inside r = 1.5
    expect(at(wide, 0, 2)).toBeLessThan(1e-6);
  });

  it('glass_blur without blur copies each pixel from itself, above, left or above-left; rows/cols 0-1 untouched', () => {
    const img = syntheticImages(1);
    const out = corruptPixels(img, [1, 32, 32, 3], 'glass_blur', {sigma: 0, maxDelta: 1, iterations: 1}, {seed: 5});
    const px = (a: Uint8Array, y: number, x: number) => Array.from(a.subarray((y * 32 + x) * 3, (y * 32 + x) * 3 + 3));
    let moved = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        if (y < 2 || x < 2) {
          expect(px(out, y, x)).toEqual(px(img, y, x));
          continue;
        }
        const candidates = [[y, x], [y - 1, x], [y, x - 1], [y - 1, x - 1]].map(([a, b]) => px(img, a!, b!).join());
        expect(candidates).toContain(px(out, y, x).join());
        if (px(out, y, x).join() !== px(img, y, x).join()) moved++;
      }
    }
    expect(moved).toBeGreaterThan(500); // 3 of 4 draws move a pixel
  });
});
