import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { breakLongRuns, openTaggedDocument, RenderedPlan, Struct } from '@app/plans/pdf';

/**
 * What a board pack shows (docs/reports.md, "Board pack"): the figures as they were when a manager asked for it,
 * so the worker needs no database and the same input always gives the same bytes.
 */
export interface BoardPackInput {
  localAuthorityName: string;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  /** The day it was asked for (London): printed, and the file's dates. */
  preparedOn: string;
  measures: { label: string; value: number | null; previousValue: number | null; trend: string; target: number | null; amber: number | null; rag: string; direction: string }[];
  timeliness: { month: string; plansIssued: number; percent: number | null; percentExcludingExceptions: number | null }[];
  caseload: { label: string; count: number }[];
  adviceLate: { label: string; overdueNow: number }[];
  appeals: { label: string; lodged: number }[];
  appealRate: number | null;
  appealableDecisions: number;
  ceased: { label: string; plans: number }[];
  reviews: { due: number; held: number; decided: number; decidedWithin4Weeks: number; overdue: number; dfePercentWithin4Weeks: number | null };
  commentary: { measure: string; periodFrom: string; periodTo: string; ragAtTime: string; owner: string; action: string; dueOn: string; createdAt: string }[];
}

export const RAG_WORDS: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green', no_target: 'No target set', no_data: 'No figure' };
const TREND_WORDS: Record<string, string> = { improving: 'Improving', worsening: 'Worsening', unchanged: 'No change', no_data: 'No comparison' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MARGIN = 50;

const longDate = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
const pct = (value: number | null) => (value === null ? 'No figure' : `${value}%`);


/**
 * Renders the board pack as a tagged PDF (PDF/UA options, en-GB, fonts embedded, as the plan's renderer): the
 * scorecard with each status in words, the dashboard's charts drawn as vector figures (d3-scale and d3-shape for the
 * geometry) each with its alternative text and the same figures as a table, and the owners' commentary.
 */
export function renderBoardPackPdf(input: BoardPackInput): Promise<RenderedPlan> {
  const title = `Board pack: ${input.localAuthorityName}, ${longDate(input.from)} to ${longDate(input.to)}`;
  const { doc, root, width, finish } = openTaggedDocument({ margin: MARGIN, title, author: input.localAuthorityName, subject: 'SEND board pack', dated: input.preparedOn });

  const heading = (parent: Struct, level: 'H1' | 'H2', text: string) => {
    if (level === 'H2' && doc.y > doc.page.height - MARGIN - 160) doc.addPage();
    doc.font('bold').fontSize(level === 'H1' ? 20 : 15).fillColor('#0b0c0c').text(text, MARGIN, doc.y, { structParent: parent, structType: level, width });
    doc.font('regular').fontSize(11).moveDown(0.4);
  };
  const paragraph = (parent: Struct, text: string) => doc.font('regular').fontSize(11).fillColor('#0b0c0c').text(breakLongRuns(text), MARGIN, doc.y, { structParent: parent, structType: 'P', width, paragraphGap: 6 });
  const table = (parent: Struct, header: string[], rows: string[][], widths: number[]) => {
    doc.font('regular').fontSize(9).fillColor('#0b0c0c');
    doc.x = MARGIN;
    doc.table({
      structParent: parent,
      columnStyles: widths,
      defaultStyle: { font: { src: 'regular' } },
      rowStyles: (i: number) => (i === 0 ? { font: { src: 'bold' }, backgroundColor: '#f3f2f1' } : {}),
      data: [header.map((text) => ({ text, type: 'TH' })), ...(rows.length ? rows : [header.map((_, i) => (i === 0 ? 'None' : ''))]).map((row) => row.map((text) => ({ text: breakLongRuns(text) || '-', type: 'TD' })))],
    } as never);
    doc.moveDown(0.8);
  };
  /** A vector chart as one tagged Figure with its alternative text; the table that follows has the same figures. */
  const figure = (parent: Struct, alt: string, height: number, draw: (x: number, y: number, w: number, h: number) => void) => {
    if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
    const top = doc.y;
    parent.add(
      doc.struct('Figure', { alt }, () => {
        doc.save();
        draw(MARGIN, top, width, height);
        doc.restore();
      }),
    );
    doc.font('regular').fontSize(11).fillColor('#0b0c0c');
    doc.x = MARGIN;
    doc.y = top + height + 12;
  };
  const barChart = (parent: Struct, alt: string, bars: { label: string; value: number }[]) => {
    const shown = bars.slice(0, 12);
    const height = 30 + shown.length * 18;
    figure(parent, alt, height, (x, y, w) => {
      const labelWidth = 170;
      const max = Math.max(1, ...shown.map((b) => b.value));
      const scaleX = scaleLinear().domain([0, max]).nice().range([0, w - labelWidth - 40]);
      const band = scaleBand<number>().domain(shown.map((_, i) => i)).range([y, y + shown.length * 18]).padding(0.2);
      shown.forEach((b, i) => {
        const top = band(i) ?? y;
        doc.font('regular').fontSize(8).fillColor('#0b0c0c').text(b.label.slice(0, 40), x, top + 1, { width: labelWidth - 6, align: 'right', lineBreak: false });
        doc.rect(x + labelWidth, top, Math.max(scaleX(b.value), 0.5), band.bandwidth()).fill('#1d70b8');
        doc.fillColor('#0b0c0c').text(String(b.value), x + labelWidth + scaleX(b.value) + 4, top + 1, { lineBreak: false });
      });
      for (const tick of scaleX.ticks(5)) {
        doc.font('regular').fontSize(7).fillColor('#505a5f').text(String(tick), x + labelWidth + scaleX(tick) - 10, y + shown.length * 18 + 4, { width: 20, align: 'center', lineBreak: false });
      }
    });
  };

  // ---- cover and the scorecard ----
  const cover = doc.struct('Sect');
  root.add(cover);
  heading(cover, 'H1', title);
  paragraph(cover, `Prepared on ${longDate(input.preparedOn)}. Each measure is compared with the previous period of the same length, ${longDate(input.previousFrom)} to ${longDate(input.previousTo)}. Statuses are given in words: green at or beyond the target, amber at or beyond the amber threshold, red short of it.`);
  heading(cover, 'H2', 'Scorecard');
  table(
    cover,
    ['Measure', 'This period', 'Previous', 'Trend', 'Target', 'Amber from', 'Status'],
    input.measures.map((m) => [m.label, pct(m.value), pct(m.previousValue), TREND_WORDS[m.trend] ?? m.trend, m.target === null ? 'Not set' : `${m.target}%`, m.amber === null ? 'Not set' : `${m.amber}%`, RAG_WORDS[m.rag] ?? m.rag]),
    [160, 55, 55, 60, 45, 55, width - 430],
  );
  const red = input.measures.filter((m) => m.rag === 'red');
  paragraph(cover, red.length ? `Red this period: ${red.map((m) => m.label).join('; ')}. The owners' commentary is at the end of this pack.` : 'No measure is red this period.');
  cover.end();

  // ---- the charts, each with its table ----
  const charts = doc.struct('Sect');
  root.add(charts);
  heading(charts, 'H2', 'Final plans issued within 20 weeks, by month');
  const months = input.timeliness;
  const last = months[months.length - 1]?.month ?? '';
  figure(charts, `Line chart of the share of final plans issued within 20 weeks in each of the ${months.length} months to ${last}, including and excluding plans with the exceptions flag. The figures are in the table that follows.`, 170, (x, y, w, h) => {
    const left = x + 30;
    const plotH = h - 30;
    const sx = scaleLinear().domain([0, Math.max(1, months.length - 1)]).range([left, x + w]);
    const sy = scaleLinear().domain([0, 100]).range([y + plotH, y]);
    for (const tick of sy.ticks(5)) {
      doc.moveTo(left, sy(tick)).lineTo(x + w, sy(tick)).lineWidth(0.3).strokeColor('#b1b4b6').stroke();
      doc.font('regular').fontSize(7).fillColor('#505a5f').text(`${tick}%`, x, sy(tick) - 3, { width: 26, align: 'right', lineBreak: false });
    }
    months.forEach((m, i) => {
      if (i % 3 === 0) doc.font('regular').fontSize(7).fillColor('#505a5f').text(m.month, sx(i) - 15, y + plotH + 6, { width: 30, align: 'center', lineBreak: false });
    });
    const series: [keyof (typeof months)[number], string, number[] | null][] = [
      ['percent', '#1d70b8', null],
      ['percentExcludingExceptions', '#0b0c0c', [4, 3]],
    ];
    for (const [key, colour, dash] of series) {
      const path = line<(typeof months)[number]>()
        .defined((m) => m[key] !== null)
        .x((_, i) => sx(i))
        .y((m) => sy(m[key] as number))
        .context(doc as never);
      doc.lineWidth(1.5).strokeColor(colour);
      if (dash) doc.dash(dash[0], { space: dash[1] });
      path(months);
      doc.stroke();
      doc.undash();
    }
    doc.font('regular').fontSize(8).fillColor('#0b0c0c').text('Solid: including exceptions. Dashed: excluding exceptions (DfE headline).', left, y - 12, { lineBreak: false });
  });
  table(
    charts,
    ['Month', 'Plans issued', 'Within 20 weeks, including exceptions', 'Within 20 weeks, excluding exceptions'],
    months.map((m) => [m.month, String(m.plansIssued), pct(m.percent), pct(m.percentExcludingExceptions)]),
    [90, 90, (width - 180) / 2, (width - 180) / 2],
  );
  const bars = (title: string, alt: string, rows: { label: string; value: number }[], header: [string, string]) => {
    heading(charts, 'H2', title);
    barChart(charts, `${alt} The figures are in the table that follows.`, rows);
    table(charts, header, rows.map((r) => [r.label, String(r.value)]), [width - 120, 120]);
  };
  bars('Caseload by stage', 'Bar chart of open assessments at each stage and plans maintained.', input.caseload.map((c) => ({ label: c.label, value: c.count })), ['Stage', 'Cases']);
  bars('Advice late by provider', 'Bar chart of advice requests overdue today, by the organisation asked.', input.adviceLate.map((a) => ({ label: a.label, value: a.overdueNow })), ['Provider', 'Overdue now']);
  bars('Appeals lodged by decision appealed', `Bar chart of appeals lodged in the period by the kind of decision appealed; appeal rate ${pct(input.appealRate)} of ${input.appealableDecisions} appealable decisions.`, input.appeals.map((a) => ({ label: a.label, value: a.lodged })), ['Decision appealed', 'Appeals lodged']);
  bars('Plans ceased by reason', 'Bar chart of plans ceased in the period, by SEN2 reason.', input.ceased.map((c) => ({ label: c.label, value: c.plans })), ['Reason', 'Plans ceased']);
  heading(charts, 'H2', 'Reviews');
  const r = input.reviews;
  table(
    charts,
    ['Reviews', 'Number'],
    [
      ['Review periods ending in the period', String(r.due)],
      ['Meetings held', String(r.held)],
      ['Decisions notified (management view)', String(r.decided)],
      ['Of which within 4 weeks of the meeting', String(r.decidedWithin4Weeks)],
      ['Overdue today', String(r.overdue)],
      ['DfE measure: decisions within 4 weeks', pct(r.dfePercentWithin4Weeks)],
    ],
    [width - 120, 120],
  );
  charts.end();

  // ---- the owners' commentary ----
  const comments = doc.struct('Sect');
  root.add(comments);
  heading(comments, 'H2', "Owners' commentary");
  if (input.commentary.length === 0) paragraph(comments, 'No commentary was written for this period.');
  else {
    paragraph(comments, 'Every commentary written for this period, newest first: who owns the action, what will be done and by when, and the status of the measure when it was written.');
    table(
      comments,
      ['Measure', 'Status then', 'Who', 'What', 'By when', 'Written'],
      input.commentary.map((c) => [c.measure, RAG_WORDS[c.ragAtTime] ?? c.ragAtTime, c.owner, c.action, longDate(c.dueOn), longDate(c.createdAt.slice(0, 10))]),
      [100, 50, 80, width - 370, 70, 70],
    );
  }
  comments.end();
  root.end();

  // Page furniture: artifacts, not content.
  return finish((i, pageCount) => {
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('regular').fontSize(8).fillColor('#505a5f').text(`${input.localAuthorityName} - board pack ${input.from} to ${input.to} - page ${i + 1} of ${pageCount}`, MARGIN, doc.page.height - MARGIN + 20, { width, align: 'center', lineBreak: false });
    doc.endMarkedContent();
  });
}
