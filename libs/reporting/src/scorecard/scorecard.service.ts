import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, NotFoundError, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { addDays, daysBetween, isAfter } from '@app/statutory-clock';
import { DataSource, In } from 'typeorm';
import { DisputesReportService } from '../disputes-report.service';
import { CommentaryDto, CreateCommentaryDto, ScorecardDto, ScorecardTargetDto, SetScorecardTargetDto } from '../dto/scorecard.dto';
import { ScorecardCommentary, ScorecardTarget } from '../entities/scorecard.entity';
import { ReportScope } from '../report-scope';
import { ReviewsReportService } from '../reviews-report.service';
import { TimelinessService } from '../timeliness.service';
import { measureOf, rag, SCORECARD_MEASURES, thresholdsAgree, trend } from './scorecard-rules';
import { TxHost } from '@app/database';

type Values = Record<string, number | null>;

/**
 * The LA's scorecard (docs/reports.md, "Scorecard"): each measure's value for the period from the same reports the
 * managers read, the previous period's for the trend, red/amber/green against the LA's target and amber threshold,
 * and the owners' commentaries (append-only: the history stays). One LA at a time: targets are an LA's own.
 */
@Injectable()
export class ScorecardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly audit: AuditService,
    private readonly timeliness: TimelinessService,
    private readonly reviews: ReviewsReportService,
    private readonly disputes: DisputesReportService,
  ) {}

  async scorecard(actor: Actor, scope: ReportScope & { kind: 'local_authority' }, from: string, to: string): Promise<ScorecardDto> {
    if (isAfter(from, to)) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    const previousTo = addDays(from, -1);
    const previousFrom = addDays(previousTo, -daysBetween(from, to));
    const [now, before, targets, commentaries] = await Promise.all([
      this.values(actor, scope, from, to),
      this.values(actor, scope, previousFrom, previousTo),
      this.targets(actor),
      this.latestCommentaries(actor.localAuthorityId),
    ]);
    const measures = SCORECARD_MEASURES.map((m) => {
      const t = targets.find((x) => x.measure === m.key) ?? null;
      const status = rag(m.direction, now[m.key], t);
      const commentary = commentaries.get(m.key) ?? null;
      const answered = commentary !== null && commentary.periodFrom === from && commentary.periodTo === to;
      return {
        measure: m.key,
        label: m.label,
        direction: m.direction,
        source: m.source,
        value: now[m.key],
        previousValue: before[m.key],
        trend: trend(m.direction, now[m.key], before[m.key]),
        target: t?.target ?? null,
        amber: t?.amber ?? null,
        rag: status,
        commentaryRequired: status === 'red' && !answered,
        commentary,
      };
    });
    await this.audit.recordRead(actor, { action: 'report.scorecard', entityType: 'report', entityId: null, metadata: { from, to } });
    return { from, to, previousFrom, previousTo, measures };
  }

  async targets(actor: Actor): Promise<ScorecardTargetDto[]> {
    const rows = await this.dataSource.getRepository(ScorecardTarget).find({ where: { localAuthorityId: actor.localAuthorityId }, order: { measure: 'ASC' } });
    return rows.map(toTargetDto);
  }

  /** Sets (or replaces) one measure's target: the same body twice leaves the same row. Audited with the change. */
  async setTarget(actor: Actor, measure: string, dto: SetScorecardTargetDto): Promise<ScorecardTargetDto> {
    const m = measureOf(measure);
    if (!m) throw new NotFoundError('scorecard measure', measure);
    if (!thresholdsAgree(m.direction, dto.target, dto.amber)) {
      throw new ValidationFailedError([{ field: 'amber', message: m.direction === 'higher_is_better' ? 'the amber threshold must be at or below the target (higher is better)' : 'the amber threshold must be at or above the target (lower is better)' }]);
    }
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const repo = manager.getRepository(ScorecardTarget);
      const existing = await repo.findOne({ where: { localAuthorityId: actor.localAuthorityId, measure }, lock: { mode: 'pessimistic_write' } });
      const before = existing ? { target: Number(existing.target), amber: Number(existing.amber) } : null;
      await manager.query(
        `INSERT INTO scorecard_targets (local_authority_id, measure, target, amber, updated_by_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (local_authority_id, measure) DO UPDATE SET target = EXCLUDED.target, amber = EXCLUDED.amber, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()`,
        [actor.localAuthorityId, measure, dto.target, dto.amber, actor.userId],
      );
      const saved = await repo.findOneByOrFail({ localAuthorityId: actor.localAuthorityId, measure });
      await this.audit.record(actor, {
        action: 'scorecard.target_set',
        entityType: 'scorecard_target',
        entityId: saved.id,
        changes: { target: { before: before?.target ?? null, after: dto.target }, amber: { before: before?.amber ?? null, after: dto.amber } },
        metadata: { measure },
      });
      return toTargetDto(saved);
    });
  }

  /**
   * Records an owner's commentary on a measure for a period, with the status the measure has now. A replay of the
   * same commentary (same measure, period, owner, action and date as the latest) returns that one instead of a copy.
   */
  async addCommentary(actor: Actor, scope: ReportScope & { kind: 'local_authority' }, dto: CreateCommentaryDto): Promise<{ commentary: CommentaryDto; created: boolean }> {
    if (isAfter(dto.periodFrom, dto.periodTo)) throw new ValidationFailedError([{ field: 'periodTo', message: 'periodTo must be on or after periodFrom' }]);
    const latest = (await this.latestCommentaries(actor.localAuthorityId)).get(dto.measure);
    if (latest && latest.periodFrom === dto.periodFrom && latest.periodTo === dto.periodTo && latest.owner === dto.owner && latest.action === dto.action && latest.dueOn === dto.dueOn) return { commentary: latest, created: false };
    const m = measureOf(dto.measure)!;
    const [values, targets] = await Promise.all([this.values(actor, scope, dto.periodFrom, dto.periodTo), this.targets(actor)]);
    const status = rag(m.direction, values[m.key], targets.find((t) => t.measure === m.key) ?? null);
    const saved = await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const row = await manager.getRepository(ScorecardCommentary).save(
        manager.getRepository(ScorecardCommentary).create({ localAuthorityId: actor.localAuthorityId, measure: dto.measure, periodFrom: dto.periodFrom, periodTo: dto.periodTo, ragAtTime: status, owner: dto.owner, action: dto.action, dueOn: dto.dueOn, createdById: actor.userId }),
      );
      await this.audit.record(actor, { action: 'scorecard.commentary_added', entityType: 'scorecard_commentary', entityId: row.id, metadata: { measure: dto.measure, periodFrom: dto.periodFrom, periodTo: dto.periodTo, rag: status } });
      return row;
    });
    return { commentary: toCommentaryDto(saved), created: true };
  }

  /** Every commentary of the LA (or on one measure), newest first: the history the board pack prints. */
  async commentaryHistory(actor: Actor, measure?: string): Promise<CommentaryDto[]> {
    const rows = await this.dataSource.getRepository(ScorecardCommentary).find({ where: { localAuthorityId: actor.localAuthorityId, ...(measure ? { measure } : {}) }, order: { createdAt: 'DESC' } });
    return rows.map(toCommentaryDto);
  }

  private async latestCommentaries(localAuthorityId: string): Promise<Map<string, CommentaryDto>> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT DISTINCT ON (measure) id FROM scorecard_commentaries WHERE local_authority_id = $1 ORDER BY measure, created_at DESC, id DESC`,
      [localAuthorityId],
    );
    if (rows.length === 0) return new Map();
    const full = await this.dataSource.getRepository(ScorecardCommentary).findBy({ id: In(rows.map((r) => r.id)) });
    return new Map(full.map((c) => [c.measure, toCommentaryDto(c)]));
  }

  /** Each measure's value for a period, read from the reports (their own reads are audited by them). */
  private async values(actor: Actor, scope: ReportScope, from: string, to: string): Promise<Values> {
    const [timeliness, reviews, appeals] = await Promise.all([
      this.timeliness.report(actor, scope, from, to),
      this.reviews.report(actor, scope, from, to, Number(to.slice(0, 4))),
      this.disputes.appeals(actor, scope, from, to),
    ]);
    return {
      timeliness_20_weeks_excl: timeliness.excludingExceptions.percentWithin20Weeks,
      timeliness_20_weeks: timeliness.percentWithin20Weeks,
      decisions_to_assess_6_weeks: timeliness.decisionsWithin6Weeks.percentOnTime,
      reviews_4_weeks_dfe: reviews.dfeReviewMeasure.percentWithin4Weeks,
      amended_plans_8_weeks: reviews.amendedPlans.percentWithin8Weeks,
      appeal_rate: appeals.appealRate,
    };
  }
}

function toTargetDto(t: ScorecardTarget): ScorecardTargetDto {
  return { measure: t.measure, target: Number(t.target), amber: Number(t.amber), updatedById: t.updatedById, updatedAt: t.updatedAt.toISOString() };
}

function toCommentaryDto(c: ScorecardCommentary): CommentaryDto {
  return { id: c.id, measure: c.measure, periodFrom: c.periodFrom, periodTo: c.periodTo, ragAtTime: c.ragAtTime, owner: c.owner, action: c.action, dueOn: c.dueOn, createdById: c.createdById, createdAt: c.createdAt.toISOString() };
}
