// The fused kernel's per-image passes against the worked examples of spec randaugment.md, independently of
// the composite path: AutoContrast (§6.1: the maximum maps to 254 for 5,178 of the 32,640 (lo, hi) pairs),
// Equalize (§6.2 examples), geometry maps and constant fill (§5.3), Cutout clipping (§6.15), Color (§6.7).
import {
  AutoContrastStep, ColorStep, CutoutStep, EqualizeStep, TableStep, WarpStep,
} from '../../../src/augment/fused/steps';
import {blendTable, invertTable} from '../../../src/augment/fused/tables';
import {sourceMap, translateXAffine} from '../../../src/augment/internal/warp_map';

const F = 0.9 * 1.8 + 0.1;

/** An [h, w, 3] uint8 image whose three channels all hold `values` (one per pixel). */
function grey(values: readonly number[]): Uint8Array {
  return Uint8Array.from(values.flatMap((v) => [v, v, v]));
}

describe('fused steps', () => {
  it('AutoContrast: min → 0 always, max → 254 for exactly 5,178 of the 32,640 (lo, hi) pairs, flat channels unchanged', () => {
    const step = new AutoContrastStep();
    const dst = new Uint8Array(6);
    let top254 = 0;
    for (let lo = 0; lo < 256; lo++) {
      for (let hi = lo + 1; hi < 256; hi++) {
        const img = Uint8Array.from([lo, hi, 7, hi, lo, 7]); // channel 2 is flat
        const out = step.run(img, dst, 1, 2);
        if (out !== img) throw new Error('AutoContrast must work in place');
        if (out[0] !== 0 || out[4] !== 0 || out[2] !== 7 || out[5] !== 7) throw new Error(`bad min/flat for ${lo}, ${hi}: ${out}`);
        if (out[1] !== out[3]) throw new Error(`channels disagree for ${lo}, ${hi}`);
        if (out[1] === 254) top254++;
        else if (out[1] !== 255) throw new Error(`max of ${lo}, ${hi} maps to ${out[1]}`);
      }
    }
    expect(top254).toBe(5178);
  });

  it('Equalize reproduces the three worked examples of §6.2 on 72x72', () => {
    const step = new EqualizeStep();
    const dst = new Uint8Array(72 * 72 * 3);
    const run = (values: number[]) => Array.from(new Set(step.run(grey(values), dst, 72, 72)));
    const half = [...new Array(2592).fill(50), ...new Array(2592).fill(200)];
    expect(run(half)).toEqual([0, 255]);
    const three = [...new Array(1000).fill(10), ...new Array(3000).fill(100), ...new Array(1184).fill(250)];
    expect(run(three)).toEqual([0, 67, 255]);
    const saturated = [...new Array(254).fill(7), ...new Array(4930).fill(9)];
    expect(run(saturated)).toEqual([7, 9]); // step = 0: unchanged
  });

  it('Warp copies whole pixels through the map and fills -1 entries (constant mode)', () => {
    const src = Uint8Array.from({length: 4 * 3}, (_, i) => i * 10); // a 1x4 image
    const map = sourceMap(translateXAffine(-1), 1, 4, 'constant'); // content moves right by one
    expect(Array.from(map)).toEqual([-1, 0, 1, 2]);
    const out = new WarpStep(map, 128).run(src, new Uint8Array(12), 1, 4);
    expect(Array.from(out)).toEqual([128, 128, 128, 0, 10, 20, 30, 40, 50, 60, 70, 80]);
    const reflected = new WarpStep(sourceMap(translateXAffine(-1), 1, 4, 'reflect'), 128).run(src, new Uint8Array(12), 1, 4);
    expect(Array.from(reflected.subarray(0, 3))).toEqual([0, 10, 20]); // edge pixel repeated, never grey
  });

  it('Cutout clips the patch at the borders and works in place', () => {
    const src = new Uint8Array(4 * 5 * 3).fill(1);
    const out = new CutoutStep(2, 0, 4, 128).run(src, new Uint8Array(src.length), 4, 5);
    expect(out).toBe(src);
    const painted: string[] = [];
    for (let y = 0; y < 4; y++) for (let x = 0; x < 5; x++) if (out[(y * 5 + x) * 3] === 128) painted.push(`${y},${x}`);
    expect(painted).toEqual(['0,2', '0,3', '0,4', '1,2', '1,3', '1,4']); // rows [0, 2) x columns [2, 5)
    const outside = new CutoutStep(3, 40, 40, 0).run(new Uint8Array(60).fill(1), new Uint8Array(60), 4, 5);
    expect(Array.from(outside).every((v) => v === 1)).toBe(true);
  });

  it('Color and table steps work in place', () => {
    const color = new ColorStep(blendTable(F));
    const px = Uint8Array.from([100, 150, 200, 200, 100, 50]);
    expect(Array.from(color.run(px, new Uint8Array(6), 1, 2))).toEqual([70, 156, 242, 254, 82, 0]);
    const invert = new TableStep(invertTable());
    expect(Array.from(invert.run(Uint8Array.from([0, 1, 255]), new Uint8Array(3), 1, 1))).toEqual([255, 254, 0]);
  });
});
