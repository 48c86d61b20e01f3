/**
 * Host-side value tables of the fused RandAugment kernel: every point op of the reference is a map from a
 * uint8 value to a uint8 value, and Blend is a map from a (degenerate, original) pair. The tables are
 * built once per argument with the exact float32 recipe of spec `randaugment.md` (`Math.fround` after
 * every operation; a float32 +, −, × or ÷ computed in double and then rounded once is correctly rounded,
 * since double has more than 2·24 + 2 bits), so a lookup reproduces the composite tensor path bit for bit.
 *
 * - Blend (§5.1, correction 1): `t = f32(D + f32(F · (X − D)))`, `out = trunc(clamp(t, 0, 255))`.
 * - Luma (§5.2, correction 6): `f32(f32(R · f32(1/255)) · 0.2989)` etc., as three per-channel tables.
 * - Sharpness taps (§6.10, correction 3): `f32(p · f32(1/13))` and the centre `f32(p · f32(5/13))`.
 * - Posterize (§6.5, correction 5), Solarize (§6.6, correction 4), SolarizeAdd (§6.16), Invert (§6.3).
 * @internal
 * @module
 */

const f32 = Math.fround;

/** `trunc(clamp(t, 0, 255))`; NaN never reaches it (callers reject non-finite float32 factors). */
function toU8(t: number): number {
  return t >= 255 ? 255 : t > 0 ? Math.trunc(t) : 0;
}

/** One Blend value, spec §5.1 in float32; `f` is already a float32 value. @internal */
export function blendValue(d: number, x: number, f: number): number {
  return toU8(f32(d + f32(f * (x - d))));
}

/** The whole Blend as a 256 × 256 table: entry `d · 256 + x`. @internal */
export function blendTable(factor: number): Uint8Array {
  const f = f32(factor);
  const table = new Uint8Array(65536);
  for (let d = 0; d < 256; d++) {
    for (let x = 0; x < 256; x++) table[(d << 8) | x] = blendValue(d, x, f);
  }
  return table;
}

/** Blend against a constant degenerate value `d` (Contrast; Brightness is `d = 0`). @internal */
export function blendRow(d: number, factor: number): Uint8Array {
  const f = f32(factor);
  return Uint8Array.from({length: 256}, (_, x) => blendValue(d, x, f));
}

/** Whether the float32 factor is finite (an infinite one makes `F · 0` NaN, which uint8 cannot hold). @internal */
export function finiteFloat32(factor: number): boolean {
  return Number.isFinite(f32(factor));
}

/** `p → 255 − p`. @internal */
export function invertTable(): Uint8Array {
  return Uint8Array.from({length: 256}, (_, p) => 255 - p);
}

/** Keeps the top `bits` bits; `bits = 0` acts as 1 (the shift is clamped to 7). @internal */
export function posterizeTable(bits: number): Uint8Array {
  const shift = Math.min(8 - bits, 7);
  return Uint8Array.from({length: 256}, (_, p) => p - (p % 2 ** shift));
}

/** `p → p` below `threshold`, else `255 − p`; 256 changes nothing. @internal */
export function solarizeTable(threshold: number): Uint8Array {
  return Uint8Array.from({length: 256}, (_, p) => (p < threshold ? p : 255 - p));
}

/** `p → clamp(p + addition, 0, 255)` below `threshold`, else `p`. @internal */
export function solarizeAddTable(addition: number, threshold: number): Uint8Array {
  return Uint8Array.from({length: 256}, (_, p) => (p < threshold ? Math.min(255, Math.max(0, p + addition)) : p));
}

/** The identity table. @internal */
export function identityTable(): Uint8Array {
  return Uint8Array.from({length: 256}, (_, p) => p);
}

const INV255 = f32(1 / 255);

/** Per-channel luma terms `f32(f32(v · f32(1/255)) · w)` for w = 0.2989, 0.587, 0.114 (spec §5.2). @internal */
export const LUMA_TERMS: readonly [Float64Array, Float64Array, Float64Array] = (() => {
  const weights = [f32(0.2989), f32(0.587), f32(0.114)];
  return weights.map((w) => Float64Array.from({length: 256}, (_, v) => f32(f32(v * INV255) * w))) as unknown as
    [Float64Array, Float64Array, Float64Array];
})();

/** Luma of one pixel from its three terms: `trunc(f32(f32(f32(r + g) + b) · 255.5))`. @internal */
export function lumaOf(r: number, g: number, b: number): number {
  return Math.trunc(f32(f32(f32(r + g) + b) * 255.5));
}

/** Sharpness taps: `[side, centre]` with `side[p] = f32(p · f32(1/13))`, `centre[p] = f32(p · f32(5/13))`. @internal */
export const SMOOTH_TAPS: readonly [Float64Array, Float64Array] = (() => {
  const side = f32(1 / 13);
  const centre = f32(5 / 13);
  return [Float64Array.from({length: 256}, (_, p) => f32(p * side)), Float64Array.from({length: 256}, (_, p) => f32(p * centre))];
})();
