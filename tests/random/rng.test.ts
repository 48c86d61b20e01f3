import {Rng, normalizeSeed, randomSeed} from '../../src/random/rng';
import {InvalidArgumentError} from '../../src/errors';

const draw = (r: Rng, n: number) => Array.from({length: n}, () => r.uint32());

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(draw(new Rng(42), 8)).toEqual(draw(new Rng(42), 8));
    expect(draw(new Rng(42), 8)).not.toEqual(draw(new Rng(43), 8));
    expect(draw(new Rng('run-a'), 4)).toEqual(draw(new Rng('run-a'), 4));
  });

  it('forks streams that do not depend on the parent draw count', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draw(b, 100); // extra draws in the parent
    expect(draw(a.fork('augment'), 16)).toEqual(draw(b.fork('augment'), 16));
    expect(draw(a.fork('augment'), 16)).not.toEqual(draw(a.fork('shuffle'), 16));
    expect(a.fork('x').fork('y').path).toBe('x/y');
    expect(draw(a.fork('augment'), 16)).not.toEqual(draw(a, 16));
  });

  it('int() is in range and roughly uniform (chi-square)', () => {
    const r = new Rng(1);
    const k = 17;
    const n = 17000;
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const v = r.int(0, k);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(k);
      counts[v]! += 1;
    }
    const expected = n / k;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(40); // 16 dof: p ~ 0.001 at 39.25
    expect(new Rng(3).int(-5, -4)).toBe(-5);
  });

  it('float() lies in [0,1) with mean near 1/2; normal() has mean 0 and std 1', () => {
    const r = new Rng(2);
    let s = 0;
    for (let i = 0; i < 20000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
      s += f;
    }
    expect(s / 20000).toBeCloseTo(0.5, 1);
    const xs = Array.from({length: 20000}, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('permutation() and shuffle() permute', () => {
    const p = Array.from(new Rng(5).permutation(100));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({length: 100}, (_, i) => i));
    expect(p).not.toEqual(Array.from({length: 100}, (_, i) => i));
    const arr = ['a', 'b', 'c', 'd', 'e'];
    expect(new Rng(5).shuffle([...arr]).sort()).toEqual(arr);
  });

  it('state round-trips so a resumed run continues the same stream', () => {
    const r = new Rng(9).fork('shuffle');
    draw(r, 5);
    r.normal();
    const state = r.getState();
    const expected = [...draw(r, 5), r.normal(), r.normal()];
    const resumed = Rng.fromState(JSON.parse(JSON.stringify(state)));
    expect([...draw(resumed, 5), resumed.normal(), resumed.normal()]).toEqual(expected);
    expect(() => new Rng(1).setState(state)).toThrow(InvalidArgumentError);
  });

  it('validates its arguments', () => {
    expect(() => new Rng(1.5)).toThrow(InvalidArgumentError);
    expect(() => new Rng(1).int(3, 3)).toThrow(/max - min/);
    expect(() => new Rng(1).fork('')).toThrow(InvalidArgumentError);
    expect(normalizeSeed(-1)).toBe(4294967295);
    expect(normalizeSeed(2 ** 32 + 5)).toBe(5);
    const s = randomSeed();
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(new Rng().seed).toEqual(expect.any(Number));
  });
});
