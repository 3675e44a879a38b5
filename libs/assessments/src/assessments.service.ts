import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, decodeCursor, NotFoundError, Page, Role, StaleVersionError, toPage } from '@app/core';
import { AuditService, diffFields } from '@app/audit';
import { ChildrenService } from '@app/children';
import { UsersService } from '@app/identity';
import {
  AssessmentFacts,
  ComputedDeadline,
  computeAssessmentDeadlines,
  DeadlineKind,
  earliestFinalPlanDate,
  exceptionsApply,
  ExceptionFact,
  IsoDate,
} from '@app/statutory-clock';
import { inTransaction, leanRowMapper } from '@app/database';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AdviceFacts, AdviceRequestSummary, AssessmentAdviceSource, NO_ADVICE } from './assessment-advice.port';
import { applyCommand, AssessmentCommand, AssessmentSnapshot, checkExceptionDates, checkRequestDate } from './assessment-workflow';
import { CaseworkerNotEligibleError } from './assessments.errors';
import { DeadlinesService } from './deadlines.service';
import { AssessmentQueryDto, CreateAssessmentDto, RecordExceptionDto } from './dto/assessment-commands.dto';
import { AssessmentException } from './entities/assessment-exception.entity';
import { Assessment, AssessmentStatus } from './entities/assessment.entity';
import { Deadline, DeadlineState } from './entities/deadline.entity';

/** The assessment (in the caller's LA) with its exceptions, oldest first, for the read. */
const VIEW_SQL = `
  SELECT a.*,
         COALESCE((SELECT json_agg(row_to_json(e) ORDER BY e.starts_on, e.created_at) FROM assessment_exceptions e WHERE e.assessment_id = a.id), '[]') AS view_exceptions
    FROM assessments a
   WHERE a.id = $1 AND a.local_authority_id = $2`;
const DEFAULT_EXCEPTION_AFFECTS = [DeadlineKind.DecisionToAssess, DeadlineKind.NoPlanNotice, DeadlineKind.FinalPlan];
const SNAPSHOT_FIELDS = ['status', 'requestReceivedOn', 'decisionToAssess', 'decisionToAssessOn', 'decisionToIssue', 'decisionToIssueOn', 'draftIssuedOn', 'representationsReceivedOn', 'finalIssuedOn', 'withdrawnOn', 'withdrawalReason'] as const;
const AUDIT_ACTIONS: Record<AssessmentCommand['type'], string> = {
  decide_to_assess: 'assessment.decision_to_assess',
  decide_to_issue: 'assessment.decision_to_issue',
  issue_draft: 'assessment.draft_issued',
  record_representations: 'assessment.representations_recorded',
  issue_final: 'assessment.final_issued',
  withdraw: 'assessment.withdrawn',
};

/** An assessment with everything the API shows about it, deadlines computed as of today. */
export interface AssessmentView {
  assessment: Assessment;
  deadlines: ComputedDeadline[];
  exceptions: AssessmentException[];
  adviceRequests: AdviceRequestSummary[];
  earliestFinalPlanOn: IsoDate | null;
}

export interface AssessmentListItem {
  assessment: Assessment;
  finalPlanDueOn: IsoDate;
  nextDeadline: { kind: DeadlineKind; dueOn: IsoDate } | null;
  overdueDeadlines: number;
}

/** Hooks run inside a command's transaction after the assessment changed (plans react to a decision to issue). */
/**
 * Another context that must act on a step of the assessment (plans: a plan from the decision to issue, frozen
 * versions at draft and final). `onAssessmentChanged` runs inside the command's transaction and may refuse it;
 * `afterCommit` runs once it committed (enqueue work; failures there are recovered by the owner's sweeper).
 */
export interface AssessmentChangeListener {
  onAssessmentChanged(manager: EntityManager, actor: Actor, assessment: Assessment, command: AssessmentCommand): Promise<void>;
  afterCommit?(assessment: Assessment, command: AssessmentCommand): Promise<void>;
}

/**
 * The EHC needs assessment: its status machine, decisions, exceptions and deadlines. Every command is one
 * transaction: lock, validate, change state, recompute and persist the deadlines, audit.
 */
@Injectable()
export class AssessmentsService {
  private adviceSource: AssessmentAdviceSource = NO_ADVICE;
  private readonly listeners: AssessmentChangeListener[] = [];
  private readonly logger = new Logger(AssessmentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deadlines: DeadlinesService,
    private readonly children: ChildrenService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  registerAdviceSource(source: AssessmentAdviceSource): void {
    this.adviceSource = source;
  }

  registerChangeListener(listener: AssessmentChangeListener): void {
    this.listeners.push(listener);
  }

  async create(actor: Actor, dto: CreateAssessmentDto, options: { imported?: boolean; manager?: EntityManager } = {}): Promise<Assessment> {
    const work = async (manager: EntityManager) => {
      const child = await this.children.requireInLa(actor, dto.childId, manager);
      checkRequestDate(dto.requestReceivedOn, this.clock.today(), child.dateOfBirth);
      const caseworkerId = dto.caseworkerId ?? (actor.role === Role.Caseworker || actor.role === Role.Manager ? actor.userId : null);
      if (dto.caseworkerId) await this.requireEligibleCaseworker(manager, actor, dto.caseworkerId);
      const assessment = manager.create(Assessment, {
        id: randomUUID(),
        localAuthorityId: actor.localAuthorityId,
        childId: child.id,
        status: AssessmentStatus.AwaitingDecision,
        requestReceivedOn: dto.requestReceivedOn,
        requestSource: dto.requestSource,
        caseworkerId,
        createdById: actor.userId,
        imported: options.imported ?? false,
        exceptionsApply: false,
      });
      // Insert first: the deadlines reference the assessment. A new assessment has no exceptions, so recomputing
      // leaves the row unchanged and the second save writes nothing (the version stays 1).
      await manager.save(assessment);
      await this.recompute(manager, assessment);
      await manager.save(assessment);
      await this.audit.record(manager, actor, {
        action: 'assessment.created',
        entityType: 'assessment',
        entityId: assessment.id,
        changes: diffFields(null, { ...assessment }, ['childId', 'requestReceivedOn', 'requestSource', 'caseworkerId', 'status']),
        metadata: { childId: child.id },
      });
      return assessment;
    };
    return inTransaction(this.dataSource, options.manager, work);
  }

  /** Runs one step of the workflow (decisions, draft, representations, final plan, withdrawal). */
  async execute(actor: Actor, id: string, command: AssessmentCommand, options: { expectedVersion?: number; manager?: EntityManager } = {}): Promise<Assessment> {
    const work = async (manager: EntityManager) => {
      const assessment = await this.lockInLa(manager, actor, id);
      if (options.expectedVersion !== undefined && options.expectedVersion !== assessment.version) {
        throw new StaleVersionError('assessment', options.expectedVersion, assessment.version);
      }
      const before = snapshotOf(assessment);
      Object.assign(assessment, applyCommand(before, command, this.clock.today()));
      for (const listener of this.listeners) await listener.onAssessmentChanged(manager, actor, assessment, command);
      await this.recompute(manager, assessment);
      await manager.save(assessment);
      await this.audit.record(manager, actor, {
        action: AUDIT_ACTIONS[command.type],
        entityType: 'assessment',
        entityId: assessment.id,
        changes: diffFields({ ...before }, { ...snapshotOf(assessment) }, SNAPSHOT_FIELDS),
        metadata: { childId: assessment.childId },
      });
      return assessment;
    };
    const assessment = await inTransaction(this.dataSource, options.manager, work);
    // Inside an outer transaction (imports) nothing is committed yet: the listeners' sweepers pick the work up.
    if (!options.manager) {
      for (const listener of this.listeners) {
        await listener.afterCommit?.(assessment, command).catch((error: Error) => this.logger.warn(`after-commit work deferred to the sweeper: ${error.message}`));
      }
    }
    return assessment;
  }

  async recordException(actor: Actor, id: string, dto: RecordExceptionDto, manager?: EntityManager): Promise<AssessmentException> {
    const work = async (m: EntityManager) => {
      const assessment = await this.lockInLa(m, actor, id);
      checkExceptionDates(dto.startsOn, dto.endsOn ?? null, this.clock.today(), dto.ground);
      const exception = m.create(AssessmentException, {
        assessmentId: assessment.id,
        localAuthorityId: assessment.localAuthorityId,
        ground: dto.ground,
        affects: dto.affects && dto.affects.length > 0 ? dto.affects : DEFAULT_EXCEPTION_AFFECTS,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn ?? null,
        reason: dto.reason.trim(),
        evidence: dto.evidence ?? null,
        familyToldOn: dto.familyToldOn ?? null,
        recordedById: actor.userId,
      });
      await m.save(exception);
      const flagBefore = assessment.exceptionsApply;
      await this.recompute(m, assessment);
      await m.save(assessment);
      await this.audit.record(m, actor, {
        action: 'assessment.exception_recorded',
        entityType: 'assessment',
        entityId: assessment.id,
        changes: diffFields({ exceptionsApply: flagBefore }, { exceptionsApply: assessment.exceptionsApply }),
        metadata: { exceptionId: exception.id, ground: exception.ground, startsOn: exception.startsOn, endsOn: exception.endsOn, affects: exception.affects, reason: exception.reason, childId: assessment.childId },
      });
      return exception;
    };
    return inTransaction(this.dataSource, manager, work);
  }

  async assignCaseworker(actor: Actor, id: string, caseworkerId: string): Promise<Assessment> {
    return this.dataSource.transaction(async (manager) => {
      const assessment = await this.lockInLa(manager, actor, id);
      await this.requireEligibleCaseworker(manager, actor, caseworkerId);
      const before = assessment.caseworkerId;
      assessment.caseworkerId = caseworkerId;
      await this.recompute(manager, assessment);
      await manager.save(assessment);
      await this.audit.record(manager, actor, { action: 'assessment.caseworker_assigned', entityType: 'assessment', entityId: id, changes: diffFields({ caseworkerId: before }, { caseworkerId }), metadata: { childId: assessment.childId } });
      return assessment;
    });
  }

  /**
   * One assessment as the API shows it; the read is audited. Professionals see advice requests, not cases. The hot
   * read of a caseworker's day: the assessment with its exceptions in one query, the advice in another, the audit row.
   */
  async view(actor: Actor, id: string, options: { auditRead?: boolean } = {}): Promise<AssessmentView> {
    if (actor.role === Role.Professional) throw new NotFoundError('assessment', id);
    const [row] = await this.dataSource.query<(Record<string, unknown> & { view_exceptions: Record<string, unknown>[] })[]>(VIEW_SQL, [id, actor.localAuthorityId]);
    if (!row) throw new NotFoundError('assessment', id);
    const assessment = leanRowMapper(this.dataSource, Assessment)(row);
    const exceptions = row.view_exceptions.map(leanRowMapper(this.dataSource, AssessmentException));
    const advice = await this.adviceSource.adviceView(this.dataSource.manager, id);
    const view: AssessmentView = {
      assessment,
      deadlines: computeAssessmentDeadlines(this.factsOf(assessment, exceptions, advice.facts), this.clock.today()),
      exceptions,
      adviceRequests: advice.summaries,
      earliestFinalPlanOn: assessment.draftIssuedOn ? earliestFinalPlanDate(assessment.draftIssuedOn, assessment.representationsReceivedOn) : null,
    };
    if (options.auditRead !== false) {
      await this.audit.recordRead(actor, { action: 'assessment.read', entityType: 'assessment', entityId: id, metadata: { childId: assessment.childId } });
    }
    return view;
  }

  /** For other contexts: the assessment if the caller's LA may see it (no audit: the caller audits). */
  async requireVisible(actor: Actor, id: string, manager: EntityManager = this.dataSource.manager): Promise<Assessment> {
    return this.findInLa(manager, actor, id);
  }

  async list(actor: Actor, query: AssessmentQueryDto): Promise<Page<AssessmentListItem>> {
    const limit = query.limit ?? 50;
    const today = this.clock.today();
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const qb = this.dataSource
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .where('a.local_authority_id = :la', { la: actor.localAuthorityId })
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1);
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.caseworkerId) qb.andWhere('a.caseworker_id = :caseworkerId', { caseworkerId: query.caseworkerId });
    if (query.childId) qb.andWhere('a.child_id = :childId', { childId: query.childId });
    // The family's 15 days on a draft are never "overdue" (statutory-clock: draft_representations).
    const openLaDeadline = `d.assessment_id = a.id AND d.state = 'open' AND d.kind <> '${DeadlineKind.DraftRepresentations}'`;
    if (query.overdue === true) qb.andWhere(`EXISTS (SELECT 1 FROM deadlines d WHERE ${openLaDeadline} AND d.due_on < :today)`, { today });
    if (query.overdue === false) qb.andWhere(`NOT EXISTS (SELECT 1 FROM deadlines d WHERE ${openLaDeadline} AND d.due_on < :today)`, { today });
    if (query.dueBefore) qb.andWhere(`EXISTS (SELECT 1 FROM deadlines d WHERE ${openLaDeadline} AND d.due_on <= :dueBefore)`, { dueBefore: query.dueBefore });
    if (after) qb.andWhere(new Brackets((w) => w.where('(a.created_at, a.id) < (:afterAt::timestamptz, :afterId::uuid)', { afterAt: after[0], afterId: after[1] })));
    const page = toPage(await qb.getMany(), limit, (a) => [a.createdAt.toISOString(), a.id]);

    const ids = page.items.map((a) => a.id);
    const rows = ids.length === 0 ? [] : await this.dataSource.getRepository(Deadline).createQueryBuilder('d').where('d.assessment_id IN (:...ids)', { ids }).orderBy('d.due_on', 'ASC').getMany();
    const items = page.items.map((assessment) => {
      const own = rows.filter((row) => row.assessmentId === assessment.id);
      const open = own.filter((row) => row.state === DeadlineState.Open && row.kind !== DeadlineKind.DraftRepresentations);
      const next = open[0] ?? null;
      return {
        assessment,
        finalPlanDueOn: own.find((row) => row.kind === DeadlineKind.FinalPlan)?.dueOn ?? assessment.requestReceivedOn,
        nextDeadline: next ? { kind: next.kind, dueOn: next.dueOn } : null,
        overdueDeadlines: open.filter((row) => row.dueOn < today).length,
      };
    });
    await this.audit.recordRead(actor, { action: 'assessment.listed', entityType: 'assessment', entityId: null, metadata: { results: ids } });
    return { items, nextCursor: page.nextCursor };
  }

  /** For other contexts: the assessment if it is in the caller's LA, locked for the rest of their transaction. */
  lockForUpdate(manager: EntityManager, actor: Actor, id: string): Promise<Assessment> {
    return this.lockInLa(manager, actor, id);
  }

  /** For other contexts that established access another way (an adviser's request): the assessment, locked. */
  async lockById(manager: EntityManager, id: string): Promise<Assessment> {
    const assessment = await manager.getRepository(Assessment).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
    if (!assessment) throw new NotFoundError('assessment', id);
    return assessment;
  }

  /** For other contexts (advice): recompute and persist deadlines after their facts changed. */
  async recomputeDeadlines(manager: EntityManager, assessment: Assessment): Promise<void> {
    await this.recompute(manager, assessment);
    await manager.save(assessment);
  }

  /** For other contexts: an assessment by id without tenancy; the caller has established access. */
  findById(manager: EntityManager, id: string): Promise<Assessment | null> {
    return manager.findOneBy(Assessment, { id });
  }

  snapshot(assessment: Assessment): AssessmentSnapshot {
    return snapshotOf(assessment);
  }

  /** Recomputes the deadlines and the exceptions flag; the caller saves the assessment afterwards. */
  private async recompute(manager: EntityManager, assessment: Assessment): Promise<void> {
    const exceptions = await manager.find(AssessmentException, { where: { assessmentId: assessment.id } });
    const facts = await this.factsFor(manager, assessment, exceptions);
    const advice = await this.adviceSource.adviceFacts(manager, assessment.id);
    assessment.exceptionsApply = exceptionsApply(facts);
    await this.deadlines.sync(
      manager,
      {
        localAuthorityId: assessment.localAuthorityId,
        subjectType: 'assessment',
        subjectId: assessment.id,
        assessmentId: assessment.id,
        caseworkerId: assessment.caseworkerId,
        adviceOwners: new Map(advice.requests.map((request) => [request.id, request.owner])),
      },
      computeAssessmentDeadlines(facts, this.clock.today()),
    );
  }

  private async factsFor(manager: EntityManager, assessment: Assessment, exceptions: AssessmentException[]): Promise<AssessmentFacts> {
    return this.factsOf(assessment, exceptions, await this.adviceSource.adviceFacts(manager, assessment.id));
  }

  private factsOf(assessment: Assessment, exceptions: AssessmentException[], advice: AdviceFacts): AssessmentFacts {
    return {
      requestReceivedOn: assessment.requestReceivedOn,
      decisionToAssess: assessment.decisionToAssess && assessment.decisionToAssessOn ? { decision: assessment.decisionToAssess, decidedOn: assessment.decisionToAssessOn } : null,
      decisionToIssue: assessment.decisionToIssue && assessment.decisionToIssueOn ? { decision: assessment.decisionToIssue, decidedOn: assessment.decisionToIssueOn } : null,
      draftIssuedOn: assessment.draftIssuedOn ?? null,
      representationsReceivedOn: assessment.representationsReceivedOn ?? null,
      finalIssuedOn: assessment.finalIssuedOn ?? null,
      withdrawnOn: assessment.withdrawnOn ?? null,
      adviceRequests: advice.requests.map(({ id, requestedOn, receivedOn, cancelledOn }) => ({ id, requestedOn, receivedOn, cancelledOn })),
      adviceExceptions: advice.exceptions,
      exceptions: exceptions.map((e): ExceptionFact => ({ id: e.id, ground: e.ground, startsOn: e.startsOn, endsOn: e.endsOn, affects: e.affects })),
    };
  }

  private async findInLa(manager: EntityManager, actor: Actor, id: string): Promise<Assessment> {
    if (actor.role === Role.Professional) throw new NotFoundError('assessment', id);
    const assessment = await manager.findOneBy(Assessment, { id, localAuthorityId: actor.localAuthorityId });
    if (!assessment) throw new NotFoundError('assessment', id);
    return assessment;
  }

  private async lockInLa(manager: EntityManager, actor: Actor, id: string): Promise<Assessment> {
    const assessment = await manager
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id AND a.local_authority_id = :la', { id, la: actor.localAuthorityId })
      .getOne();
    if (!assessment || actor.role === Role.Professional) throw new NotFoundError('assessment', id);
    return assessment;
  }

  private async requireEligibleCaseworker(manager: EntityManager, actor: Actor, userId: string): Promise<void> {
    const user = await this.users.requireInLa(actor, userId, manager).catch(() => null);
    if (!user || !user.active || (user.role !== Role.Caseworker && user.role !== Role.Manager)) throw new CaseworkerNotEligibleError();
  }
}

function snapshotOf(assessment: Assessment): AssessmentSnapshot {
  return {
    status: assessment.status,
    requestReceivedOn: assessment.requestReceivedOn,
    decisionToAssess: assessment.decisionToAssess,
    decisionToAssessOn: assessment.decisionToAssessOn,
    decisionToIssue: assessment.decisionToIssue,
    decisionToIssueOn: assessment.decisionToIssueOn,
    draftIssuedOn: assessment.draftIssuedOn,
    representationsReceivedOn: assessment.representationsReceivedOn,
    finalIssuedOn: assessment.finalIssuedOn,
    withdrawnOn: assessment.withdrawnOn,
    withdrawalReason: assessment.withdrawalReason,
  };
}
