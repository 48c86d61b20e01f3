/**
 * Parser of the CIFAR-10 and CIFAR-100 binary record files (`data_batch_N.bin`, `test_batch.bin`, `train.bin`,
 * `test.bin`).
 *
 * Format (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html; spec/datasets.md §2.2, §3.1): fixed-size
 * records without separators or file header. CIFAR-10: 3,073 bytes = 1 label byte + 3,072 pixel bytes; CIFAR-100:
 * 3,074 bytes = coarse label byte + fine label byte + 3,072 pixel bytes. Pixels are channel-planar (1,024 red,
 * then 1,024 green, then 1,024 blue values, each plane 32×32 row-major); the parser transposes them once to
 * HWC, as torchvision does after unpickling.
 *
 * @module data
 */
import {InvalidArgumentError, ParseError} from '../errors';
import {checkOneOf, describeValue} from '../internal/assert';
import {CIFAR_IMAGE_BYTES, type CifarSplit} from './cifar_split';

/** Which record layout a binary file uses. */
export type CifarVariant = 'cifar10' | 'cifar100';

/** Options of {@link parseCifarBinary}. */
export interface ParseCifarBinaryOptions {
  /** `'cifar10'`: 3,073-byte records with one label; `'cifar100'`: 3,074-byte records with coarse and fine labels. */
  readonly variant: CifarVariant;
  /** Name of the file in error messages (default `'bytes'`). */
  readonly source?: string;
}

const VARIANTS: readonly CifarVariant[] = ['cifar10', 'cifar100'];
const PLANE = 1024;

/**
 * Record size in bytes of a variant (3,073 or 3,074).
 * @internal
 */
export function cifarRecordBytes(variant: CifarVariant): number {
  return variant === 'cifar10' ? CIFAR_IMAGE_BYTES + 1 : CIFAR_IMAGE_BYTES + 2;
}

/**
 * Parses the bytes of a CIFAR binary file into a compact {@link CifarSplit}.
 *
 * @param bytes The whole file (any number of complete records, including zero).
 * @param options `variant` chooses the record layout.
 * @returns `{images, labels, count}` (HWC uint8 pixels, int32 labels); CIFAR-100 also gives `coarseLabels`,
 *   `labels` being the fine labels.
 * @throws {@link ParseError} when the length is not a whole number of records (offset of the cut record) or a
 *   label is out of range (offset of the label byte).
 * @throws {@link InvalidArgumentError} for an unknown variant or bytes that are not a `Uint8Array`.
 * @example
 * ```ts
 * import {parseCifarBinary} from 'consistency-tfjs';
 * const record = new Uint8Array(3073);
 * record[0] = 6;        // label: frog
 * record[1] = 255;      // red value of the top-left pixel
 * const split = parseCifarBinary(record, {variant: 'cifar10'});
 * console.log(split.count, split.labels[0], split.images[0]); // 1 6 255
 * ```
 */
export function parseCifarBinary(bytes: Uint8Array, options: ParseCifarBinaryOptions): CifarSplit {
  const variant = checkOneOf('parseCifarBinary', 'variant', options?.variant, VARIANTS);
  if (!(bytes instanceof Uint8Array)) {
    throw new InvalidArgumentError(
      `parseCifarBinary: \`bytes\` must be a Uint8Array (or Buffer); got ${describeValue(bytes)}.`, {argument: 'bytes'});
  }
  const source = options.source ?? 'bytes';
  const recordBytes = cifarRecordBytes(variant);
  const labelBytes = recordBytes - CIFAR_IMAGE_BYTES;
  const count = Math.floor(bytes.length / recordBytes);
  if (count * recordBytes !== bytes.length) {
    const cut = count * recordBytes;
    throw new ParseError(
      `parseCifarBinary: ${source} has ${bytes.length} bytes, not a multiple of the ${recordBytes}-byte ${variant} ` +
        `record; got ${bytes.length - cut} bytes of a truncated record ${count} at byte ${cut}. ` +
        'The file is cut short or of another variant; download it again or pass the right `variant`.', {offset: cut});
  }
  const images = new Uint8Array(count * CIFAR_IMAGE_BYTES);
  const labels = new Int32Array(count);
  const coarse = variant === 'cifar100' ? new Int32Array(count) : undefined;
  const maxFine = variant === 'cifar10' ? 9 : 99;
  // A plain Uint8Array view (V8 indexes it faster than a Buffer subclass) and, on little-endian machines, a word
  // view of the output for the interleaving.
  const input = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const words = LITTLE_ENDIAN ? new Uint32Array(images.buffer) : undefined;
  for (let r = 0; r < count; r++) {
    const base = r * recordBytes;
    if (coarse) {
      const c = input[base] as number;
      if (c > 19) throw labelError(source, r, base, c, 'coarse label', 19);
      coarse[r] = c;
    }
    const fine = input[base + labelBytes - 1] as number;
    if (fine > maxFine) throw labelError(source, r, base + labelBytes - 1, fine, 'label', maxFine);
    labels[r] = fine;
    if (words) interleaveWords(input, base + labelBytes, words, r * (CIFAR_IMAGE_BYTES / 4));
    else interleaveBytes(input, base + labelBytes, images, r * CIFAR_IMAGE_BYTES);
  }
  return coarse ? {images, labels, count, coarseLabels: coarse} : {images, labels, count};
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Planar CHW → interleaved HWC, one byte at a time (big-endian machines). @internal */
export function interleaveBytes(bytes: Uint8Array, red: number, out: Uint8Array, o: number): void {
  const green = red + PLANE;
  const blue = green + PLANE;
  for (let p = 0; p < PLANE; p++, o += 3) {
    out[o] = bytes[red + p] as number;
    out[o + 1] = bytes[green + p] as number;
    out[o + 2] = bytes[blue + p] as number;
  }
}

/** Planar CHW → interleaved HWC, 4 pixels (12 bytes) per step written as 3 little-endian words (≈1.5× faster). @internal */
export function interleaveWords(bytes: Uint8Array, red: number, out: Uint32Array, o: number): void {
  const green = red + PLANE;
  const blue = green + PLANE;
  for (let p = 0; p < PLANE; p += 4, o += 3) {
    const r0 = bytes[red + p] as number;
    const r1 = bytes[red + p + 1] as number;
    const r2 = bytes[red + p + 2] as number;
    const r3 = bytes[red + p + 3] as number;
    const g0 = bytes[green + p] as number;
    const g1 = bytes[green + p + 1] as number;
    const g2 = bytes[green + p + 2] as number;
    const g3 = bytes[green + p + 3] as number;
    const b0 = bytes[blue + p] as number;
    const b1 = bytes[blue + p + 1] as number;
    const b2 = bytes[blue + p + 2] as number;
    const b3 = bytes[blue + p + 3] as number;
    out[o] = r0 | (g0 << 8) | (b0 << 16) | (r1 << 24);
    out[o + 1] = g1 | (b1 << 8) | (r2 << 16) | (g2 << 24);
    out[o + 2] = b2 | (r3 << 8) | (g3 << 16) | (b3 << 24);
  }
}

function labelError(source: string, record: number, offset: number, value: number, what: string, max: number): ParseError {
  return new ParseError(
    `parseCifarBinary: ${what} of record ${record} in ${source} is out of range; got ${value} at byte ${offset}, ` +
      `expected 0..${max}. The file is corrupt or of another variant.`, {offset});
}

/**
 * Class names from a `batches.meta.txt` / `*_label_names.txt` member: one per line, blank lines and surrounding
 * whitespace dropped (as TFDS does).
 * @internal
 */
export function parseLabelNames(bytes: Uint8Array | string): string[] {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('latin1').decode(bytes);
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
}
