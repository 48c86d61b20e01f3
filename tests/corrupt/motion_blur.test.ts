import {corruptPixels} from '../../src/corrupt/corrupt';
import {magickMotionBlur, motionKernelWidth} from '../../src/corrupt/internal/magick_motion';
import {CORRUPTIONS} from '../../src/corrupt/registry';

describe('motion_blur (ImageMagick kernel)', () => {
  it('uses 2·ceil(radius)+1 taps: 13, 13, 13, 17, 19 for the CIFAR severities', () => {
    expect(CORRUPTIONS.motion_blur.severities.map((p) => motionKernelWidth(p['radius'] as number))).toEqual([13, 13, 13, 17, 19]);
  });

  it('blurs one-sidedly along the angle with weights ∝ exp(−i²/2σ²) (hand-computed step edge)', () => {
    // Row: 0 0 0 255 255 …; radius 1, σ 1, angle 0 → taps at x, x+1, x+2 with weights .5741 .3482 .0777.
    const w = 8;
    const img = new Float64Array(w).map((_, x) => (x >= 3 ? 255 : 0));
    const out = magickMotionBlur(img, 1, w, 1, 1, 1, 0);
    expect(Array.from(out)).toEqual([0, 20, 109, 255, 255, 255, 255, 255]);
    // angle 90°: offsets run down the column (dy = i), so a single row only sees itself (edge repeat).
    expect(Array.from(magickMotionBlur(img, 1, w, 1, 1, 1, 90))).toEqual(Array.from(img));
  });

  it('keeps a flat image and is the identity at radius 0', () => {
    const flat = new Uint8Array(32 * 32 * 3).fill(200);
    expect(corruptPixels(flat, [1, 32, 32, 3], 'motion_blur', 5, {seed: 1}).every((v) => v === 200)).toBe(true);
    const img = new Float64Array(12).map((_, i) => i * 20);
    expect(Array.from(magickMotionBlur(img, 2, 2, 3, 0, 2, 30))).toEqual(Array.from(img));
  });
});
