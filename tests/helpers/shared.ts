// Access to ../shared (specs, fixtures, real CIFAR-10 sample). CI has it beside the clone.
// Under CI=true a missing folder fails the test loudly; elsewhere the test is skipped with a notice.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The shared folder: $CONSISTENCY_SHARED_DIR, else ../shared next to the repository. */
export function sharedDir(): string {
  return process.env['CONSISTENCY_SHARED_DIR'] ?? path.resolve(__dirname, '..', '..', '..', 'shared');
}

/** Absolute path of a file or folder inside the shared folder. */
export function sharedPath(...parts: string[]): string {
  return path.join(sharedDir(), ...parts);
}

/** Whether the shared item exists. */
export function hasShared(...parts: string[]): boolean {
  return fs.existsSync(sharedPath(...parts));
}

/**
 * `describe` for suites that need `../shared/<parts>`. In CI a missing folder is a failure, never a skip.
 */
export function describeWithShared(name: string, parts: string[], fn: () => void): void {
  if (hasShared(...parts)) {
    describe(name, fn);
    return;
  }
  const where = sharedPath(...parts);
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it(`needs ${where}`, () => {
        throw new Error(`missing shared data ${where}: CI must provide ../shared (or set CONSISTENCY_SHARED_DIR).`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`skipping "${name}": ${where} is missing (set CONSISTENCY_SHARED_DIR).`);
    describe.skip(name, fn);
  }
}
