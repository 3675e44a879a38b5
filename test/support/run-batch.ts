import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// CommonJS, shared with the sequencer (an ES module jest loads outside its transform).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { batchOf } = require('./file-batches') as { batchOf(rootDir: string, batchPath: string): { files: string[] } };

const ROOT = join(__dirname, '..', '..');

/**
 * Runs this batch's share of the spec files (test/support/file-batches.js) in the calling test file's module
 * registry: each spec file inside a describe block named by its path, so its hooks and tests keep their own scope.
 * With EHCP_TEST_CPU_LOG set to a file, appends one line per spec file: its wall seconds, the jest worker's own CPU
 * seconds and those of the children it reaped meanwhile (Chromium, spawned apps), for profiling the suite
 * (docs/testing.md).
 */
export function runBatch(batchPath: string): void {
  const cpuLog = process.env.EHCP_TEST_CPU_LOG;
  for (const file of batchOf(ROOT, batchPath).files) {
    describe(file, () => {
      const measured = cpuLog ? startCpu() : undefined;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(ROOT, file));
      if (measured) endCpu(measured, cpuLog!, file);
    });
  }
}

/**
 * The process's own and its reaped children's CPU seconds: /proc/self/stat's utime, stime, cutime and cstime (fields
 * 14 to 17, in Linux's USER_HZ ticks of 1/100 s), counted after the command name, which may hold spaces and ")".
 */
function cpuTimes(): { own: number; children: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const tick = (field: number) => Number(fields[field - 3]) / 100;
  return { own: tick(14) + tick(15), children: tick(16) + tick(17) };
}

/** Registers the describe block's first hook (before the spec file's own), which notes where its time starts. */
function startCpu(): { own: number; children: number; at: number } {
  const start = { own: 0, children: 0, at: 0 };
  beforeAll(() => Object.assign(start, cpuTimes(), { at: Date.now() }));
  return start;
}

/** Registers the describe block's last hook (jest runs afterAll hooks in the order they were declared). */
function endCpu(start: { own: number; children: number; at: number }, logFile: string, file: string): void {
  afterAll(() => {
    const end = cpuTimes();
    const line = [file, ((Date.now() - start.at) / 1000).toFixed(1), (end.own - start.own).toFixed(1), (end.children - start.children).toFixed(1)];
    appendFileSync(logFile, `${line.join('\t')}\n`);
  });
}
