import { minimalDocx, zipOf } from '@app/testing/zip';
import { attachmentFileName, AttachmentType, contentDisposition, detectAttachmentType, MAX_FILE_NAME_STEM, safeFileName, zipEntries } from './file-type';

const PK = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The old check's idea of a DOCX: PK magic followed by the right names anywhere in the bytes. */
const fakeZipWith = (...names: string[]) => Buffer.concat([PK, Buffer.alloc(26), ...names.map((n) => Buffer.from(n, 'latin1'))]);
const DOCX_PARTS = { '[Content_Types].xml': '<Types/>', '_rels/.rels': '<Relationships/>', 'word/document.xml': '<w:document/>' };

describe('attachment type detection', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), AttachmentType.Pdf],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), AttachmentType.Png],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), AttachmentType.Jpeg],
    ['a DOCX', minimalDocx(), AttachmentType.Docx],
    ['a DOCX with an archive comment', zipOf(DOCX_PARTS, { comment: 'made by Word' }), AttachmentType.Docx],
  ])('recognises %s by its content', (_label, content, expected) => {
    expect(detectAttachmentType(content)).toBe(expected);
  });

  it.each([
    ['a Windows executable', Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1')],
    ['an ELF binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['HTML', Buffer.from('<html><script>alert(1)</script></html>')],
    ['a plain ZIP', zipOf({ 'payload.exe': 'MZ' })],
    ['a spreadsheet (xlsx)', zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' })],
    ['a macro-enabled document', zipOf({ ...DOCX_PARTS, 'word/vbaProject.bin': 'macros' })],
    ['PK magic with the part names only inside its bytes (no central directory)', fakeZipWith('[Content_Types].xml', '_rels/.rels', 'word/document.xml')],
    ['a ZIP naming the parts only in a file body', zipOf({ 'notes.txt': '[Content_Types].xml word/document.xml' })],
    ['a DOCX cut short (no end of central directory)', minimalDocx().subarray(0, minimalDocx().length - 30)],
    ['an empty file', Buffer.alloc(0)],
    ['"PDF" text not at the start', Buffer.from('hello %PDF-1.7')],
  ])('refuses %s', (_label, content) => {
    expect(detectAttachmentType(content)).toBeNull();
  });
});

describe('ZIP central directory reader', () => {
  it('lists the entry names of a well-formed archive', () => {
    expect(zipEntries(minimalDocx())).toEqual(new Set(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']));
  });

  it('refuses directories whose offsets or counts do not fit the file', () => {
    const good = minimalDocx();
    const end = good.length - 22;
    const corrupt = (at: number, value: number, bytes: 2 | 4) => {
      const copy = Buffer.from(good);
      if (bytes === 2) copy.writeUInt16LE(value, at);
      else copy.writeUInt32LE(value, at);
      return zipEntries(copy);
    };
    expect(corrupt(end + 16, good.length, 4)).toBeNull(); // directory offset past the end
    expect(corrupt(end + 12, 0xffffffff, 4)).toBeNull(); // ZIP64 marker
    expect(corrupt(end + 10, 60_000, 2)).toBeNull(); // more entries than the directory holds
    expect(corrupt(end + 4, 1, 2)).toBeNull(); // multi-disk
    const directory = good.readUInt32LE(end + 16);
    expect(corrupt(directory + 42, 5, 4)).toBeNull(); // an entry's local header is not where it says
    expect(corrupt(directory + 28, 0xffff, 2)).toBeNull(); // a name running past the directory
  });
});

describe('attachment names', () => {
  it('keeps only a harmless base name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\reports\\EP report.pdf')).toBe('EP report.pdf');
    expect(safeFileName('a"b\r\nc.pdf')).toBe('a_bc.pdf');
    expect(safeFileName('')).toBe('attachment');
    expect(safeFileName('...')).toBe('attachment');
    expect(safeFileName('.bashrc')).toBe('bashrc');
  });

  it.each([
    ['C0 controls and DEL', 'rep\u0000o\u0007rt\u001b[31m\u007f.pdf', 'report[31m.pdf'],
    ['C1 controls', 'rep\u0085o\u009brt.pdf', 'report.pdf'],
    ['a right-to-left override that shows "exe.pdf"', 'invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['bidi embeddings and isolates', '\u202Aa\u202Bb\u202Cc\u202Dd\u2066e\u2067f\u2068g\u2069.pdf', 'abcdefg.pdf'],
    ['direction marks', 'a\u200Eb\u200Fc\u061Cd.pdf', 'abcd.pdf'],
    ['zero-width characters and a BOM', '\uFEFFa\u200Bb\u200Cc\u200Dd\u2060e.pdf', 'abcde.pdf'],
    ['line and paragraph separators', 'a\u2028b\u2029c.pdf', 'abc.pdf'],
  ])('removes %s', (_label, name, expected) => {
    expect(safeFileName(name)).toBe(expected);
  });

  it('keeps ordinary letters from any script, normalised', () => {
    expect(safeFileName('Zoe\u0308 – Łukasz-Şükrü.pdf')).toBe('Zoë – Łukasz-Şükrü.pdf');
    expect(safeFileName('تقرير.pdf')).toBe('تقرير.pdf');
  });

  it('takes the extension from the detected type, never from the uploaded name', () => {
    expect(attachmentFileName('EP report.pdf', AttachmentType.Pdf)).toBe('EP report.pdf');
    expect(attachmentFileName('payload.exe', AttachmentType.Pdf)).toBe('payload.pdf');
    expect(attachmentFileName('letter.PDF.exe', AttachmentType.Docx)).toBe('letter.PDF.docx');
    expect(attachmentFileName('photo.jpeg', AttachmentType.Jpeg)).toBe('photo.jpg');
    expect(attachmentFileName('scan', AttachmentType.Png)).toBe('scan.png');
    expect(attachmentFileName('invoice\u202Efdp.exe', AttachmentType.Pdf)).toBe('invoicefdp.pdf');
    expect(attachmentFileName('\u202E\u200B', AttachmentType.Pdf)).toBe('attachment.pdf');
    expect(attachmentFileName('CON.docx', AttachmentType.Docx)).toBe('_CON.docx');
    expect(attachmentFileName('version 1.2 final', AttachmentType.Pdf)).toBe('version 1.2 final.pdf'); // ".2 final" is no extension
  });

  it('bounds the length, counting characters rather than UTF-16 units', () => {
    const long = attachmentFileName(`${'é'.repeat(300)}.pdf`, AttachmentType.Pdf);
    expect(long).toBe(`${'é'.repeat(MAX_FILE_NAME_STEM)}.pdf`);
    const emoji = attachmentFileName('😀'.repeat(300), AttachmentType.Png);
    expect(Array.from(emoji)).toHaveLength(MAX_FILE_NAME_STEM + 4);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(emoji)).toBe(false); // no half emoji
  });
});

describe('Content-Disposition', () => {
  it('sends an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 8187)', () => {
    expect(contentDisposition('EP report.pdf')).toBe(`attachment; filename="EP report.pdf"; filename*=UTF-8''EP%20report.pdf`);
    expect(contentDisposition('Zoë’s plan (draft).pdf')).toBe(`attachment; filename="Zo__s plan (draft).pdf"; filename*=UTF-8''Zo%C3%AB%E2%80%99s%20plan%20%28draft%29.pdf`);
  });

  it('cannot be broken out of, whatever the name', () => {
    const header = contentDisposition('a";\r\nSet-Cookie: x=1; b\\.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    const quoted = /filename="([^"]*)"/.exec(header)![1];
    expect(header.indexOf(`filename="${quoted}";`)).toBeGreaterThan(0);
    expect(header.split(';').map((p) => p.trim().split('=')[0])).toEqual(['attachment', 'filename', 'filename*']);
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe('a";\r\nSet-Cookie: x=1; b\\.pdf');
  });
});
