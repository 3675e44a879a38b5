import { flattenText, inspectPdf } from '@app/testing/pdf-inspect';
import { emptySections } from '../plan-sections';
import { PlanDocumentInput, renderPlanPdf } from './plan-pdf.renderer';
import { PdfRenderError, PlanPdfSandbox } from './plan-pdf.sandbox';

// Deterministic pseudo-random letters: no repeated words, so pdfkit's per-word width cache cannot flatter either text.
function letters(count: number, seed: number): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < count; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out += 'abcdefghijklmnopqrstuvwxyz'[state % 26];
  }
  return out;
}

function planWith(text: string): PlanDocumentInput {
  const sections = emptySections();
  sections.A.text = text;
  sections.F.items = [{ id: 'p1', description: `Therapy ${text.slice(0, 2000)}`, frequency: 'weekly', duration: '12 months', deliveredBy: 'NHS', outcomeIds: [] }];
  return { localAuthorityName: 'Demo Borough Council', child: { givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14' }, version: { number: 1, stage: 'final', issuedOn: '2026-05-01' }, sections };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('PlanPdfSandbox (render child process)', () => {
  const sandboxes: PlanPdfSandbox[] = [];
  const sandbox = (options: ConstructorParameters<typeof PlanPdfSandbox>[0]) => {
    const created = new PlanPdfSandbox(options);
    sandboxes.push(created);
    return created;
  };
  afterAll(() => sandboxes.forEach((s) => s.close()));

  it('renders in a child the same bytes the renderer gives in-process, and reuses the warm child', async () => {
    const pool = sandbox({ timeoutMs: 60_000, maxMemoryMb: 256 });
    const input = planWith('Zoë loves drawing and wants to be a vet.');
    const inChild = await pool.render(input);
    const again = await pool.render(input);
    const inProcess = await renderPlanPdf(input);
    expect(inChild.sha256).toBe(inProcess.sha256);
    expect(Buffer.compare(inChild.pdf, inProcess.pdf)).toBe(0);
    expect(again.sha256).toBe(inProcess.sha256);
    expect(inChild.pageCount).toBe((await inspectPdf(inChild.pdf)).pageCount);
  });

  it('renders a 60,000-character word in time comparable to 60,000 characters of words, and keeps every character', async () => {
    // The bound is relative (a tenfold margin over ordinary text of the same length): before the word was broken up,
    // pdfkit took minutes and gigabytes on it. The child's own time limit makes a regression fail, not hang.
    const word = letters(60_000, 7);
    const words = Array.from({ length: 6000 }, (_, i) => letters(9, i + 1)).join(' ');
    const warm = sandbox({ timeoutMs: 120_000, maxMemoryMb: 512 });
    await warm.render(planWith('warm up'));
    const normal = await timed(() => warm.render(planWith(words)));
    const bound = Math.max(10 * normal.ms, 5000);
    const bounded = sandbox({ timeoutMs: Math.round(bound), maxMemoryMb: 512 });
    await bounded.render(planWith('warm up'));
    const long = await timed(() => bounded.render(planWith(word)));
    expect(long.ms).toBeLessThan(bound);

    const pdf = await inspectPdf(long.value.pdf);
    const body = pdf.pages.map((page) => page.replace(/^Zoë Łukasz-Şükrü - EHC plan version 1 - page \d+ of \d+$/m, '')).join('');
    expect(flattenText(body).replace(/ /g, '')).toContain(word);
    expect(pdf.pageCount).toBe(long.value.pageCount);
  }, 180_000);

  it('kills a render that outlives its time limit', async () => {
    const pool = sandbox({ timeoutMs: 1, maxMemoryMb: 256 });
    const error = await pool.render(planWith('anything')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfRenderError);
    expect(error).toMatchObject({ kind: 'timeout', message: 'Rendering took longer than 1 ms.' });
  });

  it('reports a child that exceeds its heap limit as out of memory, and the next render gets a fresh child', async () => {
    const pool = sandbox({ timeoutMs: 120_000, maxMemoryMb: 64 });
    const huge = Array.from({ length: 200_000 }, (_, i) => letters(9, i + 1)).join(' '); // about 2 MB of text
    await expect(pool.render(planWith(huge))).rejects.toMatchObject({ kind: 'memory' });
    const after = await pool.render(planWith('small again'));
    expect(after.pageCount).toBeGreaterThan(0);
  }, 120_000);

  it('kills the child of a render in flight on close, so the worker can stop at once', async () => {
    const pool = sandbox({ timeoutMs: 120_000, maxMemoryMb: 512 });
    await pool.render(planWith('warm up')); // so the next render is laying out text, not starting Node
    const running = pool.render(planWith(Array.from({ length: 100_000 }, (_, i) => letters(9, i + 1)).join(' ')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closedAt = performance.now();
    pool.close();
    await expect(running).rejects.toMatchObject({ kind: 'shutdown' });
    expect(performance.now() - closedAt).toBeLessThan(2000);
    await expect(pool.render(planWith('after close'))).rejects.toMatchObject({ kind: 'shutdown' });
  });
});
