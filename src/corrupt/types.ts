/**
 * Public types of the CIFAR-C-style corruption generator.
 * @module corrupt
 */
import type {Rng} from '../random/rng';

/** The 19 CIFAR-10-C corruptions, spelled as the `.npy` file stems of the published archives. */
export type CorruptionName =
  | 'gaussian_noise' | 'shot_noise' | 'impulse_noise'
  | 'defocus_blur' | 'glass_blur' | 'motion_blur' | 'zoom_blur'
  | 'snow' | 'frost' | 'fog' | 'brightness'
  | 'contrast' | 'elastic_transform' | 'pixelate' | 'jpeg_compression'
  | 'speckle_noise' | 'gaussian_blur' | 'spatter' | 'saturate';

/**
 * The kind of a corruption. The paper groups the 15 benchmark corruptions into noise, blur, weather and
 * digital; the 4 held-out ones (speckle noise, Gaussian blur, spatter, saturate) are listed here under the
 * kind they belong to and marked with `benchmark: false` in {@link CorruptionInfo}.
 */
export type CorruptionFamily = 'noise' | 'blur' | 'weather' | 'digital';

/** A parameter value in a corruption's settings: a number, a list of numbers or a mode name. */
export type CorruptionParamValue = number | readonly number[] | string;

/** The settings of one corruption at one severity, e.g. `{sigma: 0.08}` (fields per corruption). */
export type CorruptionParams = Readonly<Record<string, CorruptionParamValue>>;

/** Metadata of one corruption: names, family, and the CIFAR settings of severities 1..5. */
export interface CorruptionInfo {
  /** File-stem name (`'glass_blur'`), the canonical spelling. */
  readonly name: CorruptionName;
  /** TensorFlow Datasets / Keras-notebook name (`'frosted_glass_blur'`, `'elastic'`, else the same). */
  readonly tfdsName: string;
  /** The label used in `make_cifar_c.py` (`'Glass Blur'`). */
  readonly label: string;
  /** Kind of corruption. */
  readonly family: CorruptionFamily;
  /** One of the paper's 15 benchmark corruptions (false for the 4 held-out "extra" ones). */
  readonly benchmark: boolean;
  /** Whether the corruption draws random numbers (false: the same image always gives the same result). */
  readonly random: boolean;
  /** Whether it needs external images (frost photographs) passed through {@link CorruptOptions}. */
  readonly needsAssets: boolean;
  /** The settings of severities 1..5 (index 0 = severity 1), as in spec/datasets.md §6.1. */
  readonly severities: readonly CorruptionParams[];
  /** Settings that leave every image unchanged, when such settings exist. */
  readonly identity: CorruptionParams | null;
  /** What happens on images larger or smaller than 32×32. */
  readonly sizeNote: string;
}

/**
 * An RGB(A) photograph for the frost corruption, e.g. `frost1.png` … `frost5.jpg` of Hendrycks'
 * `imagenet_c` package decoded by the application.
 */
export interface FrostImage {
  /** `height × width × channels` bytes, rows top to bottom, channels interleaved (R, G, B[, A]). */
  readonly data: Uint8Array | Uint8ClampedArray;
  /** Height in pixels. */
  readonly height: number;
  /** Width in pixels. */
  readonly width: number;
  /** 3 (RGB, default) or 4 (RGBA; alpha is ignored). */
  readonly channels?: 3 | 4;
}

/** Options shared by {@link corrupt}, {@link corruptPixels} and the per-corruption functions. */
export interface CorruptOptions {
  /**
   * Seed of the corruption's random draws. Image `i` of a call draws from its own stream, derived from the
   * seed, the corruption name and `firstIndex + i`, so results do not depend on how a dataset is batched,
   * and the same noise pattern is reused across severities. Without `seed` or `rng`, a fresh seed is drawn
   * (results then differ between calls).
   */
  readonly seed?: number | string;
  /** Alternative to `seed`: one uint32 is drawn from `rng` per call and used as the seed. */
  readonly rng?: Rng;
  /** Dataset index of the first image of the batch (default 0); see `seed`. */
  readonly firstIndex?: number;
  /** Frost photographs (required by `frost`, ignored by the others). */
  readonly frostImages?: readonly FrostImage[];
  /** Factor the frost photographs are resized by before cropping (default 0.2, as in the CIFAR script). */
  readonly frostScale?: number;
}
