// Builders of small dataset files for the data and node tests: tar members, .npy files, CIFAR records.

/** A ustar header block for `name` (≤ 100 bytes) with `size` and type flag `type`. */
export function tarHeader(name: string, size: number, type = '0', opts: {prefix?: string; base256?: boolean} = {}): Uint8Array {
  const h = new Uint8Array(512);
  const put = (s: string, at: number) => h.set(new TextEncoder().encode(s), at);
  put(name, 0);
  put('0000644\0', 100);
  put('0000000\0', 108);
  put('0000000\0', 116);
  if (opts.base256) {
    h[124] = 0x80;
    let v = size;
    for (let k = 135; k > 124; k--) {
      h[k] = v % 256;
      v = Math.floor(v / 256);
    }
  } else {
    put(`${size.toString(8).padStart(11, '0')}\0`, 124);
  }
  put('14000000000\0', 136);
  put(type, 156);
  put('ustar\u000000', 257);
  if (opts.prefix) put(opts.prefix, 345);
  put('        ', 148);
  const sum = h.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** Member data padded to a multiple of 512 bytes. */
export function padded(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 512) * 512);
  out.set(data);
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A tar archive of regular files (name → bytes), with the end marker. */
export function tarOf(files: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, data] of Object.entries(files)) parts.push(tarHeader(name, data.length), padded(data));
  parts.push(new Uint8Array(1024));
  return concatBytes(...parts);
}

/** The header of a version-1.0 .npy file (padded to 64 bytes as numpy does). */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let text = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + text.length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + text.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
  out.set(new TextEncoder().encode(text), 10);
  return out;
}

/** A whole version-1.0 .npy file. */
export function npyFile(descr: string, shape: readonly number[], data: Uint8Array): Uint8Array {
  return concatBytes(npyHeader(descr, shape), data);
}

/** CIFAR binary records: `labels[i]` are the label byte(s) of record i; pixel bytes are (i * 7 + k) % 256. */
export function cifarRecords(labels: ReadonlyArray<readonly number[]>): Uint8Array {
  const size = (labels[0]?.length ?? 1) + 3072;
  const out = new Uint8Array(labels.length * size);
  labels.forEach((l, i) => {
    out.set(l, i * size);
    for (let k = 0; k < 3072; k++) out[i * size + l.length + k] = (i * 7 + k) % 256;
  });
  return out;
}
