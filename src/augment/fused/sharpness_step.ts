/**
 * Sharpness on the host for the fused RandAugment kernel (spec `randaugment.md` §6.10 and correction 3).
 * @internal
 * @module
 */
import type {HostStep} from './steps';
import {SMOOTH_TAPS} from './tables';

const f32 = Math.fround;

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
