// Worked examples of spec randaugment.md §5-§6 for the pixel-value ops, checked by hand-made inputs, plus a
// float32 host re-implementation of AutoContrast (§6.1) and Equalize (§6.2) compared on random images.
import * as fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import {
  autoContrast, brightness, color, contrast, cutout, equalize, invert, posterize, sharpness, solarize, solarizeAdd,
} from '../../../src/augment/ops';
import {expectNoLeak} from '../../helpers/memory';

const f32 = Math.fround;

/** Runs `op` on one 1×256 image whose every channel holds the values 0..255, returns the 256 outputs of channel 0. */
async function table(op: (x: tf.Tensor4D) => tf.Tensor4D, height = 1, width = 256): Promise<number[]> {
  return expectNoLeak(async () => {
    const data = Float32Array.from({length: height * width * 3}, (_, i) => Math.floor(i / 3) % 256);
    const x = tf.tensor4d(data, [1, height, width, 3]);
    const y = op(x);
    const out = Array.from(await y.data()).filter((_, i) => i % 3 === 0).slice(0, 256);
    tf.dispose([x, y]);
    return out;
  });
}

async function run(op: (x: tf.Tensor4D) => tf.Tensor4D, data: number[], shape: [number, number, number, number]): Promise<number[]> {
  return expectNoLeak(async () => {
    const x = tf.tensor4d(data, shape);
    const y = op(x);
    const out = Array.from(await y.data());
    tf.dispose([x, y]);
    return out;
  });
}

const range = (a: number, b: number) => Array.from({length: b - a}, (_, i) => a + i);

describe('pixel-value ops: spec examples', () => {
  it('invert maps p to 255 - p', async () => {
    expect(await table((x) => invert(x))).toEqual(range(0, 256).map((p) => 255 - p));
  });

  it('posterize keeps the top bits; bits 0 acts as bits 1 and bits 8 is the identity (§6.5, correction 5)', async () => {
    expect(await table((x) => posterize(x, 3))).toEqual(range(0, 256).map((p) => p & 224));
    expect(await table((x) => posterize(x, 0))).toEqual(range(0, 256).map((p) => p & 128));
    expect(await table((x) => posterize(x, 1))).toEqual(range(0, 256).map((p) => p & 128));
    expect(await table((x) => posterize(x, 8))).toEqual(range(0, 256));
  });

  it('solarize inverts values at or above the threshold; 0 inverts all, 256 nothing (§6.6, correction 4)', async () => {
    const t230 = await table((x) => solarize(x, 230));
    expect(t230.slice(0, 230)).toEqual(range(0, 230));
    expect(t230.slice(230)).toEqual(range(230, 256).map((p) => 255 - p));
    expect(await table((x) => solarize(x, 0))).toEqual(range(0, 256).map((p) => 255 - p));
    expect(await table((x) => solarize(x, 256))).toEqual(range(0, 256));
  });

  it('solarizeAdd adds below the threshold and clamps (§6.16)', async () => {
    const t = await table((x) => solarizeAdd(x, 99));
    expect(t.slice(0, 128)).toEqual(range(99, 227));
    expect(t.slice(128)).toEqual(range(128, 256));
    const big = await table((x) => solarizeAdd(x, 200, 256));
    expect(big).toEqual(range(0, 256).map((p) => Math.min(255, p + 200)));
    const neg = await table((x) => solarizeAdd(x, -50, 100));
    expect(neg).toEqual(range(0, 256).map((p) => (p < 100 ? Math.max(0, p - 50) : p)));
  });

  it('brightness at 1.72 is the §6.9 table; factor 0 is black, factor 1 the identity', async () => {
    const t = await table((x) => brightness(x, 0.9 * 1.8 + 0.1));
    expect([t[25], t[100], t[148]]).toEqual([43, 172, 254]);
    expect(t.slice(149)).toEqual(new Array(107).fill(255));
    expect(await table((x) => brightness(x, 0))).toEqual(new Array(256).fill(0));
    expect(await table((x) => brightness(x, 1))).toEqual(range(0, 256));
  });

  it('contrast pivots at trunc(H·W/256) = 20 at 72×72, whatever the pixels (§6.8)', async () => {
    const t = await table((x) => contrast(x, 0.9 * 1.8 + 0.1), 72, 72);
    expect(t.slice(0, 9)).toEqual(new Array(9).fill(0));
    expect([t[9], t[10], t[11], t[12], t[20], t[50], t[100], t[128], t[156]]).toEqual([1, 2, 4, 6, 20, 71, 157, 205, 253]);
    expect(t.slice(157)).toEqual(new Array(99).fill(255));
    // 32×32 gives 4: the pivot value stays put.
    const small = await run((x) => contrast(x, 1.72), new Array(32 * 32 * 3).fill(4), [1, 32, 32, 3]);
    expect(new Set(small)).toEqual(new Set([4]));
  });

  it('contrast equals the float32 reference table whether or not its blend can be fused into one pass', async () => {
    // (d, F) = (12, 1.1) is one of the pairs where one rounding of d + (x - d)·F differs from the reference's two.
    const cases: Array<[number, number, number]> = [[48, 64, 1.1], [72, 72, 1.7200000000000002], [48, 64, 0.37], [96, 100, 2.5]];
    for (const [h, w, factor] of cases) {
      const d = Math.floor((h * w) / 256);
      const F = f32(factor);
      const expected = range(0, 256).map((x) => {
        const t = f32(d + f32(F * (x - d)));
        return factor > 0 && factor < 1 ? Math.trunc(t) : Math.trunc(Math.min(255, Math.max(0, t)));
      });
      expect(await table((x) => contrast(x, factor), h, w)).toEqual(expected);
    }
  });

  it('color: the grey recipe of §5.2 and the §6.7 examples', async () => {
    const px = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 100, 150, 200, 128, 128, 128];
    const grey = await run((x) => color(x, 0), px, [1, 1, 6, 3]);
    expect(grey.filter((_, i) => i % 3 === 0)).toEqual([76, 149, 29, 255, 141, 128]);
    expect(await run((x) => color(x, 1.72), [100, 150, 200, 200, 100, 50], [1, 1, 2, 3])).toEqual([70, 156, 242, 254, 82, 0]);
    // Grey pixels (v, v, v) map to v for every v.
    const greys = range(0, 256).flatMap((v) => [v, v, v]);
    expect(await run((x) => color(x, 0), greys, [1, 16, 16, 3])).toEqual(greys);
  });

  it('sharpness: a white pixel on black stays, its neighbours stay black, the border ring is unchanged (§6.10)', async () => {
    const data = new Array(5 * 5 * 3).fill(0);
    data.fill(255, (2 * 5 + 2) * 3, (2 * 5 + 3) * 3);
    expect(await run((x) => sharpness(x, 1.72), data, [1, 5, 5, 3])).toEqual(data);
    const ring = Float32Array.from({length: 6 * 6 * 3}, (_, i) => (i * 53) % 256);
    const out = await run((x) => sharpness(x, 0.1), Array.from(ring), [1, 6, 6, 3]);
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 6; x++) {
        if (y === 0 || x === 0 || y === 5 || x === 5) {
          for (let c = 0; c < 3; c++) expect(out[(y * 6 + x) * 3 + c]).toBe(ring[(y * 6 + x) * 3 + c]);
        }
      }
    }
  });

  it('equalize: the three worked examples of §6.2', async () => {
    const make = (counts: Array<[number, number]>) => counts.flatMap(([v, k]) => new Array(k * 3).fill(v));
    expect(new Set(await run((x) => equalize(x), make([[50, 2592], [200, 2592]]), [1, 72, 72, 3]))).toEqual(new Set([0, 255]));
    const three = await run((x) => equalize(x), make([[10, 1000], [100, 3000], [250, 1184]]), [1, 72, 72, 3]);
    expect([three[0], three[1000 * 3], three[4000 * 3]]).toEqual([0, 67, 255]);
    const flatTop = make([[7, 254], [9, 4930]]);
    expect(await run((x) => equalize(x), flatTop, [1, 72, 72, 3])).toEqual(flatTop);
  });

  it('autoContrast: min -> 0, max -> 255, a flat channel is unchanged', async () => {
    const out = await run((x) => autoContrast(x), [50, 7, 0, 100, 7, 255, 75, 7, 128], [1, 1, 3, 3]);
    expect(out).toEqual([0, 7, 0, 255, 7, 255, 127, 7, 128]);
  });

  it('cutout paints rows [cy-pad, cy+pad) × cols [cx-pad, cx+pad), clipped, with the fill (§6.15)', async () => {
    const out = await run((x) => cutout(x, 2, [[1, 3], [5, 0]], {fill: 9}), new Array(2 * 6 * 6 * 3).fill(1), [2, 6, 6, 3]);
    const grid = (i: number) => range(0, 6).map((y) => range(0, 6).map((x) => out[((i * 6 + y) * 6 + x) * 3]).join('')).join('/');
    expect(grid(0)).toBe('199991/199991/199991/111111/111111/111111');
    expect(grid(1)).toBe('111111/111111/111111/991111/991111/991111');
  });
});

// ---- host float32 references of §6.1 and §6.2, compared on random images ----

function refAutoContrast(data: Float32Array, hw: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let c = 0; c < 3; c++) {
    let lo = 255;
    let hi = 0;
    for (let p = 0; p < hw; p++) {
      lo = Math.min(lo, data[p * 3 + c] as number);
      hi = Math.max(hi, data[p * 3 + c] as number);
    }
    const scale = f32(255 / (hi - lo));
    const offset = f32(-lo * scale);
    for (let p = 0; p < hw; p++) {
      const v = data[p * 3 + c] as number;
      out[p * 3 + c] = hi > lo ? Math.trunc(Math.min(255, Math.max(0, f32(f32(v * scale) + offset)))) : v;
    }
  }
  return out;
}

function refEqualize(data: Float32Array, hw: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let c = 0; c < 3; c++) {
    const h = new Array<number>(256).fill(0);
    for (let p = 0; p < hw; p++) (h[data[p * 3 + c] as number] as number)++;
    let top = 255;
    while (top > 0 && h[top] === 0) top--;
    const step = Math.floor((hw - (h[top] as number)) / 255);
    const lut = new Array<number>(256);
    let cum = 0;
    for (let v = 0; v < 256; v++) {
      lut[v] = v === 0 ? 0 : Math.min(255, Math.floor((cum + Math.floor(step / 2)) / step));
      cum += h[v] as number;
    }
    for (let p = 0; p < hw; p++) {
      const v = data[p * 3 + c] as number;
      out[p * 3 + c] = step === 0 ? v : lut[v] as number;
    }
  }
  return out;
}

describe('autoContrast and equalize against host float32 references', () => {
  const images = fc.record({h: fc.integer({min: 1, max: 24}), w: fc.integer({min: 1, max: 24}), lo: fc.integer({min: 0, max: 255}), span: fc.integer({min: 0, max: 255})})
    .chain(({h, w, lo, span}) => fc.array(fc.integer({min: lo, max: Math.min(255, lo + span)}), {minLength: h * w * 3, maxLength: h * w * 3})
      .map((v) => ({h, w, data: Float32Array.from(v)})));

  it.each([
    ['autoContrast', autoContrast, refAutoContrast],
    ['equalize', equalize, refEqualize],
  ] as const)('%s', async (_name, op, ref) => {
    await fc.assert(fc.asyncProperty(images, async ({h, w, data}) => {
      const out = await run((x) => op(x), Array.from(data), [1, h, w, 3]);
      expect(out).toEqual(Array.from(ref(data, h * w)));
    }), {numRuns: 60, seed: 7});
  });

  it('autoContrast maps the maximum to 254 exactly where float32 does (all (lo, hi) with lo = 0)', async () => {
    // One image per channel pair would be 32,640 images; the lo = 0 row already holds many 254 cases.
    const data: number[] = [];
    for (let hi = 1; hi < 256; hi++) data.push(0, 0, 0, hi, hi, hi);
    const out = await run((x) => autoContrast(x), data, [255, 1, 2, 3]);
    let twoFiftyFour = 0;
    for (let hi = 1; hi < 256; hi++) {
      const scale = f32(255 / hi);
      const expected = Math.trunc(Math.min(255, f32(f32(hi * scale) + f32(-0 * scale))));
      expect(out[(hi - 1) * 6 + 3]).toBe(expected);
      if (expected === 254) twoFiftyFour++;
    }
    expect(twoFiftyFour).toBeGreaterThan(0);
  });
});
