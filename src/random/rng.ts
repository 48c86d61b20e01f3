/**
 * Seeded host-side pseudo-random numbers with independent, labelled streams.
 *
 * Generator: xoshiro128** (Blackman & Vigna, https://prng.di.unimi.it/), seeded through splitmix32.
 * It is fast, has a 2^128 − 1 period and passes BigCrush; it is **not** cryptographic.
 *
 * `fork(label)` derives a child stream from the root seed and the label path only, never from how
 * many numbers the parent has drawn, so an extra draw in one consumer (augmentation, shuffling,
 * initialisation) never shifts another consumer's stream.
 *
 * @module random
 */
import {InvalidArgumentError} from '../errors';

/** Serializable state of an {@link Rng}, for checkpoints. */
export interface RngState {
  /** Root seed (uint32). */
  readonly seed: number;
  /** Fork path of this stream, `''` for the root. */
  readonly path: string;
  /** The four xoshiro128** words. */
  readonly words: readonly [number, number, number, number];
  /** A cached second normal deviate, if any. */
  readonly spareNormal: number | null;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

/** FNV-1a over the UTF-16 code units of `s`. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Normalises a user seed (any integer, or a string) to a uint32.
 * @param seed An integer (taken modulo 2^32) or a string (hashed).
 * @returns The uint32 seed.
 * @throws {@link InvalidArgumentError} when `seed` is not a finite integer or a string.
 * @example
 * ```ts
 * import {normalizeSeed} from 'consistency-tfjs';
 * normalizeSeed(42); // 42
 * normalizeSeed('run-1'); // a stable uint32
 * ```
 */
export function normalizeSeed(seed: number | string): number {
  if (typeof seed === 'string') return hashString(seed);
  if (typeof seed !== 'number' || !Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new InvalidArgumentError(`Rng: \`seed\` must be an integer or a string; got ${String(seed)}.`, {argument: 'seed'});
  }
  return Number(BigInt.asUintN(32, BigInt(seed)));
}

/**
 * Draws a fresh uint32 seed from the platform's cryptographic source (used when no seed is given, so
 * that the seed can be printed and the run reproduced).
 * @returns A uint32.
 * @example
 * ```ts
 * import {randomSeed, Rng} from 'consistency-tfjs';
 * const rng = new Rng(randomSeed());
 * console.log(`seed ${rng.seed}`);
 * ```
 */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0] ?? 0;
}

/**
 * A seeded random stream.
 *
 * @example
 * ```ts
 * import {Rng} from 'consistency-tfjs';
 * const root = new Rng(42);
 * const augment = root.fork('augment');
 * const shuffle = root.fork('shuffle');
 * const k = augment.int(0, 17);       // uniform in 0..16
 * const order = shuffle.permutation(10);
 * console.log(k, order);
 * ```
 */
export class Rng {
  /** The root seed (uint32) this stream descends from. */
  readonly seed: number;
  /** The fork path (`''` for the root, `'augment'`, `'augment/layer1'`, …). */
  readonly path: string;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /**
   * @param seed Integer or string; omitted means {@link randomSeed} (read it back from `rng.seed`).
   * @param path Fork path; leave empty for a root stream.
   */
  constructor(seed?: number | string, path = '') {
    this.seed = seed === undefined ? randomSeed() : normalizeSeed(seed);
    this.path = path;
    const outer = splitmix32(this.seed);
    const mixed = outer() ^ hashString(path);
    const inner = splitmix32(mixed);
    this.s0 = inner();
    this.s1 = inner();
    this.s2 = inner();
    this.s3 = inner();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * An independent child stream identified by `label`: same seed and label give the same stream,
   * whatever the parent has drawn.
   * @param label Non-empty name of the consumer, e.g. `'augment'`.
   */
  fork(label: string): Rng {
    if (typeof label !== 'string' || label.length === 0) {
      throw new InvalidArgumentError(`Rng.fork: \`label\` must be a non-empty string; got ${String(label)}.`, {argument: 'label'});
    }
    return new Rng(this.seed, this.path ? `${this.path}/${label}` : label);
  }

  /** Next uint32 in [0, 2^32). */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * Uniform integer in [min, max) without modulo bias.
   * @param min Inclusive lower bound (integer).
   * @param max Exclusive upper bound (integer, > min, max − min <= 2^32).
   */
  int(min: number, max: number): number {
    const range = max - min;
    if (!Number.isInteger(min) || !Number.isInteger(max) || range <= 0 || range > 4294967296) {
      throw new InvalidArgumentError(`Rng.int: need integers with 0 < max - min <= 2^32; got [${min}, ${max}).`);
    }
    if (range === 4294967296) return min + this.uint32();
    // Rejection sampling on the largest multiple of `range` below 2^32.
    const limit = 4294967296 - (4294967296 % range);
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return min + (x % range);
  }

  /** True with probability `p` (default ½). */
  bool(p = 0.5): boolean {
    return this.float() < p;
  }

  /** Uniform double in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.float();
  }

  /** Normal deviate (Box–Muller, polar form). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return mean + std * u * m;
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T>(array: T[]): T[] {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const tmp = array[i] as T;
      array[i] = array[j] as T;
      array[j] = tmp;
    }
    return array;
  }

  /** A uniformly random permutation of 0..n−1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const tmp = out[i] as number;
      out[i] = out[j] as number;
      out[j] = tmp;
    }
    return out;
  }

  /** A fresh integer seed for a tfjs random op (`tf.randomUniform(..., seed)`), one per call. */
  tfSeed(): number {
    return this.int(0, 2147483647);
  }

  /** Copy of the stream's state, for checkpoints. */
  getState(): RngState {
    return {seed: this.seed, path: this.path, words: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spare};
  }

  /** Restores a state produced by {@link Rng.getState} (seed and path must match this stream's). */
  setState(state: RngState): void {
    if (state.seed !== this.seed || state.path !== this.path) {
      throw new InvalidArgumentError(
        `Rng.setState: state belongs to seed ${state.seed} path '${state.path}'; this stream is seed ${this.seed} ` +
          `path '${this.path}'. Use Rng.fromState() to rebuild a stream from a state.`, {argument: 'state'});
    }
    [this.s0, this.s1, this.s2, this.s3] = state.words;
    this.spare = state.spareNormal;
  }

  /** A stream positioned exactly at `state`. */
  static fromState(state: RngState): Rng {
    const r = new Rng(state.seed, state.path);
    r.setState(state);
    return r;
  }
}
