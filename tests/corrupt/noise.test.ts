import {corruptPixels} from '../../src/corrupt/corrupt';

const flat = (v: number, n = 32) => new Uint8Array(n * 32 * 32 * 3).fill(v);
const shape = (n = 32): [number, number, number, number] => [n, 32, 32, 3];
const stats = (xs: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i] as number;
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += ((xs[i] as number) - m) ** 2;
  return {mean: m, std: Math.sqrt(v / xs.length)};
};

describe('noise corruptions', () => {
  it('gaussian_noise adds N(0, σ²) on the [0, 1] scale, then truncates', () => {
    // σ = 0.1 → 25.5 levels; truncation lowers the mean by ~0.5 level. No clipping happens around 128.
    const out = corruptPixels(flat(128), shape(), 'gaussian_noise', {sigma: 0.1}, {seed: 1});
    const {mean, std} = stats(out);
    expect(mean).toBeGreaterThan(127.1);
    expect(mean).toBeLessThan(127.9);
    expect(std).toBeGreaterThan(25.2);
    expect(std).toBeLessThan(25.8);
  });

  it('shot_noise draws Poisson(x·λ)/λ: mean and variance of the counts match λx', () => {
    // x = 102/255 = 0.4, λ = 50 → counts k ~ Poisson(20), out = trunc(255·k/50) = trunc(5.1·k).
    const out = corruptPixels(flat(102), shape(), 'shot_noise', {photons: 50}, {seed: 2});
    const counts = Array.from(out, (v) => Math.round(v / 5.1));
    expect(counts.every((k, i) => out[i] === Math.trunc(k * 5.1))).toBe(true);
    const {mean, std} = stats(counts);
    expect(mean).toBeGreaterThan(19.75);
    expect(mean).toBeLessThan(20.25);
    expect(std ** 2).toBeGreaterThan(19);
    expect(std ** 2).toBeLessThan(21);
  });

  it('impulse_noise sets a fraction `amount` of values to 0 or 255 with equal odds', () => {
    const out = corruptPixels(flat(100), shape(), 'impulse_noise', {amount: 0.1}, {seed: 3});
    let salt = 0;
    let pepper = 0;
    let other = 0;
    for (const v of out) {
      if (v === 255) salt++;
      else if (v === 0) pepper++;
      else if (v !== 100) other++;
    }
    expect(other).toBe(0);
    expect((salt + pepper) / out.length).toBeGreaterThan(0.095);
    expect((salt + pepper) / out.length).toBeLessThan(0.105);
    expect(salt / (salt + pepper)).toBeGreaterThan(0.47);
    expect(salt / (salt + pepper)).toBeLessThan(0.53);
  });

  it('speckle_noise is multiplicative: black stays black, grey spreads with σ·x', () => {
    expect(corruptPixels(flat(0, 2), shape(2), 'speckle_noise', 5, {seed: 4}).every((v) => v === 0)).toBe(true);
    const {std} = stats(corruptPixels(flat(100), shape(), 'speckle_noise', {sigma: 0.2}, {seed: 4}));
    expect(std).toBeGreaterThan(19.6); // 0.2 · 100 = 20 levels
    expect(std).toBeLessThan(20.4);
  });
});
