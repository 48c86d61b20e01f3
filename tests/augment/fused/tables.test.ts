// The fused kernel's host tables against the worked examples of spec randaugment.md, independently of the
// composite path: Blend (§5.1 and correction 1), Brightness (§6.9), Contrast at 72x72 (§6.8), luma (§5.2),
// Posterize (§6.5, correction 5), Solarize (§6.6, correction 4), SolarizeAdd (§6.16), the Sharpness taps.
import {
  blendRow, blendTable, blendValue, finiteFloat32, identityTable, invertTable, LUMA_TERMS, lumaOf, posterizeTable,
  SMOOTH_TAPS, solarizeAddTable, solarizeTable,
} from '../../../src/augment/fused/tables';

const F = 0.9 * 1.8 + 0.1; // 1.7200000000000002, what the level function produces at magnitude 9
const f32 = Math.fround;
const luma = (r: number, g: number, b: number): number =>
  lumaOf(LUMA_TERMS[0][r] as number, LUMA_TERMS[1][g] as number, LUMA_TERMS[2][b] as number);

describe('fused tables', () => {
  it('Blend is the float32 form D + f32(F·(X − D)): 441 pairs differ from float64, exactly those with D − X in {25, …, 125}', () => {
    const table = blendTable(F);
    const diffs = new Set<number>();
    let count = 0;
    for (let d = 0; d < 256; d++) {
      for (let x = 0; x < 256; x++) {
        const double = Math.trunc(Math.min(255, Math.max(0, d + F * (x - d))));
        if (table[(d << 8) | x] !== double) {
          count++;
          diffs.add(d - x);
        }
      }
    }
    expect(count).toBe(441);
    expect([...diffs].sort((a, b) => a - b)).toEqual([25, 50, 75, 100, 125]);
    expect(blendValue(55, 55, f32(1.72))).toBe(55); // (1 − f)·D + f·X would give 54
    expect(blendValue(7, 200, 0)).toBe(7);
    expect(blendValue(7, 200, 1)).toBe(200);
  });

  it('Brightness at magnitude 9: 25 → 43, 100 → 172, 148 → 254, 149..255 → 255', () => {
    const t = blendRow(0, F);
    expect([t[25], t[100], t[148]]).toEqual([43, 172, 254]);
    expect(Array.from(t.subarray(149))).toEqual(new Array(107).fill(255));
  });

  it('Contrast at 72x72 (grey level 20) is the spec\'s fixed table', () => {
    const t = blendRow(20, F);
    expect(Array.from(t.subarray(0, 9))).toEqual(new Array(9).fill(0));
    expect([t[9], t[10], t[11], t[12], t[20], t[50], t[100], t[128], t[156]]).toEqual([1, 2, 4, 6, 20, 71, 157, 205, 253]);
    expect(Array.from(t.subarray(157))).toEqual(new Array(99).fill(255));
  });

  it('luma follows TF\'s uint8 recipe (×f32(1/255), weights, ×255.5, truncate); grey stays grey', () => {
    expect([luma(255, 0, 0), luma(0, 255, 0), luma(0, 0, 255), luma(255, 255, 255), luma(100, 150, 200), luma(128, 128, 128)])
      .toEqual([76, 149, 29, 255, 141, 128]);
    for (let v = 0; v < 256; v++) expect(luma(v, v, v)).toBe(v);
    // Color at magnitude 9: Blend of the luma with each channel.
    const t = blendTable(F);
    const color = (r: number, g: number, b: number) => [r, g, b].map((c) => t[(luma(r, g, b) << 8) | c]);
    expect(color(100, 150, 200)).toEqual([70, 156, 242]);
    expect(color(200, 100, 50)).toEqual([254, 82, 0]);
  });

  it('Posterize, Solarize, SolarizeAdd, Invert and identity tables', () => {
    const p3 = posterizeTable(3);
    expect(Array.from(p3).every((v, p) => v === (p & 224))).toBe(true);
    expect(p3[255]).toBe(224);
    expect(Array.from(posterizeTable(0))).toEqual(Array.from(posterizeTable(1))); // bits 0 acts as 1: p AND 128
    expect(Array.from(posterizeTable(8))).toEqual(Array.from(identityTable()));
    const s = solarizeTable(230);
    expect(Array.from(s.subarray(0, 230))).toEqual(Array.from(identityTable().subarray(0, 230)));
    expect([s[230], s[255]]).toEqual([25, 0]);
    expect(Array.from(solarizeTable(256))).toEqual(Array.from(identityTable()));
    expect(Array.from(solarizeTable(0))).toEqual(Array.from(invertTable()));
    const sa = solarizeAddTable(99, 128);
    expect([sa[0], sa[127], sa[128], sa[255]]).toEqual([99, 226, 128, 255]);
    expect([solarizeAddTable(200, 256)[100], solarizeAddTable(-50, 256)[20]]).toEqual([255, 0]);
  });

  it('Sharpness taps are rounded float32 products; a lone 255 pixel smooths to 98, its neighbours to 19', () => {
    const [side, centre] = SMOOTH_TAPS;
    expect(side[1]).toBe(f32(f32(1 / 13)));
    expect(centre[255]).toBe(f32(255 * f32(5 / 13)));
    expect(Math.trunc(centre[255] as number)).toBe(98);
    let acc = 0;
    for (let k = 0; k < 8; k++) acc = f32(acc + (k === 0 ? (side[255] as number) : 0));
    expect(Math.trunc(f32(acc + (centre[0] as number)))).toBe(19);
  });

  it('flags factors that overflow float32', () => {
    expect(finiteFloat32(1.72)).toBe(true);
    expect(finiteFloat32(3.4e38)).toBe(true);
    expect(finiteFloat32(1e39)).toBe(false);
  });
});
