import {corruptPixels} from '../../src/corrupt/corrupt';
import {clippedZoom, zoomLinear} from '../../src/corrupt/internal/resize';
import {CORRUPTIONS} from '../../src/corrupt/registry';
import {numpyArange} from '../../src/corrupt/zoom_blur';
import {syntheticImages} from './images';

describe('zoom_blur', () => {
  it('has the 7, 12, 16, 21, 26 zoom factors of numpy.arange(1, end, 0.01)', () => {
    const zooms = CORRUPTIONS.zoom_blur.severities.map((p) => p['zooms'] as number[]);
    expect(zooms.map((z) => z.length)).toEqual([7, 12, 16, 21, 26]);
    expect(zooms[0]![6]).toBeCloseTo(1.06, 12);
    expect(zooms[2]![15]).toBeCloseTo(1.15, 12);
    expect(numpyArange(0, 1, 0.25)).toEqual([0, 0.25, 0.5, 0.75]);
  });

  it('clipped_zoom by 1 is the identity and equals crop → SciPy zoom → centre cut', () => {
    const img = Float64Array.from(syntheticImages(1, 20, 20));
    expect(Array.from(clippedZoom(img, 20, 20, 3, 1))).toEqual(Array.from(img));
    // Spelled out for z = 1.3: crop ceil(20/1.3) = 16 from row/col 2, zoom to round(20.8) = 21, cut from 0.
    const crop = new Float64Array(16 * 16 * 3);
    for (let y = 0; y < 16; y++) crop.set(img.subarray(((2 + y) * 20 + 2) * 3, ((2 + y) * 20 + 18) * 3), y * 48);
    const zoomed = zoomLinear(crop, 16, 16, 3, 21, 21);
    const expected = new Float64Array(20 * 20 * 3);
    for (let y = 0; y < 20; y++) expected.set(zoomed.subarray(y * 21 * 3, (y * 21 + 20) * 3), y * 60);
    const got = clippedZoom(img, 20, 20, 3, 1.3);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 9));
  });

  it('SciPy order-1 zoom is corner-aligned: 2 → 3 samples give the midpoint', () => {
    expect(Array.from(zoomLinear(Float64Array.of(0, 10), 1, 2, 1, 1, 3))).toEqual([0, 5, 10]);
  });

  it('keeps a flat image', () => {
    const flat = new Uint8Array(32 * 32 * 3).fill(90);
    expect(corruptPixels(flat, [1, 32, 32, 3], 'zoom_blur', 5).every((v) => v === 90 || v === 89)).toBe(true);
  });
});
