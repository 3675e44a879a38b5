/** The kinds of file advisers may send, recognised by their first bytes (never by name or declared type). */
export enum AttachmentType {
  Pdf = 'application/pdf',
  Docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  Png = 'image/png',
  Jpeg = 'image/jpeg',
}

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * What the content is, or null when it is none of the accepted kinds. A DOCX is a ZIP whose entries include
 * `word/document.xml` and `[Content_Types].xml` (entry names are stored uncompressed in the ZIP directory), so an
 * arbitrary ZIP, an .xlsx or an executable renamed .docx is refused.
 */
export function detectAttachmentType(content: Buffer): AttachmentType | null {
  if (content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-') return AttachmentType.Pdf;
  if (content.length >= 8 && content.subarray(0, 8).equals(PNG)) return AttachmentType.Png;
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return AttachmentType.Jpeg;
  if (content.length >= 4 && content.subarray(0, 4).equals(ZIP_LOCAL_HEADER)) {
    const names = content.toString('latin1');
    if (names.includes('[Content_Types].xml') && names.includes('word/document.xml')) return AttachmentType.Docx;
  }
  return null;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base].filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f && char !== '"').join('').trim().slice(0, 200);
  return cleaned === '' ? 'attachment' : cleaned;
}
