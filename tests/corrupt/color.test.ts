import {corruptPixels} from '../../src/corrupt/corrupt';
import {hsvToRgb, rgbToHsv} from '../../src/corrupt/internal/hsv';
import {Rng} from '../../src/random/rng';

const one = (rgb: number[]) => Uint8Array.from({length: 4 * 4 * 3}, (_, i) => rgb[i % 3] as number);
const shape: [number, number, number, number] = [1, 4, 4, 3];

describe('colour corruptions', () => {
  it('brightness adds ΔV in HSV: grey 100 at severity 5 → trunc(255·(100/255 + 0.3)) = 176', () => {
    expect(Array.from(corruptPixels(one([100, 100, 100]), shape, 'brightness', 5).subarray(0, 3))).toEqual([176, 176, 176]);
    // V is clipped at 1: a bright colour keeps its hue and saturation, its max channel goes to 255.
    const out = corruptPixels(one([250, 125, 0]), shape, 'brightness', 5);
    expect(out[0]).toBe(255);
    expect(out[2]).toBe(0);
    expect(Math.abs((out[1] as number) - 127)).toBeLessThanOrEqual(1);
  });

  it('saturate scales S: a grey pixel gets offset saturation with hue 0 (red)', () => {
    // severity 5: S = 0·2.5 + 0.2 → R = V = 100, G = B = V·(1 − 0.2) = 80 (float rounding may give 79)
    const out = corruptPixels(one([100, 100, 100]), shape, 'saturate', 5);
    expect(out[0]).toBe(100);
    expect([79, 80]).toContain(out[1]);
    expect(out[2]).toBe(out[1]);
    // severity 2: S × 0.1 moves a pure red most of the way to grey
    const red = corruptPixels(one([200, 0, 0]), shape, 'saturate', 2);
    expect(red[0]).toBe(200);
    expect([179, 180]).toContain(red[1]);
  });

  it('contrast pulls each channel towards its mean: 0/200 halves → 50/150 at factor 0.5', () => {
    const img = Uint8Array.from({length: 4 * 4 * 3}, (_, i) => (Math.floor(i / 3) < 8 ? 0 : 200));
    const out = corruptPixels(img, shape, 'contrast', {factor: 0.5});
    expect(out[0]).toBe(50);
    expect(out[47]).toBe(150);
  });

  it('RGB → HSV → RGB round-trips (scikit-image conventions)', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 500; i++) {
      const rgb = [rng.float(), rng.float(), rng.float()] as const;
      const back = hsvToRgb(...rgbToHsv(...rgb));
      back.forEach((v, c) => expect(v).toBeCloseTo(rgb[c] as number, 12));
    }
    expect(rgbToHsv(0, 0, 0)).toEqual([0, 0, 0]);
    expect(rgbToHsv(1, 0, 0)).toEqual([0, 1, 1]);
    expect(rgbToHsv(0, 0, 1)[0]).toBeCloseTo(2 / 3, 12);
  });
});
