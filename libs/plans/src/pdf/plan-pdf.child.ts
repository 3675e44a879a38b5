/**
 * Entry point of the PDF render child process (forked by PlanPdfSandbox, never imported). It renders one plan or notice letter at a
 * time on request over IPC and holds no secrets: its environment is stripped and it opens no connection.
 */
import { Worker } from 'node:worker_threads';
import { NoticeLetterInput, renderNoticeLetterPdf } from './notice-letter.renderer';
import { PlanDocumentInput, renderPlanPdf } from './plan-pdf.renderer';

/** A plan (the default) or a decision notice letter. */
type RenderRequest = { id: number; kind?: 'plan'; input: PlanDocumentInput } | { id: number; kind: 'notice'; input: NoticeLetterInput };

// pdfkit lays text out synchronously, so a stuck render cannot notice that its parent died. A watchdog thread can:
// when the worker process is gone (killed without a chance to kill us), this process ends itself.
const parent = process.ppid;
const watchdog = new Worker(
  `setInterval(() => { if (process.ppid !== ${parent}) process.kill(process.pid, 'SIGKILL'); }, 1000);`,
  { eval: true },
);
watchdog.unref();

process.on('disconnect', () => process.exit(0));
process.on('message', (message: RenderRequest) => {
  (message.kind === 'notice' ? renderNoticeLetterPdf(message.input) : renderPlanPdf(message.input)).then(
    (rendered) => process.send?.({ id: message.id, ok: true, pdf: rendered.pdf, sha256: rendered.sha256, pageCount: rendered.pageCount }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, name: (error as Error)?.name ?? 'Error', message: String((error as Error)?.message ?? error).slice(0, 500) }),
  );
});
process.send?.({ ready: true });
