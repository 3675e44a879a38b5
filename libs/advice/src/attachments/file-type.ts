/** The kinds of file advisers may send, recognised by their content (never by name or declared type). */
export enum AttachmentType {
  Pdf = 'application/pdf',
  Docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  Png = 'image/png',
  Jpeg = 'image/jpeg',
}

/** The extension a stored file gets, from its detected type: the uploaded name's extension is never kept. */
export const ATTACHMENT_EXTENSIONS: Record<AttachmentType, string> = {
  [AttachmentType.Pdf]: '.pdf',
  [AttachmentType.Docx]: '.docx',
  [AttachmentType.Png]: '.png',
  [AttachmentType.Jpeg]: '.jpg',
};

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Longest stored name before its extension, in code points. */
export const MAX_FILE_NAME_STEM = 100;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_DIRECTORY = 0x06054b50;
/** The end-of-central-directory record is 22 bytes plus a comment of at most 65,535. */
const ZIP_EOCD_SEARCH = 22 + 0xffff;
/** Far more entries than any Word document has; bounds the work on a hostile directory. */
const ZIP_MAX_ENTRIES = 10_000;

/**
 * What the content is, or null when it is none of the accepted kinds. A DOCX must be a well-formed ZIP whose
 * central directory lists `[Content_Types].xml` and `word/document.xml`, whose local headers are where the
 * directory says, and which carries no macros (`word/vbaProject.bin`): the PK magic bytes alone prove nothing
 * (any ZIP, an .xlsx, a JAR starts with them).
 */
export function detectAttachmentType(content: Buffer): AttachmentType | null {
  if (content.length >= 5 && content.subarray(0, 5).toString('latin1') === '%PDF-') return AttachmentType.Pdf;
  if (content.length >= 8 && content.subarray(0, 8).equals(PNG)) return AttachmentType.Png;
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return AttachmentType.Jpeg;
  if (content.length >= 4 && content.readUInt32LE(0) === ZIP_LOCAL_HEADER) {
    const entries = zipEntries(content);
    if (entries && entries.has('[Content_Types].xml') && entries.has('word/document.xml') && !entries.has('word/vbaProject.bin')) return AttachmentType.Docx;
  }
  return null;
}

/**
 * The entry names of a ZIP, read from its central directory with every offset and length checked against the
 * buffer; null when the structure is not a plain (non-ZIP64, single-disk) ZIP. Nothing is decompressed.
 */
export function zipEntries(zip: Buffer): Set<string> | null {
  const eocd = findEndOfCentralDirectory(zip);
  if (eocd < 0) return null;
  const disk = zip.readUInt16LE(eocd + 4);
  const directoryDisk = zip.readUInt16LE(eocd + 6);
  const entriesHere = zip.readUInt16LE(eocd + 8);
  const total = zip.readUInt16LE(eocd + 10);
  const size = zip.readUInt32LE(eocd + 12);
  const offset = zip.readUInt32LE(eocd + 16);
  // Multi-disk archives and ZIP64 markers (0xFFFF / 0xFFFFFFFF) never occur in a 10 MB Word document.
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== total || total === 0 || total > ZIP_MAX_ENTRIES || size === 0xffffffff || offset === 0xffffffff) return null;
  if (offset + size > eocd) return null;
  const names = new Set<string>();
  let at = offset;
  for (let i = 0; i < total; i += 1) {
    if (at + 46 > offset + size || zip.readUInt32LE(at) !== ZIP_CENTRAL_HEADER) return null;
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (nameLength === 0 || next > offset + size) return null;
    // Each entry's local header must be where the directory says, before the directory.
    if (localHeader + 30 > offset || zip.readUInt32LE(localHeader) !== ZIP_LOCAL_HEADER) return null;
    const raw = zip.subarray(at + 46, at + 46 + nameLength);
    names.add(raw.toString(flags & 0x0800 ? 'utf8' : 'latin1'));
    at = next;
  }
  return at === offset + size ? names : null;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - ZIP_EOCD_SEARCH);
  for (let at = zip.length - 22; at >= lowest; at -= 1) {
    // The comment length must reach exactly to the end of the file, so a signature inside the comment is not taken.
    if (zip.readUInt32LE(at) === ZIP_END_OF_DIRECTORY && at + 22 + zip.readUInt16LE(at + 20) === zip.length) return at;
  }
  return -1;
}

/**
 * Characters removed from names: controls (C0, DEL, C1), format characters (bidi embeddings, overrides and
 * isolates U+202A-U+202E and U+2066-U+2069, marks U+200E, U+200F and U+061C, zero-width U+200B-U+200D and
 * U+2060, BOM, soft hyphen, tags), lone surrogates, and line/paragraph separators. Bidi controls are how
 * "invoice[U+202E]fdp.exe" displays as "invoiceexe.pdf".
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
/** Reserved by Windows, or path and quoting syntax elsewhere. */
const RESERVED_CHARACTERS = /[<>:"|?*\\/]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A display name safe to store and to send back: no path, no controls or bidi tricks, bounded; never empty. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFC').replace(UNSAFE_CHARACTERS, '').replace(RESERVED_CHARACTERS, '_').replace(/\s+/gu, ' ').trim().replace(/^[.\s]+|[.\s]+$/g, '');
  const bounded = Array.from(cleaned).slice(0, MAX_FILE_NAME_STEM + 10).join('').trim();
  return bounded === '' ? 'attachment' : bounded;
}

/**
 * The name a file is stored and served under: the uploaded name made safe, without its own extension, plus the
 * extension of the type detected from the content. "report.exe" holding a PDF is stored as "report.pdf".
 */
export function attachmentFileName(uploadedName: string, type: AttachmentType): string {
  const safe = safeFileName(uploadedName);
  const dot = safe.lastIndexOf('.');
  let stem = dot > 0 && /^[\p{L}\p{N}]{1,10}$/u.test(safe.slice(dot + 1)) ? safe.slice(0, dot) : safe;
  stem = Array.from(stem).slice(0, MAX_FILE_NAME_STEM).join('').replace(/[.\s]+$/g, '');
  if (stem === '') stem = 'attachment';
  if (WINDOWS_DEVICE.test(stem)) stem = `_${stem}`;
  return `${stem}${ATTACHMENT_EXTENSIONS[type]}`;
}

/**
 * Content-Disposition for a download (RFC 6266): a plain-ASCII `filename` fallback and the exact name in
 * `filename*` (RFC 8187 UTF-8 percent-encoding), so no name can break out of the header or the quoted string.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  // Conservative: letters, digits, space and . _ - ( ) [ ] only, so no parser can mistake a quote, ; or = in it.
  const fallback = fileName.replace(/[^A-Za-z0-9 ._()[\]-]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
