// The example end to end, as a user runs it, on the
// embedded synthetic dataset with a tiny budget (`npm run example` is `node --import tsx examples/cifar10.ts`): it must finish, print the seed and backend first, write a report
// whose results.json validates against examples/results.schema.json, reproduce its numbers from the same seed, and
// leave a checkpoint and a partial report when interrupted.
import {spawn, spawnSync} from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';

const root = path.resolve(__dirname, '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'results.schema.json'), 'utf8'));
const validate = new Ajv({strict: true, allErrors: true}).compile(schema);
const TINY = ['--dataset', 'synthetic', '--train-images', '48', '--validation-images', '16', '--test-images', '16',
  '--robustness-images', '8', '--batch-size', '8', '--teacher-epochs', '1', '--student-epochs', '1',
  '--steps-per-epoch', '2', '--corruptions', 'gaussian_noise,contrast,jpeg_compression,motion_blur', '--quiet'];

function runExample(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'examples', 'cifar10.ts'), ...args], {cwd: root, encoding: 'utf8', timeout: 300_000});
}

describe('examples/cifar10.ts', () => {
  let tmp: string;
  beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cifar10-example-')); });
  afterAll(() => fs.rmSync(tmp, {recursive: true, force: true}));

  it('runs the quick preset on synthetic data with a tiny budget and writes a report that validates', () => {
    const out = path.join(tmp, 'a');
    const r = runExample([...TINY, '--out', out]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^consistency-tfjs \S+ · preset quick · seed 42 · RandAugment rand-m9-n2$/);
    expect(lines[1]).toMatch(/^backend \w+: /);
    expect(r.stdout).toMatch(/synthetic-shapes-10 dataset instead|data: synthetic-shapes-10/);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(validate(results) ? [] : validate.errors).toEqual([]);
    expect(results.status).toBe('complete');
    expect(results.dataset).toMatchObject({name: 'synthetic-shapes-10', synthetic: true, train: 48, validation: 16, test: 16});
    expect(results.models.teacher.epochsRun).toBe(1);
    expect(results.models.student.clean.samples).toBe(16);
    expect(results.robustness.corruptions).toEqual(['gaussian_noise', 'contrast', 'jpeg_compression', 'motion_blur']);
    expect(results.robustness.rows).toHaveLength(4);
    const report = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/^# Consistency training run — SYNTHETIC DATA \(synthetic-shapes-10\)/);
    expect(report).toContain('| gaussian_noise | 5 |');
    for (const chart of ['training-curves.svg', 'robustness.svg']) {
      expect(fs.readFileSync(path.join(out, 'charts', chart), 'utf8')).toMatch(/^<svg /);
    }
    expect(fs.existsSync(path.join(out, 'checkpoints', 'student', 'last', 'model.json'))).toBe(true);

    // The same seed on the same backend reproduces the numbers, whatever is printed. Without --quiet and with
    // stdout a pipe (not a terminal), training prints one line per epoch instead of a redrawn bar.
    const again = path.join(tmp, 'b');
    const verbose = runExample([...TINY.filter((a) => a !== '--quiet'), '--out', again]);
    expect(verbose.status).toBe(0);
    expect(verbose.stdout).toMatch(/^Epoch 1\/1 - \d+:\d\d - \d+ms\/step - loss: [\d.]+ .*val_accuracy: /m);
    expect(verbose.stdout.match(/^Epoch 1\/1 - /gm)).toHaveLength(2); // teacher and student
    expect(verbose.stdout).not.toContain('\r');
    const second = JSON.parse(fs.readFileSync(path.join(again, 'results.json'), 'utf8'));
    expect(second.models).toEqual(results.models);
    expect(second.robustness).toEqual(results.robustness);
  });

  it('rejects a bad flag with a one-line reason and the usage', () => {
    const r = runExample(['--preset', 'huge']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--preset must be quick or full; got 'huge'/);
    expect(r.stderr).toMatch(/Usage: npm run example/);
  });

  it('on Ctrl-C stops after the current batch, saves a checkpoint and writes a partial report', async () => {
    const out = path.join(tmp, 'interrupted');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'examples', 'cifar10.ts'), ...TINY, '--teacher-epochs', '500', '--steps-per-epoch', '6', '--out', out],
      {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d) => {
        stdout += String(d);
        // Interrupt once the teacher has finished at least one epoch (its checkpoint exists).
        if (stdout.includes('teacher:') && !child.killed) {
          const timer = setInterval(() => {
            if (fs.existsSync(path.join(out, 'checkpoints', 'teacher', 'last', 'model.json'))) {
              clearInterval(timer);
              child.kill('SIGINT');
            }
          }, 200);
        }
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(stderr).toMatch(/Interrupted: stopping after the current batch/);
    expect(code).toBe(130);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(validate(results) ? [] : validate.errors).toEqual([]);
    expect(results.status).toBe('interrupted');
    expect(results.models.teacher.epochsRun).toBeGreaterThanOrEqual(1);
    expect(results.models.student).toBeNull();
    expect(fs.existsSync(path.join(out, 'checkpoints', 'teacher', 'interrupted', 'model.json'))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toMatch(/Status: \*\*interrupted\*\*/);
  });
});
