/**
 * Random draws the corruptions need beyond {@link Rng}: Poisson deviates (NumPy's algorithms: products of
 * uniforms below λ = 10, Hörmann's PTRS transformed rejection above) and fills of uniform/normal arrays.
 *
 * Reference: W. Hörmann, "The transformed rejection method for generating Poisson random variables",
 * Insurance: Mathematics and Economics 12 (1993); NumPy `random_poisson` (legacy `RandomState`).
 * @internal
 * @module
 */
import type {Rng} from '../../random/rng';

const logFactorials: number[] = [0];

/** log(k!) for an integer k >= 0 (exact sums, cached). @internal */
export function logFactorial(k: number): number {
  for (let i = logFactorials.length; i <= k; i++) logFactorials.push((logFactorials[i - 1] as number) + Math.log(i));
  return logFactorials[k] as number;
}

/** One Poisson(λ) deviate. @internal */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let prod = rng.float();
    while (prod > limit) {
      k++;
      prod *= rng.float();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const logLam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.float() - 0.5;
    const v = rng.float();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLam - logFactorial(k)) {
      return k;
    }
  }
}

/** `n` draws of N(mean, std²) in draw order. @internal */
export function normals(rng: Rng, n: number, mean = 0, std = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal(mean, std);
  return out;
}

/** `n` draws of U[lo, hi) in draw order. @internal */
export function uniforms(rng: Rng, n: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(lo, hi);
  return out;
}
