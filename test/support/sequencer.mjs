// Order of test files: longest first, so that no worker starts a long file when the others are nearly done. Jest's
// own sequencer knows durations only from its cache of earlier runs, empty on a clean clone (CI), where it falls back
// to file size, which puts the role matrix (few lines, many requests) last. This one uses, in order: the duration
// the cache recorded, else the rough duration below (seconds on an idle 2-core machine, 3 workers; update when a file
// becomes much slower or faster), else the file's size (1 s per 2 kB).
import { relative } from 'node:path';
import sequencerModule from '@jest/test-sequencer';

const TestSequencer = sequencerModule.default ?? sequencerModule;

const ROUGH_SECONDS = {
  'test/roles.e2e-spec.ts': 60,
  'test/reminders-resilience.e2e-spec.ts': 45,
  'test/hostile-junk.e2e-spec.ts': 40,
  'test/isolation.e2e-spec.ts': 30,
  'test/assessments.e2e-spec.ts': 30,
  'test/reports-managers.e2e-spec.ts': 25,
  'test/plan-pdf-failures.e2e-spec.ts': 25,
  'test/plans.e2e-spec.ts': 25,
  'libs/plans/src/pdf/plan-pdf.sandbox.pdf-spec.ts': 25,
};

class LongestFirstSequencer extends TestSequencer {
  sort(tests) {
    const estimate = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached / 1000;
      const rough = ROUGH_SECONDS[relative(test.context.config.rootDir, test.path)];
      if (rough != null) return rough;
      return (test.context.hasteFS.getSize(test.path) ?? 0) / 2000;
    };
    const byFile = new Map(tests.map((test) => [test, estimate(test)]));
    return [...tests].sort((a, b) => Number(this.hasFailed(b)) - Number(this.hasFailed(a)) || byFile.get(b) - byFile.get(a));
  }
}

export default LongestFirstSequencer;
