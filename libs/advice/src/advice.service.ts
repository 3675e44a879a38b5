import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, decodeCursor, NotFoundError, Page, Role, toPage } from '@app/core';
import { AuditService } from '@app/audit';
import { AdviceFacts, AdviceRequestSummary, AssessmentAdviceSource, AssessmentsService, checkAdviceRequest, OPEN_STATUSES } from '@app/assessments';
import { ChildrenService } from '@app/children';
import { OrganisationsService, UsersService } from '@app/identity';
import { inTransaction } from '@app/database';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AdviceAlreadySubmittedError, AdviceRequestClosedError, AdviceRequestNotOpenError, AssigneeNotProfessionalError } from './advice.errors';
import { requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { AdviceRequestQueryDto, CreateAdviceRequestDto, SubmitAdviceDto } from './dto/advice.dto';
import { AdviceRequest, AdviceRequestStatus } from './entities/advice-request.entity';
import { AdviceSubmission } from './entities/advice-submission.entity';

export interface AdviceRequestView {
  request: AdviceRequest;
  child: { givenName: string; familyName: string; dateOfBirth: string; settingName: string | null };
  latestSubmission: AdviceSubmission | null;
}

/**
 * Advice requests and submissions. Professionals reach a case only through a request addressed to them or to their
 * organisation; everyone else works within their own local authority.
 */
@Injectable()
export class AdviceService implements OnModuleInit, AssessmentAdviceSource {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assessments: AssessmentsService,
    private readonly children: ChildrenService,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.assessments.registerAdviceSource(this);
  }

  async request(actor: Actor, assessmentId: string, dto: CreateAdviceRequestDto, outer?: EntityManager): Promise<AdviceRequest> {
    return inTransaction(this.dataSource, outer, async (manager) => {
      const assessment = await this.assessments.lockForUpdate(manager, actor, assessmentId);
      checkAdviceRequest(this.assessments.snapshot(assessment), dto.requestedOn, this.clock.today());
      const assignee = await this.resolveAssignee(manager, actor, dto);
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
      await this.assessments.recomputeDeadlines(manager, assessment);
      await this.audit.record(manager, actor, {
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
    await this.dataSource.transaction(async (manager) => {
      const request = await manager.getRepository(AdviceRequest).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id: requestId }).getOne();
      if (!request || !this.isAddressedTo(actor, request)) throw new NotFoundError('advice request', requestId);
      const assessment = await this.assessments.lockById(manager, request.assessmentId);
      if (request.status === AdviceRequestStatus.Cancelled) throw new AdviceRequestClosedError('it was cancelled');
      if (!OPEN_STATUSES.includes(assessment.status) && request.status !== AdviceRequestStatus.Received) {
        throw new AdviceRequestClosedError(`the assessment is ${assessment.status}`);
      }
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
      if (request.status === AdviceRequestStatus.Requested) {
        request.status = AdviceRequestStatus.Received;
        request.receivedOn = today;
        await manager.save(request);
        await this.assessments.recomputeDeadlines(manager, assessment);
      }
      await this.audit.record(manager, this.actingFor(actor, request), {
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
  async markReceived(actor: Actor, requestId: string, receivedOn: string, outer?: EntityManager): Promise<AdviceRequestView | null> {
    await inTransaction(this.dataSource, outer, async (manager) => {
      const request = await manager.getRepository(AdviceRequest).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id AND r.local_authority_id = :la', { id: requestId, la: actor.localAuthorityId }).getOne();
      if (!request || actor.role === Role.Professional) throw new NotFoundError('advice request', requestId);
      const assessment = await this.assessments.lockForUpdate(manager, actor, request.assessmentId);
      if (request.status !== AdviceRequestStatus.Requested) throw new AdviceRequestNotOpenError(request.status);
      if (!OPEN_STATUSES.includes(assessment.status)) throw new AdviceRequestClosedError(`the assessment is ${assessment.status}`);
      requireNotFuture('receivedOn', receivedOn, this.clock.today());
      requireOnOrAfter('receivedOn', receivedOn, 'the advice request', request.requestedOn);
      request.status = AdviceRequestStatus.Received;
      request.receivedOn = receivedOn;
      await manager.save(request);
      await this.assessments.recomputeDeadlines(manager, assessment);
      await this.audit.record(manager, actor, {
        action: 'advice.submitted',
        entityType: 'advice_request',
        entityId: request.id,
        metadata: { assessmentId: request.assessmentId, childId: request.childId, discipline: request.discipline, receivedOn, recordedByCaseworker: true },
      });
    });
    // Inside an outer transaction the caller reads what it needs once that commits.
    return outer ? null : this.get(actor, requestId, { auditRead: false });
  }

  async get(actor: Actor, requestId: string, options: { auditRead?: boolean } = {}): Promise<AdviceRequestView> {
    const manager = this.dataSource.manager;
    const request = await manager.findOneBy(AdviceRequest, { id: requestId });
    if (!request || !this.maySee(actor, request)) throw new NotFoundError('advice request', requestId);
    const [view] = await this.describe(manager, [request]);
    if (options.auditRead !== false) {
      await this.audit.recordRead(this.actingFor(actor, request), { action: 'advice.read', entityType: 'advice_request', entityId: request.id, metadata: { assessmentId: request.assessmentId, childId: request.childId } });
    }
    return view;
  }

  /** A professional's inbox (theirs and their organisation's, across LAs), or an LA's requests (optionally one assessment's). */
  async list(actor: Actor, query: AdviceRequestQueryDto): Promise<Page<AdviceRequestView>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor(query.cursor, 2);
    const qb = this.dataSource.getRepository(AdviceRequest).createQueryBuilder('r').orderBy('r.requested_on', 'DESC').addOrderBy('r.id', 'DESC').limit(limit + 1);
    if (actor.role === Role.Professional) {
      qb.where(
        new Brackets((w) => {
          w.where('r.assignee_user_id = :userId', { userId: actor.userId });
          if (actor.organisationId) w.orWhere('r.assignee_organisation_id = :orgId', { orgId: actor.organisationId });
        }),
      );
    } else {
      qb.where('r.local_authority_id = :la', { la: actor.localAuthorityId });
    }
    if (query.assessmentId) qb.andWhere('r.assessment_id = :assessmentId', { assessmentId: query.assessmentId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (after) qb.andWhere('(r.requested_on, r.id) < (:afterOn::date, :afterId::uuid)', { afterOn: after[0], afterId: after[1] });
    const page = toPage(await qb.getMany(), limit, (r) => [r.requestedOn, r.id]);
    const items = await this.describe(this.dataSource.manager, page.items);
    await this.audit.recordRead(actor, { action: 'advice.listed', entityType: 'advice_request', entityId: null, metadata: { results: page.items.map((r) => r.id) } });
    return { items, nextCursor: page.nextCursor };
  }

  // ---- AssessmentAdviceSource: the assessment's deadlines need these facts ----

  async adviceFacts(manager: EntityManager, assessmentId: string): Promise<AdviceFacts> {
    const requests = await manager.find(AdviceRequest, { where: { assessmentId }, order: { requestedOn: 'ASC', id: 'ASC' } });
    return {
      requests: requests.map((r) => ({
        id: r.id,
        requestedOn: r.requestedOn,
        receivedOn: r.receivedOn,
        cancelledOn: r.cancelledOn,
        owner: { userId: r.assigneeUserId, organisationId: r.assigneeOrganisationId },
      })),
      exceptions: [],
    };
  }

  async adviceSummaries(manager: EntityManager, assessmentId: string): Promise<AdviceRequestSummary[]> {
    const requests = await manager.find(AdviceRequest, { where: { assessmentId }, order: { requestedOn: 'ASC', id: 'ASC' } });
    return requests.map((r) => ({
      id: r.id,
      discipline: r.discipline,
      requestedOn: r.requestedOn,
      status: r.status,
      receivedOn: r.receivedOn,
      assigneeUserId: r.assigneeUserId,
      assigneeOrganisationId: r.assigneeOrganisationId,
    }));
  }

  // ---- access ----

  private isAddressedTo(actor: Actor, request: AdviceRequest): boolean {
    if (actor.role !== Role.Professional) return false;
    return request.assigneeUserId === actor.userId || (actor.organisationId !== null && request.assigneeOrganisationId === actor.organisationId);
  }

  private maySee(actor: Actor, request: AdviceRequest): boolean {
    if (actor.role === Role.Professional) return this.isAddressedTo(actor, request);
    return request.localAuthorityId === actor.localAuthorityId;
  }

  /** A professional acts within the case's LA for that request: the audit lands in that LA's trail. */
  private actingFor(actor: Actor, request: AdviceRequest): Actor {
    return { ...actor, localAuthorityId: request.localAuthorityId };
  }

  private async resolveAssignee(manager: EntityManager, actor: Actor, dto: CreateAdviceRequestDto): Promise<{ userId: string | null; organisationId: string | null }> {
    if (dto.assigneeEmail) {
      const user = await this.users.findActiveByEmail(dto.assigneeEmail, manager);
      if (!user || user.role !== Role.Professional) throw new AssigneeNotProfessionalError();
      const servesLa = user.localAuthorityId === actor.localAuthorityId || (user.organisationId !== null && (await this.organisations.servesLocalAuthority(manager, user.organisationId, actor.localAuthorityId)));
      if (!servesLa) throw new AssigneeNotProfessionalError();
      return { userId: user.id, organisationId: dto.assigneeOrganisationId ?? null };
    }
    if (dto.assigneeOrganisationId) {
      await this.organisations.get(actor, dto.assigneeOrganisationId);
      return { userId: null, organisationId: dto.assigneeOrganisationId };
    }
    // Unaddressed: the caseworker chases it outside the system and records its arrival (markReceived).
    return { userId: null, organisationId: null };
  }

  private async describe(manager: EntityManager, requests: AdviceRequest[]): Promise<AdviceRequestView[]> {
    const children = new Map((await this.children.findByIds([...new Set(requests.map((r) => r.childId))], manager)).map((c) => [c.id, c]));
    const submissions = requests.length === 0 ? [] : await manager.getRepository(AdviceSubmission).createQueryBuilder('s').where('s.advice_request_id IN (:...ids)', { ids: requests.map((r) => r.id) }).orderBy('s.version', 'DESC').getMany();
    return requests.map((request) => {
      const child = children.get(request.childId);
      return {
        request,
        child: { givenName: child?.givenName ?? '', familyName: child?.familyName ?? '', dateOfBirth: child?.dateOfBirth ?? '', settingName: child?.settingName ?? null },
        latestSubmission: submissions.find((s) => s.adviceRequestId === request.id) ?? null,
      };
    });
  }
}

