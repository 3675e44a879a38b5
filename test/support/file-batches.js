/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by the sequencer (an ES module jest runs outside its transform) and by run-batch.ts */
// Test files in batches, and how long each file takes.
//
// Jest gives every test file its own module registry, so each e2e or browser file used to evaluate the app's ~3,000
// modules again and boot Nest from cold: about 5.5 CPU s before its first assertion, 385 of the suite's ~1,230 CPU s
// (docs/testing.md, "Fourth round"). The `e2e` and `browser` projects therefore run batch files
// (test/batches/<kind>-<n>.batch.ts), each of which runs a share of the spec files in one registry: every spec file
// inside a describe block named by its path, with its own hooks, app, database and queue prefix as before; only the
// modules are shared. The `e2e-file` and `browser-file` projects run one spec file alone (a developer's
// `npx jest test/advice.e2e-spec.ts`).
//
// The share is a pure function of the spec files on disk and the table below (never jest's timing cache, which
// differs between workers and machines), so every batch file, in whichever worker, computes the same partition, and
// a new spec file lands in exactly one batch without being listed anywhere.
const { readdirSync, statSync } = require('node:fs');
const { join, relative, basename, dirname } = require('node:path');

/**
 * Seconds per file on a 2-core machine with 3 jest workers (the whole suite, December 2026, load 6 to 9), for the
 * batch partition and the order of files (test/support/sequencer.mjs). A file not listed counts 1 s per 2 kB; update
 * when a file becomes much slower or faster.
 */
const ROUGH_SECONDS = {
  'test/hostile-input.e2e-spec.ts': 96,
  'test/browser/boundaries.browser-spec.ts': 91,
  'test/tracing.e2e-spec.ts': 84,
  'test/reminders-resilience.e2e-spec.ts': 83,
  'test/graceful-shutdown.e2e-spec.ts': 82,
  'test/browser/family.browser-spec.ts': 79,
  'test/roles.e2e-spec.ts': 75,
  'test/browser/register-to-plan.browser-spec.ts': 72,
  'test/hostile-junk.e2e-spec.ts': 65,
  'test/browser/caseworker-journey.browser-spec.ts': 63,
  'test/redis-sentinel.e2e-spec.ts': 59,
  'test/browser/scorecard.browser-spec.ts': 57,
  'test/browser/plan-sections.browser-spec.ts': 55,
  'test/openapi-client.e2e-spec.ts': 53,
  'test/browser/advice-draft.browser-spec.ts': 51,
  'test/browser/recommendations.browser-spec.ts': 42,
  'test/browser/reviews-appeals.browser-spec.ts': 41,
  'libs/plans/src/pdf/plan-pdf.sandbox.pdf-spec.ts': 40,
  'test/browser/sign-in-oidc.browser-spec.ts': 39,
  'test/browser/foundation.browser-spec.ts': 35,
  'test/openapi-requests.e2e-spec.ts': 35,
  'test/reports-sen2-boundaries.e2e-spec.ts': 34,
  'test/operations.e2e-spec.ts': 30,
  'test/rate-limit.e2e-spec.ts': 28,
  'test/appeals-integrity.e2e-spec.ts': 27,
  'test/families.e2e-spec.ts': 25,
  'test/browser/dashboard.browser-spec.ts': 23,
  'test/reviews.e2e-spec.ts': 23,
  'test/seed-demo.e2e-spec.ts': 23,
  'test/plan-pdf-failures.e2e-spec.ts': 22,
  'test/assessments.e2e-spec.ts': 22,
  'test/reports-reviews.e2e-spec.ts': 22,
  'test/queue-board.e2e-spec.ts': 22,
  'test/appeals.e2e-spec.ts': 21,
  'test/read-replica.e2e-spec.ts': 21,
  'test/health.e2e-spec.ts': 21,
  'test/reports-disputes.e2e-spec.ts': 20,
  'test/reviews-disputes.e2e-spec.ts': 20,
  'test/decision-notices.e2e-spec.ts': 19,
  'test/isolation.e2e-spec.ts': 19,
  'test/auth.e2e-spec.ts': 19,
  'test/health-body-change.e2e-spec.ts': 19,
  'test/reports.e2e-spec.ts': 19,
  'test/database-role.e2e-spec.ts': 19,
  'test/sign-in.e2e-spec.ts': 18,
  'test/tribunal-recommendations.e2e-spec.ts': 18,
  'test/reassessment.e2e-spec.ts': 18,
  'test/reports-board-pack.e2e-spec.ts': 18,
  'test/direct-payment-review.e2e-spec.ts': 18,
  'test/reports-managers.e2e-spec.ts': 17,
  'test/plans.e2e-spec.ts': 17,
  'test/plans-in-practice.e2e-spec.ts': 16,
  'test/reminders.e2e-spec.ts': 16,
  'test/reviews-after-the-fact.e2e-spec.ts': 16,
  'test/users.e2e-spec.ts': 16,
  'test/advice.e2e-spec.ts': 15,
  'test/children.e2e-spec.ts': 15,
  'test/advice-before-draft.e2e-spec.ts': 15,
  'test/locks-per-command.e2e-spec.ts': 15,
  'test/preparing-for-adulthood.e2e-spec.ts': 15,
  'test/oidc.e2e-spec.ts': 14,
  'test/transfers.e2e-spec.ts': 13,
  'test/case-reference.e2e-spec.ts': 13,
  'test/reports-dashboard.e2e-spec.ts': 12,
  'test/organisations.e2e-spec.ts': 12,
  'test/openapi.e2e-spec.ts': 12,
  'test/assessments-caseload.e2e-spec.ts': 12,
  'test/reports-sen2.e2e-spec.ts': 11,
  'test/advice-closed-at-final.e2e-spec.ts': 11,
  'test/advice-attachments.e2e-spec.ts': 10,
  'test/browser/missing-chromium.browser-spec.ts': 4,
};

/** The spec files each batch kind shares out: under its `dirs`, names matching `match`. */
const KINDS = {
  e2e: { dirs: ['test'], match: /\.e2e-spec\.ts$/ },
  browser: { dirs: ['test/browser'], match: /\.browser-spec\.ts$/ },
  // A context's services over a real database, beside the code.
  integration: { dirs: ['libs'], match: /\.int-spec\.ts$/ },
  // The unit tests beside the code (pure logic: *.spec.ts, not *.int-spec.ts or *.pdf-spec.ts).
  unit: { dirs: ['libs', 'apps', 'test/support'], match: /\.spec\.ts$/ },
  // The statutory clock's unit tests, run whole under each of four time zones (jest.config.js, clock-tz-*).
  clock: { dirs: ['libs/statutory-clock'], match: /\.spec\.ts$/ },
};
const BATCH_DIR = 'test/batches';
const BATCH_NAME = /^([a-z][a-z0-9]*)-(\d+)\.batch\.ts$/;

function filesUnder(rootDir, dir, match) {
  const found = [];
  for (const name of readdirSync(join(rootDir, dir))) {
    const path = join(dir, name);
    if (statSync(join(rootDir, path)).isDirectory()) found.push(...filesUnder(rootDir, path, match));
    else if (match.test(name)) found.push(path);
  }
  return found;
}

/** A file's expected seconds: the table's, else 1 s per 2 kB of source. */
function estimateSeconds(rootDir, file) {
  const rough = ROUGH_SECONDS[file];
  if (rough != null) return rough;
  return statSync(join(rootDir, file)).size / 2000;
}

/** The batch files of a kind, by number. */
function batchFiles(rootDir, kind) {
  return readdirSync(join(rootDir, BATCH_DIR))
    .map((name) => name.match(BATCH_NAME))
    .filter((match) => match && match[1] === kind)
    .sort((a, b) => Number(a[2]) - Number(b[2]))
    .map((match) => join(BATCH_DIR, match[0]));
}

/**
 * The spec files of a kind split into `count` batches of about equal expected time: longest first, each to the batch
 * with the least so far (ties by name, so the result never depends on the order the file system lists).
 */
function partition(rootDir, kind, count) {
  const { dirs, match } = KINDS[kind];
  const files = dirs
    .flatMap((dir) => filesUnder(rootDir, dir, match))
    .map((file) => ({ file, seconds: estimateSeconds(rootDir, file) }))
    .sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file));
  const batches = Array.from({ length: count }, () => ({ seconds: 0, files: [] }));
  for (const { file, seconds } of files) {
    const lightest = batches.reduce((best, batch) => (batch.seconds < best.seconds ? batch : best));
    lightest.seconds += seconds;
    lightest.files.push(file);
  }
  return batches;
}

/** The spec files (relative to rootDir) that the batch file at `batchPath` runs, and their expected seconds. */
function batchOf(rootDir, batchPath) {
  const match = basename(batchPath).match(BATCH_NAME);
  if (!match || !KINDS[match[1]] || relative(rootDir, dirname(batchPath)) !== BATCH_DIR) {
    throw new Error(`${batchPath} is not a batch file (${BATCH_DIR}/<${Object.keys(KINDS).join('|')}>-<n>.batch.ts)`);
  }
  const [, kind, number] = match;
  const all = batchFiles(rootDir, kind);
  const index = all.indexOf(join(BATCH_DIR, match[0]));
  if (index !== Number(number) - 1) throw new Error(`${kind} batches must be numbered 1 to ${all.length} without gaps: found ${all.join(', ')}`);
  return partition(rootDir, kind, all.length)[index];
}

module.exports = { ROUGH_SECONDS, KINDS, BATCH_DIR, estimateSeconds, partition, batchFiles, batchOf };
