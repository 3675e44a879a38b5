/**
 * The loop of a PDF render child process (forked by PlanPdfSandbox, never imported by the API or the worker): renders
 * one document at a time on request over IPC and holds no secrets (its environment is stripped, it opens no
 * connection). Each kind of document has a small child module that calls `serveRenders` with its renderer.
 */
import { Worker } from 'node:worker_threads';
import type { RenderedPlan } from './plan-pdf.renderer';

interface RenderRequest<Input> {
  id: number;
  input: Input;
}

export function serveRenders<Input>(render: (input: Input) => Promise<RenderedPlan>): void {
  // pdfkit lays text out synchronously, so a stuck render cannot notice that its parent died. A watchdog thread can:
  // when the worker process is gone (killed without a chance to kill us), this process ends itself.
  const parent = process.ppid;
  const watchdog = new Worker(`setInterval(() => { if (process.ppid !== ${parent}) process.kill(process.pid, 'SIGKILL'); }, 1000);`, { eval: true });
  watchdog.unref();

  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: RenderRequest<Input>) => {
    render(message.input).then(
      (rendered) => process.send?.({ id: message.id, ok: true, pdf: rendered.pdf, sha256: rendered.sha256, pageCount: rendered.pageCount }),
      (error: unknown) => process.send?.({ id: message.id, ok: false, name: (error as Error)?.name ?? 'Error', message: String((error as Error)?.message ?? error).slice(0, 500) }),
    );
  });
  process.send?.({ ready: true });
}
