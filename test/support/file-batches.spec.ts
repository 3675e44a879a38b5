import { readdirSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const batches = require('./file-batches') as {
  KINDS: Record<string, { dirs: string[]; match: RegExp }>;
  ROUGH_SECONDS: Record<string, number>;
  batchFiles(rootDir: string, kind: string): string[];
  batchOf(rootDir: string, batchPath: string): { seconds: number; files: string[] };
  partition(rootDir: string, kind: string, count: number): { seconds: number; files: string[] }[];
};

const ROOT = join(__dirname, '..', '..');

/** The spec files jest's `-file` projects would run, found another way (Node's recursive readdir). */
function specFilesOnDisk(dir: string, suffix: string): string[] {
  return (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).filter((name) => name.endsWith(suffix)).map((name) => join(dir, name));
}

describe('test batches (test/support/file-batches.js)', () => {
  it.each([
    ['e2e', 'test', '.e2e-spec.ts'],
    ['browser', 'test/browser', '.browser-spec.ts'],
    ['clock', 'libs/statutory-clock', '.spec.ts'],
    ['unit', 'libs apps test/support', '.spec.ts'],
    ['integration', 'libs', '.int-spec.ts'],
  ])('runs every %s spec file in exactly one batch', (kind, dirs, suffix) => {
    const files = batches.batchFiles(ROOT, kind);
    expect(files.length).toBeGreaterThan(0);
    const ran = files.flatMap((file) => batches.batchOf(ROOT, join(ROOT, file)).files);
    // (*.int-spec.ts and *.pdf-spec.ts end in "-spec.ts", not ".spec.ts": other projects' files.)
    const onDisk = dirs.split(' ').flatMap((dir) => specFilesOnDisk(dir, suffix));
    expect(onDisk.length).toBeGreaterThan(5);
    expect([...ran].sort()).toEqual([...onDisk].sort());
    expect(new Set(ran).size).toBe(ran.length);
  });

  it('shares the files out the same way every time, in balanced batches', () => {
    const first = batches.partition(ROOT, 'e2e', 6);
    expect(batches.partition(ROOT, 'e2e', 6)).toEqual(first);
    const longest = Math.max(...first.flatMap((batch) => batch.files.map((file) => batches.ROUGH_SECONDS[file] ?? 0)));
    const seconds = first.map((batch) => batch.seconds);
    // Longest first to the lightest batch: no batch exceeds another by more than the longest file.
    expect(Math.max(...seconds) - Math.min(...seconds)).toBeLessThanOrEqual(longest);
  });

  it('refuses a file that is not a numbered batch of a known kind', () => {
    expect(() => batches.batchOf(ROOT, join(ROOT, 'test/batches/e2e-99.batch.ts'))).toThrow(/numbered 1 to/);
    expect(() => batches.batchOf(ROOT, join(ROOT, 'test/batches/lint-1.batch.ts'))).toThrow(/is not a batch file/);
    expect(() => batches.batchOf(ROOT, join(ROOT, 'test/e2e-1.batch.ts'))).toThrow(/is not a batch file/);
  });
});
