import PDFDocument from 'pdfkit';
import { formatLongDate } from '@app/statutory-clock';
import { createHash } from 'node:crypto';
import { breakLongRuns } from './break-long-runs';
import { loadFonts, RenderedPlan } from './plan-pdf.renderer';

/** What a decision notice letter shows: frozen when the letter is first asked for, so it renders the same bytes again. */
export interface NoticeLetterInput {
  localAuthorityName: string;
  child: { givenName: string; familyName: string; dateOfBirth: string };
  /** The letter's title (the decision). */
  title: string;
  /** The day the family was notified: the letter's date. */
  notifiedOn: string;
  /** The notice's parts, headed, as the clock words them (decisionNotice). */
  parts: { heading: string; paragraphs: string[]; regulation: string }[];
}

const MARGIN = 56;
type Struct = ReturnType<PDFKit.PDFDocument['struct']>;

/**
 * Renders a decision notice as a tagged, accessible PDF letter (PDF/UA options, en-GB, title shown, fonts embedded):
 * the council, the child, the date, then each part of the notice headed (H2) with its citation, and page numbers as
 * artifacts. The same input always gives the same bytes: the dates inside the file come from the notice.
 */
export function renderNoticeLetterPdf(input: NoticeLetterInput): Promise<RenderedPlan> {
  const childName = breakLongRuns(`${input.child.givenName} ${input.child.familyName}`);
  const stamp = new Date(`${input.notifiedOn}T12:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.7',
    subset: 'PDF/UA' as never,
    tagged: true,
    displayTitle: true,
    lang: 'en-GB',
    bufferPages: true,
    info: { Title: `${input.title}: ${input.child.givenName} ${input.child.familyName}`, Author: input.localAuthorityName, Subject: 'Decision notice', Creator: 'EHCP case management', Producer: 'EHCP case management', CreationDate: stamp, ModDate: stamp },
  });
  const { regular, bold } = loadFonts();
  doc.registerFont('regular', regular as never, regular.postscriptName);
  doc.registerFont('bold', bold as never, bold.postscriptName);
  doc.font('regular');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - 2 * MARGIN;
  const para = (parent: Struct, text: string, options: { size?: number; bold?: boolean; colour?: string; gap?: number } = {}) => {
    doc
      .font(options.bold ? 'bold' : 'regular')
      .fontSize(options.size ?? 11)
      .fillColor(options.colour ?? '#0b0c0c')
      .text(breakLongRuns(text), { structParent: parent, structType: 'P', width, paragraphGap: options.gap ?? 6 });
  };

  const head = doc.struct('Sect');
  root.add(head);
  para(head, breakLongRuns(input.localAuthorityName), { bold: true, size: 13 });
  para(head, formatLongDate(input.notifiedOn), { gap: 12 });
  doc.font('bold').fontSize(18).fillColor('#0b0c0c').text(input.title, { structParent: head, structType: 'H1', width });
  doc.moveDown(0.4);
  para(head, `About: ${childName}, born ${formatLongDate(input.child.dateOfBirth)}`, { gap: 10 });
  // The first part is the decision itself: it opens the letter under the title.
  const [decision] = input.parts;
  if (decision) {
    for (const p of decision.paragraphs) para(head, p);
    para(head, `(${decision.regulation})`, { size: 9, colour: '#505a5f', gap: 10 });
  }
  head.end();

  for (const part of input.parts.slice(1)) {
    const sect = doc.struct('Sect');
    root.add(sect);
    if (doc.y > doc.page.height - MARGIN - 90) doc.addPage();
    doc.font('bold').fontSize(13).fillColor('#0b0c0c').text(part.heading, { structParent: sect, structType: 'H2', width });
    doc.moveDown(0.3);
    for (const p of part.paragraphs) para(sect, p);
    para(sect, `(${part.regulation})`, { size: 9, colour: '#505a5f', gap: 10 });
    sect.end();
  }
  root.end();

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('regular').fontSize(9).fillColor('#505a5f');
    doc.text(`${childName} - ${input.title} - page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 20, { width, align: 'center', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return finished.then((pdf) => ({ pdf, sha256: createHash('sha256').update(pdf).digest('hex'), pageCount: range.count }));
}
