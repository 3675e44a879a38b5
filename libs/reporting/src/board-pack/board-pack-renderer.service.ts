import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { PdfRenderError, PlanPdfSandbox } from '@app/plans/pdf';
import { DataSource } from 'typeorm';
import { BoardPack } from '../entities/board-pack.entity';
import { BoardPackInput } from './board-pack.renderer';

/** The board pack's sandbox: the plans' PDF sandbox with the board pack's child module. */
export class BoardPackSandbox extends PlanPdfSandbox<BoardPackInput> {}

/**
 * The worker's side of board packs, as the plan documents': attempts counted in PostgreSQL before each render, the
 * render in a child process with time and memory limits, `failed` after PDF_RENDER_MAX_ATTEMPTS. Idempotent: a
 * rendered pack is left alone.
 */
@Injectable()
export class BoardPackRendererService {
  private readonly logger = new Logger(BoardPackRendererService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sandbox: BoardPackSandbox,
  ) {}

  async render(id: string): Promise<'rendered' | 'already_rendered' | 'missing' | 'failed'> {
    const pack = await this.dataSource.getRepository(BoardPack).findOneBy({ id });
    if (!pack) return 'missing';
    if (pack.status === 'rendered') return 'already_rendered';
    if (pack.status === 'failed') return 'failed';
    const max = this.config.pdfRenderMaxAttempts;
    if (pack.attempts >= max) {
      await this.fail(id, `Rendering did not finish in ${pack.attempts} attempts.`);
      return 'failed';
    }
    await this.dataSource.query(`UPDATE board_packs SET attempts = attempts + 1 WHERE id = $1`, [id]);
    const started = Date.now();
    try {
      const rendered = await this.sandbox.render(pack.input);
      await this.dataSource.query(
        `UPDATE board_packs SET status = 'rendered', content = $2, sha256 = $3, page_count = $4, rendered_at = now(), failure_reason = NULL WHERE id = $1 AND status = 'pending'`,
        [id, rendered.pdf, rendered.sha256, rendered.pageCount],
      );
      this.logger.log({ boardPackId: id, pages: rendered.pageCount, bytes: rendered.pdf.length, ms: Date.now() - started }, 'board pack rendered');
      return 'rendered';
    } catch (error) {
      if (!(error instanceof PdfRenderError)) throw error;
      if (error.kind === 'shutdown') {
        await this.dataSource.query(`UPDATE board_packs SET attempts = greatest(attempts - 1, 0) WHERE id = $1`, [id]).catch(() => undefined);
        throw error;
      }
      if (pack.attempts + 1 >= max) {
        await this.fail(id, `${error.message} (attempt ${pack.attempts + 1} of ${max})`);
        return 'failed';
      }
      throw error; // BullMQ retries with backoff
    }
  }

  /** Board packs still pending (oldest first), for the sweeper. Failed ones are not: they stay failed. */
  async pending(limit = 100): Promise<string[]> {
    const rows = await this.dataSource.getRepository(BoardPack).find({ select: { id: true }, where: { status: 'pending' }, order: { createdAt: 'ASC' }, take: limit });
    return rows.map((r) => r.id);
  }

  private async fail(id: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE board_packs SET status = 'failed', failure_reason = $2 WHERE id = $1 AND status = 'pending'`, [id, reason.slice(0, 500)]);
    this.logger.error({ boardPackId: id, reason }, 'board pack given up');
  }
}
