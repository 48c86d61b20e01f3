/**
 * Named sets of corruptions and severities for {@link evaluateRobustness}.
 * @module eval
 */

/** A set of corruptions and severities to evaluate. */
export interface RobustnessPreset {
  /** Corruption names (file stems or TFDS names). */
  readonly corruptions: readonly string[];
  /** Severities 1..5. */
  readonly severities: readonly number[];
}

/**
 * Evaluation presets (spec/datasets.md §4.3):
 * - `kerasNotebook`: the Keras example's companion notebook (`CIFAR_10C_Evaluation.ipynb`): the 19 TFDS
 *   configs at severity 5, alphabetical; its "Mean Top-1" is `meanAccuracy` of the result.
 * - `benchmark`: the paper's 15 corruptions at severities 1..5 (what CIFAR robustness papers average).
 * - `all`: all 19 corruptions at severities 1..5.
 * @example
 * ```ts
 * import {ROBUSTNESS_PRESETS} from 'consistency-tfjs';
 * console.log(ROBUSTNESS_PRESETS.kerasNotebook.corruptions.length, ROBUSTNESS_PRESETS.kerasNotebook.severities); // 19 [5]
 * ```
 */
export const ROBUSTNESS_PRESETS: Readonly<Record<'kerasNotebook' | 'benchmark' | 'all', RobustnessPreset>> = Object.freeze({
  kerasNotebook: Object.freeze({
    corruptions: Object.freeze([
      'brightness', 'contrast', 'defocus_blur', 'elastic', 'fog', 'frost', 'frosted_glass_blur', 'gaussian_blur',
      'gaussian_noise', 'impulse_noise', 'jpeg_compression', 'motion_blur', 'pixelate', 'saturate', 'shot_noise',
      'snow', 'spatter', 'speckle_noise', 'zoom_blur',
    ]),
    severities: Object.freeze([5]),
  }),
  benchmark: Object.freeze({
    corruptions: Object.freeze([
      'gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
      'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
    ]),
    severities: Object.freeze([1, 2, 3, 4, 5]),
  }),
  all: Object.freeze({
    corruptions: Object.freeze([
      'gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
      'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
      'speckle_noise', 'gaussian_blur', 'spatter', 'saturate',
    ]),
    severities: Object.freeze([1, 2, 3, 4, 5]),
  }),
});
