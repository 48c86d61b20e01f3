import * as tf from '@tensorflow/tfjs-core';
import {disposeBatch, type ImageBatch} from '../../src/data/batch_source';
import {prefetch} from '../../src/data/prefetch';
import {InvalidArgumentError} from '../../src/errors';
import {expectNoLeak} from '../helpers/memory';

/** A source of n batches that records when each batch is made and whether the pass was closed. */
function recording(n: number) {
  const log: string[] = [];
  const source = function* (): Generator<ImageBatch> {
    try {
      for (let i = 0; i < n; i++) {
        log.push(`make ${i}`);
        yield {image: tf.fill([1, 2, 2, 3], i) as tf.Tensor4D, label: tf.tensor1d([i], 'int32')};
      }
    } finally {
      log.push('closed');
    }
  };
  return {log, source};
}

describe('prefetch', () => {
  it('keeps order and requests batch k+1 before the consumer gets batch k', async () => {
    const {log, source} = recording(4);
    await expectNoLeak(async () => {
      const got: number[] = [];
      for await (const b of prefetch(source)()) {
        log.push(`use ${(await b.label!.data())[0]}`);
        got.push((await b.label!.data())[0]!);
        disposeBatch(b);
      }
      expect(got).toEqual([0, 1, 2, 3]);
    });
    // The source finished (and closed) while the consumer still held batch 3.
    expect(log).toEqual(['make 0', 'make 1', 'use 0', 'make 2', 'use 1', 'make 3', 'use 2', 'closed', 'use 3']);
  });

  it('runs bufferSize batches ahead while the consumer awaits, and no further', async () => {
    const {log, source} = recording(7);
    await expectNoLeak(async () => {
      let k = 0;
      for await (const b of prefetch(source, {bufferSize: 3})()) {
        await new Promise((resolve) => setImmediate(resolve)); // an asynchronous training step
        log.push(`use ${k++}`);
        disposeBatch(b);
      }
    });
    const madeBefore = (entry: string) => log.slice(0, log.indexOf(entry)).filter((l) => l.startsWith('make')).length;
    expect([0, 1, 2, 3, 4, 5, 6].map((k) => madeBefore(`use ${k}`))).toEqual([4, 5, 6, 7, 7, 7, 7]);
  });

  it('disposes the batches fetched ahead and closes the source when the consumer stops early', async () => {
    const {log, source} = recording(10);
    await expectNoLeak(async () => {
      for await (const b of prefetch(source, {bufferSize: 2})()) {
        disposeBatch(b);
        break;
      }
    });
    expect(log).toEqual(['make 0', 'make 1', 'make 2', 'closed']);
  });

  it('passes errors of the source through, leaking nothing', async () => {
    const failing = async function* (): AsyncGenerator<ImageBatch> {
      yield {image: tf.zeros([1, 2, 2, 3]) as tf.Tensor4D};
      throw new Error('disk gone');
    };
    await expectNoLeak(async () => {
      const seen: number[] = [];
      await expect((async () => {
        for await (const b of prefetch(failing)()) {
          seen.push(1);
          disposeBatch(b);
        }
      })()).rejects.toThrow('disk gone');
      expect(seen).toEqual([1]);
    });
    expect(() => prefetch(failing, {bufferSize: 0})).toThrow(InvalidArgumentError);
  });
});
