// Parsing speed of the data layer in MB/s, against a plain Buffer.copy of the same bytes (the floor any parser
// that produces a new array must pay). Input: one full CIFAR-10 batch file (10,000 records, 30.73 MB), built by
// repeating the shared sample's records (or random records when ../shared is absent).
import '@tensorflow/tfjs-backend-cpu';
import * as fs from 'node:fs';
import {parseCifarBinary} from '../src/data/cifar_binary';
import {parseNpy} from '../src/data/npy';
import {readTar} from '../src/data/tar';
import {TarStreamReader} from '../src/data/tar_stream';
import {compare, header, report, sharedPath} from './harness';

const RECORDS = 10000;
const RECORD = 3073;
const sample = sharedPath('data', 'cifar10-sample', 'cifar-10-batches-bin', 'data_batch_1.bin');
const source = fs.existsSync(sample) ? fs.readFileSync(sample) : Buffer.from(Uint8Array.from({length: 2000 * RECORD}, (_, i) => (i % RECORD === 0 ? i % 10 : (i * 7) % 256)));
const batch = Buffer.alloc(RECORDS * RECORD);
for (let at = 0; at < batch.length; at += source.length) source.copy(batch, at, 0, Math.min(source.length, batch.length - at));

// The same bytes as a .npy (uint8 [10000, 3073]) and as a one-member tar.
const npyText = `{'descr': '|u1', 'fortran_order': False, 'shape': (${RECORDS}, ${RECORD}), }`.padEnd(117) + '\n';
const npy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, npyText.length, 0]), Buffer.from(npyText, 'latin1'), batch]);
const tarHeader = Buffer.alloc(512);
tarHeader.write('cifar-10-batches-bin/data_batch_1.bin', 0);
tarHeader.write('0000644\0', 100);
tarHeader.write(`${batch.length.toString(8).padStart(11, '0')}\0`, 124);
tarHeader.write('0', 156);
tarHeader.write('ustar\u000000', 257);
tarHeader.write('        ', 148);
tarHeader.write(`${tarHeader.reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
const tar = Buffer.concat([tarHeader, batch, Buffer.alloc((512 - (batch.length % 512)) % 512), Buffer.alloc(1024)]);

const MB = batch.length / 1e6;
const ctx = await header('parse', {records: RECORDS, bytes: batch.length, source: fs.existsSync(sample) ? 'shared sample ×5' : 'random'});
let sink = 0;
const timings = await compare({
  'Buffer.copy (baseline)': () => {
    const out = Buffer.allocUnsafe(batch.length);
    batch.copy(out);
    sink += out[12345]!;
  },
  'parseCifarBinary (CHW→HWC)': () => {
    sink += parseCifarBinary(batch, {variant: 'cifar10'}).images[12345]!;
  },
  'parseNpy |u1 (zero-copy view)': () => {
    sink += (parseNpy(npy).data as Uint8Array)[12345]!;
  },
  'readTar (views)': () => {
    sink += readTar(tar)[0]!.data[12345]!;
  },
  'TarStreamReader (64 KiB chunks, copies)': () => {
    const reader = new TarStreamReader();
    let files = 0;
    for (let at = 0; at < tar.length; at += 65536) files += reader.push(tar.subarray(at, at + 65536)).length;
    reader.end();
    sink += files;
  },
}, {warmup: 2, runs: 9});
report(ctx, timings, {baseline: 'Buffer.copy (baseline)', unitsPerRun: MB, unit: 'MB'});
if (sink === 0.5) console.log('');
