/**
 * npm run bench:pdf [-- --soak 1000]   (builds first: the memory soak runs the built renderer in plain Node)
 *
 * Plans per second, latency and memory of the plan renderer for plans of about 4 (the shortest possible: cover,
 * contents, sections), 12, 20 and 60 pages, next to two baselines measured in the same run:
 *   - pdfkit writing the same text with the same embedded fonts and no structure (the cost of our layout and tags);
 *   - Chromium (Debian's headless shell, as the browser tests run it, through playwright-core) printing the same
 *     plan from HTML, warm (one browser, one page) and cold (a browser per document), the alternative most teams
 *     reach for. Without Chromium the bench fails with the line that installs it (apt-get install -y
 *     chromium-headless-shell); CHROMIUM_PATH=/usr/bin/chromium measures the full browser instead.
 * Figures are machine-dependent: compare the ratios, measured together.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { renderPlanPdf, SECTION_CODES, SECTION_TITLES, Sections } from '@app/plans';
import { launchBrowser } from '../test/browser/support/browser';
import { CHILD, syntheticPlan } from './plan-fixture';

const args = process.argv.slice(2);
const soak = args.includes('--soak') ? Number(args[args.indexOf('--soak') + 1]) : 1000;
const budgetMs = Number(process.env.BENCH_MS ?? 3000);

type Render = () => Promise<unknown>;

interface Result {
  label: string;
  pages: number;
  n: number;
  p50: number;
  p95: number;
  perSecond: number;
}

async function measure(label: string, pages: number, render: Render, options: { warmup?: number; maxRuns?: number } = {}): Promise<Result> {
  for (let i = 0; i < (options.warmup ?? 3); i += 1) await render();
  const times: number[] = [];
  const started = performance.now();
  while ((performance.now() - started < budgetMs || times.length < 5) && times.length < (options.maxRuns ?? 10_000)) {
    const t0 = performance.now();
    await render();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { label, pages, n: times.length, p50: pick(0.5), p95: pick(0.95), perSecond: (times.length * 1000) / times.reduce((a, b) => a + b, 0) };
}

const input = (sections: Sections) => ({ localAuthorityName: 'Demo Borough Council', child: CHILD, version: { number: 2, stage: 'final' as const, issuedOn: '2026-05-01' }, sections });

/** Every piece of text of the plan, in order: what the baselines write. */
function flatText(sections: Sections): string[] {
  const lines = [`Education, Health and Care Plan`, `${CHILD.givenName} ${CHILD.familyName}`];
  for (const code of SECTION_CODES) {
    lines.push(`Section ${code}: ${SECTION_TITLES[code]}`, sections[code].text);
    for (const item of sections[code].items) lines.push(Object.values(item).filter((v) => typeof v === 'string').join(' | '));
  }
  return lines.filter(Boolean);
}

const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { openSync(path: string): { postscriptName: string } };
const plainFont = fontkit.openSync(join(FONT_DIR, 'DejaVuSans.ttf'));

function plainPdfkit(sections: Sections): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56 });
  doc.registerFont('regular', plainFont as never, plainFont.postscriptName);
  doc.font('regular').fontSize(11);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (const line of flatText(sections)) doc.text(line, { paragraphGap: 6 });
  doc.end();
  return done;
}

function html(sections: Sections): string {
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  const body = SECTION_CODES.map((code) => {
    const rows = sections[code].items.map((item) => `<tr>${Object.values(item).filter((v) => typeof v === 'string').map((v) => `<td>${esc(String(v))}</td>`).join('')}</tr>`).join('');
    return `<section><h2>Section ${code}: ${esc(SECTION_TITLES[code])}</h2>${sections[code].text.split('\n\n').map((p) => `<p>${esc(p)}</p>`).join('')}${rows ? `<table>${rows}</table>` : ''}</section>`;
  }).join('');
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>EHC plan</title><style>body{font-family:'DejaVu Sans',sans-serif;font-size:11pt}table{border-collapse:collapse;width:100%}td{border:1px solid #999;padding:4px}</style></head><body><h1>Education, Health and Care Plan</h1><p>${esc(`${CHILD.givenName} ${CHILD.familyName}`)}</p>${body}</body></html>`;
}

/** The smallest number of units giving at least `pages` pages. */
async function unitsFor(pages: number): Promise<{ units: number; pages: number }> {
  let units = 1;
  for (;;) {
    const rendered = await renderPlanPdf(input(syntheticPlan(units)));
    if (rendered.pageCount >= pages) return { units, pages: rendered.pageCount };
    units += Math.max(1, Math.floor((pages - rendered.pageCount) * 2));
  }
}

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${budgetMs} ms per measurement`);
  const results: Result[] = [];
  const sizes = [];
  for (const target of [1, 12, 20, 60]) sizes.push(await unitsFor(target));

  // Chromium is one of the baselines: without it the bench fails with the line that installs it (launchBrowser), never
  // a run that quietly leaves the baseline out.
  const browser = await launchBrowser();
  const chromium = { browser, page: await browser.newPage() };

  for (const { units, pages } of sizes) {
    const sections = syntheticPlan(units);
    results.push(await measure('ours (tagged, tables, fonts embedded)', pages, () => renderPlanPdf(input(sections))));
    results.push(await measure('pdfkit, same text, no structure', pages, () => plainPdfkit(sections)));
    const markup = html(sections);
    results.push(
      await measure('Chromium warm (setContent + pdf)', pages, async () => {
        await chromium.page.setContent(markup);
        await chromium.page.pdf({ format: 'A4', tagged: true });
      }),
    );
  }
  {
    // Cold: a browser per document, on the 12-page plan.
    const markup = html(syntheticPlan(sizes[1].units));
    results.push(
      await measure(
        'Chromium cold (launch per document)',
        sizes[1].pages,
        async () => {
          const browser = await launchBrowser();
          const page = await browser.newPage();
          await page.setContent(markup);
          await page.pdf({ format: 'A4' });
          await browser.close();
        },
        { warmup: 1, maxRuns: 10 },
      ),
    );
    await chromium.browser.close();
  }

  console.log('\n| renderer | pages | runs | p50 ms | p95 ms | docs/s |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.label} | ${r.pages} | ${r.n} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.perSecond.toFixed(1)} |`);
  console.log('\nRatios (p50, same run):');
  for (const { pages } of sizes) {
    const ours = results.find((r) => r.pages === pages && r.label.startsWith('ours'))!;
    const plain = results.find((r) => r.pages === pages && r.label.startsWith('pdfkit'))!;
    const warm = results.find((r) => r.pages === pages && r.label.startsWith('Chromium warm'));
    console.log(`  ${pages} pages: ours / plain pdfkit = ${(ours.p50 / plain.p50).toFixed(2)}x${warm ? `; warm Chromium / ours = ${(warm.p50 / ours.p50).toFixed(2)}x faster` : ''}`);
  }

  // Memory of the renderer alone, in a plain Node process over the built output (see bench/pdf-soak.js).
  if (!existsSync(join(__dirname, '..', 'dist', 'libs', 'plans', 'src', 'index.js'))) {
    console.log('\nMemory: run `npm run build` first (the soak runs the built renderer in a plain Node process).');
    return;
  }
  const out = execFileSync(process.execPath, ['--expose-gc', join(__dirname, 'pdf-soak.js'), String(soak), String(sizes[1].units)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const { pages, samples } = JSON.parse(out) as { pages: number; samples: { docs: number; rssMb: number; heapMb: number }[] };
  console.log(`\nMemory of the renderer over ${soak} documents of ${pages} pages (plain Node process, after GC):`);
  for (const sample of samples) console.log(`  after ${String(sample.docs).padStart(5)}: RSS ${sample.rssMb} MB, heap ${sample.heapMb} MB`);
  const half = samples.slice(Math.floor(samples.length / 2));
  console.log(`  peak RSS ${Math.max(...samples.map((x) => x.rssMb))} MB; heap change over the second half: ${(half[half.length - 1].heapMb - half[0].heapMb).toFixed(1)} MB`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
