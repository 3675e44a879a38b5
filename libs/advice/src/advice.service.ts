import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, admittedBy, BindsPort, Clock, decodeCursor, DomainEventMap, ForbiddenError, memberOf, NotFoundError, OnDomainEvent, Page, Role, toPage } from '@app/core';
import { AuditService } from '@app/audit';
import { AdviceFacts, AdviceRequestSummary, AssessmentAdviceSource, AssessmentsService, checkAdviceRequest, OPEN_STATUSES } from '@app/assessments';
import { ChildrenService } from '@app/children';
import { DeadlinesService } from '@app/deadlines';
import { OrganisationsService, UsersService } from '@app/identity';
import { leanRowMapper, TxHost } from '@app/database';
import { NotificationKind, NotificationsService } from '@app/reminders';
import { Brackets, DataSource, In, IsNull } from 'typeorm';
import { AdviceAlreadySubmittedError, AdviceExceptionPeriodError, AdviceNotReceivedError, AdviceRequestClosedError, AdviceRequestNotOpenError, AssigneeNotMemberError, AssigneeNotProfessionalError } from './advice.errors';
import { requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { AdviceExceptionGround, adviceBinding, daysBetween, isBefore, maxDate } from '@app/statutory-clock';
import { AdviceRequestQueryDto, AdviceSummaryRowDto, CreateAdviceRequestDto, OUTSTANDING, RecordAdviceExceptionDto, ReuseAdviceDto, SubmitAdviceDto } from './dto/advice.dto';
import { AdviceAttachment } from './entities/advice-attachment.entity';
import { AdviceException } from './entities/advice-exception.entity';
import { AdviceRequest, AdviceRequestStatus, OUTSTANDING_ADVICE_STATUSES } from './entities/advice-request.entity';
import { AdviceSubmission } from './entities/advice-submission.entity';

interface AdviceViewRow {
  id: string;
  discipline: string;
  requested_on: string;
  status: AdviceRequestStatus;
  received_on: string | null;
  cancelled_on: string | null;
  assignee_user_id: string | null;
  assignee_organisation_id: string | null;
  exceptions: { id: string; ground: AdviceExceptionGround; startsOn: string; endsOn: string }[] | null;
}

/** An assessment's advice requests, oldest first, each with its exceptions: the assessment read's one advice query. */
const ADVICE_VIEW_SQL = `
  SELECT r.id, r.discipline, r.requested_on, r.status, r.received_on, r.cancelled_on, r.assignee_user_id, r.assignee_organisation_id,
         (SELECT json_agg(json_build_object('id', e.id, 'ground', e.ground, 'startsOn', e.starts_on, 'endsOn', e.ends_on) ORDER BY e.starts_on, e.id)
            FROM advice_exceptions e WHERE e.advice_request_id = r.id) AS exceptions
    FROM advice_requests r
   WHERE r.assessment_id = $1
   ORDER BY r.requested_on, r.id`;

interface DescribeRow {
  id: string;
  latest_submission: Record<string, unknown> | null;
  exceptions: Record<string, unknown>[];
  attachments: Record<string, unknown>[];
}

/** For each request id: its latest submission, its exceptions (by start) and its files' metadata (never the bytes). */
const DESCRIBE_SQL = `
  SELECT r.id,
         (SELECT row_to_json(s) FROM advice_submissions s WHERE s.advice_request_id = r.id ORDER BY s.version DESC LIMIT 1) AS latest_submission,
         COALESCE((SELECT json_agg(row_to_json(e) ORDER BY e.starts_on, e.id) FROM advice_exceptions e WHERE e.advice_request_id = r.id), '[]') AS exceptions,
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'advice_request_id', a.advice_request_id, 'local_authority_id', a.local_authority_id,
                     'submission_version', a.submission_version, 'file_name', a.file_name, 'media_type', a.media_type, 'size_bytes', a.size_bytes,
                     'sha256', a.sha256, 'uploaded_by_id', a.uploaded_by_id, 'created_at', a.created_at) ORDER BY a.created_at, a.id)
                     FROM advice_attachments a WHERE a.advice_request_id = r.id), '[]') AS attachments
    FROM unnest($1::uuid[]) AS r(id)`;

export interface AdviceRequestView {
  request: AdviceRequest;
  /** Its case's reference (EHC-2026-00042). */
  caseReference: string;
  child: { givenName: string; familyName: string; dateOfBirth: string; settingName: string | null };
  latestSubmission: AdviceSubmission | null;
  exceptions: AdviceException[];
  attachments: AdviceAttachment[];
}

/**
 * Advice requests and submissions. Professionals reach a case only through a request addressed to them or to their
 * organisation; everyone else works within their own local authority.
 */
@Injectable()
@BindsPort('assessments.advice-source')
@BindsPort('reminders.case-reference.advice-request')
export class AdviceService implements AssessmentAdviceSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly assessments: AssessmentsService,
    private readonly children: ChildrenService,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** Port `reminders.case-reference.advice-request`: the case reference of each advice request (for the emails about it). */
  async caseReferencesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const manager = this.txHost.tx;
    const requests = await manager.findBy(AdviceRequest, { id: In([...ids]) });
    const references = await this.assessments.referencesOf(requests.map((r) => r.assessmentId));
    return new Map(requests.filter((r) => references.has(r.assessmentId)).map((r) => [r.id, references.get(r.assessmentId)!]));
  }

  /**
   * Requests still owed when the final plan is issued (requested, or returned for more) are closed: cancelled on the
   * plan's day with the reason, so they leave the professionals' inboxes and their deadlines end (issue 24, point 13).
   * Runs inside the final plan's transaction, before the case's deadlines are recomputed.
   */
  @OnDomainEvent('assessment.stepped')
  async onAssessmentStepped({ actor, assessment, command }: DomainEventMap['assessment.stepped']): Promise<void> {
    const manager = this.txHost.tx;
    if (command.type !== 'issue_final') return;
    const open = await manager.find(AdviceRequest, { where: OUTSTANDING_ADVICE_STATUSES.map((status) => ({ assessmentId: assessment.id, status })) });
    const reason = `Closed when the final EHC plan was issued on ${command.issuedOn}: the advice was still outstanding.`;
    for (const request of open) {
      await manager.update(AdviceRequest, { id: request.id }, { status: AdviceRequestStatus.Cancelled, cancelledOn: command.issuedOn, cancellationReason: reason });
      await this.audit.record(actor, { action: 'advice_request.cancelled', entityType: 'advice_request', entityId: request.id, changes: { status: { before: request.status, after: AdviceRequestStatus.Cancelled } }, metadata: { assessmentId: assessment.id, childId: assessment.childId, reason } });
    }
  }

  /**
   * An LA withdrew a professional's last admission: its outstanding requests naming them can no longer reach them, so
   * the name comes off (an organisation named with it stays, for its other members), the advice deadline's owner and
   * reminders follow, and the caseworker is told to address it again. In the revocation's transaction.
   */
  @OnDomainEvent('identity.admission-withdrawn')
  async onAdmissionWithdrawn({ actor, ...withdrawn }: DomainEventMap['identity.admission-withdrawn']): Promise<void> {
    const manager = this.txHost.tx;
    const requests = await manager
      .getRepository(AdviceRequest)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.local_authority_id = :la AND r.assignee_user_id = :userId AND r.status IN (:...outstanding)', { la: withdrawn.localAuthorityId, userId: withdrawn.userId, outstanding: OUTSTANDING_ADVICE_STATUSES })
      .orderBy('r.id')
      .getMany();
    for (const request of requests) {
      const assessment = await this.assessments.lockById(request.assessmentId);
      request.assigneeUserId = null;
      await manager.save(request);
      await this.assessments.recomputeDeadlines(assessment);
      await this.notifications.notify({
        localAuthorityId: request.localAuthorityId,
        recipientUserId: assessment.caseworkerId,
        recipientOrganisationId: null,
        kind: NotificationKind.AdviceUnassigned,
        subjectType: 'advice_request',
        subjectId: request.id,
        dedupeKey: `advice:${request.id}:unassigned:${withdrawn.userId}:${this.clock.now().toISOString()}`,
      });
      await this.audit.record(actor, {
        action: 'advice.unassigned',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: { assessmentId: request.assessmentId, childId: request.childId, formerAssigneeUserId: withdrawn.userId, because: 'admission_withdrawn' },
      });
    }
  }

  async request(actor: Actor, assessmentId: string, dto: CreateAdviceRequestDto): Promise<AdviceRequest> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const assessment = await this.assessments.lockForUpdate(actor, assessmentId);
      checkAdviceRequest(this.assessments.snapshot(assessment), dto.requestedOn, this.clock.today());
      const assignee = await this.resolveAssignee(actor, dto);
      const request = manager.create(AdviceRequest, {
        localAuthorityId: assessment.localAuthorityId,
        assessmentId: assessment.id,
        childId: assessment.childId,
        discipline: dto.discipline,
        requestedOn: dto.requestedOn,
        assigneeUserId: assignee.userId,
        assigneeOrganisationId: assignee.organisationId,
        question: dto.question?.trim() || null,
        status: AdviceRequestStatus.Requested,
        createdById: actor.userId,
      });
      await manager.save(request);
      await this.assessments.recomputeDeadlines(assessment);
      // The adviser (or their organisation's shared inbox) hears of it in the same transaction.
      await this.notifications.notify({
        localAuthorityId: request.localAuthorityId,
        recipientUserId: request.assigneeUserId,
        recipientOrganisationId: request.assigneeOrganisationId,
        kind: NotificationKind.AdviceRequested,
        subjectType: 'advice_request',
        subjectId: request.id,
        dedupeKey: `advice:${request.id}:requested`,
      });
      await this.audit.record(actor, {
        action: 'advice.requested',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: { assessmentId: assessment.id, childId: assessment.childId, discipline: request.discipline, requestedOn: request.requestedOn, assigneeUserId: request.assigneeUserId, assigneeOrganisationId: request.assigneeOrganisationId },
      });
      return request;
    });
  }

  /** The adviser's submission: advice received today (Europe/London), completing the advice deadline. */
  async submit(actor: Actor, requestId: string, dto: SubmitAdviceDto): Promise<AdviceRequestView> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const request = await manager.getRepository(AdviceRequest).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id: requestId }).getOne();
      if (!request || !this.isAddressedTo(actor, request)) throw new NotFoundError('advice request', requestId);
      const assessment = await this.assessments.lockById(request.assessmentId);
      if (request.status === AdviceRequestStatus.Cancelled) throw new AdviceRequestClosedError('it was cancelled');
      if (request.status === AdviceRequestStatus.Reused) throw new AdviceRequestClosedError('existing advice was reused instead');
      if (!OPEN_STATUSES.includes(assessment.status)) throw new AdviceRequestClosedError(`the assessment is ${assessment.status}`);
      const previous = await manager.count(AdviceSubmission, { where: { adviceRequestId: request.id } });
      if (previous > 0 && !dto.correctionReason) throw new AdviceAlreadySubmittedError();
      const today = this.clock.today();
      const submission = manager.create(AdviceSubmission, {
        adviceRequestId: request.id,
        localAuthorityId: request.localAuthorityId,
        version: previous + 1,
        summary: dto.summary,
        needs: dto.needs.map((n) => ({ ...n })),
        outcomes: dto.outcomes.map((o) => ({ ...o })),
        provision: dto.provision.map((p) => ({ ...p })),
        correctionReason: previous > 0 ? (dto.correctionReason ?? null) : null,
        submittedById: actor.userId,
        submittedOn: today,
      });
      await manager.save(submission);
      // Files uploaded since the last submission become part of this version, and frozen with it.
      await manager.update(AdviceAttachment, { adviceRequestId: request.id, submissionVersion: IsNull() }, { submissionVersion: submission.version });
      // The assessment's caseworker hears that advice (or a correction) came in.
      await this.notifications.notify({
        localAuthorityId: request.localAuthorityId,
        recipientUserId: assessment.caseworkerId,
        recipientOrganisationId: null,
        kind: NotificationKind.AdviceReceived,
        subjectType: 'advice_request',
        subjectId: request.id,
        dedupeKey: `advice:${request.id}:received:v${submission.version}`,
      });
      if (request.status === AdviceRequestStatus.Requested) {
        request.status = AdviceRequestStatus.Received;
        request.receivedOn = today;
        await manager.save(request);
        await this.assessments.recomputeDeadlines(assessment);
      } else if (request.status !== AdviceRequestStatus.Received) {
        // A correction after a return (or after acceptance) goes back to the caseworker for review. The deadline
        // stays completed on the first receipt: the adviser did answer within (or after) their 6 weeks.
        request.status = AdviceRequestStatus.Received;
        request.acceptedOn = null;
        await manager.save(request);
      }
      await this.audit.record(this.actingFor(actor, request), {
        action: previous > 0 ? 'advice.corrected' : 'advice.submitted',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: { assessmentId: request.assessmentId, childId: request.childId, discipline: request.discipline, receivedOn: request.receivedOn, submissionVersion: submission.version, correctionReason: submission.correctionReason },
      });
    });
    return this.get(actor, requestId, { auditRead: false });
  }

  /**
   * Advice that arrived outside the system (post, email from an unregistered adviser): the caseworker records the
   * day it was received, which completes the advice deadline.
   */
  async markReceived(actor: Actor, requestId: string, receivedOn: string): Promise<AdviceRequestView | null> {
    // Inside an outer transaction (an import line) the caller reads what it needs once that commits.
    const outer = this.txHost.isTransactionActive();
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const request = await manager.getRepository(AdviceRequest).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id AND r.local_authority_id = :la', { id: requestId, la: actor.localAuthorityId }).getOne();
      if (!request || actor.role === Role.Professional) throw new NotFoundError('advice request', requestId);
      const assessment = await this.assessments.lockForUpdate(actor, request.assessmentId);
      if (request.status !== AdviceRequestStatus.Requested) throw new AdviceRequestNotOpenError(request.status);
      if (!OPEN_STATUSES.includes(assessment.status)) throw new AdviceRequestClosedError(`the assessment is ${assessment.status}`);
      requireNotFuture('receivedOn', receivedOn, this.clock.today());
      requireOnOrAfter('receivedOn', receivedOn, 'the advice request', request.requestedOn);
      request.status = AdviceRequestStatus.Received;
      request.receivedOn = receivedOn;
      await manager.save(request);
      await this.assessments.recomputeDeadlines(assessment);
      await this.audit.record(actor, {
        action: 'advice.submitted',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: { assessmentId: request.assessmentId, childId: request.childId, discipline: request.discipline, receivedOn, recordedByCaseworker: true },
      });
    });
    return outer ? null : this.get(actor, requestId, { auditRead: false });
  }

  /** The caseworker accepts received advice: it becomes material for the plan (sections B to H and the K list). */
  async accept(actor: Actor, requestId: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const request = await this.lockInLa(actor, requestId);
      if (request.status !== AdviceRequestStatus.Received) throw new AdviceNotReceivedError(request.status);
      request.status = AdviceRequestStatus.Accepted;
      request.acceptedOn = this.clock.today();
      request.reviewedById = actor.userId;
      await manager.save(request);
      await this.audit.record(actor, { action: 'advice.accepted', entityType: 'advice_request', entityId: request.id, metadata: { assessmentId: request.assessmentId, childId: request.childId } });
    });
  }

  /** The caseworker returns received advice with a reason; the adviser answers with a corrected version. */
  async returnToAdviser(actor: Actor, requestId: string, reason: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const request = await this.lockInLa(actor, requestId);
      if (request.status !== AdviceRequestStatus.Received) throw new AdviceNotReceivedError(request.status);
      request.status = AdviceRequestStatus.Returned;
      request.returnedOn = this.clock.today();
      request.returnReason = reason.trim();
      request.reviewedById = actor.userId;
      await manager.save(request);
      await this.audit.record(actor, { action: 'advice.returned', entityType: 'advice_request', entityId: request.id, metadata: { assessmentId: request.assessmentId, childId: request.childId, reason: request.returnReason } });
    });
  }

  /**
   * An exception to the adviser's 6 weeks (Regs 8(2)), recorded by the caseworker or by the adviser. The due date
   * stays; the deadline gains a management target.
   */
  async recordException(actor: Actor, requestId: string, dto: RecordAdviceExceptionDto): Promise<AdviceException> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const request = await this.requireVisible(actor, requestId, true);
      if (!this.mayContribute(actor, request)) throw new ForbiddenError('Only the adviser or a caseworker records an exception to the advice deadline.');
      const assessment = await this.assessments.lockById(request.assessmentId);
      const today = this.clock.today();
      requireNotFuture('startsOn', dto.startsOn, today);
      requireOnOrAfter('startsOn', dto.startsOn, 'the advice request', request.requestedOn);
      if (dto.endsOn && isBefore(dto.endsOn, dto.startsOn)) throw new AdviceExceptionPeriodError('endsOn is before startsOn');
      if (dto.ground === AdviceExceptionGround.AbsenceFromArea && dto.endsOn && daysBetween(dto.startsOn, dto.endsOn) + 1 < 28) {
        throw new AdviceExceptionPeriodError('an absence counts only when it lasts at least 4 continuous weeks (28 days)');
      }
      const exception = manager.create(AdviceException, {
        adviceRequestId: request.id,
        localAuthorityId: request.localAuthorityId,
        ground: dto.ground,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn ?? null,
        reason: dto.reason.trim(),
        recordedById: actor.userId,
      });
      await manager.save(exception);
      await this.assessments.recomputeDeadlines(assessment);
      await this.audit.record(this.actingFor(actor, request), {
        action: 'advice.exception_recorded',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: { assessmentId: request.assessmentId, childId: request.childId, exceptionId: exception.id, ground: exception.ground, startsOn: exception.startsOn, endsOn: exception.endsOn },
      });
      return exception;
    });
  }

  /**
   * "Tell us once" (Regs 6(4)): existing advice is used instead of asking again, once the adviser, the LA and the
   * family have all agreed it is sufficient. Recorded as advice received on the last of the three agreements, with
   * no 6-week deadline of its own.
   */
  async reuse(actor: Actor, assessmentId: string, dto: ReuseAdviceDto): Promise<AdviceRequest> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const assessment = await this.assessments.lockForUpdate(actor, assessmentId);
      const agreedOn = maxDate(dto.adviserAgreedOn, dto.localAuthorityAgreedOn, dto.familyAgreedOn);
      checkAdviceRequest(this.assessments.snapshot(assessment), agreedOn, this.clock.today());
      const request = manager.create(AdviceRequest, {
        localAuthorityId: assessment.localAuthorityId,
        assessmentId: assessment.id,
        childId: assessment.childId,
        discipline: dto.discipline,
        requestedOn: agreedOn,
        receivedOn: agreedOn,
        status: AdviceRequestStatus.Reused,
        reusedAdvice: dto.reusedAdvice.trim(),
        adviserAgreedOn: dto.adviserAgreedOn,
        localAuthorityAgreedOn: dto.localAuthorityAgreedOn,
        familyAgreedOn: dto.familyAgreedOn,
        adviserName: dto.adviserName?.trim() || null,
        familyAgreedBy: dto.familyAgreedBy?.trim() || null,
        createdById: actor.userId,
      });
      await manager.save(request);
      await this.audit.record(actor, {
        action: 'advice.reused',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: {
          assessmentId: assessment.id,
          childId: assessment.childId,
          discipline: request.discipline,
          adviserAgreedOn: dto.adviserAgreedOn,
          localAuthorityAgreedOn: dto.localAuthorityAgreedOn,
          familyAgreedOn: dto.familyAgreedOn,
          adviserName: request.adviserName,
          familyAgreedBy: request.familyAgreedBy,
        },
      });
      return request;
    });
  }

  /** Outstanding, overdue and received advice across the LA's caseload, by discipline or by provider organisation. */
  async summary(actor: Actor, groupBy: 'discipline' | 'organisation'): Promise<AdviceSummaryRowDto[]> {
    const key = groupBy === 'discipline' ? 'r.discipline' : 'r.assignee_organisation_id::text';
    const rows = await this.dataSource.query<Record<string, string | null>[]>(
      `SELECT ${key} AS key,
              count(*) FILTER (WHERE r.status = ANY($2)) AS outstanding,
              count(*) FILTER (WHERE r.status = ANY($2) AND d.due_on < $3) AS overdue,
              count(*) FILTER (WHERE r.status = ANY($2) AND d.due_on < $3 AND d.statutory) AS overdue_duty,
              count(*) FILTER (WHERE r.status = ANY($2) AND d.due_on < $3 AND NOT d.statutory) AS overdue_expectation,
              count(*) FILTER (WHERE r.status = ANY($2) AND d.due_on >= $3 AND d.due_on <= ($3::date + 7)) AS due_within_7_days,
              count(*) FILTER (WHERE r.received_on IS NOT NULL AND r.status <> 'reused' AND r.received_on <= d.due_on) AS received_on_time,
              count(*) FILTER (WHERE r.received_on IS NOT NULL AND r.status <> 'reused' AND r.received_on > d.due_on) AS received_late
         FROM advice_requests r
         ${this.deadlines.adviceDeadlineJoin('r.id', 'd')}
        WHERE r.local_authority_id = $1
        GROUP BY ${key}
        ORDER BY overdue DESC, outstanding DESC, key`,
      [actor.localAuthorityId, OUTSTANDING_ADVICE_STATUSES, this.clock.today()],
    );
    await this.audit.recordRead(actor, { action: 'advice.summarised', entityType: 'advice_request', entityId: null, metadata: { groupBy } });
    const names = groupBy === 'organisation' ? await this.organisations.namesOf(actor, rows.flatMap((row) => (row.key ? [row.key] : []))) : new Map<string, string>();
    return rows.map((row) => ({
      key: row.key,
      name: groupBy === 'organisation' && row.key ? (names.get(row.key) ?? null) : null,
      outstanding: Number(row.outstanding),
      overdue: Number(row.overdue),
      overdueDuty: Number(row.overdue_duty),
      overdueExpectation: Number(row.overdue_expectation),
      dueWithin7Days: Number(row.due_within_7_days),
      receivedOnTime: Number(row.received_on_time),
      receivedLate: Number(row.received_late),
    }));
  }

  async get(actor: Actor, requestId: string, options: { auditRead?: boolean } = {}): Promise<AdviceRequestView> {
    const manager = this.dataSource.manager;
    const request = await manager.findOneBy(AdviceRequest, { id: requestId });
    if (!request || !this.maySee(actor, request)) throw new NotFoundError('advice request', requestId);
    const [view] = await this.describe([request]);
    if (options.auditRead !== false) {
      await this.audit.recordRead(this.actingFor(actor, request), { action: 'advice.read', entityType: 'advice_request', entityId: request.id, metadata: { assessmentId: request.assessmentId, childId: request.childId } });
    }
    return view;
  }

  /** A professional's inbox (theirs and their organisation's, across LAs), or an LA's requests (optionally one assessment's). */
  async list(actor: Actor, query: AdviceRequestQueryDto): Promise<Page<AdviceRequestView>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, ['date', 'uuid']);
    const qb = this.dataSource.getRepository(AdviceRequest).createQueryBuilder('r').orderBy('r.requested_on', 'DESC').addOrderBy('r.id', 'DESC').limit(limit + 1);
    if (actor.role === Role.Professional) qb.where(this.addressedToProfessional(actor));
    else qb.where('r.local_authority_id = :la', { la: actor.localAuthorityId });
    if (query.assessmentId) qb.andWhere('r.assessment_id = :assessmentId', { assessmentId: query.assessmentId });
    if (query.status === OUTSTANDING) qb.andWhere('r.status IN (:...outstanding)', { outstanding: OUTSTANDING_ADVICE_STATUSES });
    else if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.discipline) qb.andWhere('r.discipline = :discipline', { discipline: query.discipline });
    if (query.organisationId) qb.andWhere('r.assignee_organisation_id = :organisationId', { organisationId: query.organisationId });
    if (query.overdue !== undefined) {
      const passed = this.deadlines.adviceDeadlinePassed('r.id', this.clock.today());
      const owedAndLate = `r.status IN (:...owed) AND ${passed.sql}`;
      qb.andWhere(query.overdue ? owedAndLate : `NOT (${owedAndLate})`, { owed: OUTSTANDING_ADVICE_STATUSES, ...passed.parameters });
    }
    if (after) qb.andWhere('(r.requested_on, r.id) < (:afterOn::date, :afterId::uuid)', { afterOn: after[0], afterId: after[1] });
    const page = toPage(await qb.getMany(), limit, (r) => [r.requestedOn, r.id]);
    const items = await this.describe(page.items);
    // Each LA's trail records the reads of its own requests, so a professional's inbox spanning LAs is one entry per LA.
    const byLa = new Map<string, string[]>();
    for (const r of page.items) byLa.set(r.localAuthorityId, [...(byLa.get(r.localAuthorityId) ?? []), r.id]);
    if (byLa.size === 0) byLa.set(actor.localAuthorityId, []);
    for (const [localAuthorityId, results] of byLa) {
      await this.audit.recordRead({ ...actor, localAuthorityId }, { action: 'advice.listed', entityType: 'advice_request', entityId: null, metadata: { results } });
    }
    return { items, nextCursor: page.nextCursor };
  }

  // ---- for plans ----

  /** The advice an assessment gathered (received, accepted or reused), oldest first: the plan's section K. */
  receivedFor(assessmentId: string): Promise<AdviceRequest[]> {
    const manager = this.txHost.tx;
    return manager
      .getRepository(AdviceRequest)
      .createQueryBuilder('r')
      .where('r.assessment_id = :assessmentId AND r.status IN (:...statuses)', { assessmentId, statuses: [AdviceRequestStatus.Received, AdviceRequestStatus.Accepted, AdviceRequestStatus.Reused] })
      .orderBy('r.received_on', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  /** An LA's advice request with its latest submission (404 outside the caller's LA). */
  async latestAdvice(actor: Actor, requestId: string): Promise<{ request: AdviceRequest; submission: AdviceSubmission | null }> {
    const manager = this.txHost.tx;
    const request = await manager.findOneBy(AdviceRequest, { id: requestId, localAuthorityId: actor.localAuthorityId });
    if (!request || actor.role === Role.Professional) throw new NotFoundError('advice request', requestId);
    const submission = await manager.findOne(AdviceSubmission, { where: { adviceRequestId: request.id }, order: { version: 'DESC' } });
    return { request, submission };
  }

  // ---- AssessmentAdviceSource: the assessment's deadlines need these facts ----

  async adviceFacts(assessmentId: string): Promise<AdviceFacts> {
    return (await this.adviceView(assessmentId)).facts;
  }

  async adviceView(assessmentId: string): Promise<{ facts: AdviceFacts; summaries: AdviceRequestSummary[] }> {
    const manager = this.txHost.tx;
    const rows = await manager.query<AdviceViewRow[]>(ADVICE_VIEW_SQL, [assessmentId]);
    // Reused advice ("tell us once") is shown but has no 6 weeks of its own.
    const counted = rows.filter((r) => r.status !== AdviceRequestStatus.Reused);
    // Who the 6 weeks bind depends on the addressed organisation's kind (asked of identity only when one is addressed).
    const kinds = await this.organisations.kindsOf([...new Set(counted.flatMap((r) => (r.assignee_organisation_id ? [r.assignee_organisation_id] : [])))]);
    return {
      facts: {
        requests: counted.map((r) => ({
          id: r.id,
          requestedOn: r.requested_on,
          receivedOn: r.received_on,
          cancelledOn: r.cancelled_on,
          discipline: r.discipline,
          binding: adviceBinding(r.discipline, r.assignee_organisation_id ? kinds.get(r.assignee_organisation_id) : null),
          owner: { userId: r.assignee_user_id, organisationId: r.assignee_organisation_id },
        })),
        exceptions: counted.flatMap((r) => (r.exceptions ?? []).map((e) => ({ ...e, adviceRequestId: r.id }))),
      },
      summaries: rows.map((r) => ({
        id: r.id,
        discipline: r.discipline,
        requestedOn: r.requested_on,
        status: r.status,
        receivedOn: r.received_on,
        assigneeUserId: r.assignee_user_id,
        assigneeOrganisationId: r.assignee_organisation_id,
      })),
    };
  }

  // ---- access ----

  /** An LA member's request, locked for a review command (professionals never review). */
  private async lockInLa(actor: Actor, requestId: string): Promise<AdviceRequest> {
    const manager = this.txHost.tx;
    const request = await manager
      .getRepository(AdviceRequest)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id AND r.local_authority_id = :la', { id: requestId, la: actor.localAuthorityId })
      .getOne();
    if (!request || actor.role === Role.Professional) throw new NotFoundError('advice request', requestId);
    return request;
  }

  /** For the attachments service: the request if the actor may see it (404 otherwise), optionally locked. */
  async requireVisible(actor: Actor, requestId: string, lock = false): Promise<AdviceRequest> {
    const manager = this.txHost.tx;
    const qb = manager.getRepository(AdviceRequest).createQueryBuilder('r').where('r.id = :id', { id: requestId });
    if (lock) qb.setLock('pessimistic_write');
    const request = await qb.getOne();
    if (!request || !this.maySee(actor, request)) throw new NotFoundError('advice request', requestId);
    return request;
  }

  /** Who may add files to the advice: the adviser it is addressed to, or a caseworker of the LA. */
  mayContribute(actor: Actor, request: AdviceRequest): boolean {
    return actor.role === Role.Professional ? this.isAddressedTo(actor, request) : request.localAuthorityId === actor.localAuthorityId && actor.role !== Role.LaAdmin;
  }

  /** A professional acts within the case's LA for that request: the audit lands in that LA's trail. */
  actingForRequest(actor: Actor, request: AdviceRequest): Actor {
    return this.actingFor(actor, request);
  }

  /**
   * A professional reaches a request addressed to them by name in an LA that admitted them, or addressed to an
   * organisation that LA admitted them to. Checked on every read, so a revoked admission hides the request at once.
   */
  private isAddressedTo(actor: Actor, request: AdviceRequest): boolean {
    if (actor.role !== Role.Professional) return false;
    const byName = request.assigneeUserId === actor.userId && admittedBy(actor, request.localAuthorityId);
    const byOrganisation = request.assigneeOrganisationId !== null && memberOf(actor, request.assigneeOrganisationId, request.localAuthorityId);
    return byName || byOrganisation;
  }

  /** isAddressedTo as SQL, for the professional's inbox. */
  private addressedToProfessional(actor: Actor): Brackets {
    const admittingLas = [actor.localAuthorityId, ...actor.memberships.map((m) => m.localAuthorityId)];
    return new Brackets((w) => {
      w.where('(r.assignee_user_id = :userId AND r.local_authority_id IN (:...admittingLas))', { userId: actor.userId, admittingLas });
      actor.memberships.forEach((m, i) => {
        w.orWhere(`(r.assignee_organisation_id = :memberOrg${i} AND r.local_authority_id = :memberLa${i})`, { [`memberOrg${i}`]: m.organisationId, [`memberLa${i}`]: m.localAuthorityId });
      });
    });
  }

  private maySee(actor: Actor, request: AdviceRequest): boolean {
    if (actor.role === Role.Professional) return this.isAddressedTo(actor, request);
    return request.localAuthorityId === actor.localAuthorityId;
  }

  /** A professional acts within the case's LA for that request: the audit lands in that LA's trail. */
  private actingFor(actor: Actor, request: AdviceRequest): Actor {
    return { ...actor, localAuthorityId: request.localAuthorityId };
  }

  /**
   * Whom a request is addressed to. A named professional must be one this LA manages or admitted to one of its
   * organisations; an organisation must be one of this LA's records; both together, the professional must be a member
   * of that organisation. Nothing here can point a request at another LA's record or people.
   */
  private async resolveAssignee(actor: Actor, dto: CreateAdviceRequestDto): Promise<{ userId: string | null; organisationId: string | null }> {
    const organisation = dto.assigneeOrganisationId ? await this.organisations.get(actor, dto.assigneeOrganisationId) : null;
    if (dto.assigneeEmail) {
      const user = await this.users.findActiveByEmail(dto.assigneeEmail);
      if (!user || user.role !== Role.Professional) throw new AssigneeNotProfessionalError();
      const memberships = await this.organisations.membershipsOf(user.id);
      const admitted = user.localAuthorityId === actor.localAuthorityId || memberships.some((m) => m.localAuthorityId === actor.localAuthorityId);
      if (!admitted) throw new AssigneeNotProfessionalError();
      if (organisation && !memberships.some((m) => m.organisationId === organisation.id)) throw new AssigneeNotMemberError();
      return { userId: user.id, organisationId: organisation?.id ?? null };
    }
    if (organisation) return { userId: null, organisationId: organisation.id };
    // Unaddressed: the caseworker chases it outside the system and records its arrival (markReceived).
    return { userId: null, organisationId: null };
  }

  private async describe(requests: AdviceRequest[]): Promise<AdviceRequestView[]> {
    const manager = this.txHost.tx;
    const children = new Map((await this.children.findByIds([...new Set(requests.map((r) => r.childId))])).map((c) => [c.id, c]));
    const references = await this.assessments.referencesOf(requests.map((r) => r.assessmentId));
    // The latest submission, the exceptions and the files of every request in one round trip (the inbox's hot path).
    const rows = requests.length === 0 ? [] : await manager.query<DescribeRow[]>(DESCRIBE_SQL, [requests.map((r) => r.id)]);
    const toSubmission = leanRowMapper(this.dataSource, AdviceSubmission);
    const toException = leanRowMapper(this.dataSource, AdviceException);
    const toAttachment = leanRowMapper(this.dataSource, AdviceAttachment);
    const byRequest = new Map(
      rows.map((row) => [row.id, { latestSubmission: row.latest_submission ? toSubmission(row.latest_submission) : null, exceptions: row.exceptions.map(toException), attachments: row.attachments.map(toAttachment) }]),
    );
    return requests.map((request) => {
      const child = children.get(request.childId);
      return {
        request,
        caseReference: references.get(request.assessmentId) ?? '',
        child: { givenName: child?.givenName ?? '', familyName: child?.familyName ?? '', dateOfBirth: child?.dateOfBirth ?? '', settingName: child?.settingName ?? null },
        latestSubmission: byRequest.get(request.id)?.latestSubmission ?? null,
        exceptions: byRequest.get(request.id)?.exceptions ?? [],
        attachments: byRequest.get(request.id)?.attachments ?? [],
      };
    });
  }
}

