import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlanDocument, PlanDocumentStatus } from '../entities/plan-document.entity';
import { PlanVersion } from '../entities/plan-version.entity';
import { renderPlanPdf } from './plan-pdf.renderer';

/**
 * The worker's side: renders a pending plan document and stores it. Idempotent: a document already rendered is
 * left alone, and the same version always gives the same bytes, so a duplicate delivery changes nothing.
 */
@Injectable()
export class PlanDocumentRendererService {
  private readonly logger = new Logger(PlanDocumentRendererService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async render(planId: string, versionNumber: number): Promise<'rendered' | 'already_rendered' | 'missing'> {
    const document = await this.dataSource.manager.findOneBy(PlanDocument, { planId, versionNumber });
    if (!document) return 'missing';
    if (document.status === PlanDocumentStatus.Rendered) return 'already_rendered';
    const version = await this.dataSource.manager.findOneByOrFail(PlanVersion, { planId, number: versionNumber });
    const [{ name }] = await this.dataSource.query<{ name: string }[]>('SELECT name FROM local_authorities WHERE id = $1', [version.localAuthorityId]);
    await this.dataSource.query('UPDATE plan_documents SET attempts = attempts + 1 WHERE id = $1', [document.id]);
    const started = Date.now();
    const rendered = await renderPlanPdf({ localAuthorityName: name, child: version.child, version: { number: version.number, stage: version.stage, issuedOn: version.issuedOn }, sections: version.sections });
    // Only a pending row is written: a concurrent render of the same version produced the same bytes anyway.
    await this.dataSource
      .createQueryBuilder()
      .update(PlanDocument)
      .set({ status: PlanDocumentStatus.Rendered, content: rendered.pdf, sha256: rendered.sha256, sizeBytes: rendered.pdf.length, pageCount: rendered.pageCount, renderedAt: () => 'now()' })
      .where('id = :id AND status = :pending', { id: document.id, pending: PlanDocumentStatus.Pending })
      .execute();
    this.logger.log({ planId, versionNumber, pages: rendered.pageCount, bytes: rendered.pdf.length, ms: Date.now() - started }, 'plan document rendered');
    return 'rendered';
  }

  /** Plan documents still pending (oldest first), for the sweeper. */
  async pending(limit = 100): Promise<{ planId: string; versionNumber: number }[]> {
    const rows = await this.dataSource.manager.find(PlanDocument, { where: { status: PlanDocumentStatus.Pending }, order: { createdAt: 'ASC' }, take: limit });
    return rows.map((r) => ({ planId: r.planId, versionNumber: r.versionNumber }));
  }
}
