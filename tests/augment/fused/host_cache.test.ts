// The fused kernel's host cache: builds each entry once, stays bounded, reuses its scratch buffers.
import {HostCache} from '../../../src/augment/fused/host_cache';

describe('HostCache', () => {
  it('builds an entry once (null included), empties itself beyond 256 entries, and clears', () => {
    const cache = new HostCache();
    let builds = 0;
    const a = cache.get('a', () => ({id: ++builds}));
    expect(cache.get('a', () => ({id: ++builds}))).toBe(a);
    expect(cache.get('none', () => (builds++, null))).toBeNull();
    expect(cache.get('none', () => (builds++, null))).toBeNull();
    expect(builds).toBe(2);
    for (let k = 0; k < 254; k++) cache.get(`k${k}`, () => k);
    expect(cache.size).toBe(256);
    cache.get('one more', () => 1);
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('hands out two distinct scratch buffers, reused until a larger size is asked for', () => {
    const cache = new HostCache();
    const [a, b] = cache.buffers(100);
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(100);
    expect(cache.buffers(50)[0]).toBe(a);
    const [c, d] = cache.buffers(200);
    expect(c).not.toBe(a);
    expect(d.length).toBeGreaterThanOrEqual(200);
    cache.clear();
    expect(cache.buffers(10)[0]).not.toBe(c);
  });
});
