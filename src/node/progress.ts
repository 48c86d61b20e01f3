/**
 * A one-line progress bar for downloads, redrawn on stderr at most ten times a second.
 * @internal
 * @module
 */

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** @internal */
export interface ProgressBar {
  update(received: number): void;
  done(received: number): void;
}

/**
 * A bar like `cifar-10-binary.tar.gz [#####-----]  52% 88.4/170.1 MB 6.2 MB/s ETA 13 s`.
 * @internal
 */
export function progressBar(label: string, total: number | undefined, stream: NodeJS.WriteStream = process.stderr,
  now: () => number = () => Date.now()): ProgressBar {
  const start = now();
  let last = 0;
  const draw = (received: number): void => {
    const seconds = Math.max((now() - start) / 1000, 1e-3);
    const rate = received / seconds;
    let line = `${label} `;
    if (total) {
      const f = Math.min(1, received / total);
      const width = 24;
      const filled = Math.round(f * width);
      const eta = rate > 0 ? Math.ceil((total - received) / rate) : 0;
      line += `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ` +
        `${mb(received)}/${mb(total)} MB ${mb(rate)} MB/s ETA ${eta} s`;
    } else {
      line += `${mb(received)} MB ${mb(rate)} MB/s`;
    }
    stream.write(`\r${line}\x1b[K`);
  };
  return {
    update(received) {
      const t = now();
      if (t - last < 100) return;
      last = t;
      draw(received);
    },
    done(received) {
      draw(received);
      stream.write('\n');
    },
  };
}
