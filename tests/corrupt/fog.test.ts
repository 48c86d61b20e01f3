import {corruptPixels} from '../../src/corrupt/corrupt';
import {nextPowerOfTwo, plasmaFractal} from '../../src/corrupt/internal/plasma';
import {Rng} from '../../src/random/rng';
import {syntheticImages} from './images';

describe('fog', () => {
  it('the plasma fractal spans [0, 1] exactly and is smooth at fine scales', () => {
    const f = plasmaFractal(new Rng(1), 32, 2);
    expect(Math.min(...f)).toBe(0);
    expect(Math.max(...f)).toBe(1);
    // Neighbouring values differ far less than random ones would (fine-scale noise decays as wibble /= decay).
    let neighbour = 0;
    for (let y = 0; y < 32; y++) for (let x = 0; x < 31; x++) neighbour += Math.abs((f[y * 32 + x + 1] as number) - (f[y * 32 + x] as number));
    expect(neighbour / (32 * 31)).toBeLessThan(0.12);
    expect(Array.from(plasmaFractal(new Rng(1), 32, 2))).toEqual(Array.from(f));
    expect(nextPowerOfTwo(32)).toBe(32);
    expect(nextPowerOfTwo(33)).toBe(64);
  });

  it('keeps a black image black (the haze is rescaled by max(x) = 0)', () => {
    const black = new Uint8Array(2 * 32 * 32 * 3);
    expect(corruptPixels(black, [2, 32, 32, 3], 'fog', 5, {seed: 1}).every((v) => v === 0)).toBe(true);
  });

  it('adds the same haze to the three channels of a grey image', () => {
    const grey = new Uint8Array(32 * 32 * 3).fill(150);
    const out = corruptPixels(grey, [1, 32, 32, 3], 'fog', 3, {seed: 2});
    for (let i = 0; i < out.length; i += 3) {
      expect(out[i + 1]).toBe(out[i]);
      expect(out[i + 2]).toBe(out[i]);
    }
    expect(new Set(out).size).toBeGreaterThan(10);
  });

  it('works on sizes that are not powers of two', () => {
    const img = syntheticImages(1, 24, 40);
    expect(corruptPixels(img, [1, 24, 40, 3], 'fog', 5, {seed: 3}).length).toBe(img.length);
  });
});
