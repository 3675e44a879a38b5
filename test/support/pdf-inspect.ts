import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface PdfFont {
  name: string | null;
  type: string | null;
  embedded: boolean;
  subset: boolean;
  unicodeMap: boolean;
}

export interface InspectedPdf {
  pageCount: number;
  /** The text of each page, lines ended by "\n". */
  pages: string[];
  text: string;
  fonts: PdfFont[];
  /** The catalogue's MarkInfo says Marked (a tagged PDF). */
  tagged: boolean;
  /** Structure element roles in document order (Document, Sect, H1, P, Table, ...). */
  structure: string[];
  info: { title: string | null; author: string | null; language: string | null };
}

const WORKER = join(__dirname, 'pdf-inspect.worker.mjs');

/**
 * Parses a PDF in this process with pdf.js (no system tool, so nothing to skip when one is missing). pdf.js is
 * ESM-only: it runs in a worker thread, which loads it natively where jest's CommonJS runtime cannot.
 */
export function inspectPdf(pdf: Buffer | Uint8Array, timeoutMs = 30_000): Promise<InspectedPdf> {
  return new Promise((resolve, reject) => {
    const bytes = new Uint8Array(pdf); // a copy: transferred to the worker
    const worker = new Worker(WORKER, { workerData: { pdf: bytes.buffer }, transferList: [bytes.buffer] });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`inspectPdf: pdf.js did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once('message', (message: { ok: true; result: InspectedPdf } | { ok: false; message: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.ok) resolve(message.result);
      else reject(new Error(`inspectPdf: pdf.js could not read the file: ${message.message}`));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Text without the line breaks and zero-width break opportunities a layout adds: for "does it contain" checks. */
export function flattenText(text: string): string {
  return text.replace(/[\u200B\u00AD]/g, '').replace(/\s+/g, ' ');
}
