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

// Written by Python 3 tarfile (USTAR, GNU and PAX formats), gzip-compressed, base64. Each holds a directory
// CIFAR-10-C/, CIFAR-10-C/labels.npy ('hello labels'), a 139-byte path holding bytes 0..255 three times, and an
// empty file; the PAX one also CIFAR-10-C/ünïcode.txt ('x').
export const PYTHON_TARS: Record<string, string> = {
  ustar: 'H4sIAAAAAAACA3P2dHMM0jU00HXWZ6AVMAACc1NTMA0E6DQWtrmhmTmDgikDHUBpcUliEdBKhpEJnBHxn5OYlJpTrJdXUEmD+DczMcEd/4YmDIYmpkYm5uYGJiBxQ0MjQzMGBYPR+Kc5yEjNyclXgEQ9wygYcSAlNbVAn4pETn5eenxeYm5qfFpmTqpeUmYewfxvCMrzKPnf2MzE2HiI53+kghVviA10AmBkYmZhZWPn4OTi5uHl4xcQFBIWERUTl5CUkpaRlZNXUFRSVlFVU9fQ1NLW0dXTNzA0MjYxNTO3sLSytrG1s3dwdHJ2cXVz9/D08vbx9fMPCAwKDgkNC4+IjIqOiY2LT0hMSk5JTUvPyMzKzsnNyy8oLCouKS0rr6isqq6pratvaGxqbmlta+/o7Oru6e3rnzBx0uQpU6dNnzFz1uw5c+fNX7Bw0eIlS5ctX7Fy1eo1a9et37Bx0+YtW7dt37Fz1+49e/ftP3Dw0OEjR48dP3Hy1OkzZ8+dv3Dx0uUrV69dv3Hz1u07d+/df/Dw0eMnT589f/Hy1es3b9+9//Dx0+cvX799//Hz1+8/f//9H/X/CPf/CAdIxVRqbkFJpV5JRQkt2v9423/o5b8hEIy2/0bBKBgFo2AUjIJRMApGwSgYBaNgFIyCUTAKRsEoGAWjYBSMglEwCkbBKCAZAAC2YLRMACgAAA==',
  gnu: 'H4sIAAAAAAACA3P2dHMM0jU00HXWZ6AVMAACc1NTMA0E6DQWtrmhkTmDgikDHUBpcUlikYICwwgFzoj4z0lMSs0p1ssrqKRB/JuZmOCOf0MTBkMTUyMTc3MDE5C4oaGhqRmDgsFo/NMcZKTm5OQrQKKeYRSMOKCnr6fv4JOfl+6TmZdNw/IfS76H538jQxP08t/c1IhBwWc0/9Oz/E9JTS2gH5EDTHPxeYm5qfFpmTmpekmZeaOZcZjGP4H63xBU56PU/0bmRmaGo/U/XQAjEzMLKxs7BycXNw8vH7+AoJCwiKiYuISklLSMrJy8gqKSsoqqmrqGppa2jq6evoGhkbGJqZm5haWVtY2tnb2Do5Ozi6ubu4enl7ePr59/QGBQcEhoWHhEZFR0TGxcfEJiUnJKalp6RmZWdk5uXn5BYVFxSWlZeUVlVXVNbV19Q2NTc0trW3tHZ1d3T29f/4SJkyZPmTpt+oyZs2bPmTtv/oKFixYvWbps+YqVq1avWbtu/YaNmzZv2bpt+46du3bv2btv/4GDhw4fOXrs+ImTp06fOXvu/IWLly5fuXrt+o2bt27fuXvv/oOHjx4/efrs+YuXr16/efvu/YePnz5/+frt+4+fv37/+fvv/6j/R7j/R8t/WPmfmltQUqlXUlFCi/Yf3v4fevlvaGgw2v8bBaNgFIyCUTAKRsEoGAWjYBSMglEwCkbBKBgFo2AUjIJRMArIBwBq6iUUACgAAA==',
  pax: 'H4sIAAAAAAACA3P2dHMM0jU00HXWZ6AVMAACc1NTMA0E6DQWtrmhmTmDgikDHUBpcUliEdBKhpEJnBHxn5OYlJpTrJdXUEmD+DczMcEd/4YmDIYmpkYm5uYGJiBxQ0MjQzMGBYPR+Kc5yEjNyclXgEQ9wygYcUBPX0/fISCxwiM1MSW1iHblP5Z8D8//RkamqOW/oYERsEhQqBjN/zQHhiaWCgWJJRm2SBVBSmpqAf2InPy89Pi8xNzU+LTMnFS9pMw8rtFsORD1P82imED9bwiq81HqfyNzYyPD0fqfLoCRiZmFlY2dg5OLm4eXj19AUEhYRFRMXEJSSlpGVk5eQVFJWUVVTV1DU0tbR1dP38DQyNjE1MzcwtLK2sbWzt7B0cnZxdXN3cPTy9vH188/IDAoOCQ0LDwiMio6JjYuPiExKTklNS09IzMrOyc3L7+gsKi4pLSsvKKyqrqmtq6+obGpuaW1rb2js6u7p7evf8LESZOnTJ02fcbMWbPnzJ03f8HCRYuXLF22fMXKVavXrF23fsPGTZu3bN22fcfOXbv37N23/8DBQ4ePHD12/MTJU6fPnD13/sLFS5evXL12/cbNW7fv3L13/8HDR4+fPH32/MXLV6/fvH33/sPHT5+/fP32/cfPX7///P33f9T/I9z/o+U/rPxPzS0oqdQrqSihRfsPb/8Pvfw3BILR/t+Iaf8bmBhitv8NRtv/9ADGxhjN/8N78g6vT85PSQWVBaNt8RFT/tvn2cNind7lP3r+NzQyMB0t/+kBKkazwCgYBaNgFIyCUTAKRsEoGAWjYBSMglEw7AEAZm+Z4AAoAAA=',
};
