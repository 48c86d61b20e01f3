// Sharpness on the host (spec randaugment.md §6.10, correction 3): the lone-white-pixel example, the border
// ring, the integer shortcut against the plain float32 sequence, and one step reused across image sizes.
import {SharpnessStep} from '../../../src/augment/fused/sharpness_step';
import {blendTable, SMOOTH_TAPS} from '../../../src/augment/fused/tables';

const F = 0.9 * 1.8 + 0.1;

/** An [h, w, 3] uint8 image whose three channels all hold `values` (one per pixel). */
function grey(values: readonly number[]): Uint8Array {
  return Uint8Array.from(values.flatMap((v) => [v, v, v]));
}

describe('fused Sharpness step', () => {
  it('Sharpness: a lone white pixel stays 255, its neighbours 0; the border ring is copied; output in dst', () => {
    const step = new SharpnessStep(blendTable(F));
    const values = new Array(25).fill(0);
    values[12] = 255; // centre of a 5x5 image
    const src = grey(values);
    const dst = new Uint8Array(src.length).fill(99);
    const out = step.run(src, dst, 5, 5);
    expect(out).toBe(dst);
    expect(Array.from(out)).toEqual(Array.from(src));
    const ramp = Uint8Array.from({length: 4 * 6 * 3}, (_, i) => (i * 37) % 256);
    const r = step.run(ramp, new Uint8Array(ramp.length), 4, 6);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 6; x++) {
        if (y === 0 || x === 0 || y === 3 || x === 5) {
          for (let c = 0; c < 3; c++) expect(r[(y * 6 + x) * 3 + c]).toBe(ramp[(y * 6 + x) * 3 + c]);
        }
      }
    }
  });

  it('Sharpness: the integer shortcut equals the plain float32 sequence on every interior value', () => {
    const [side, centre] = SMOOTH_TAPS;
    const blend = blendTable(F);
    const step = new SharpnessStep(blend);
    const f32 = Math.fround;
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let checked = 0;
    for (let trial = 0; trial < 60; trial++) {
      const [h, w] = [3 + (trial % 9), 3 + ((trial * 5) % 11)];
      const levels = [2, 3, 14, 27, 256][trial % 5] as number; // few levels: many windows with 13 | T, many flat ones
      const src = Uint8Array.from({length: h * w * 3}, () => Math.floor(rand() * levels) * Math.floor(255 / (levels - 1)));
      const out = step.run(src, new Uint8Array(src.length), h, w);
      for (let y = 1; y < h - 1; y++) {
        for (let x = 1; x < w - 1; x++) {
          for (let c = 0; c < 3; c++) {
            const at = (yy: number, xx: number) => src[(yy * w + xx) * 3 + c] as number;
            let acc = 0;
            for (let dy = -1; dy <= 1; dy++) {
              for (let dx = -1; dx <= 1; dx++) acc = f32(acc + ((dy === 0 && dx === 0 ? centre : side)[at(y + dy, x + dx)] as number));
            }
            const d = Math.min(255, Math.trunc(acc));
            const k = (y * w + x) * 3 + c;
            if (out[k] !== blend[(d << 8) | (src[k] as number)]) throw new Error(`trial ${trial}: value ${k} is ${out[k]}`);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('one step serves images of different sizes (flat images stay flat)', () => {
    const sharp = new SharpnessStep(blendTable(F));
    const big = new Uint8Array(9 * 9 * 3).fill(30);
    expect(Array.from(sharp.run(big, new Uint8Array(big.length), 9, 9)).every((v) => v === 30)).toBe(true);
    const small = new Uint8Array(3 * 3 * 3).fill(200);
    expect(Array.from(sharp.run(small, new Uint8Array(small.length), 3, 3)).every((v) => v === 200)).toBe(true);
  });
});
