// Order of test files: longest first, so that no worker starts a long file when the others are nearly done. Jest's
// own sequencer knows durations only from its cache of earlier runs, empty on a clean clone (CI), where it falls back
// to file size, which puts a batch file (four lines that run a quarter of an hour of tests) last. This one uses, in
// order: the duration the cache recorded, else for a batch file the sum of its spec files' expected seconds, else
// the file's expected seconds (test/support/file-batches.js: its table, else 1 s per 2 kB).
import { relative } from 'node:path';
import sequencerModule from '@jest/test-sequencer';
import fileBatches from './file-batches.js';

const TestSequencer = sequencerModule.default ?? sequencerModule;
const { batchOf, estimateSeconds, BATCH_DIR } = fileBatches;

class LongestFirstSequencer extends TestSequencer {
  sort(tests) {
    const estimate = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached / 1000;
      const rootDir = test.context.config.rootDir;
      const file = relative(rootDir, test.path);
      if (file.startsWith(`${BATCH_DIR}/`)) return batchOf(rootDir, test.path).seconds;
      return estimateSeconds(rootDir, file);
    };
    const byFile = new Map(tests.map((test) => [test, estimate(test)]));
    const sorted = [...tests].sort((a, b) => Number(this.hasFailed(b)) - Number(this.hasFailed(a)) || byFile.get(b) - byFile.get(a));
    // Alternate the browser batches with the others, so that the workers do not start all the browser stacks at once
    // (each a Chromium, an API and a web): 755 s against 826 s for CI when it came in (docs/testing.md, "Fourth round").
    const isBrowser = (test) => test.context.config.displayName?.name === 'browser';
    const browser = sorted.filter(isBrowser);
    const rest = sorted.filter((test) => !isBrowser(test));
    const order = [];
    while (browser.length || rest.length) {
      if (rest.length) order.push(rest.shift());
      if (browser.length) order.push(browser.shift());
    }
    return order;
  }
}

export default LongestFirstSequencer;
