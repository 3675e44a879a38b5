import { join } from 'node:path';
// CommonJS, shared with the sequencer (an ES module jest loads outside its transform).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { batchOf } = require('./file-batches') as { batchOf(rootDir: string, batchPath: string): { files: string[] } };

const ROOT = join(__dirname, '..', '..');

/**
 * Runs this batch's share of the spec files (test/support/file-batches.js) in the calling test file's module
 * registry: each spec file inside a describe block named by its path, so its hooks and tests keep their own scope.
 */
export function runBatch(batchPath: string): void {
  for (const file of batchOf(ROOT, batchPath).files) {
    describe(file, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(ROOT, file));
    });
  }
}
