import { AppealableDecision, decisionNotice, formatLongDate } from '@app/statutory-clock';
import {
  AdviceListItem,
  BudgetItem,
  NeedItem,
  OutcomeItem,
  PlacementItem,
  ProvisionItem,
  SECTION_CODES,
  SECTION_KINDS,
  SECTION_TITLES,
  SectionCode,
  Sections,
} from '../plan-sections';
import { breakLongRuns } from './break-long-runs';
import { openTaggedDocument, RenderedPlan, Struct } from './tagged-document';

/** What a plan document shows: one frozen version and the child as named in it. */
export interface PlanDocumentInput {
  localAuthorityName: string;
  /** The case's reference (EHC-2026-00042), on the cover and every page's footer: the same as in emails and pages. */
  caseReference?: string;
  /** The LA's contact for the family, one line (its notice contacts' `localAuthority`); omitted when not set. */
  localAuthorityContact?: string | null;
  /** The mediation adviser and the information, advice and support service, one line each, for "Your rights". */
  mediationAdviserContact?: string | null;
  informationAdviceSupportContact?: string | null;
  /** The last day of the next annual review (CFA s44(1)) as the plan stood when this version was issued; none on a draft. */
  nextReviewDueOn?: string | null;
  child: { givenName: string; familyName: string; dateOfBirth: string };
  version: { number: number; stage: 'draft' | 'final' | 'amended'; issuedOn: string };
  sections: Sections;
}

export type { RenderedPlan } from './tagged-document';

const MARGIN = 56;

/**
 * Renders an EHC plan as a tagged, accessible PDF (PDF/UA options, en-GB, title shown): a cover, contents, every
 * section headed and separately identified, provision as tables, page numbers, and a DRAFT watermark on drafts.
 * The same input always gives the same bytes: the dates inside the file come from the version, not the clock.
 */
export function renderPlanPdf(input: PlanDocumentInput): Promise<RenderedPlan> {
  const childName = breakLongRuns(`${input.child.givenName} ${input.child.familyName}`);
  const title = `Education, Health and Care Plan for ${input.child.givenName} ${input.child.familyName}${input.version.stage === 'draft' ? ' (draft)' : ''}`;
  const { doc, root, width, finish } = openTaggedDocument({ margin: MARGIN, title, author: input.localAuthorityName, subject: 'EHC plan', dated: input.version.issuedOn });

  const heading = (parent: Struct, level: 'H1' | 'H2' | 'H3', text: string, size: number) => {
    doc.font('bold').fontSize(size).fillColor('#0b0c0c').text(text, { structParent: parent, structType: level, width });
    doc.font('regular').fontSize(11).moveDown(0.4);
  };
  const paragraph = (parent: Struct, text: string) => {
    // Every piece of free text reaches pdfkit through here or table(): both bound its unbroken runs.
    for (const para of breakLongRuns(text).split(/\n{2,}/).map((p) => p.trim()).filter(Boolean)) {
      doc.font('regular').fontSize(11).text(para, { structParent: parent, structType: 'P', width, paragraphGap: 6 });
    }
  };
  const table = (parent: Struct, header: string[], rows: string[][], widths: number[]) => {
    if (rows.length === 0) return;
    doc.font('regular').fontSize(10);
    // pdfkit cannot split a row across pages: it clips one taller than a page (and its text ends in "..."). Such a
    // row is cut into continuation rows that each fit, so no provision text is ever lost.
    rows = rows.map((row) => row.map(breakLongRuns)).flatMap((row) => fitRow(row, widths));
    doc.table({
      structParent: parent,
      columnStyles: widths,
      // Fonts by registered name: pdfkit caches those; a font object here would be re-embedded for every cell.
      defaultStyle: { font: { src: 'regular' } },
      rowStyles: (i: number) => (i === 0 ? { font: { src: 'bold' }, backgroundColor: '#f3f2f1' } : {}),
      data: [header.map((text) => ({ text, type: 'TH' })), ...rows.map((row) => row.map((text) => ({ text: text || '-', type: 'TD' })))],
    } as never);
    doc.moveDown(0.8);
  };

  /** A row as one or more rows no taller than ROW_MAX_HEIGHT (measured at the table's font and cell width). */
  const fitRow = (row: string[], widths: number[]): string[][] => {
    const cellWidth = (i: number) => widths[i] - 2 * CELL_PADDING - 2;
    // Short cells cannot reach the limit (35 lines even at 10 characters a line): only long ones are measured.
    const fits = (text: string, i: number) => (text.length <= 300 && !/(?:\n[^\n]*){20}/.test(text)) || doc.heightOfString(text, { width: cellWidth(i) }) <= ROW_MAX_HEIGHT;
    if (row.every((text, i) => fits(text, i))) return [row];
    const pieces = row.map((text, i) => splitToFit(text, (part) => fits(part, i)));
    const count = Math.max(...pieces.map((p) => p.length));
    return Array.from({ length: count }, (_, k) => row.map((_, i) => pieces[i][k] ?? (k > 0 ? ' ' : '')));
  };

  // Cover.
  const cover = doc.struct('Sect');
  root.add(cover);
  heading(cover, 'H1', 'Education, Health and Care Plan', 24);
  doc.moveDown(0.5);
  for (const line of [
    childName,
    `Date of birth: ${formatLongDate(input.child.dateOfBirth)}`,
    ...(input.caseReference ? [`Case reference: ${input.caseReference}`] : []),
    `${input.version.stage === 'draft' ? 'Draft issued' : input.version.stage === 'amended' ? 'Amended plan issued' : 'Plan issued'}: ${formatLongDate(input.version.issuedOn)}`,
    `Version ${input.version.number} (${input.version.stage})`,
    breakLongRuns(input.localAuthorityName),
  ]) {
    doc.font(line === childName ? 'bold' : 'regular').fontSize(line === childName ? 18 : 12).text(line, { structParent: cover, structType: 'P', width, paragraphGap: 4 });
  }
  for (const line of [
    input.localAuthorityContact ? `Contact: ${input.localAuthorityContact}` : null,
    input.version.stage !== 'draft' && input.nextReviewDueOn ? `Next review: by ${formatLongDate(input.nextReviewDueOn)} at the latest` : null,
  ]) {
    if (line) doc.font('regular').fontSize(12).text(breakLongRuns(line), { structParent: cover, structType: 'P', width, paragraphGap: 4 });
  }
  if (input.version.stage === 'draft') {
    doc.moveDown(0.5);
    paragraph(cover, 'This is a draft. It does not name a school or other institution (section I). You have at least 15 days from the day it was sent to comment, to ask for a meeting, and to ask for a particular school or college to be named.');
  }
  cover.end();

  // Contents: on the cover page, under the cover, in a space measured now and filled once the sections' pages are known.
  const contentsEntries = [...SECTION_CODES.map((code) => `Section ${code}: ${SECTION_TITLES[code]}`), RIGHTS_TITLE];
  doc.moveDown(0.8);
  const contentsPage = doc.bufferedPageRange().start + doc.bufferedPageRange().count - 1;
  const contentsTop = doc.y;
  const contentsTextWidth = width - CONTENTS_PAGE_COLUMN;
  doc.font('bold').fontSize(16);
  let contentsHeight = doc.heightOfString('Contents', { width }) + doc.currentLineHeight() * 0.4;
  doc.font('regular').fontSize(10);
  for (const entry of contentsEntries) contentsHeight += doc.heightOfString(entry, { width: contentsTextWidth }) + CONTENTS_GAP;
  const contents = doc.struct('Sect');
  root.add(contents);
  const sectionPages = new Map<string, number>();
  // Sections start on the next page; a cover too full for its contents (a very long name) gives the contents a page.
  const contentsFit = contentsTop + contentsHeight <= doc.page.height - MARGIN;

  doc.addPage();
  if (!contentsFit) doc.addPage();
  for (const code of SECTION_CODES) {
    const section = input.sections[code];
    const sect = doc.struct('Sect');
    root.add(sect);
    if (doc.y > doc.page.height - MARGIN - 120) doc.addPage();
    sectionPages.set(code, doc.bufferedPageRange().start + doc.bufferedPageRange().count);
    const label = code;
    heading(sect, 'H2', `Section ${code}: ${SECTION_TITLES[code]}`, 14);
    if (section.text.trim()) paragraph(sect, section.text);
    renderItems(code, section.items);
    if (!section.text.trim() && section.items.length === 0) paragraph(sect, code === 'I' && input.version.stage === 'draft' ? 'Left blank in the draft plan.' : 'None recorded.');
    sect.end();
    doc.moveDown(1);

    function renderItems(c: SectionCode, items: Sections[SectionCode]['items']) {
      switch (SECTION_KINDS[c]) {
        case 'needs':
          table(sect, ['Ref', 'Area of need', 'Need', 'Source'], (items as NeedItem[]).map((n, i) => [`${label}${i + 1}`, humanise(n.area), n.description, source(n.source)]), [36, 100, 240, width - 376]);
          break;
        case 'outcomes':
          table(sect, ['Ref', 'Outcome', 'By when', 'Meets the needs'], (items as OutcomeItem[]).map((o, i) => [`E${i + 1}`, o.description, o.timescale ?? '', needLabels(o.needIds)]), [36, 250, 100, width - 386]);
          break;
        case 'provision':
          table(
            sect,
            ['Provision', 'How often', 'How long', 'Who provides it', 'For outcome'],
            (items as ProvisionItem[]).map((p) => [p.description, p.frequency ?? '', p.duration ?? '', p.deliveredBy ?? '', outcomeLabels(p.outcomeIds)]),
            [150, 80, 70, 90, width - 390],
          );
          break;
        case 'placement':
          for (const p of items as PlacementItem[]) paragraph(sect, `${p.name}${p.urn ? ` (URN ${p.urn})` : ''}: ${p.type}`);
          break;
        case 'budget':
          table(sect, ['What it covers', 'Amount a year', 'Direct payment'], (items as BudgetItem[]).map((b) => [b.description, b.annualAmountPence != null ? `£${(b.annualAmountPence / 100).toFixed(2)}` : '', b.directPayment ? 'Yes' : 'No']), [250, 120, width - 370]);
          break;
        case 'advice':
          table(sect, ['Advice and information', 'Date'], (items as AdviceListItem[]).map((a) => [a.description, a.date ? formatLongDate(a.date) : '']), [340, width - 340]);
          break;
        default:
          break;
      }
    }
  }

  // The family's rights, in plain words, after the sections.
  const rights = doc.struct('Sect');
  root.add(rights);
  if (doc.y > doc.page.height - MARGIN - 160) doc.addPage();
  sectionPages.set(RIGHTS_TITLE, doc.bufferedPageRange().start + doc.bufferedPageRange().count);
  heading(rights, 'H2', RIGHTS_TITLE, 14);
  for (const text of rightsParagraphs(input)) paragraph(rights, text);
  rights.end();

  // Contents, now that every section's first page is known: on the cover page, or on its own page after it.
  doc.switchToPage(contentsFit ? contentsPage : contentsPage + 1);
  doc.x = MARGIN;
  doc.y = contentsFit ? contentsTop : MARGIN;
  doc.font('bold').fontSize(16).fillColor('#0b0c0c').text('Contents', { structParent: contents, structType: 'H2', width });
  doc.moveDown(0.4);
  contentsEntries.forEach((entry, i) => {
    const page = sectionPages.get(i < SECTION_CODES.length ? SECTION_CODES[i] : RIGHTS_TITLE);
    const top = doc.y;
    // The entry, then its page number right-aligned on the same line.
    doc.font('regular').fontSize(10).text(`${entry}`, MARGIN, top, { structParent: contents, structType: 'P', width: contentsTextWidth });
    const bottom = doc.y;
    doc.text(`page ${page}`, MARGIN + contentsTextWidth, top, { structParent: contents, structType: 'P', width: CONTENTS_PAGE_COLUMN, align: 'right', lineBreak: false });
    doc.x = MARGIN;
    doc.y = bottom + CONTENTS_GAP;
  });
  contents.end();
  root.end();

  // Page furniture, marked as artifacts so screen readers skip it.
  return finish((i, pageCount) => {
    if (input.version.stage === 'draft') {
      doc.markContent('Artifact', { type: 'Pagination' });
      doc.save().rotate(-45, { origin: [doc.page.width / 2, doc.page.height / 2] });
      doc.font('bold').fontSize(110).fillColor('#b1b4b6').opacity(0.25).text('DRAFT', 0, doc.page.height / 2 - 60, { width: doc.page.width, align: 'center', lineBreak: false });
      doc.restore();
      doc.endMarkedContent();
    }
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('regular').fontSize(9).fillColor('#505a5f').opacity(1);
    doc.text(`${childName}${input.caseReference ? ` - ${input.caseReference}` : ''} - EHC plan version ${input.version.number} - page ${i + 1} of ${pageCount}`, MARGIN, doc.page.height - MARGIN + 20, { width, align: 'center', lineBreak: false });
    doc.endMarkedContent();
  });

  function source(s: NeedItem['source']): string {
    return s ? `${humanise(s.discipline)} advice${s.receivedOn ? ` of ${formatLongDate(s.receivedOn)}` : ''}` : '';
  }
  /** The needs an outcome meets, by the references the needs tables print (B1, C2, D1): whole, never cut. */
  function needLabels(ids: string[]): string {
    const needs = (['B', 'C', 'D'] as const).flatMap((c) => (input.sections[c].items as NeedItem[]).map((n, i) => ({ id: n.id, ref: `${c}${i + 1}` })));
    return ids.map((id) => needs.find((n) => n.id === id)?.ref).filter(Boolean).join(', ');
  }

  function outcomeLabels(ids: string[]): string {
    const outcomes = input.sections.E.items as OutcomeItem[];
    return ids.map((id) => outcomes.findIndex((o) => o.id === id)).filter((i) => i >= 0).map((i) => `E${i + 1}`).join(', ');
  }
}

const RIGHTS_TITLE = 'Your rights and who to contact';
/** The contents' right-hand column for "page N", and the space between entries. */
const CONTENTS_PAGE_COLUMN = 56;
const CONTENTS_GAP = 2;

/** What the family may do about this version, in plain words, with the deadlines the clock gives. */
function rightsParagraphs(input: PlanDocumentInput): string[] {
  const contact = input.localAuthorityContact ? `Contact the council: ${input.localAuthorityContact}.` : 'Contact the council at the address on the letter that came with this plan.';
  const adviser = input.mediationAdviserContact ? ` The mediation adviser: ${input.mediationAdviserContact}.` : '';
  const iass = input.informationAdviceSupportContact
    ? `Your local information, advice and support service (SENDIASS) gives free, impartial advice: ${input.informationAdviceSupportContact}.`
    : 'Your local information, advice and support service (SENDIASS) gives free, impartial advice.';
  if (input.version.stage === 'draft') {
    return [
      'This is a draft. You have at least 15 days from the day it was sent to you to comment on it, to ask for a meeting with the council, and to ask for a particular school, college or other institution to be named in section I (SEND Regulations 2014, reg 13(1); CFA 2014 s38).',
      'You can also ask for a personal budget for some of the provision (CFA 2014 s49).',
      contact,
      iass,
    ];
  }
  const notice = decisionNotice(AppealableDecision.PlanContents, input.version.issuedOn);
  return [
    `You can appeal to the First-tier Tribunal (Special Educational Needs and Disability) about the special educational needs in section B, the special educational provision in section F and the school or other institution in section I (CFA 2014 s51). You can appeal until ${formatLongDate(notice.appealDeadline, { weekday: true })}, or 1 month after a mediation certificate if that is later.`,
    `Before appealing (except about section I alone) you must contact the mediation adviser within 2 months of the date the plan was sent to you, by ${formatLongDate(notice.mediationAdviserContactBy, { weekday: true })}, and tell the council if you want mediation, on which issues (SEND Regulations 2014, regs 32 and 33).${adviser}`,
    `The council reviews this plan at least every 12 months (CFA 2014 s44)${input.nextReviewDueOn ? `: the next review must be completed by ${formatLongDate(input.nextReviewDueOn)}` : ''}. You can ask for an earlier review, for a re-assessment, and for a personal budget (CFA 2014 ss44 and 49).`,
    contact,
    iass,
  ];
}

/** Tallest table row drawn as one: well under a page, leaving room for the header row and the page furniture. */
const ROW_MAX_HEIGHT = 420;
/** pdfkit's default cell padding, 0.25em at the tables' 10 pt. */
const CELL_PADDING = 2.5;

/** Splits text at spaces (or anywhere, for a run without one) into the fewest pieces that each pass `fits`. */
function splitToFit(text: string, fits: (part: string) => boolean): string[] {
  const words = text.split(/(?<=[\s\u200B])/u);
  const pieces: string[] = [];
  let start = 0;
  while (start < words.length) {
    // The longest prefix of the remaining words that fits (binary search), at least one word.
    let low = start + 1;
    let high = words.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(words.slice(start, mid).join(''))) low = mid;
      else high = mid - 1;
    }
    pieces.push(words.slice(start, low).join('').trim());
    start = low;
  }
  return pieces.filter((piece, i) => piece !== '' || i === 0);
}

function humanise(value: string): string {
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
