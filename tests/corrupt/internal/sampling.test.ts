import {logFactorial, poisson} from '../../../src/corrupt/internal/sampling';
import {Rng} from '../../../src/random/rng';

describe('Poisson sampling', () => {
  it.each([0.5, 3, 9.9, 10, 37, 500])('λ = %p gives mean and variance λ', (lambda) => {
    const rng = new Rng(lambda * 1000);
    const n = 20000;
    const xs = Array.from({length: n}, () => poisson(rng, lambda));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    const se = Math.sqrt(lambda / n);
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * se);
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.06);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });

  it('is 0 for λ = 0 and has exact log-factorials', () => {
    expect(poisson(new Rng(1), 0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
  });
});
