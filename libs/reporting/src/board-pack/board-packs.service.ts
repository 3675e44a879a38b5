import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, ConflictError, NotFoundError, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { isAfter } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { DashboardService } from '../dashboard.service';
import { BoardPackDto } from '../dto/board-pack.dto';
import { BoardPack } from '../entities/board-pack.entity';
import { ReportScope } from '../report-scope';
import { ScorecardService } from '../scorecard/scorecard.service';
import { BoardPackInput } from './board-pack.renderer';
import { BoardPacksQueue } from './board-packs.queue';
import { TxHost } from '@app/database';

const STAGES: Record<string, string> = {
  awaiting_decision: 'Awaiting a decision to assess',
  assessing: 'Assessing',
  drafting: 'Drafting the plan',
  draft_issued: 'Draft plan issued',
  plan_maintained: 'Plans maintained',
};
const DECISIONS: Record<string, string> = {
  refuse_to_assess: 'Refusal to assess',
  not_to_issue: 'Not to issue a plan',
  plan_contents: 'Plan contents',
  refuse_to_reassess: 'Refusal to re-assess',
  not_to_amend: 'Not to amend',
  cease: 'To cease the plan',
};
/** A pack still pending this long after it was asked for has lost its job (Redis flushed): reading it enqueues it again. */
const REENQUEUE_AFTER_MS = 60_000;

/**
 * Board packs (docs/reports.md, "Board pack"): a manager asks for one for a period; the scorecard, the dashboard's
 * figures and the owners' commentary for that period are read now (each read audited by its report) and frozen in
 * the row; the worker renders them to a tagged PDF (BoardPackRendererService, the plans' PDF sandbox). One LA's
 * own: another LA's pack is a 404.
 */
@Injectable()
export class BoardPacksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly scorecards: ScorecardService,
    private readonly dashboards: DashboardService,
    private readonly queue: BoardPacksQueue,
  ) {}

  async request(actor: Actor, scope: ReportScope & { kind: 'local_authority' }, from: string, to: string): Promise<BoardPackDto> {
    if (isAfter(from, to)) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    const input = await this.inputFor(actor, scope, from, to);
    const saved = await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const row = await manager.getRepository(BoardPack).save(manager.getRepository(BoardPack).create({ localAuthorityId: actor.localAuthorityId, periodFrom: from, periodTo: to, status: 'pending', input, requestedById: actor.userId }));
      await this.audit.record(actor, { action: 'report.board_pack_requested', entityType: 'board_pack', entityId: row.id, metadata: { from, to } });
      return row;
    });
    await this.queue.enqueue(saved.id);
    return toDto(saved);
  }

  async get(actor: Actor, id: string): Promise<BoardPackDto> {
    const pack = await this.find(actor, id);
    await this.reenqueueIfLost(pack);
    return toDto(pack);
  }

  /** The LA's latest packs, newest first. */
  async list(actor: Actor): Promise<BoardPackDto[]> {
    const rows = await this.dataSource.getRepository(BoardPack).find({ where: { localAuthorityId: actor.localAuthorityId }, order: { createdAt: 'DESC' }, take: 20 });
    return rows.map(toDto);
  }

  /** The PDF once rendered (audited as a read); pending: null (the caller answers 202); failed: 409. */
  async pdf(actor: Actor, id: string): Promise<{ pack: BoardPack; content: Buffer | null }> {
    const pack = await this.find(actor, id);
    if (pack.status === 'failed') throw new ConflictError('pdf_render_failed', `The board pack could not be rendered: ${pack.failureReason ?? 'the worker gave up'}. Ask for it again.`);
    if (pack.status !== 'rendered') {
      await this.reenqueueIfLost(pack);
      return { pack, content: null };
    }
    const row = await this.dataSource.getRepository(BoardPack).createQueryBuilder('b').addSelect('b.content').where('b.id = :id', { id: pack.id }).getOneOrFail();
    await this.audit.recordRead(actor, { action: 'report.board_pack_downloaded', entityType: 'board_pack', entityId: pack.id, metadata: { from: pack.periodFrom, to: pack.periodTo } });
    return { pack, content: row.content };
  }

  private async find(actor: Actor, id: string): Promise<BoardPack> {
    const pack = await this.dataSource.getRepository(BoardPack).findOneBy({ id, localAuthorityId: actor.localAuthorityId });
    if (!pack) throw new NotFoundError('board pack', id);
    return pack;
  }

  private async reenqueueIfLost(pack: BoardPack): Promise<void> {
    if (pack.status === 'pending' && Date.now() - pack.createdAt.getTime() > REENQUEUE_AFTER_MS) await this.queue.enqueue(pack.id);
  }

  /** What the pack prints, read through the same services as the scorecard and the dashboard pages. */
  private async inputFor(actor: Actor, scope: ReportScope & { kind: 'local_authority' }, from: string, to: string): Promise<BoardPackInput> {
    const [card, d, history, la] = await Promise.all([
      this.scorecards.scorecard(actor, scope, from, to),
      this.dashboards.dashboard(actor, scope, { from, to }),
      this.scorecards.commentaryHistory(actor),
      this.dataSource.query<{ name: string }[]>(`SELECT name FROM local_authorities WHERE id = $1`, [actor.localAuthorityId]),
    ]);
    const labels = Object.fromEntries(card.measures.map((m) => [m.measure, m.label]));
    return {
      localAuthorityName: la[0]?.name ?? '',
      from,
      to,
      previousFrom: card.previousFrom,
      previousTo: card.previousTo,
      preparedOn: this.clock.today(),
      measures: card.measures.map((m) => ({ label: m.label, value: m.value, previousValue: m.previousValue, trend: m.trend, target: m.target, amber: m.amber, rag: m.rag, direction: m.direction })),
      timeliness: d.timeliness.months.map((m) => ({ month: m.month, plansIssued: m.plansIssued, percent: m.percentWithin20Weeks, percentExcludingExceptions: m.excludingExceptions.percentWithin20Weeks })),
      caseload: d.caseloadByStage.map((s) => ({ label: STAGES[s.stage] ?? s.stage, count: s.count })),
      adviceLate: d.adviceLateByProvider.map((a) => ({ label: a.name, overdueNow: a.overdueNow })),
      appeals: d.appeals.byDecision.map((a) => ({ label: DECISIONS[a.decision] ?? a.decision, lodged: a.lodged })),
      appealRate: d.appeals.appealRate,
      appealableDecisions: d.appeals.appealableDecisions,
      ceased: d.ceasedPlansByReason.map((c) => ({ label: c.label, plans: c.plans })),
      reviews: { due: d.reviews.due, held: d.reviews.held, decided: d.reviews.decided, decidedWithin4Weeks: d.reviews.decidedWithin4Weeks, overdue: d.reviews.overdue, dfePercentWithin4Weeks: d.reviews.dfePercentWithin4Weeks },
      // The commentary written for this period (its period overlaps the pack's), newest first.
      commentary: history
        .filter((c) => !isAfter(c.periodFrom, to) && !isAfter(from, c.periodTo))
        .map((c) => ({ measure: labels[c.measure] ?? c.measure, periodFrom: c.periodFrom, periodTo: c.periodTo, ragAtTime: c.ragAtTime, owner: c.owner, action: c.action, dueOn: c.dueOn, createdAt: c.createdAt })),
    };
  }
}

export function toDto(p: BoardPack): BoardPackDto {
  return {
    id: p.id,
    from: p.periodFrom,
    to: p.periodTo,
    status: p.status,
    pageCount: p.pageCount,
    sha256: p.sha256,
    failureReason: p.status === 'failed' ? p.failureReason : null,
    requestedById: p.requestedById,
    createdAt: p.createdAt.toISOString(),
    renderedAt: p.renderedAt ? p.renderedAt.toISOString() : null,
    pdfUrl: `/api/v1/reports/board-packs/${p.id}/pdf`,
  };
}
