/**
 * The per-image passes of the fused RandAugment kernel: each op of spec `randaugment.md` §6 as a plain
 * JavaScript loop over one uint8 `[H, W, 3]` image, with the float32 emulation of `./tables`.
 *
 * A step either works in place (point tables, AutoContrast, Equalize, Color, Cutout: every output value
 * depends only on its own input value or on per-image statistics gathered first) and returns `src`, or
 * writes `dst` (Sharpness reads the neighbours, geometry reads other pixels) and returns `dst`. Steps hold
 * only constant data (tables, maps) and scratch that is fully rewritten on every call, so one instance
 * serves every image that drew the same op and arguments.
 * @internal
 * @module
 */
import {LUMA_TERMS, SMOOTH_TAPS, lumaOf} from './tables';

const f32 = Math.fround;

/** One op applied to one image on the host. @internal */
export interface HostStep {
  /**
   * Applies the op to `src` (uint8, `height · width · 3` values, HWC), using `dst` (same size, distinct)
   * when it cannot work in place; returns the buffer that holds the result.
   */
  run(src: Uint8Array, dst: Uint8Array, height: number, width: number): Uint8Array;
}

/** A value-to-value table applied to every value (Invert, Posterize, Solarize, SolarizeAdd, Brightness, Contrast). @internal */
export class TableStep implements HostStep {
  constructor(private readonly table: Uint8Array) {}

  run(src: Uint8Array, _dst: Uint8Array, height: number, width: number): Uint8Array {
    const t = this.table;
    const len = height * width * 3;
    for (let k = 0; k < len; k++) src[k] = t[src[k] as number] as number;
    return src;
  }
}

/** Spec §6.1: per channel, `p → trunc(clamp(f32(f32(p · scale) + offset)))`; a flat channel is unchanged. @internal */
export class AutoContrastStep implements HostStep {
  private readonly table = new Uint8Array(768);

  run(src: Uint8Array, _dst: Uint8Array, height: number, width: number): Uint8Array {
    const len = height * width * 3;
    let lo0 = 255;
    let lo1 = 255;
    let lo2 = 255;
    let hi0 = 0;
    let hi1 = 0;
    let hi2 = 0;
    for (let k = 0; k < len; k += 3) {
      const r = src[k] as number;
      const g = src[k + 1] as number;
      const b = src[k + 2] as number;
      if (r < lo0) lo0 = r;
      if (r > hi0) hi0 = r;
      if (g < lo1) lo1 = g;
      if (g > hi1) hi1 = g;
      if (b < lo2) lo2 = b;
      if (b > hi2) hi2 = b;
    }
    const lo = [lo0, lo1, lo2];
    const hi = [hi0, hi1, hi2];
    const t = this.table;
    for (let c = 0; c < 3; c++) {
      const l = lo[c] as number;
      const h = hi[c] as number;
      const base = c * 256;
      if (h > l) {
        const scale = f32(255 / (h - l));
        const offset = f32(-l * scale);
        // Only values in [lo, hi] occur in this channel.
        for (let p = l; p <= h; p++) {
          const v = f32(f32(p * scale) + offset);
          t[base + p] = v >= 255 ? 255 : v > 0 ? Math.trunc(v) : 0;
        }
      } else {
        t[base + l] = l;
      }
    }
    for (let k = 0; k < len; k += 3) {
      src[k] = t[src[k] as number] as number;
      src[k + 1] = t[256 + (src[k + 1] as number)] as number;
      src[k + 2] = t[512 + (src[k + 2] as number)] as number;
    }
    return src;
  }
}

/**
 * Spec §6.2 (Pillow's equalize), with the composite path's float32 scalar arithmetic:
 * `step = floor(f32(f32(HW − last) / 255))`, `lut[v] = floor(f32(C[v − 1] + floor(step / 2)) / step)`,
 * clamped to 0..255, `lut[0] = 0`; `step = 0` leaves the channel unchanged. @internal
 */
export class EqualizeStep implements HostStep {
  private readonly hist = new Int32Array(768);
  private readonly table = new Uint8Array(768);

  run(src: Uint8Array, _dst: Uint8Array, height: number, width: number): Uint8Array {
    const len = height * width * 3;
    const hist = this.hist;
    const t = this.table;
    hist.fill(0);
    for (let k = 0; k < len; k += 3) {
      (hist[src[k] as number] as number)++;
      (hist[256 + (src[k + 1] as number)] as number)++;
      (hist[512 + (src[k + 2] as number)] as number)++;
    }
    const hw = f32(height * width);
    for (let c = 0; c < 3; c++) {
      const base = c * 256;
      let top = 255;
      while (top > 0 && hist[base + top] === 0) top--;
      const step = Math.floor(f32(f32(hw - (hist[base + top] as number)) / 255));
      if (step === 0) {
        for (let v = 0; v < 256; v++) t[base + v] = v;
        continue;
      }
      const half = Math.floor(f32(step / 2));
      let cum = 0;
      t[base] = 0;
      for (let v = 1; v < 256; v++) {
        cum = f32(cum + (hist[base + v - 1] as number));
        const q = Math.floor(f32(cum + half) / step);
        t[base + v] = q > 255 ? 255 : q;
      }
    }
    for (let k = 0; k < len; k += 3) {
      src[k] = t[src[k] as number] as number;
      src[k + 1] = t[256 + (src[k + 1] as number)] as number;
      src[k + 2] = t[512 + (src[k + 2] as number)] as number;
    }
    return src;
  }
}

/** Spec §6.7: Blend of the luma image (§5.2, replicated to three channels) with the image. @internal */
export class ColorStep implements HostStep {
  /** @param blend The 256 × 256 Blend table of the factor (entry `d · 256 + x`). */
  constructor(private readonly blend: Uint8Array) {}

  run(src: Uint8Array, _dst: Uint8Array, height: number, width: number): Uint8Array {
    const [tr, tg, tb] = LUMA_TERMS;
    const b = this.blend;
    const len = height * width * 3;
    for (let k = 0; k < len; k += 3) {
      const r = src[k] as number;
      const g = src[k + 1] as number;
      const bl = src[k + 2] as number;
      const row = lumaOf(tr[r] as number, tg[g] as number, tb[bl] as number) << 8;
      src[k] = b[row | r] as number;
      src[k + 1] = b[row | g] as number;
      src[k + 2] = b[row | bl] as number;
    }
    return src;
  }
}

/**
 * Spec §6.10 with correction 3: the degenerate image is the 3×3 SMOOTH filter summed row-major in float32
 * (one rounded product and one rounded add per tap) and truncated, on the interior only; the border ring
 * keeps the input (Blend of X with itself is X). Then Blend with the factor's table.
 *
 * Fast exact path: with `T = 5·centre + Σ neighbours` (an integer), the float32 sum is `T / 13` up to an
 * error below 4·10⁻⁴ (nine rounded products of values < 256, eight rounded adds below 256), while
 * `T / 13` is at least 1/13 away from an integer unless 13 divides T. So `trunc = floor(T / 13)` whenever
 * 13 ∤ T, computed in integers from row sums; only when 13 | T (about 1 value in 13, every flat window) is
 * the float32 sequence emulated (a flat window from a table). @internal
 */
export class SharpnessStep implements HostStep {
  /** Row sums `p[x − 1] + p[x] + p[x + 1]` of the current image, per channel. */
  private rows = new Uint16Array(0);

  constructor(private readonly blend: Uint8Array) {}

  run(src: Uint8Array, dst: Uint8Array, height: number, width: number): Uint8Array {
    const [s, c] = SMOOTH_TAPS;
    const {div13, multipleOf13, flat} = sharpnessTables();
    const b = this.blend;
    const row = width * 3;
    const len = height * row;
    if (this.rows.length < len) this.rows = new Uint16Array(len);
    const rs = this.rows;
    for (let start = 0; start < len; start += row) {
      for (let k = start + 3, end = start + row - 3; k < end; k++) rs[k] = (src[k - 3] as number) + (src[k] as number) + (src[k + 3] as number);
    }
    dst.set(src.subarray(0, row), 0);
    dst.set(src.subarray(len - row, len), len - row);
    for (let y = 1; y < height - 1; y++) {
      const start = y * row;
      const end = start + row - 3;
      for (let k = start; k < start + 3; k++) {
        dst[k] = src[k] as number;
        dst[k + row - 3] = src[k + row - 3] as number;
      }
      for (let k = start + 3; k < end; k++) {
        const x = src[k] as number;
        const t = (rs[k - row] as number) + (rs[k] as number) + (rs[k + row] as number) + 4 * x;
        let d = div13[t] as number;
        if (multipleOf13[t] === 1) {
          const up = k - row;
          const down = k + row;
          const n0 = src[up - 3] as number;
          const n1 = src[up] as number;
          const n2 = src[up + 3] as number;
          const n3 = src[k - 3] as number;
          const n5 = src[k + 3] as number;
          const n6 = src[down - 3] as number;
          const n7 = src[down] as number;
          const n8 = src[down + 3] as number;
          if (n0 === x && n1 === x && n2 === x && n3 === x && n5 === x && n6 === x && n7 === x && n8 === x) {
            d = flat[x] as number;
          } else {
            let acc = s[n0] as number;
            acc = f32(acc + (s[n1] as number));
            acc = f32(acc + (s[n2] as number));
            acc = f32(acc + (s[n3] as number));
            acc = f32(acc + (c[x] as number));
            acc = f32(acc + (s[n5] as number));
            acc = f32(acc + (s[n6] as number));
            acc = f32(acc + (s[n7] as number));
            acc = f32(acc + (s[n8] as number));
            // The taps sum to at most 255.00002, so the truncation needs no clamp beyond 255.
            d = acc >= 255 ? 255 : Math.trunc(acc);
          }
        }
        dst[k] = b[(d << 8) | x] as number;
      }
    }
    return dst;
  }
}

interface SharpnessTables {
  /** `min(255, floor(T / 13))` for T = 0..3315. */
  readonly div13: Uint8Array;
  /** 1 where 13 divides T. */
  readonly multipleOf13: Uint8Array;
  /** The float32 sequence on a flat window of value p. */
  readonly flat: Uint8Array;
}

let sharpness: SharpnessTables | undefined;

function sharpnessTables(): SharpnessTables {
  if (!sharpness) {
    const [s, c] = SMOOTH_TAPS;
    sharpness = {
      div13: Uint8Array.from({length: 3316}, (_, t) => Math.min(255, Math.floor(t / 13))),
      multipleOf13: Uint8Array.from({length: 3316}, (_, t) => (t % 13 === 0 ? 1 : 0)),
      flat: Uint8Array.from({length: 256}, (_, p) => {
        let acc = s[p] as number;
        for (let tap = 1; tap < 9; tap++) acc = f32(acc + ((tap === 4 ? c[p] : s[p]) as number));
        return acc >= 255 ? 255 : Math.trunc(acc);
      }),
    };
  }
  return sharpness;
}

/**
 * Spec §5.3 (geometric ops): output pixel p copies input pixel `map[p]` (all three channels), or `fill`
 * where the map says -1 (constant fill mode). The maps are the composite path's own `sourceMap`s. @internal
 */
export class WarpStep implements HostStep {
  constructor(private readonly map: Int32Array, private readonly fill: number) {}

  run(src: Uint8Array, dst: Uint8Array, height: number, width: number): Uint8Array {
    const m = this.map;
    const fill = this.fill;
    const hw = height * width;
    for (let p = 0, o = 0; p < hw; p++, o += 3) {
      const s = m[p] as number;
      if (s < 0) {
        dst[o] = fill;
        dst[o + 1] = fill;
        dst[o + 2] = fill;
      } else {
        const i = s * 3;
        dst[o] = src[i] as number;
        dst[o + 1] = src[i + 1] as number;
        dst[o + 2] = src[i + 2] as number;
      }
    }
    return dst;
  }
}

/** Spec §6.15: rows `[max(0, cy − pad), min(H, cy + pad))` × the same for columns painted with `fill`. @internal */
export class CutoutStep implements HostStep {
  constructor(private readonly pad: number, private readonly cy: number, private readonly cx: number,
    private readonly fill: number) {}

  run(src: Uint8Array, _dst: Uint8Array, height: number, width: number): Uint8Array {
    const r0 = Math.max(0, this.cy - this.pad);
    const r1 = Math.min(height, this.cy + this.pad);
    const c0 = Math.max(0, this.cx - this.pad);
    const c1 = Math.min(width, this.cx + this.pad);
    for (let r = r0; r < r1 && c0 < c1; r++) src.fill(this.fill, (r * width + c0) * 3, (r * width + c1) * 3);
    return src;
  }
}
