import { OnModuleDestroy } from '@nestjs/common';
import { ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { NoticeLetterInput } from './notice-letter.renderer';
import type { PlanDocumentInput, RenderedPlan } from './plan-pdf.renderer';

export interface PlanPdfSandboxOptions {
  /** Wall-clock limit of one render, from the request to the answer (a cold child's start-up included). */
  timeoutMs: number;
  /** --max-old-space-size of each child. */
  maxMemoryMb: number;
  /** Warm children kept between renders (the worker renders at most this many at once anyway). */
  maxIdle?: number;
  /** A child is replaced after this many renders, so nothing it accumulates outlives a few documents. */
  rendersPerChild?: number;
  /**
   * The child's module, an absolute path without its extension (`.ts` from the sources, `.js` from the build), whose
   * entry calls `serveRenders` (render-child.ts) with its renderer. Default: the plan's (plan-pdf.child). Other
   * documents (the managers' board pack, libs/reporting) reuse the sandbox with their own child.
   */
  childModule?: string;
}

/** Why a render did not produce a document. `shutdown` is ours (the worker is stopping), not the document's fault. */
export type PdfRenderFailureKind = 'timeout' | 'memory' | 'crashed' | 'error' | 'shutdown';

export class PdfRenderError extends Error {
  constructor(
    readonly kind: PdfRenderFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'PdfRenderError';
  }
}

type ChildMessage = { ready: true } | { id: number; ok: true; pdf: Uint8Array; sha256: string; pageCount: number } | { id: number; ok: false; name: string; message: string };

interface Job {
  id: number;
  resolve(rendered: RenderedPlan): void;
  reject(error: PdfRenderError): void;
}

/** One render child: forked once, reused for several renders, killed on a timeout or when the sandbox closes. */
class RenderChild {
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  renders = 0;
  exited = false;
  job: Job | null = null;
  private stderr = '';

  constructor(entry: { file: string; execArgv: string[]; env: NodeJS.ProcessEnv; cwd?: string }, onExit: (child: RenderChild) => void) {
    this.process = fork(entry.file, [], {
      execArgv: entry.execArgv,
      env: entry.env,
      cwd: entry.cwd,
      serialization: 'advanced', // structured clone: the PDF comes back as bytes, not as a JSON array of numbers
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.process.stderr?.setEncoding('utf8');
    // Only the tail is kept: V8 explains a heap-limit death there.
    this.process.stderr?.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    this.ready = new Promise((resolveReady, rejectReady) => {
      this.process.on('message', (message: ChildMessage) => {
        if ('ready' in message) return resolveReady();
        const job = this.job;
        if (!job || job.id !== message.id) return;
        this.job = null;
        if (message.ok) {
          const pdf = Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength);
          job.resolve({ pdf, sha256: message.sha256, pageCount: message.pageCount });
        } else {
          job.reject(new PdfRenderError('error', `The renderer failed on this version (${message.name}: ${message.message})`));
        }
      });
      this.process.on('error', (error) => rejectReady(new PdfRenderError('crashed', `The render process could not start: ${error.message}`)));
      // 'close', not 'exit': stderr is fully read by then, and V8's heap-limit message is at its end.
      this.process.on('close', (code, signal) => {
        this.exited = true;
        const failure = this.exitFailure(code, signal);
        rejectReady(failure);
        const job = this.job;
        this.job = null;
        job?.reject(failure);
        onExit(this);
      });
    });
    this.ready.catch(() => undefined); // observed through render(); never an unhandled rejection
  }

  kill(): void {
    if (!this.exited) this.process.kill('SIGKILL');
  }

  /** An idle child must not keep its parent alive (a script, a test run): only a busy one holds the event loop. */
  hold(busy: boolean): void {
    const handles = [this.process, this.process.channel, this.process.stderr as unknown as { ref(): void; unref(): void } | null];
    for (const handle of handles) {
      if (busy) handle?.ref();
      else handle?.unref();
    }
  }

  private exitFailure(code: number | null, signal: NodeJS.Signals | null): PdfRenderError {
    if (/heap limit|heap out of memory|allocation failed/i.test(this.stderr)) return new PdfRenderError('memory', 'The render process ran out of memory.');
    return new PdfRenderError('crashed', `The render process stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}).`);
  }
}

/**
 * Renders plan PDFs in child processes with a wall-clock limit (the child is killed past it) and a V8 heap limit, so
 * a pathological document costs one child, never the worker: the worker's event loop stays free (it answers SIGTERM
 * at once), and its memory is not the render's. Children get no environment (no database URL, no secrets).
 *
 * From the build the child is dist/.../plan-pdf.child.js run by plain Node; from the TypeScript sources (jest,
 * scripts) it is the .ts file run through @swc-node/register (swc's transpile and tsconfig's paths: a child starts in
 * about a third of ts-node's CPU time).
 */
/** What the plan child (plan-pdf.child) renders: a plan, or a decision notice letter. */
export type PlanChildInput = PlanDocumentInput | { noticeLetter: NoticeLetterInput };

export class PlanPdfSandbox<Input = PlanChildInput> implements OnModuleDestroy {
  private readonly idle: RenderChild[] = [];
  private readonly all = new Set<RenderChild>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PlanPdfSandboxOptions) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** A decision notice letter, under the same limits as a plan (the plan child renders both). */
  renderNotice(this: PlanPdfSandbox<PlanChildInput>, input: NoticeLetterInput): Promise<RenderedPlan> {
    return this.render({ noticeLetter: input });
  }

  async render(input: Input): Promise<RenderedPlan> {
    if (this.closed) throw new PdfRenderError('shutdown', 'The worker is stopping; the document will be rendered by the next one.');
    const child = this.idle.pop() ?? this.spawn();
    child.hold(true);
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const rendered = await new Promise<RenderedPlan>((resolveJob, rejectJob) => {
        timer = setTimeout(() => {
          child.job = null;
          child.kill();
          rejectJob(new PdfRenderError('timeout', `Rendering took longer than ${formatMs(this.options.timeoutMs)}.`));
        }, this.options.timeoutMs);
        child.job = { id, resolve: resolveJob, reject: rejectJob };
        child.ready.then(
          () => {
            if (child.job?.id === id) child.process.send({ id, input });
          },
          (error: PdfRenderError) => {
            if (child.job?.id === id) child.job = null;
            rejectJob(error);
          },
        );
      });
      child.renders += 1;
      this.release(child);
      return rendered;
    } catch (error) {
      child.kill(); // whatever went wrong, this child is not reused
      throw this.closed && error instanceof PdfRenderError && error.kind !== 'shutdown' ? new PdfRenderError('shutdown', 'The worker stopped during the render.') : error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills every child: a render in flight fails with `shutdown` and the worker can stop without waiting for it. */
  close(): void {
    this.closed = true;
    for (const child of this.all) child.kill();
    this.idle.length = 0;
  }

  onModuleDestroy(): void {
    this.close();
  }

  private release(child: RenderChild): void {
    if (this.closed || child.exited || child.renders >= (this.options.rendersPerChild ?? 50) || this.idle.length >= (this.options.maxIdle ?? 2)) {
      child.kill();
      return;
    }
    child.hold(false);
    this.idle.push(child);
  }

  private spawn(): RenderChild {
    const child = new RenderChild(childEntry(this.options.maxMemoryMb, this.options.childModule ?? join(__dirname, 'plan-pdf.child')), (exited) => {
      this.all.delete(exited);
      const at = this.idle.indexOf(exited);
      if (at >= 0) this.idle.splice(at, 1);
    });
    this.all.add(child);
    return child;
  }
}

function childEntry(maxMemoryMb: number, childModule: string): { file: string; execArgv: string[]; env: NodeJS.ProcessEnv; cwd?: string } {
  const limits = [`--max-old-space-size=${maxMemoryMb}`];
  // An empty environment: the renderer needs none, and so it never sees DATABASE_URL, JWT_SECRET or mail keys.
  const env: NodeJS.ProcessEnv = {};
  if (__filename.endsWith('.ts')) {
    // Running from the sources: the repository root is four levels up from libs/plans/src/pdf.
    const root = resolve(__dirname, '../../../..');
    return {
      file: `${childModule}.ts`,
      execArgv: [...limits, '-r', require.resolve('@swc-node/register')],
      env: { SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
      cwd: root,
    };
  }
  return { file: `${childModule}.js`, execArgv: limits, env };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} seconds` : `${ms} ms`;
}
