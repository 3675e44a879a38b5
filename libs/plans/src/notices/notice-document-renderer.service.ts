import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { MetricsService } from '@app/observability';
import { DataSource } from 'typeorm';
import { NoticeDocument } from '../entities/notice-document.entity';
import { PlanDocumentStatus } from '../entities/plan-document.entity';
import { PdfRenderError, PlanPdfSandbox } from '../pdf/plan-pdf.sandbox';
import type { RenderOutcome } from '../pdf/plan-document-renderer.service';

/**
 * The worker's side of decision notice letters: renders a pending letter from its frozen content in the PDF sandbox
 * (the plan's child processes, time and memory limits) and stores it. Idempotent and counted like a plan document:
 * attempts are counted in PostgreSQL before each render, and a letter that keeps failing ends `failed`.
 */
@Injectable()
export class NoticeDocumentRendererService {
  private readonly logger = new Logger(NoticeDocumentRendererService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sandbox: PlanPdfSandbox,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  async render(id: string): Promise<RenderOutcome> {
    const document = await this.dataSource.manager.findOneBy(NoticeDocument, { id });
    if (!document) return 'missing';
    if (document.status === PlanDocumentStatus.Rendered) return 'already_rendered';
    if (document.status === PlanDocumentStatus.Failed) return 'failed';
    if (this.sandbox.isClosed) throw new PdfRenderError('shutdown', 'The worker is stopping; the letter will be rendered by the next one.');
    const maxAttempts = this.config.pdfRenderMaxAttempts;
    if (document.attempts >= maxAttempts) {
      await this.markFailed(id, 'abandoned', `Rendering did not finish in ${document.attempts} attempts: the worker stopped during it.`);
      return 'failed';
    }
    const counted = await this.dataSource.createQueryBuilder().update(NoticeDocument).set({ attempts: () => 'attempts + 1' }).where('id = :id', { id }).returning('attempts').execute();
    const attempts = (counted.raw as { attempts: number }[])[0].attempts;
    const started = Date.now();
    let rendered;
    try {
      rendered = await this.sandbox.renderNotice(document.input);
    } catch (error) {
      if (!(error instanceof PdfRenderError)) throw error;
      this.metrics?.pdfRenderDuration.observe({ outcome: error.kind }, (Date.now() - started) / 1000);
      if (error.kind === 'shutdown') {
        await this.dataSource.query('UPDATE notice_documents SET attempts = greatest(attempts - 1, 0) WHERE id = $1', [id]).catch(() => undefined);
        throw error;
      }
      if (attempts >= maxAttempts) {
        await this.markFailed(id, error.kind, `${error.message} (attempt ${attempts} of ${maxAttempts})`);
        this.logger.error({ noticeDocumentId: id, attempts, kind: error.kind }, 'notice letter given up after its last attempt');
        return 'failed';
      }
      await this.dataSource
        .createQueryBuilder()
        .update(NoticeDocument)
        .set({ failureKind: error.kind, failureReason: `${error.message} (attempt ${attempts} of ${maxAttempts})`.slice(0, 500) })
        .where('id = :id AND status = :pending', { id, pending: PlanDocumentStatus.Pending })
        .execute();
      throw error;
    }
    await this.dataSource
      .createQueryBuilder()
      .update(NoticeDocument)
      .set({ status: PlanDocumentStatus.Rendered, content: rendered.pdf, sha256: rendered.sha256, sizeBytes: rendered.pdf.length, pageCount: rendered.pageCount, renderedAt: () => 'now()', failureKind: null, failureReason: null })
      .where('id = :id AND status = :pending', { id, pending: PlanDocumentStatus.Pending })
      .execute();
    this.metrics?.pdfRenderDuration.observe({ outcome: 'rendered' }, (Date.now() - started) / 1000);
    this.logger.log({ noticeDocumentId: id, pages: rendered.pageCount, bytes: rendered.pdf.length, ms: Date.now() - started }, 'notice letter rendered');
    return 'rendered';
  }

  /** Letters still pending (oldest first), for the sweeper. */
  async pending(limit = 100): Promise<string[]> {
    const rows = await this.dataSource.manager.find(NoticeDocument, { select: { id: true }, where: { status: PlanDocumentStatus.Pending }, order: { createdAt: 'ASC' }, take: limit });
    return rows.map((r) => r.id);
  }

  private async markFailed(id: string, kind: string, reason: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(NoticeDocument)
      .set({ status: PlanDocumentStatus.Failed, failureKind: kind, failureReason: reason.slice(0, 500), failedAt: () => 'now()' })
      .where('id = :id AND status = :pending', { id, pending: PlanDocumentStatus.Pending })
      .execute();
  }
}
