import { join } from 'node:path';
import { flattenText, inspectPdf } from '@app/testing/pdf-inspect';
import { PlanPdfSandbox } from '@app/plans/pdf';
import { BoardPackInput, renderBoardPackPdf } from './board-pack.renderer';

export const BOARD_PACK_SAMPLE: BoardPackInput = {
  localAuthorityName: 'Demo Borough Council',
  from: '2026-01-01',
  to: '2026-09-15',
  previousFrom: '2025-04-19',
  previousTo: '2025-12-31',
  preparedOn: '2026-09-15',
  measures: [
    { label: 'Final plans issued within 20 weeks, excluding exceptions (%)', value: 0, previousValue: null, trend: 'no_data', target: 60, amber: 50, rag: 'red', direction: 'higher_is_better' },
    { label: 'Appeals lodged per 100 appealable decisions (%)', value: 4.2, previousValue: 6, trend: 'improving', target: 5, amber: 8, rag: 'green', direction: 'lower_is_better' },
  ],
  timeliness: Array.from({ length: 24 }, (_, i) => ({ month: `20${24 + Math.floor((i + 9) / 12)}-${String(((i + 9) % 12) + 1).padStart(2, '0')}`, plansIssued: i % 3, percent: i % 3 ? 50 : null, percentExcludingExceptions: i % 3 ? 25 : null })),
  caseload: [
    { label: 'Assessing', count: 12 },
    { label: 'Plans maintained', count: 340 },
  ],
  adviceLate: [{ label: 'Zoë’s Educational Psychology Service', overdueNow: 3 }],
  appeals: [{ label: 'Plan contents', lodged: 2 }],
  appealRate: 4.2,
  appealableDecisions: 48,
  ceased: [{ label: 'Moved to another LA', plans: 1 }],
  reviews: { due: 30, held: 28, decided: 25, decidedWithin4Weeks: 20, overdue: 2, dfePercentWithin4Weeks: 80 },
  commentary: [{ measure: 'Final plans issued within 20 weeks, excluding exceptions (%)', periodFrom: '2026-01-01', periodTo: '2026-09-15', ragAtTime: 'red', owner: 'Head of SEN, Siân Łukasz', action: 'Two more EP sessions a week from October', dueOn: '2026-12-31', createdAt: '2026-09-15T10:00:00.000Z' }],
};

describe('board pack PDF', () => {
  it('is tagged, embeds its fonts, and reads back the scorecard in words, the charts as figures with their tables, and the commentary', async () => {
    const rendered = await renderBoardPackPdf(BOARD_PACK_SAMPLE);
    const pdf = await inspectPdf(rendered.pdf);
    expect(pdf.tagged).toBe(true);
    expect(pdf.info).toMatchObject({ title: 'Board pack: Demo Borough Council, 1 January 2026 to 15 September 2026', language: 'en-GB' });
    expect(pdf.fonts.length).toBeGreaterThan(0);
    for (const font of pdf.fonts) expect(font).toMatchObject({ embedded: true, unicodeMap: true });
    const text = flattenText(pdf.text);
    for (const words of ['Scorecard', 'Final plans issued within 20 weeks, by month', 'Red', 'Green', 'Improving', 'No comparison', 'Caseload by stage', 'Plans maintained', 'Zoë’s Educational Psychology Service', "Owners' commentary", 'Head of SEN, Siân Łukasz', 'Two more EP sessions a week from October', '31 December 2026', 'page 1 of']) {
      expect(text).toContain(words);
    }
    expect(pdf.structure.filter((s) => s === 'Figure')).toHaveLength(5);
    expect(pdf.structure).toEqual(expect.arrayContaining(['Document', 'Sect', 'H1', 'H2', 'P', 'Table', 'TH', 'TD']));
    expect(pdf.structure.filter((s) => s === 'H1')).toHaveLength(1);
    // Deterministic: the same figures give the same bytes.
    expect((await renderBoardPackPdf(BOARD_PACK_SAMPLE)).sha256).toBe(rendered.sha256);
  });

  it('renders in the plans’ sandbox with its own child process, like the plan PDF', async () => {
    const sandbox = new PlanPdfSandbox<BoardPackInput>({ timeoutMs: 60_000, maxMemoryMb: 256, childModule: join(__dirname, 'board-pack.child') });
    try {
      const inChild = await sandbox.render(BOARD_PACK_SAMPLE);
      expect(inChild.sha256).toBe((await renderBoardPackPdf(BOARD_PACK_SAMPLE)).sha256);
      expect(inChild.pageCount).toBeGreaterThan(1);
    } finally {
      sandbox.close();
    }
  }, 90_000);
});
