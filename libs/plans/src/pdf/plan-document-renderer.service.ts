import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { LocalAuthoritiesService } from '@app/identity';
import { MetricsService } from '@app/observability';
import { DataSource } from 'typeorm';
import { formatNoticeContact } from '@app/statutory-clock';
import { PlanDocument, PlanDocumentStatus } from '../entities/plan-document.entity';
import { PlanVersion } from '../entities/plan-version.entity';
import { Plan } from '../entities/plan.entity';
import { PdfRenderError, PlanPdfSandbox } from './plan-pdf.sandbox';

export type RenderOutcome = 'rendered' | 'already_rendered' | 'missing' | 'failed';

/**
 * The worker's side: renders a pending plan document in the sandbox (a child process with time and memory limits)
 * and stores it. Idempotent: a document already rendered is left alone, and the same version always gives the same
 * bytes, so a duplicate delivery changes nothing. Attempts are counted in PostgreSQL before each render, so a
 * document that keeps failing, or keeps killing its worker, is marked `failed` after PDF_RENDER_MAX_ATTEMPTS
 * instead of being retried and swept forever.
 */
@Injectable()
export class PlanDocumentRendererService {
  private readonly logger = new Logger(PlanDocumentRendererService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sandbox: PlanPdfSandbox,
    private readonly localAuthorities: LocalAuthoritiesService,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  async render(planId: string, versionNumber: number): Promise<RenderOutcome> {
    const document = await this.dataSource.manager.findOneBy(PlanDocument, { planId, versionNumber });
    if (!document) return 'missing';
    if (document.status === PlanDocumentStatus.Rendered) return 'already_rendered';
    if (document.status === PlanDocumentStatus.Failed) return 'failed';
    if (this.sandbox.isClosed) throw new PdfRenderError('shutdown', 'The worker is stopping; the document will be rendered by the next one.');
    const maxAttempts = this.config.pdfRenderMaxAttempts;
    if (document.attempts >= maxAttempts) {
      // Every attempt was counted before it started: one that never reported back took its worker down with it.
      await this.markFailed(document.id, 'abandoned', `Rendering did not finish in ${document.attempts} attempts: the worker stopped during it.`);
      this.logger.error({ planId, versionNumber, attempts: document.attempts }, 'plan document given up: earlier attempts never finished');
      return 'failed';
    }
    const version = await this.dataSource.manager.findOneByOrFail(PlanVersion, { planId, number: versionNumber });
    const name = await this.localAuthorities.nameOf(version.localAuthorityId);
    const contacts = await this.localAuthorities.noticeContactsOf(version.localAuthorityId);
    const plan = await this.dataSource.manager.findOneOrFail(Plan, { select: { id: true, nextReviewDueOn: true, caseReference: true }, where: { id: planId } });
    const counted = await this.dataSource.createQueryBuilder().update(PlanDocument).set({ attempts: () => 'attempts + 1' }).where('id = :id', { id: document.id }).returning('attempts').execute();
    const attempts = (counted.raw as { attempts: number }[])[0].attempts;
    const started = Date.now();
    let rendered;
    try {
      rendered = await this.sandbox.render({
        localAuthorityName: name,
        localAuthorityContact: contacts.localAuthority ? formatNoticeContact(contacts.localAuthority) : null,
        mediationAdviserContact: contacts.mediationAdviser ? formatNoticeContact(contacts.mediationAdviser) : null,
        informationAdviceSupportContact: contacts.informationAdviceSupport ? formatNoticeContact(contacts.informationAdviceSupport) : null,
        // A draft has no review date yet.
        nextReviewDueOn: version.stage === 'draft' ? null : plan.nextReviewDueOn,
        caseReference: plan.caseReference,
        child: version.child,
        version: { number: version.number, stage: version.stage, issuedOn: version.issuedOn },
        sections: version.sections,
      });
    } catch (error) {
      if (!(error instanceof PdfRenderError)) throw error;
      this.metrics?.pdfRenderDuration.observe({ outcome: error.kind }, (Date.now() - started) / 1000);
      if (error.kind === 'shutdown') {
        // Not the document's fault: give the attempt back (best effort, the pool may already be closing).
        await this.dataSource.query('UPDATE plan_documents SET attempts = greatest(attempts - 1, 0) WHERE id = $1', [document.id]).catch(() => undefined);
        throw error;
      }
      this.logger.warn({ planId, versionNumber, attempt: attempts, of: maxAttempts, kind: error.kind, ms: Date.now() - started, err: { message: error.message } }, 'plan document render failed');
      if (attempts >= maxAttempts) {
        await this.markFailed(document.id, error.kind, `${error.message} (attempt ${attempts} of ${maxAttempts})`);
        this.logger.error({ planId, versionNumber, attempts, kind: error.kind }, 'plan document given up after its last attempt');
        return 'failed'; // the job completes: nothing retries or sweeps a failed document
      }
      await this.dataSource
        .createQueryBuilder()
        .update(PlanDocument)
        .set({ failureKind: error.kind, failureReason: `${error.message} (attempt ${attempts} of ${maxAttempts})`.slice(0, 500) })
        .where('id = :id AND status = :pending', { id: document.id, pending: PlanDocumentStatus.Pending })
        .execute();
      throw error; // BullMQ retries with backoff
    }
    // Only a pending row is written: a concurrent render of the same version produced the same bytes anyway.
    await this.dataSource
      .createQueryBuilder()
      .update(PlanDocument)
      .set({ status: PlanDocumentStatus.Rendered, content: rendered.pdf, sha256: rendered.sha256, sizeBytes: rendered.pdf.length, pageCount: rendered.pageCount, renderedAt: () => 'now()', failureKind: null, failureReason: null })
      .where('id = :id AND status = :pending', { id: document.id, pending: PlanDocumentStatus.Pending })
      .execute();
    this.metrics?.pdfRenderDuration.observe({ outcome: 'rendered' }, (Date.now() - started) / 1000);
    this.logger.log({ planId, versionNumber, pages: rendered.pageCount, bytes: rendered.pdf.length, ms: Date.now() - started }, 'plan document rendered');
    return 'rendered';
  }

  /** Plan documents still pending (oldest first), for the sweeper. Failed ones are not: they stay failed. */
  async pending(limit = 100): Promise<{ planId: string; versionNumber: number }[]> {
    const rows = await this.dataSource.manager.find(PlanDocument, { where: { status: PlanDocumentStatus.Pending }, order: { createdAt: 'ASC' }, take: limit });
    return rows.map((r) => ({ planId: r.planId, versionNumber: r.versionNumber }));
  }

  private async markFailed(id: string, kind: string, reason: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(PlanDocument)
      .set({ status: PlanDocumentStatus.Failed, failureKind: kind, failureReason: reason.slice(0, 500), failedAt: () => 'now()' })
      .where('id = :id AND status = :pending', { id, pending: PlanDocumentStatus.Pending })
      .execute();
  }
}
