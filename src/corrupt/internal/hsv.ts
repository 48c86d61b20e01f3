/**
 * scikit-image's `rgb2hsv` / `hsv2rgb` on one pixel, values in [0, 1].
 *
 * Behaviour from scikit-image `color/colorconv.py`: V = max, S = (max − min)/V (0 when max = min), hue from
 * the channel holding the max with blue winning ties over green over red, H in [0, 1); the inverse is the
 * textbook sector formula (i = floor(6H) mod 6). Written from that description; no code was copied.
 * @internal
 * @module
 */

/** RGB → HSV of one pixel. @internal */
export function rgbToHsv(r: number, g: number, b: number): [number, number, number] {
  const v = Math.max(r, g, b);
  const delta = v - Math.min(r, g, b);
  if (delta === 0) return [0, 0, v];
  const s = delta / v;
  let h: number;
  if (b === v) h = 4 + (r - g) / delta;
  else if (g === v) h = 2 + (b - r) / delta;
  else h = (g - b) / delta;
  h /= 6;
  h -= Math.floor(h); // Python's `% 1.` keeps the sign of the divisor
  return [h, s, v];
}

/** HSV → RGB of one pixel. @internal */
export function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const hi6 = Math.floor(h * 6);
  const f = h * 6 - hi6;
  const p = v * (1 - s);
  const q = v * (1 - f * s);
  const t = v * (1 - (1 - f) * s);
  switch (((hi6 % 6) + 6) % 6) {
    case 0: return [v, t, p];
    case 1: return [q, v, p];
    case 2: return [p, v, t];
    case 3: return [p, q, v];
    case 4: return [t, p, v];
    default: return [v, p, q];
  }
}
