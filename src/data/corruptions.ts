/**
 * The corruption names of CIFAR-10-C and CIFAR-100-C and their aliases.
 *
 * Paper: Hendrycks & Dietterich, "Benchmarking Neural Network Robustness to Common Corruptions and
 * Perturbations", ICLR 2019 (https://arxiv.org/abs/1903.12261). Names are the `.npy` file stems of the
 * Zenodo archives (records 2535967 and 3555552); TensorFlow Datasets (`cifar10_corrupted`) and the Keras
 * example's evaluation notebook use the same names except `frosted_glass_blur` (= `glass_blur`) and `elastic`
 * (= `elastic_transform`), which {@link resolveCorruption} accepts as aliases (spec/datasets.md §4.2).
 *
 * @module data
 */
import {InvalidArgumentError} from '../errors';
import {closestName} from '../internal/assert';

/**
 * The 19 CIFAR-10-C / CIFAR-100-C corruptions as `.npy` file stems, in the paper's order: the 15 benchmark
 * corruptions (noise, blur, weather, digital) then the 4 held-out "extra" ones.
 * @example
 * ```ts
 * import {CIFAR10C_CORRUPTIONS} from 'consistency-tfjs';
 * console.log(CIFAR10C_CORRUPTIONS.length); // 19
 * ```
 */
export const CIFAR10C_CORRUPTIONS: readonly string[] = Object.freeze([
  'gaussian_noise', 'shot_noise', 'impulse_noise',
  'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
  'snow', 'frost', 'fog', 'brightness',
  'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
  'speckle_noise', 'gaussian_blur', 'spatter', 'saturate',
]);

/**
 * The 15 benchmark corruptions of the paper (the first 15 of {@link CIFAR10C_CORRUPTIONS}); robustness papers
 * usually average over these and leave the 4 "extra" ones out.
 * @example
 * ```ts
 * import {CIFAR10C_BENCHMARK_CORRUPTIONS} from 'consistency-tfjs';
 * console.log(CIFAR10C_BENCHMARK_CORRUPTIONS.includes('saturate')); // false
 * ```
 */
export const CIFAR10C_BENCHMARK_CORRUPTIONS: readonly string[] = Object.freeze(CIFAR10C_CORRUPTIONS.slice(0, 15));

/**
 * TensorFlow Datasets / Keras-notebook names that differ from the file stems, mapped to the stems.
 * @example
 * ```ts
 * import {CIFAR10C_ALIASES} from 'consistency-tfjs';
 * console.log(CIFAR10C_ALIASES['elastic']); // 'elastic_transform'
 * ```
 */
export const CIFAR10C_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  frosted_glass_blur: 'glass_blur',
  elastic: 'elastic_transform',
});

/**
 * The file stem of a corruption given by its stem or its TFDS name (`'frosted_glass_blur'` → `'glass_blur'`).
 * @param name A name from {@link CIFAR10C_CORRUPTIONS} or a key of {@link CIFAR10C_ALIASES}.
 * @param component Name used in error messages.
 * @returns The `.npy` file stem.
 * @throws {@link InvalidArgumentError} for an unknown name, listing the valid ones and the closest match.
 * @example
 * ```ts
 * import {resolveCorruption} from 'consistency-tfjs';
 * console.log(resolveCorruption('frosted_glass_blur')); // 'glass_blur'
 * ```
 */
export function resolveCorruption(name: string, component = 'resolveCorruption'): string {
  if (typeof name === 'string') {
    if (CIFAR10C_CORRUPTIONS.includes(name)) return name;
    const alias = CIFAR10C_ALIASES[name];
    if (alias !== undefined) return alias;
  }
  const known = [...CIFAR10C_CORRUPTIONS, ...Object.keys(CIFAR10C_ALIASES)];
  const hint = typeof name === 'string' ? closestName(name, known) : undefined;
  throw new InvalidArgumentError(
    `${component}: unknown corruption ${typeof name === 'string' ? `'${name}'` : String(name)}. ` +
      `Valid values: ${CIFAR10C_CORRUPTIONS.map((c) => `'${c}'`).join(', ')} ` +
      `(TFDS names 'frosted_glass_blur' and 'elastic' are accepted too).${hint ? ` Did you mean '${hint}'?` : ''}`,
    {argument: 'corruptions'});
}
