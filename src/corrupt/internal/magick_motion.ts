/**
 * ImageMagick's `MotionBlurImage(radius, sigma, angle)` on an 8-bit image, as the CIFAR-10-C script ran it
 * through Wand for motion blur and snow.
 *
 * Behaviour read from MagickCore `effect.c` (`GetOptimalKernelWidth1D`, `GetMotionBlurKernel`,
 * `MotionBlurImage`): a one-sided kernel of width n = 2·ceil(radius)+1 with weights ∝ exp(−i²/2σ²),
 * i = 0..n−1, normalised to sum 1; tap i reads the pixel at offset (ceil(i·cos θ − 0.5), ceil(i·sin θ − 0.5));
 * pixels outside the image repeat the nearest edge pixel (the default virtual-pixel method); the sum is
 * rounded to 8 bits when the PNG is written back.
 *
 * Deviation: ImageMagick picks a width from σ alone when radius = 0; here radius 0 means a width-1 kernel
 * (the identity). The 2019 ImageMagick 6 build may differ in rounding details.
 * @internal
 * @module
 */
import {clamp} from './filters';

/** Kernel width ImageMagick uses for a radius > 0. @internal */
export function motionKernelWidth(radius: number): number {
  return radius > 0 ? 2 * Math.ceil(radius) + 1 : 1;
}

/**
 * Motion-blurs an 8-bit image (values 0..255 in a Float64Array, HWC) along `angleDegrees`.
 * @returns A new array of integers 0..255.
 * @internal
 */
export function magickMotionBlur(
  src: Float64Array, height: number, width: number, channels: number, radius: number, sigma: number,
  angleDegrees: number,
): Float64Array {
  const n = motionKernelWidth(radius);
  const kernel = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const v = sigma > 0 ? Math.exp(-(i * i) / (2 * sigma * sigma)) : i === 0 ? 1 : 0;
    kernel[i] = v;
    norm += v;
  }
  const theta = (angleDegrees * Math.PI) / 180;
  // ImageMagick builds the offsets from the point (n·sin θ, n·cos θ) divided by its length.
  const px = n * Math.sin(theta);
  const py = n * Math.cos(theta);
  const len = Math.hypot(px, py);
  const dx = new Int32Array(n);
  const dy = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    kernel[i] = (kernel[i] as number) / norm;
    dx[i] = Math.ceil((i * py) / len - 0.5);
    dy[i] = Math.ceil((i * px) / len - 0.5);
  }
  const out = new Float64Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let i = 0; i < n; i++) {
          const yy = clamp(y + (dy[i] as number), 0, height - 1);
          const xx = clamp(x + (dx[i] as number), 0, width - 1);
          acc += (kernel[i] as number) * (src[(yy * width + xx) * channels + c] as number);
        }
        out[(y * width + x) * channels + c] = clamp(Math.round(acc), 0, 255);
      }
    }
  }
  return out;
}
