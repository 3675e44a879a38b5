import PDFDocument from 'pdfkit';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';

export interface RenderedPlan {
  pdf: Buffer;
  sha256: string;
  pageCount: number;
}

// DejaVu covers Latin Extended (Zoë, Łukasz, Siân, Şükrü) and is embedded (subset) so text renders and extracts.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export interface ParsedFont {
  layout: (...args: unknown[]) => unknown;
  postscriptName: string;
}
// fontkit ships no types; pdfkit accepts its font objects directly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { openSync(path: string): ParsedFont };

/**
 * Parsed once per process and shared by every document: fontkit decodes glyph and layout tables lazily and caches
 * them on the font object, so a font parsed per document would pay that cost again each time (it dominated the
 * render time). Each document still gets its own subset.
 */
let fonts: { regular: ParsedFont; bold: ParsedFont } | null = null;
/** The embedded fonts (DejaVu Sans, regular and bold), parsed once per process: every tagged document here uses them. */
export function loadFonts(): { regular: ParsedFont; bold: ParsedFont } {
  fonts ??= { regular: fontkit.openSync(join(FONT_DIR, 'DejaVuSans.ttf')), bold: fontkit.openSync(join(FONT_DIR, 'DejaVuSans-Bold.ttf')) };
  return fonts;
}

export type Struct = ReturnType<PDFKit.PDFDocument['struct']>;

/** A tagged A4 document being written: pdfkit's document, its `Document` structure root and the text width. */
export interface TaggedDocument {
  doc: PDFKit.PDFDocument;
  root: Struct;
  width: number;
  /**
   * Draws each page's furniture (`furniture(pageIndex, pageCount)`, inside the bottom margin, which is lifted meanwhile
   * so pdfkit starts no new page for it; mark it as an artifact), ends the document and answers its bytes, hash and
   * page count.
   */
  finish(furniture: (page: number, pageCount: number) => void): Promise<RenderedPlan>;
}

/**
 * Opens a tagged, accessible A4 PDF as every document here is made (the plan, the decision notice letters, the board
 * pack): PDF/UA options, en-GB, its title shown, DejaVu Sans embedded, pages buffered for the furniture. `dated` (an
 * ISO date of the document's own) stamps the file, so the same input always gives the same bytes.
 */
export function openTaggedDocument(options: { margin: number; title: string; author: string; subject: string; dated: string }): TaggedDocument {
  const stamp = new Date(`${options.dated}T12:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: options.margin,
    pdfVersion: '1.7',
    subset: 'PDF/UA' as never, // supported by pdfkit 0.20; missing from @types/pdfkit
    tagged: true,
    displayTitle: true,
    lang: 'en-GB',
    bufferPages: true,
    info: { Title: options.title, Author: options.author, Subject: options.subject, Creator: 'EHCP case management', Producer: 'EHCP case management', CreationDate: stamp, ModDate: stamp },
  });
  const { regular, bold } = loadFonts();
  // The family names make pdfkit's font cache hit when tables restore the previous font (by object).
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

  return {
    doc,
    root,
    width: doc.page.width - 2 * options.margin,
    finish(furniture) {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i += 1) {
        doc.switchToPage(i);
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        furniture(i, range.count);
        doc.page.margins.bottom = bottom;
      }
      doc.end();
      return finished.then((pdf) => ({ pdf, sha256: createHash('sha256').update(pdf).digest('hex'), pageCount: range.count }));
    },
  };
}
