// Reads a PDF with Mozilla's pdf.js (pdfjs-dist, legacy build for Node) and posts back what tests check: the text
// of each page, the page count, the fonts, whether the file is tagged, its structure and its metadata.
// It runs in a worker thread (see pdf-inspect.ts) because pdf.js is ESM-only and jest on Node 20 runs tests as
// CommonJS without native import(); a worker thread is plain Node, in the same process.
import { parentPort, workerData } from 'node:worker_threads';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function inspect(bytes) {
  const doc = await getDocument({ data: bytes, fontExtraProperties: true, disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages = [];
    const fonts = new Map();
    const structure = [];
    for (let number = 1; number <= doc.numPages; number += 1) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent({ includeMarkedContent: false });
      pages.push(content.items.map((item) => item.str + (item.hasEOL ? '\n' : '')).join(''));
      const operators = await page.getOperatorList();
      for (let i = 0; i < operators.fnArray.length; i += 1) {
        if (operators.fnArray[i] !== OPS.setFont) continue;
        const loadedName = operators.argsArray[i][0];
        if (fonts.has(loadedName)) continue;
        const font = page.commonObjs.has(loadedName) ? page.commonObjs.get(loadedName) : null;
        fonts.set(loadedName, {
          name: font?.name ?? null,
          type: font?.type ?? null,
          embedded: font ? !font.missingFile : false,
          subset: /^[A-Z]{6}\+/.test(font?.name ?? ''),
          unicodeMap: Boolean(font?.toUnicode && (font.toUnicode._map?.length > 0 || font.toUnicode.length > 0)),
        });
      }
      const tree = await page.getStructTree();
      collectRoles(tree, structure);
      page.cleanup();
    }
    const markInfo = await doc.getMarkInfo();
    const { info } = await doc.getMetadata();
    return { pageCount: doc.numPages, pages, text: pages.join('\n'), fonts: [...fonts.values()], tagged: Boolean(markInfo?.Marked), structure, info: { title: info.Title ?? null, author: info.Author ?? null, language: info.Language ?? null } };
  } finally {
    await doc.destroy();
  }
}

function collectRoles(node, out) {
  if (!node) return;
  if (node.role) out.push(node.role);
  for (const child of node.children ?? []) collectRoles(child, out);
}

inspect(new Uint8Array(workerData.pdf)).then(
  (result) => parentPort.postMessage({ ok: true, result }),
  (error) => parentPort.postMessage({ ok: false, message: String(error?.stack ?? error) }),
);
