/**
 * The per-image passes of the fused RandAugment kernel: each op of spec `randaugment.md` §6 as a plain
 * JavaScript loop over one uint8 `[H, W, 3]` image, with the float32 emulation of `./tables`.
 *
 * A step either works in place (point tables, AutoContrast, Equalize, Color, Cutout: every output value
 * depends only on its own input value or on per-image statistics gathered first) and returns `src`, or
 * writes `dst` (Sharpness, in `./sharpness_step`, reads the neighbours; geometry reads other pixels) and
 * returns `dst`. Steps hold
 * only constant data (tables, maps) and scratch that is fully rewritten on every call, so one instance
 * serves every image that drew the same op and arguments.
 * @internal
 * @module
 */
import {LUMA_TERMS, lumaOf} from './tables';

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
