// Order of test files: longest first, so that no worker starts a long file when the others are nearly done. Jest's
// own sequencer knows durations only from its cache of earlier runs, empty on a clean clone (CI), where it falls back
// to file size, which puts the role matrix (few lines, many requests) last. This one uses, in order: the duration
// the cache recorded, else the rough duration below (seconds on an idle 2-core machine, 3 workers; update when a file
// becomes much slower or faster), else the file's size (1 s per 2 kB).
import { relative } from 'node:path';
import sequencerModule from '@jest/test-sequencer';

const TestSequencer = sequencerModule.default ?? sequencerModule;

const ROUGH_SECONDS = {
  // December 2026 (issue 22, third round): the whole suite's file times at load 15 to 29, divided by 2.3 (the role
  // matrix's ratio to its idle time).
  'test/tracing.e2e-spec.ts': 115,
  'test/graceful-shutdown.e2e-spec.ts': 100,
  'test/hostile-input.e2e-spec.ts': 100,
  'test/browser/boundaries.browser-spec.ts': 90,
  'test/browser/family.browser-spec.ts': 80,
  'test/browser/plan-sections.browser-spec.ts': 80,
  'test/reminders-resilience.e2e-spec.ts': 65,
  'test/roles.e2e-spec.ts': 60,
  'test/browser/register-to-plan.browser-spec.ts': 60,
  'test/browser/sign-in-oidc.browser-spec.ts': 60,
  'test/browser/dashboard.browser-spec.ts': 60,
  'libs/plans/src/pdf/plan-pdf.sandbox.pdf-spec.ts': 60,
  'test/browser/caseworker-journey.browser-spec.ts': 57,
  'test/redis-sentinel.e2e-spec.ts': 56,
  'test/browser/foundation.browser-spec.ts': 53,
  'test/operations.e2e-spec.ts': 53,
  'test/openapi-client.e2e-spec.ts': 50,
  'test/hostile-junk.e2e-spec.ts': 42,
  'test/decision-notices.e2e-spec.ts': 40,
  'test/appeals-integrity.e2e-spec.ts': 40,
  'test/isolation.e2e-spec.ts': 32,
  'test/assessments.e2e-spec.ts': 30,
  'test/reports-managers.e2e-spec.ts': 27,
  'test/plan-pdf-failures.e2e-spec.ts': 36,
  'test/plans.e2e-spec.ts': 26,
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
