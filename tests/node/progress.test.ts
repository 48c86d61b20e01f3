import {progressBar} from '../../src/node/progress';

function fakeStream() {
  const writes: string[] = [];
  return {writes, stream: {write: (s: string) => writes.push(s)} as unknown as NodeJS.WriteStream};
}

describe('progressBar', () => {
  it('draws percentage, sizes, rate and ETA, at most every 100 ms, and ends the line', () => {
    const {writes, stream} = fakeStream();
    let now = 0;
    const bar = progressBar('cifar.tar.gz', 10e6, stream, () => now);
    now = 1000;
    bar.update(5e6);
    now = 1050;
    bar.update(6e6); // too soon: not drawn
    now = 2000;
    bar.done(10e6);
    expect(writes).toHaveLength(3);
    expect(writes[0]).toBe('\rcifar.tar.gz [############------------]  50% 5.0/10.0 MB 5.0 MB/s ETA 1 s\x1b[K');
    expect(writes[1]).toMatch(/100% 10\.0\/10\.0 MB/);
    expect(writes[2]).toBe('\n');
  });

  it('shows the bytes received when the total is unknown', () => {
    const {writes, stream} = fakeStream();
    let now = 0;
    const bar = progressBar('x', undefined, stream, () => now);
    now = 2000;
    bar.update(3e6);
    expect(writes[0]).toBe('\rx 3.0 MB 1.5 MB/s\x1b[K');
  });
});
