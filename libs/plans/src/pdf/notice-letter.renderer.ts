import { formatLongDate } from '@app/statutory-clock';
import { breakLongRuns } from './break-long-runs';
import { openTaggedDocument, RenderedPlan, Struct } from './tagged-document';

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

/**
 * Renders a decision notice as a tagged, accessible PDF letter (PDF/UA options, en-GB, title shown, fonts embedded):
 * the council, the child, the date, then each part of the notice headed (H2) with its citation, and page numbers as
 * artifacts. The same input always gives the same bytes: the dates inside the file come from the notice.
 */
export function renderNoticeLetterPdf(input: NoticeLetterInput): Promise<RenderedPlan> {
  const childName = breakLongRuns(`${input.child.givenName} ${input.child.familyName}`);
  const { doc, root, width, finish } = openTaggedDocument({ margin: MARGIN, title: `${input.title}: ${input.child.givenName} ${input.child.familyName}`, author: input.localAuthorityName, subject: 'Decision notice', dated: input.notifiedOn });
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

  return finish((i, pageCount) => {
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('regular').fontSize(9).fillColor('#505a5f');
    doc.text(`${childName} - ${input.title} - page ${i + 1} of ${pageCount}`, MARGIN, doc.page.height - MARGIN + 20, { width, align: 'center', lineBreak: false });
    doc.endMarkedContent();
  });
}
