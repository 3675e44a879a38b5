import { AttachmentType, detectAttachmentType, safeFileName } from './file-type';

const zipWith = (...names: string[]) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), ...names.map((n) => Buffer.from(n, 'latin1'))]);

describe('attachment type detection', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), AttachmentType.Pdf],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), AttachmentType.Png],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), AttachmentType.Jpeg],
    ['a DOCX', zipWith('[Content_Types].xml', '_rels/.rels', 'word/document.xml'), AttachmentType.Docx],
  ])('recognises %s by its content', (_label, content, expected) => {
    expect(detectAttachmentType(content)).toBe(expected);
  });

  it.each([
    ['a Windows executable', Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1')],
    ['an ELF binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['HTML', Buffer.from('<html><script>alert(1)</script></html>')],
    ['a plain ZIP', zipWith('payload.exe')],
    ['a spreadsheet (xlsx)', zipWith('[Content_Types].xml', 'xl/workbook.xml')],
    ['an empty file', Buffer.alloc(0)],
    ['"PDF" text not at the start', Buffer.from('hello %PDF-1.7')],
  ])('refuses %s', (_label, content) => {
    expect(detectAttachmentType(content)).toBeNull();
  });

  it('keeps only a harmless base name', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\reports\\EP report.pdf')).toBe('EP report.pdf');
    expect(safeFileName('a"b\r\nc.pdf')).toBe('abc.pdf');
    expect(safeFileName('')).toBe('attachment');
  });
});
