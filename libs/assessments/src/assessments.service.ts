import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, BindsPort, Clock, decodeCursor, DomainEvents, NotFoundError, Page, Role, StaleVersionError, toPage } from '@app/core';
import { DeadlinesService, DeadlineState } from '@app/deadlines';
import { AuditService, diffFields } from '@app/audit';
import { ChildrenService } from '@app/children';
import { LocalAuthoritiesService, OrganisationsService, UsersService } from '@app/identity';
import {
  AssessmentFacts,
  CLOSURE_GROUNDS,
  closurePeriod,
  ComputedDeadline,
  computeAssessmentDeadlines,
  DeadlineKind,
  earliestFinalPlanDate,
  exceptionsApply,
  ExceptionFact,
  DeadlineStatus,
  IsoDate,
  NoticeContacts,
} from '@app/statutory-clock';
import { leanRowMapper, TxHost } from '@app/database';
import { Brackets, DataSource, In, IsNull } from 'typeorm';
import { AdviceFacts, AdviceRequestSummary, AssessmentAdviceSource } from './assessment-advice.port';
import { applyCommand, AssessmentCommand, AssessmentSnapshot, checkClosureException, checkExceptionDates, checkRequestDate, checkSchoolConsultation, requireNotFuture, requireOnOrAfter } from './assessment-workflow';
import { CaseworkerNotEligibleError, ConsultationAlreadyAnsweredError } from './assessments.errors';
import { checkAdviceBeforeDraft } from './draft-advice';
import { AssessmentQueryDto, CreateAssessmentDto, RecordExceptionDto, SchoolConsultationDto, SchoolConsultationResponseDto } from './dto/assessment-commands.dto';
import { SchoolConsultation } from './entities/school-consultation.entity';
import { AssessmentException } from './entities/assessment-exception.entity';
import { Assessment, AssessmentStatus } from './entities/assessment.entity';

/** The assessment (in the caller's LA) with its exceptions and school consultations, oldest first, for the read. */
const VIEW_SQL = `
  SELECT a.*,
         COALESCE((SELECT json_agg(row_to_json(e) ORDER BY e.starts_on, e.created_at) FROM assessment_exceptions e WHERE e.assessment_id = a.id), '[]') AS view_exceptions,
         COALESCE((SELECT json_agg(row_to_json(c) ORDER BY c.consulted_on, c.created_at) FROM school_consultations c WHERE c.assessment_id = a.id), '[]') AS view_consultations
    FROM assessments a
   WHERE a.id = $1 AND a.local_authority_id = $2`;
/** Where a case with no open deadline sorts in the caseload order (after every real date; a valid cursor date). */
const NO_DEADLINE = '2199-12-31';
const DEFAULT_EXCEPTION_AFFECTS = [DeadlineKind.DecisionToAssess, DeadlineKind.NoPlanNotice, DeadlineKind.FinalPlan];
const SNAPSHOT_FIELDS = [
  'status',
  'requestReceivedOn',
  'decisionToAssess',
  'decisionToAssessOn',
  'decisionToAssessNotifiedOn',
  'decisionToIssue',
  'decisionToIssueOn',
  'decisionToIssueNotifiedOn',
  'draftIssuedOn',
  'draftServedOn',
  'representationsReceivedOn',
  'representationsMeetingRequested',
  'representationsSchoolRequested',
  'finalIssuedOn',
  'finalNotifiedOn',
  'withdrawnOn',
  'withdrawalReason',
  'reopenedByOrder',
  'reopenedOn',
  'reopenedAppealId',
] as const;
const AUDIT_ACTIONS: Record<AssessmentCommand['type'], string> = {
  decide_to_assess: 'assessment.decision_to_assess',
  decide_to_issue: 'assessment.decision_to_issue',
  issue_draft: 'assessment.draft_issued',
  record_representations: 'assessment.representations_recorded',
  issue_final: 'assessment.final_issued',
  withdraw: 'assessment.withdrawn',
  reopen_by_order: 'assessment.reopened_by_order',
};

/** An assessment with everything the API shows about it, deadlines computed as of today. */
export interface AssessmentView {
  assessment: Assessment;
  deadlines: ComputedDeadline[];
  exceptions: AssessmentException[];
  adviceRequests: AdviceRequestSummary[];
  earliestFinalPlanOn: IsoDate | null;
  schoolConsultations: SchoolConsultation[];
  /** The LA's notice contacts (Regs 32), read only when the case has a decision notice. */
  noticeContacts: NoticeContacts;
}

export interface AssessmentListItem {
  assessment: Assessment;
  finalPlanDueOn: IsoDate;
  nextDeadline: { kind: DeadlineKind; dueOn: IsoDate; status: DeadlineStatus } | null;
  overdueDeadlines: number;
  childName: string;
  childUpn: string | null;
}

/**
 * The EHC needs assessment: its status machine, decisions, exceptions and deadlines. Every command is one
 * transaction: lock, validate, change state, recompute and persist the deadlines, audit.
 */
@Injectable()
@BindsPort('reminders.case-reference.assessment')
export class AssessmentsService {
  private readonly logger = new Logger(AssessmentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly deadlines: DeadlinesService,
    private readonly children: ChildrenService,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly localAuthorities: LocalAuthoritiesService,
    private readonly events: DomainEvents,
  ) {}

  /** Port `reminders.case-reference.assessment`: the case reference of each case (for the emails about it). */
  async caseReferencesOf(ids: readonly string[]): Promise<Map<string, string>> {
    return this.referencesOf(ids);
  }

  /** The advice context answers for a case's advice (port `assessments.advice-source`, libs/core/src/events). */
  private get adviceSource(): AssessmentAdviceSource {
    return this.events.port('assessments.advice-source');
  }

  /**
   * The case references of these assessments (id -> EHC-2026-00042), for other contexts that show a case (advice
   * requests, notification emails): the assessments context owns the reference.
   */
  async referencesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const manager = this.txHost.tx;
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = (await manager.query(`SELECT id, reference FROM assessments WHERE id = ANY($1::uuid[])`, [unique])) as { id: string; reference: string }[];
    return new Map(rows.map((r) => [r.id, r.reference]));
  }

  /** The reference the database gave the case when its row was inserted (see the Assessment entity). */
  private async referenceOf(id: string): Promise<string> {
    const manager = this.txHost.tx;
    const [row] = (await manager.query(`SELECT reference FROM assessments WHERE id = $1`, [id])) as { reference: string }[];
    return row.reference;
  }

  async create(actor: Actor, dto: CreateAssessmentDto, options: { imported?: boolean } = {}): Promise<Assessment> {
    const work = async () => {
      const manager = this.txHost.tx;
      const child = await this.children.requireInLa(actor, dto.childId);
      checkRequestDate(dto.requestReceivedOn, this.clock.today(), child.dateOfBirth);
      const caseworkerId = dto.caseworkerId ?? (actor.role === Role.Caseworker || actor.role === Role.Manager ? actor.userId : null);
      if (dto.caseworkerId) await this.requireEligibleCaseworker(actor, dto.caseworkerId);
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
      assessment.reference = await this.referenceOf(assessment.id);
      await this.recompute(assessment);
      await manager.save(assessment);
      await this.audit.record(actor, {
        action: 'assessment.created',
        entityType: 'assessment',
        entityId: assessment.id,
        changes: diffFields(null, { ...assessment }, ['childId', 'requestReceivedOn', 'requestSource', 'caseworkerId', 'status']),
        metadata: { childId: child.id },
      });
      return assessment;
    };
    return this.txHost.withTransaction(() => work());
  }

  /**
   * The case of a plan transferred in from another LA (Regs 15(3)): the plan is treated as made here on its original date,
   * so no request, no 20-week clock and no deadlines of its own; it is `plan_issued` and `imported`. The plans context
   * attaches the plan in the same transaction (`attachTransferredPlan`).
   */
  async openTransferredCase(actor: Actor, childId: string, transferredOn: string): Promise<Assessment> {
    const manager = this.txHost.tx;
    const child = await this.children.requireInLa(actor, childId);
    const assessment = manager.create(Assessment, {
      id: randomUUID(),
      localAuthorityId: actor.localAuthorityId,
      childId: child.id,
      status: AssessmentStatus.PlanIssued,
      requestReceivedOn: transferredOn,
      requestSource: 'other' as Assessment['requestSource'],
      caseworkerId: actor.role === Role.Caseworker || actor.role === Role.Manager ? actor.userId : null,
      createdById: actor.userId,
      imported: true,
      exceptionsApply: false,
    });
    await manager.save(assessment);
    assessment.reference = await this.referenceOf(assessment.id);
    await this.audit.record(actor, { action: 'assessment.transferred_in', entityType: 'assessment', entityId: assessment.id, metadata: { childId: child.id, transferredOn } });
    return assessment;
  }

  /** The transferred plan of a case opened by `openTransferredCase`. */
  async attachTransferredPlan(assessmentId: string, planId: string): Promise<void> {
    const manager = this.txHost.tx;
    await manager.update(Assessment, { id: assessmentId, planId: IsNull() }, { planId });
  }

  /**
   * Runs one step of the workflow (decisions, draft, representations, final plan, withdrawal).
   * `imported`: a historic step entered from another system (case import), not judged by today's checks on advice
   * before a draft (Regs 6(1); draft-advice.ts).
   */
  async execute(actor: Actor, id: string, command: AssessmentCommand, options: { expectedVersion?: number; locked?: Assessment; imported?: boolean } = {}): Promise<Assessment> {
    // Inside the caller's transaction (an import line, an appeal's order): nothing commits here.
    const outer = this.txHost.isTransactionActive();
    const work = async () => {
      const manager = this.txHost.tx;
      // `locked`: the row the caller (in the same transaction) already locked in the caller's LA; not locked twice.
      const assessment = options.locked && outer && options.locked.id === id && options.locked.localAuthorityId === actor.localAuthorityId ? options.locked : await this.lockInLa(actor, id);
      if (options.expectedVersion !== undefined && options.expectedVersion !== assessment.version) {
        throw new StaleVersionError('assessment', options.expectedVersion, assessment.version);
      }
      const before = snapshotOf(assessment);
      const consultations = command.type === 'issue_final' ? await manager.find(SchoolConsultation, { where: { assessmentId: assessment.id } }) : [];
      Object.assign(assessment, applyCommand(before, command, this.clock.today(), { schoolConsultedOn: consultations.map((c) => c.consultedOn) }));
      // A draft needs the Regs 6(1)(a)-(e) advice sought or reused (Regs 6(4)), and goes out with advice outstanding
      // only when the caseworker confirms it; what it went out with is kept and audited.
      if (command.type === 'issue_draft') {
        assessment.draftAdvice = options.imported ? null : checkAdviceBeforeDraft((await this.adviceSource.adviceView(assessment.id)).summaries, command);
      }
      await this.events.emit('assessment.stepped', { actor, assessment, command });
      await this.recompute(assessment);
      await manager.save(assessment);
      await this.audit.record(actor, {
        action: AUDIT_ACTIONS[command.type],
        entityType: 'assessment',
        entityId: assessment.id,
        changes: diffFields({ ...before }, { ...snapshotOf(assessment) }, SNAPSHOT_FIELDS),
        metadata: { childId: assessment.childId, ...(command.type === 'issue_draft' && assessment.draftAdvice ? { draftAdvice: assessment.draftAdvice } : {}) },
      });
      return assessment;
    };
    const assessment = await this.txHost.withTransaction(() => work());
    // Inside an outer transaction (imports) nothing is committed yet: the handlers' sweepers pick the work up.
    if (!outer) {
      await this.events.emit('assessment.committed', { assessment, command }).catch((error: Error) => this.logger.warn(`after-commit work deferred to the sweeper: ${error.message}`));
    }
    return assessment;
  }

  /**
   * Records an exception (Regs 5(4), 10(4), 13(3)). Grounds (a)/(b) name the educational advice request made in the
   * window around a closure of 4+ weeks and are refused (422) otherwise; an import may still bring a historic closure
   * recorded under the old rule (no advice request), which keeps its effect and is listed for review.
   */
  async recordException(actor: Actor, id: string, dto: RecordExceptionDto, options: { imported?: boolean } = {}): Promise<AssessmentException> {
    const work = async () => {
      const m = this.txHost.tx;
      const assessment = await this.lockInLa(actor, id);
      const today = this.clock.today();
      let period: { startsOn: IsoDate; endsOn: IsoDate | null };
      let closure: { adviceRequestId: string; closureStartsOn: IsoDate; reopensOn: IsoDate } | null = null;
      let underOldRule = false;
      if (CLOSURE_GROUNDS.includes(dto.ground) && options.imported && !dto.adviceRequestId && dto.startsOn) {
        checkExceptionDates(dto.startsOn, dto.endsOn ?? null, today, dto.ground);
        period = { startsOn: dto.startsOn, endsOn: dto.endsOn ?? null };
        underOldRule = true;
      } else if (CLOSURE_GROUNDS.includes(dto.ground)) {
        const advice = await this.adviceSource.adviceFacts(assessment.id);
        const request = advice.requests.find((r) => r.id === dto.adviceRequestId);
        const facts = checkClosureException(dto, request ? { assessmentId: assessment.id, requestedOn: request.requestedOn, discipline: request.discipline } : null, assessment.id);
        closure = { adviceRequestId: dto.adviceRequestId!, closureStartsOn: facts.closureStartsOn, reopensOn: facts.reopensOn };
        period = closurePeriod(facts);
      } else {
        checkExceptionDates(dto.startsOn!, dto.endsOn ?? null, today, dto.ground);
        period = { startsOn: dto.startsOn!, endsOn: dto.endsOn ?? null };
      }
      const exception = m.create(AssessmentException, {
        assessmentId: assessment.id,
        localAuthorityId: assessment.localAuthorityId,
        ground: dto.ground,
        affects: dto.affects && dto.affects.length > 0 ? dto.affects : DEFAULT_EXCEPTION_AFFECTS,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        adviceRequestId: closure?.adviceRequestId ?? null,
        closureStartsOn: closure?.closureStartsOn ?? null,
        reopensOn: closure?.reopensOn ?? null,
        underOldRule,
        reason: dto.reason.trim(),
        evidence: dto.evidence ?? null,
        familyToldOn: dto.familyToldOn ?? null,
        recordedById: actor.userId,
      });
      await m.save(exception);
      const flagBefore = assessment.exceptionsApply;
      await this.recompute(assessment);
      await m.save(assessment);
      await this.audit.record(actor, {
        action: 'assessment.exception_recorded',
        entityType: 'assessment',
        entityId: assessment.id,
        changes: diffFields({ exceptionsApply: flagBefore }, { exceptionsApply: assessment.exceptionsApply }),
        metadata: {
          exceptionId: exception.id,
          ground: exception.ground,
          startsOn: exception.startsOn,
          endsOn: exception.endsOn,
          affects: exception.affects,
          adviceRequestId: exception.adviceRequestId,
          closureStartsOn: exception.closureStartsOn,
          reopensOn: exception.reopensOn,
          underOldRule,
          reason: exception.reason,
          childId: assessment.childId,
        },
      });
      return exception;
    };
    return this.txHost.withTransaction(() => work());
  }

  /** A school the family asked for, consulted before it is named (CFA s39); it should answer within 15 days (CoP 9.83). */
  async recordSchoolConsultation(actor: Actor, id: string, dto: SchoolConsultationDto): Promise<SchoolConsultation> {
    return this.txHost.withTransaction(async () => {
      const m = this.txHost.tx;
      const assessment = await this.lockInLa(actor, id);
      checkSchoolConsultation(snapshotOf(assessment), dto.consultedOn, this.clock.today());
      // Only one of this LA's own organisation records (404 for another LA's, or none).
      if (dto.organisationId) await this.organisations.get(actor, dto.organisationId);
      const consultation = m.create(SchoolConsultation, {
        assessmentId: assessment.id,
        localAuthorityId: assessment.localAuthorityId,
        schoolName: dto.schoolName.trim(),
        organisationId: dto.organisationId ?? null,
        consultedOn: dto.consultedOn,
        respondedOn: null,
        response: null,
        recordedById: actor.userId,
      });
      await m.save(consultation);
      await this.recompute(assessment);
      await m.save(assessment);
      await this.audit.record(actor, {
        action: 'assessment.school_consulted',
        entityType: 'assessment',
        entityId: assessment.id,
        metadata: { consultationId: consultation.id, schoolName: consultation.schoolName, consultedOn: consultation.consultedOn, childId: assessment.childId },
      });
      return consultation;
    });
  }

  async recordSchoolResponse(actor: Actor, id: string, consultationId: string, dto: SchoolConsultationResponseDto): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const m = this.txHost.tx;
      const assessment = await this.lockInLa(actor, id);
      const consultation = await m.findOneBy(SchoolConsultation, { id: consultationId, assessmentId: assessment.id });
      if (!consultation) throw new NotFoundError('school consultation', consultationId);
      if (consultation.respondedOn !== null) throw new ConsultationAlreadyAnsweredError(consultation.respondedOn);
      requireNotFuture('respondedOn', dto.respondedOn, this.clock.today());
      requireOnOrAfter('respondedOn', dto.respondedOn, 'the consultation', consultation.consultedOn);
      consultation.respondedOn = dto.respondedOn;
      consultation.response = dto.response;
      await m.save(consultation);
      await this.recompute(assessment);
      await m.save(assessment);
      await this.audit.record(actor, {
        action: 'assessment.school_responded',
        entityType: 'assessment',
        entityId: assessment.id,
        metadata: { consultationId, respondedOn: dto.respondedOn, response: dto.response, childId: assessment.childId },
      });
    });
  }

  async assignCaseworker(actor: Actor, id: string, caseworkerId: string): Promise<Assessment> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const assessment = await this.lockInLa(actor, id);
      await this.requireEligibleCaseworker(actor, caseworkerId);
      const before = assessment.caseworkerId;
      assessment.caseworkerId = caseworkerId;
      await this.recompute(assessment);
      await manager.save(assessment);
      await this.events.emit('assessment.caseworker-changed', { actor, assessment });
      await this.audit.record(actor, { action: 'assessment.caseworker_assigned', entityType: 'assessment', entityId: id, changes: diffFields({ caseworkerId: before }, { caseworkerId }), metadata: { childId: assessment.childId } });
      return assessment;
    });
  }

  /**
   * One assessment as the API shows it; the read is audited. Professionals see advice requests, not cases. The hot
   * read of a caseworker's day: the assessment with its exceptions in one query, the advice in another, the audit row.
   */
  async view(actor: Actor, id: string, options: { auditRead?: boolean } = {}): Promise<AssessmentView> {
    if (actor.role === Role.Professional) throw new NotFoundError('assessment', id);
    const [row] = await this.dataSource.query<(Record<string, unknown> & { view_exceptions: Record<string, unknown>[]; view_consultations: Record<string, unknown>[] })[]>(VIEW_SQL, [id, actor.localAuthorityId]);
    if (!row) throw new NotFoundError('assessment', id);
    const assessment = leanRowMapper(this.dataSource, Assessment)(row);
    const exceptions = row.view_exceptions.map(leanRowMapper(this.dataSource, AssessmentException));
    const schoolConsultations = row.view_consultations.map(leanRowMapper(this.dataSource, SchoolConsultation));
    const advice = await this.adviceSource.adviceView(id);
    const view: AssessmentView = {
      assessment,
      deadlines: computeAssessmentDeadlines(this.factsOf(assessment, exceptions, schoolConsultations, advice.facts), this.clock.today()),
      exceptions,
      adviceRequests: advice.summaries,
      earliestFinalPlanOn: assessment.draftIssuedOn ? earliestFinalPlanDate(assessment.draftIssuedOn, assessment.representationsReceivedOn, assessment.draftServedOn) : null,
      schoolConsultations,
      noticeContacts: assessment.decisionToAssess === 'refuse' || assessment.decisionToIssue === 'not_issue' || assessment.finalIssuedOn ? await this.localAuthorities.noticeContactsOf(actor.localAuthorityId) : {},
    };
    if (options.auditRead !== false) {
      await this.audit.recordRead(actor, { action: 'assessment.read', entityType: 'assessment', entityId: id, metadata: { childId: assessment.childId } });
    }
    return view;
  }

  /** For other contexts: the assessment if the caller's LA may see it (no audit: the caller audits). */
  async requireVisible(actor: Actor, id: string): Promise<Assessment> {
    return this.findInLa(actor, id);
  }

  async list(actor: Actor, query: AssessmentQueryDto): Promise<Page<AssessmentListItem>> {
    const limit = query.limit ?? 50;
    const today = this.clock.today();
    const byDeadline = query.sort === 'nextDeadline';
    const after = decodeCursor(query.cursor, byDeadline ? ['date', 'uuid'] : ['timestamp', 'uuid']);
    // The caseload order: soonest next open deadline first, cases with none open last (as if due on NO_DEADLINE).
    const nextDue = `COALESCE(${this.deadlines.nextOpenDueOnSql('a.id')}, '${NO_DEADLINE}'::date)`;
    const qb = this.dataSource
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .where('a.local_authority_id = :la', { la: actor.localAuthorityId })
      .limit(limit + 1);
    if (byDeadline) qb.addSelect(nextDue, 'next_due').orderBy('next_due', 'ASC').addOrderBy('a.id', 'ASC');
    else qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC');
    if (query.q) {
      const match = this.children.matchesSql('a.child_id', query.q);
      // The case reference too (EHC-2026-00042), typed in any case.
      qb.andWhere(new Brackets((w) => w.where(match.sql, match.parameters).orWhere('a.reference = :reference', { reference: query.q!.trim().toUpperCase() })));
    }
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.caseworkerId) qb.andWhere('a.caseworker_id = :caseworkerId', { caseworkerId: query.caseworkerId });
    if (query.childId) qb.andWhere('a.child_id = :childId', { childId: query.childId });
    // Only the LA's own duties can be overdue: not the family's 15 days, a school's answer, or the no-plan notice's
    // warning date (statutory-clock isChasedWhenOverdue).
    if (query.overdue !== undefined) {
      const overdue = this.deadlines.caseHasOpenChasedDeadline('a.id', { overdueOn: today }, 'od');
      qb.andWhere(query.overdue ? overdue.sql : `NOT ${overdue.sql}`, overdue.parameters);
    }
    if (query.exceptionsToReview === true) qb.andWhere('EXISTS (SELECT 1 FROM assessment_exceptions e WHERE e.assessment_id = a.id AND e.under_old_rule)');
    if (query.dueBefore) {
      const due = this.deadlines.caseHasOpenChasedDeadline('a.id', { dueOnOrBefore: query.dueBefore }, 'db');
      qb.andWhere(due.sql, due.parameters);
    }
    let page: Page<Assessment>;
    if (byDeadline) {
      if (after) qb.andWhere(`(${nextDue}, a.id) > (:afterDue::date, :afterId::uuid)`, { afterDue: after[0], afterId: after[1] });
      const { entities, raw } = await qb.getRawAndEntities<{ a_id: string; next_due: string }>();
      // PostgreSQL dates arrive as 'YYYY-MM-DD' strings (libs/database sets the parser).
      const dueById = new Map(raw.map((row) => [row.a_id, String(row.next_due).slice(0, 10)]));
      page = toPage(entities, limit, (a) => [dueById.get(a.id) ?? NO_DEADLINE, a.id]);
    } else {
      if (after) qb.andWhere(new Brackets((w) => w.where('(a.created_at, a.id) < (:afterAt::timestamptz, :afterId::uuid)', { afterAt: after[0], afterId: after[1] })));
      page = toPage(await qb.getMany(), limit, (a) => [a.createdAt.toISOString(), a.id]);
    }

    const ids = page.items.map((a) => a.id);
    const rows = await this.deadlines.forAssessments(ids, today);
    const children = new Map((await this.children.findByIds([...new Set(page.items.map((a) => a.childId))])).map((c) => [c.id, c]));
    const items = page.items.map((assessment) => {
      const child = children.get(assessment.childId);
      const own = rows.filter((row) => row.assessmentId === assessment.id);
      const open = own.filter((row) => row.state === DeadlineState.Open && row.kind !== DeadlineKind.DraftRepresentations);
      const next = open[0] ?? null;
      return {
        assessment,
        finalPlanDueOn: own.find((row) => row.kind === DeadlineKind.FinalPlan)?.dueOn ?? assessment.requestReceivedOn,
        nextDeadline: next ? { kind: next.kind, dueOn: next.dueOn, status: next.status } : null,
        overdueDeadlines: own.filter((row) => row.status === DeadlineStatus.Overdue).length,
        childName: child ? `${child.givenName} ${child.familyName}` : '',
        childUpn: child?.upn ?? null,
      };
    });
    await this.audit.recordRead(actor, { action: 'assessment.listed', entityType: 'assessment', entityId: null, metadata: { results: ids } });
    return { items, nextCursor: page.nextCursor };
  }

  /** For other contexts: the assessment if it is in the caller's LA, locked for the rest of their transaction. */
  lockForUpdate(actor: Actor, id: string): Promise<Assessment> {
    return this.lockInLa(actor, id);
  }

  /** For other contexts that established access another way (an adviser's request): the assessment, locked. */
  async lockById(id: string): Promise<Assessment> {
    const manager = this.txHost.tx;
    const assessment = await manager.getRepository(Assessment).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
    if (!assessment) throw new NotFoundError('assessment', id);
    return assessment;
  }

  /** The caseworker answering for each of these cases (null when unassigned), for other contexts' deadlines (reviews). */
  async caseworkersOf(ids: readonly string[]): Promise<Map<string, string | null>> {
    const manager = this.txHost.tx;
    if (ids.length === 0) return new Map();
    const rows = await manager.find(Assessment, { select: { id: true, caseworkerId: true }, where: { id: In([...ids]) } });
    return new Map(rows.map((a) => [a.id, a.caseworkerId]));
  }

  /** For other contexts (advice): recompute and persist deadlines after their facts changed. */
  async recomputeDeadlines(assessment: Assessment): Promise<void> {
    const manager = this.txHost.tx;
    await this.recompute(assessment);
    await manager.save(assessment);
  }

  /**
   * For the appeals context: a Tribunal order to assess or to make a plan (or the LA's concession) reopens the same
   * case, in the caller's transaction (Regs 44, 45). The refusal or the decision not to issue stays recorded; day 0
   * never moves; handlers of `assessment.stepped` (plans) react as to any other step. 409 when the case is not in the state the order undoes.
   */
  reopenByOrder(actor: Actor, assessment: Assessment, order: { kind: 'assess' | 'make_plan'; orderedOn: IsoDate; appealId: string }): Promise<Assessment> {
    // `assessment`: locked by the caller in this transaction (lockForUpdate); the command runs on it without a second lock.
    return this.execute(actor, assessment.id, { type: 'reopen_by_order', order: order.kind, orderedOn: order.orderedOn, appealId: order.appealId }, { locked: assessment });
  }

  /** For other contexts (families): the assessments of these children, oldest first, without tenancy or audit; the caller has established access. */
  ofChildren(childIds: readonly string[]): Promise<Assessment[]> {
    const manager = this.txHost.tx;
    if (childIds.length === 0) return Promise.resolve([]);
    return manager.find(Assessment, { where: { childId: In([...childIds]) }, order: { requestReceivedOn: 'ASC', createdAt: 'ASC' } });
  }

  /** For other contexts: an assessment by id without tenancy; the caller has established access. */
  findById(id: string): Promise<Assessment | null> {
    const manager = this.txHost.tx;
    return manager.findOneBy(Assessment, { id });
  }

  snapshot(assessment: Assessment): AssessmentSnapshot {
    return snapshotOf(assessment);
  }

  /** Recomputes the deadlines and the exceptions flag; the caller saves the assessment afterwards. */
  private async recompute(assessment: Assessment): Promise<void> {
    const manager = this.txHost.tx;
    const exceptions = await manager.find(AssessmentException, { where: { assessmentId: assessment.id } });
    const consultations = await manager.find(SchoolConsultation, { where: { assessmentId: assessment.id } });
    const facts = await this.factsFor(assessment, exceptions, consultations);
    const advice = await this.adviceSource.adviceFacts(assessment.id);
    assessment.exceptionsApply = exceptionsApply(facts);
    await this.deadlines.sync(
      {
        localAuthorityId: assessment.localAuthorityId,
        subjectType: 'assessment',
        subjectId: assessment.id,
        assessmentId: assessment.id,
        caseOwnerUserId: assessment.caseworkerId,
        adviceOwners: new Map(advice.requests.map((request) => [request.id, request.owner])),
      },
      computeAssessmentDeadlines(facts, this.clock.today()),
    );
  }

  private async factsFor(assessment: Assessment, exceptions: AssessmentException[], consultations: SchoolConsultation[]): Promise<AssessmentFacts> {
    return this.factsOf(assessment, exceptions, consultations, await this.adviceSource.adviceFacts(assessment.id));
  }

  private factsOf(assessment: Assessment, exceptions: AssessmentException[], consultations: SchoolConsultation[], advice: AdviceFacts): AssessmentFacts {
    const requestsById = new Map(advice.requests.map((r) => [r.id, r]));
    return {
      requestReceivedOn: assessment.requestReceivedOn,
      decisionToAssess:
        assessment.decisionToAssess && assessment.decisionToAssessOn ? { decision: assessment.decisionToAssess, decidedOn: assessment.decisionToAssessOn, notifiedOn: assessment.decisionToAssessNotifiedOn } : null,
      decisionToIssue:
        assessment.decisionToIssue && assessment.decisionToIssueOn ? { decision: assessment.decisionToIssue, decidedOn: assessment.decisionToIssueOn, notifiedOn: assessment.decisionToIssueNotifiedOn } : null,
      draftIssuedOn: assessment.draftIssuedOn ?? null,
      draftServedOn: assessment.draftServedOn ?? null,
      representationsReceivedOn: assessment.representationsReceivedOn ?? null,
      finalIssuedOn: assessment.finalIssuedOn ?? null,
      finalNotifiedOn: assessment.finalNotifiedOn ?? null,
      withdrawnOn: assessment.withdrawnOn ?? null,
      reopenedByOrder: assessment.reopenedByOrder && assessment.reopenedOn ? { kind: assessment.reopenedByOrder, orderedOn: assessment.reopenedOn } : null,
      adviceRequests: advice.requests.map(({ id, requestedOn, receivedOn, cancelledOn, binding }) => ({ id, requestedOn, receivedOn, cancelledOn, binding })),
      adviceExceptions: advice.exceptions,
      schoolConsultations: consultations.map((c) => ({ id: c.id, consultedOn: c.consultedOn, respondedOn: c.respondedOn })),
      exceptions: exceptions.map((e): ExceptionFact => {
        const request = e.adviceRequestId ? requestsById.get(e.adviceRequestId) : undefined;
        const closure =
          request && e.closureStartsOn && e.reopensOn ? { adviceRequestedOn: request.requestedOn, adviceDiscipline: request.discipline, closureStartsOn: e.closureStartsOn, reopensOn: e.reopensOn } : null;
        return { id: e.id, ground: e.ground, startsOn: e.startsOn, endsOn: e.endsOn, affects: e.affects, closure, underOldRule: e.underOldRule };
      }),
    };
  }

  private async findInLa(actor: Actor, id: string): Promise<Assessment> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('assessment', id);
    const assessment = await manager.findOneBy(Assessment, { id, localAuthorityId: actor.localAuthorityId });
    if (!assessment) throw new NotFoundError('assessment', id);
    return assessment;
  }

  private async lockInLa(actor: Actor, id: string): Promise<Assessment> {
    const manager = this.txHost.tx;
    const assessment = await manager
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id AND a.local_authority_id = :la', { id, la: actor.localAuthorityId })
      .getOne();
    if (!assessment || actor.role === Role.Professional) throw new NotFoundError('assessment', id);
    return assessment;
  }

  private async requireEligibleCaseworker(actor: Actor, userId: string): Promise<void> {
    const user = await this.users.requireInLa(actor, userId).catch(() => null);
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
    decisionToAssessNotifiedOn: assessment.decisionToAssessNotifiedOn,
    decisionToIssueNotifiedOn: assessment.decisionToIssueNotifiedOn,
    draftServedOn: assessment.draftServedOn,
    representationsMeetingRequested: assessment.representationsMeetingRequested,
    representationsSchoolRequested: assessment.representationsSchoolRequested,
    finalNotifiedOn: assessment.finalNotifiedOn,
    reopenedByOrder: assessment.reopenedByOrder,
    reopenedOn: assessment.reopenedOn,
    reopenedAppealId: assessment.reopenedAppealId,
  };
}

/** Kinds whose passing is never an overdue duty of the LA (statutory-clock isChasedWhenOverdue). */
