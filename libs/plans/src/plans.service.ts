import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, BindsPort, Clock, DomainEventMap, DomainEventName, DomainEvents, NotFoundError, OnDomainEvent, Role, StaleVersionError, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { AdviceDiscipline, AdviceRequestStatus, AdviceService } from '@app/advice';
import { AssessmentsService } from '@app/assessments';
import { ChildrenService } from '@app/children';
import { flattenValidationErrors } from '@app/core';
import { ComputedDeadline } from '@app/statutory-clock';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { TxHost } from '@app/database';
import { ITEM_CLASSES, PutSectionDto } from './dto/plan.dto';
import { PlanDocument, PlanDocumentStatus } from './entities/plan-document.entity';
import { Plan, PlanStatus } from './entities/plan.entity';
import { PlanVersion, PlanVersionStage } from './entities/plan-version.entity';
import { PlanDocumentsQueue } from './pdf/plan-documents.queue';
import { checkPlanQuality, QualityFinding } from './plan-quality';
import { AdviceListItem, changedSections, emptySections, NeedItem, OutcomeItem, ProvisionItem, SECTION_KINDS, SectionCode, Sections } from './plan-sections';
import { AdviceNotReadyError, AmendmentChangesNothingError, PlanDocumentFailedError, PlanQualityError } from './plans.errors';

/** What happened to a plan, told to other contexts inside the command's transaction (events `plan.*`, libs/core/src/events). */
export type PlanEvent =
  | { type: 'final_issued'; issuedOn: string; versionNumber: number }
  | { type: 'amended_plan_issued'; issuedOn: string; versionNumber: number }
  // Ceasing (CFA s45; Regs 29-31; libs/plans/src/ceasing): notified and maintained until `maintainedUntil`; then
  // ceased (it leaves the caseload and the review schedule); or the cease undone (an order to continue the plan).
  | { type: 'ceasing'; notifiedOn: string; reason: number; maintainedUntil: string }
  | { type: 'ceased'; ceasedOn: string; reason: number }
  | { type: 'cease_withdrawn'; withdrawnOn: string }
  // A ceased plan maintained again: an appeal against the cease lodged on or before its deadline was recorded late.
  | { type: 'cease_reopened'; reopenedOn: string };

/** The domain event each plan step is told as. */
const PLAN_EVENT_NAMES: Record<PlanEvent['type'], DomainEventName> = {
  final_issued: 'plan.final-issued',
  amended_plan_issued: 'plan.amended-issued',
  ceasing: 'plan.ceasing',
  ceased: 'plan.ceased',
  cease_withdrawn: 'plan.cease-withdrawn',
  cease_reopened: 'plan.cease-reopened',
};

/**
 * Asked before a final or amended plan is frozen, inside the command's transaction (port `plans.issue-guard`, bound by
 * the boundaries context: section G agreed by the health body). It throws to refuse; `overrideReason` is the
 * caseworker's documented override, if given.
 */
export interface PlanIssueGuard {
  beforeIssue(actor: Actor, plan: Plan, sections: Sections, stage: PlanVersionStage, overrideReason: string | null): Promise<void>;
}

/** The context that computes a plan's own deadlines (the reviews context) answers for them on the plan's read (port `plans.deadlines-source`). */
export interface PlanDeadlinesSource {
  deadlinesOf(plan: Plan, today: string): Promise<ComputedDeadline[]>;
}

/** What an amended plan changed: the new version and the sections that differ from the version before it. */
export interface AmendmentIssued {
  versionNumber: number;
  changedSections: { section: SectionCode; before: Sections[SectionCode]; after: Sections[SectionCode] }[];
}

export interface PlanWithDeadlines {
  plan: Plan;
  deadlines: ComputedDeadline[];
}

export interface PdfAnswer {
  status: 'ready' | 'pending';
  document?: PlanDocument & { content: Buffer };
  versionNumber: number;
}

/**
 * EHC plans: created by the decision to issue, edited section by section with optimistic locking, frozen as a
 * version when a draft or the final plan is issued (after the quality checks), rendered to PDF by the worker.
 */
@Injectable()
@BindsPort('reminders.case-reference.plan')
export class PlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly assessments: AssessmentsService,
    private readonly advice: AdviceService,
    private readonly children: ChildrenService,
    private readonly audit: AuditService,
    private readonly documents: PlanDocumentsQueue,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /** Port `reminders.case-reference.plan`: the case reference of each plan (for the emails about it). */
  async caseReferencesOf(ids: readonly string[]): Promise<Map<string, string>> {
    return new Map((await this.findByIds(ids)).map((p) => [p.id, p.caseReference]));
  }

  /** The plan's own deadlines (review due, phase transfer) as of `today`, from the context that owns them. */
  async deadlinesOf(plan: Plan, today: string): Promise<ComputedDeadline[]> {
    return this.events.port('plans.deadlines-source').deadlinesOf(plan, today);
  }

  /** For the plan's own services (ceasing): tell the step as its `plan.*` event, inside the command's transaction. */
  tellListeners(actor: Actor, plan: Plan, event: PlanEvent): Promise<void> {
    return this.tell(actor, plan, event);
  }

  private async tell(actor: Actor, plan: Plan, event: PlanEvent): Promise<void> {
    // The name and the payload's `event.type` are one table row (PLAN_EVENT_NAMES): the map's payload type is checked per name.
    await this.events.emit(PLAN_EVENT_NAMES[event.type] as 'plan.ceased', { actor, plan, event: event as Extract<PlanEvent, { type: 'ceased' }> });
  }

  // ---- the assessment's steps (inside its transaction) ----

  @OnDomainEvent('assessment.stepped')
  async onAssessmentStepped({ actor, assessment, command }: DomainEventMap['assessment.stepped']): Promise<void> {
    const manager = this.txHost.tx;
    // Historic cases come in without their plan's content: their plans are not recreated here.
    if (assessment.imported) return;
    // A decision to issue, or a Tribunal order to make a plan that reopened a case the LA decided not to issue (Regs 44).
    const reopenedToPlan = command.type === 'reopen_by_order' && command.order === 'make_plan' && !assessment.planId;
    if ((command.type === 'decide_to_issue' && command.decision === 'issue') || reopenedToPlan) {
      const plan = manager.create(Plan, {
        id: randomUUID(),
        localAuthorityId: assessment.localAuthorityId,
        childId: assessment.childId,
        assessmentId: assessment.id,
        caseReference: assessment.reference,
        status: PlanStatus.Drafting,
        sections: emptySections(),
        latestVersionNumber: 0,
        finalIssuedOn: null,
        nextReviewDueOn: null,
      });
      await manager.insert(Plan, plan);
      assessment.planId = plan.id;
      await this.audit.record(actor, { action: 'plan.created', entityType: 'plan', entityId: plan.id, metadata: { assessmentId: assessment.id, childId: assessment.childId, ...(reopenedToPlan ? { byOrder: true } : {}) } });
      return;
    }
    if ((command.type === 'issue_draft' || command.type === 'issue_final') && assessment.planId) {
      const stage = command.type === 'issue_draft' ? 'draft' : 'final';
      await this.freeze(actor, assessment.planId, stage, command.issuedOn, command.type === 'issue_final' ? (command.overrideReason ?? null) : null);
    }
  }

  @OnDomainEvent('assessment.committed')
  async afterAssessmentCommitted({ assessment, command }: DomainEventMap['assessment.committed']): Promise<void> {
    if ((command.type === 'issue_draft' || command.type === 'issue_final') && assessment.planId) {
      const plan = await this.dataSource.manager.findOneBy(Plan, { id: assessment.planId });
      if (plan) await this.documents.enqueue(plan.id, plan.latestVersionNumber);
    }
  }

  /** Quality checks, then a frozen version, its pending document, and the plan's new status. */
  private async freeze(actor: Actor, planId: string, stage: PlanVersionStage, issuedOn: string, overrideReason: string | null = null): Promise<number> {
    const manager = this.txHost.tx;
    const plan = await manager.getRepository(Plan).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id: planId }).getOneOrFail();
    const sections = await this.withAdviceList(plan);
    const checkedAs = stage === 'draft' ? 'draft' : 'final';
    const findings = checkPlanQuality(sections, checkedAs, await this.otherChildrenNamed(plan, sections));
    if (findings.some((f) => f.severity === 'error')) throw new PlanQualityError(checkedAs, findings);
    await this.events.port('plans.issue-guard').beforeIssue(actor, plan, sections, stage, overrideReason);
    const child = await this.children.findByIds([plan.childId]);
    const number = plan.latestVersionNumber + 1;
    await manager.insert(PlanVersion, {
      planId: plan.id,
      localAuthorityId: plan.localAuthorityId,
      number,
      stage,
      issuedOn,
      sections,
      child: { givenName: child[0].givenName, familyName: child[0].familyName, dateOfBirth: child[0].dateOfBirth },
      issuedById: actor.userId,
    });
    await manager.insert(PlanDocument, { planId: plan.id, localAuthorityId: plan.localAuthorityId, versionNumber: number, status: PlanDocumentStatus.Pending, attempts: 0 });
    plan.sections = sections;
    plan.latestVersionNumber = number;
    if (stage === 'draft') plan.status = PlanStatus.DraftIssued;
    if (stage === 'final') {
      plan.status = PlanStatus.Issued;
      plan.finalIssuedOn = issuedOn;
    }
    await manager.save(plan);
    await this.audit.record(actor, {
      action: `plan.${stage}_issued`,
      entityType: 'plan',
      entityId: plan.id,
      metadata: { versionNumber: number, issuedOn, childId: plan.childId, assessmentId: plan.assessmentId, warnings: findings.map((f) => f.code) },
    });
    if (stage === 'final') await this.tell(actor, plan, { type: 'final_issued', issuedOn, versionNumber: number });
    if (stage === 'amended') await this.tell(actor, plan, { type: 'amended_plan_issued', issuedOn, versionNumber: number });
    return number;
  }

  // ---- after the final plan (called by the reviews context, inside its transaction) ----

  /**
   * The amended final plan after a review (Regs 22(3)): the working sections, checked as a final plan, frozen as a new
   * version with its PDF to render; answers with the sections that differ from the version before.
   */
  async issueAmendment(actor: Actor, planId: string, issuedOn: string, overrideReason: string | null = null, options: { refuseUnchanged?: boolean } = {}): Promise<AmendmentIssued> {
    const manager = this.txHost.tx;
    const number = await this.freeze(actor, planId, 'amended', issuedOn, overrideReason);
    const [before, after] = await Promise.all([manager.findOneByOrFail(PlanVersion, { planId, number: number - 1 }), manager.findOneByOrFail(PlanVersion, { planId, number })]);
    const changed = changedSections(before.sections, after.sections);
    // `refuseUnchanged`: an amendment that changes nothing is warned of first (422, the caller's transaction rolls back).
    if (changed.length === 0 && options.refuseUnchanged) throw new AmendmentChangesNothingError(number - 1);
    return {
      versionNumber: number,
      changedSections: changed.map((section) => ({ section, before: before.sections[section], after: after.sections[section] })),
    };
  }

  // ---- a plan transferred in from another LA (the boundaries context, inside its transaction: Regs 15(3)) ----

  /**
   * Maintains here the plan another LA transferred: its working sections and each issued version as the old LA issued
   * it (renumbered from 1, stage and issue date kept), each with a PDF rendered here. The plan is `issued`, treated as
   * made on its original date (`madeOn`). Sections are checked against the same item shapes as an edit.
   */
  async createTransferred(actor: Actor, facts: { assessmentId: string; caseReference: string; childId: string; madeOn: string; sections: Sections; versions: { stage: PlanVersionStage; issuedOn: string; sections: Sections }[] }): Promise<Plan> {
    const manager = this.txHost.tx;
    const sections = validSections(facts.sections, 'plan.sections');
    const versions = facts.versions.map((v, i) => ({ ...v, sections: validSections(v.sections, `plan.versions.${i}.sections`) }));
    const [child] = await this.children.findByIds([facts.childId]);
    const plan = manager.create(Plan, {
      id: randomUUID(),
      localAuthorityId: actor.localAuthorityId,
      childId: facts.childId,
      assessmentId: facts.assessmentId,
      caseReference: facts.caseReference,
      status: PlanStatus.Issued,
      sections,
      latestVersionNumber: versions.length,
      finalIssuedOn: facts.madeOn,
      nextReviewDueOn: null,
    });
    await manager.insert(Plan, plan);
    for (const [index, version] of versions.entries()) {
      const number = index + 1;
      await manager.insert(PlanVersion, {
        planId: plan.id,
        localAuthorityId: plan.localAuthorityId,
        number,
        stage: version.stage,
        issuedOn: version.issuedOn,
        sections: version.sections,
        child: { givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth },
        issuedById: null,
      });
      await manager.insert(PlanDocument, { planId: plan.id, localAuthorityId: plan.localAuthorityId, versionNumber: number, status: PlanDocumentStatus.Pending, attempts: 0 });
    }
    await this.assessments.attachTransferredPlan(facts.assessmentId, plan.id);
    await this.audit.record(actor, { action: 'plan.transferred_in', entityType: 'plan', entityId: plan.id, metadata: { assessmentId: facts.assessmentId, childId: facts.childId, madeOn: facts.madeOn, versions: versions.length } });
    return manager.findOneByOrFail(Plan, { id: plan.id });
  }

  /** Everything a transfer package carries of a plan: the plan and every issued version with its rendered PDF, if any. */
  async forTransfer(actor: Actor, id: string): Promise<{ plan: Plan; versions: PlanVersion[]; documents: (PlanDocument & { content: Buffer | null })[] }> {
    const manager = this.txHost.tx;
    const plan = await this.get(actor, id);
    const versions = await manager.find(PlanVersion, { where: { planId: plan.id }, order: { number: 'ASC' } });
    const documents = await manager.getRepository(PlanDocument).createQueryBuilder('d').addSelect('d.content').where('d.plan_id = :id', { id: plan.id }).orderBy('d.version_number', 'ASC').getMany();
    return { plan, versions, documents };
  }

  /** Queues the rendering of a version's PDF once its transaction has committed (the sweeper retries if Redis is down). */
  async renderAfterCommit(planId: string, versionNumber: number): Promise<void> {
    await this.documents.enqueue(planId, versionNumber).catch(() => undefined);
  }

  /** Queues every version's PDF of a plan (a plan transferred in) once its transaction has committed. */
  async renderVersionsAfterCommit(planId: string): Promise<void> {
    const versions = await this.dataSource.manager.find(PlanVersion, { where: { planId }, select: { number: true } });
    for (const v of versions) await this.renderAfterCommit(planId, v.number);
  }

  /** The next review's last day, kept on the plan for lists and exports; the reviews context computes it. */
  async recordNextReviewDue(planId: string, dueOn: string | null): Promise<void> {
    const manager = this.txHost.tx;
    await manager.update(Plan, { id: planId }, { nextReviewDueOn: dueOn });
  }

  /** A plan of the caller's LA, locked for a command of another context (404 for anyone else). */
  lockForUpdate(actor: Actor, id: string): Promise<Plan> {
    return this.lock(actor, id);
  }

  /** An LA's plans in these statuses whose section I names the school or setting with this URN (a setting's inbox). */
  namingPlacement(localAuthorityId: string, urn: string, statuses: readonly PlanStatus[]): Promise<Plan[]> {
    const manager = this.txHost.tx;
    return manager
      .getRepository(Plan)
      .createQueryBuilder('p')
      .where(`p.local_authority_id = :la AND p.status IN (:...statuses) AND p.sections->'I'->'items'->0->>'urn' = :urn`, { la: localAuthorityId, statuses, urn })
      .orderBy('p.id')
      .limit(500)
      .getMany();
  }

  /** Plans by id (any LA: for jobs and read models that already scoped their query). */
  findByIds(ids: readonly string[]): Promise<Plan[]> {
    const manager = this.txHost.tx;
    return ids.length === 0 ? Promise.resolve([]) : manager.findBy(Plan, { id: In([...ids]) });
  }

  /** Section K lists the advice gathered; when the caseworker has not written it, it is filled from the advice received. */
  private async withAdviceList(plan: Plan): Promise<Sections> {
    if (plan.sections.K.items.length > 0) return plan.sections;
    const received = await this.advice.receivedFor(plan.assessmentId);
    const items: AdviceListItem[] = received.map((r) => ({
      description: r.status === AdviceRequestStatus.Reused ? `${label(r.discipline)} advice (existing advice reused: ${r.reusedAdvice ?? ''})` : `${label(r.discipline)} advice`,
      date: r.receivedOn,
      adviceRequestId: r.id,
    }));
    return { ...plan.sections, K: { text: plan.sections.K.text, items } };
  }

  /** Full names of other children of the LA that appear in the plan's text (the children context looks). */
  private otherChildrenNamed(plan: Plan, sections: Sections): Promise<string[]> {
    return this.children.otherChildrenNamedIn(plan.localAuthorityId, plan.childId, JSON.stringify(sections));
  }

  // ---- reading ----

  async get(actor: Actor, id: string): Promise<Plan> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('plan', id);
    const plan = await manager.findOneBy(Plan, { id, localAuthorityId: actor.localAuthorityId });
    if (!plan) throw new NotFoundError('plan', id);
    return plan;
  }

  /** The plan with its own deadlines as of today (review due, phase transfer), audited as a read of the child's record. */
  async read(actor: Actor, id: string): Promise<PlanWithDeadlines> {
    const plan = await this.get(actor, id);
    const deadlines = await this.deadlinesOf(plan, this.clock.today());
    await this.audit.recordRead(actor, { action: 'plan.read', entityType: 'plan', entityId: plan.id, metadata: { childId: plan.childId } });
    return { plan, deadlines };
  }

  /** The plan and its deadlines after a command, without a second audit entry (the command's own row records it). */
  async withDeadlines(plan: Plan): Promise<PlanWithDeadlines> {
    return { plan, deadlines: await this.deadlinesOf(plan, this.clock.today()) };
  }

  async versions(actor: Actor, id: string): Promise<{ version: PlanVersion; document: PlanDocument | null }[]> {
    const plan = await this.get(actor, id);
    const versions = await this.dataSource.manager.find(PlanVersion, { where: { planId: plan.id }, order: { number: 'ASC' } });
    const documents = await this.dataSource.manager.find(PlanDocument, { where: { planId: plan.id } });
    return versions.map((version) => ({ version, document: documents.find((d) => d.versionNumber === version.number) ?? null }));
  }

  async version(actor: Actor, id: string, number: number): Promise<{ version: PlanVersion; document: PlanDocument | null }> {
    const plan = await this.get(actor, id);
    const version = await this.dataSource.manager.findOneBy(PlanVersion, { planId: plan.id, number });
    if (!version) throw new NotFoundError('plan version', String(number));
    await this.audit.recordRead(actor, { action: 'plan.version_read', entityType: 'plan', entityId: plan.id, metadata: { versionNumber: number, childId: plan.childId } });
    return { version, document: await this.dataSource.manager.findOneBy(PlanDocument, { planId: plan.id, versionNumber: number }) };
  }

  async compare(actor: Actor, id: string, from: number, to: number): Promise<{ section: SectionCode; before: Sections[SectionCode]; after: Sections[SectionCode] }[]> {
    const [a, b] = [await this.version(actor, id, from), await this.version(actor, id, to)];
    return changedSections(a.version.sections, b.version.sections).map((section) => ({ section, before: a.version.sections[section], after: b.version.sections[section] }));
  }

  async quality(actor: Actor, id: string, stage: 'draft' | 'final'): Promise<QualityFinding[]> {
    const plan = await this.get(actor, id);
    const sections = await this.withAdviceList(plan);
    return checkPlanQuality(sections, stage, await this.otherChildrenNamed(plan, sections));
  }

  // ---- editing ----

  /** Replaces one section. `expectedVersion` comes from If-Match: a stale one is a 412 and nothing changes. */
  async putSection(actor: Actor, id: string, code: SectionCode, dto: PutSectionDto, expectedVersion: number): Promise<Plan> {
    const items = validateItems(code, dto.items ?? []);
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.lock(actor, id);
      if (plan.version !== expectedVersion) throw new StaleVersionError('plan', expectedVersion, plan.version);
      const before = plan.sections[code];
      plan.sections = { ...plan.sections, [code]: { text: dto.text, items } };
      await manager.save(plan);
      await this.audit.record(actor, {
        action: 'plan.section_updated',
        entityType: 'plan',
        entityId: plan.id,
        changes: { [`sections.${code}`]: { before: summarise(before), after: summarise(plan.sections[code]) } },
        metadata: { section: code, childId: plan.childId },
      });
      return plan;
    });
  }

  /**
   * Pulls an adviser's needs, outcomes and provision into the plan with their attribution: needs into C (health),
   * D (social care) or B; outcomes into E; provision into G, H2 or F.
   */
  async importAdvice(actor: Actor, id: string, adviceRequestId: string, expectedVersion: number): Promise<Plan> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.lock(actor, id);
      if (plan.version !== expectedVersion) throw new StaleVersionError('plan', expectedVersion, plan.version);
      const advice = await this.advice.latestAdvice(actor, adviceRequestId);
      if (advice.request.assessmentId !== plan.assessmentId) throw new NotFoundError('advice request', adviceRequestId);
      if (![AdviceRequestStatus.Received, AdviceRequestStatus.Accepted].includes(advice.request.status) || !advice.submission) throw new AdviceNotReadyError(advice.request.status);
      const source = { adviceRequestId: advice.request.id, discipline: advice.request.discipline, receivedOn: advice.request.receivedOn };
      const needsInto: SectionCode = advice.request.discipline === AdviceDiscipline.Health ? 'C' : advice.request.discipline === AdviceDiscipline.SocialCare ? 'D' : 'B';
      const provisionInto: SectionCode = advice.request.discipline === AdviceDiscipline.Health ? 'G' : advice.request.discipline === AdviceDiscipline.SocialCare ? 'H2' : 'F';
      const prefix = `${advice.request.id.slice(0, 8)}-v${advice.submission.version}`;
      const needs: NeedItem[] = advice.submission.needs.map((n, i) => ({ id: `${prefix}-n${i + 1}`, area: n.area, description: n.description, source }));
      const outcomes: OutcomeItem[] = advice.submission.outcomes.map((o, i) => ({ id: `${prefix}-o${i + 1}`, description: o.description, timescale: o.timescale ?? null, needIds: needs.map((n) => n.id), source }));
      const provision: ProvisionItem[] = advice.submission.provision.map((p, i) => ({
        id: `${prefix}-p${i + 1}`,
        description: p.description,
        frequency: p.frequency ?? null,
        duration: p.duration ?? null,
        deliveredBy: p.deliveredBy ?? null,
        outcomeIds: outcomes.map((o) => o.id),
        source,
      }));
      const add = <T extends { id: string }>(existing: unknown[], incoming: T[]) => [...(existing as T[]).filter((e) => !incoming.some((n) => n.id === e.id)), ...incoming];
      const s = plan.sections;
      plan.sections = {
        ...s,
        [needsInto]: { ...s[needsInto], items: add(s[needsInto].items, needs) },
        E: { ...s.E, items: add(s.E.items, outcomes) },
        [provisionInto]: { ...s[provisionInto], items: add(s[provisionInto].items, provision) },
      };
      await manager.save(plan);
      await this.audit.record(actor, {
        action: 'plan.advice_imported',
        entityType: 'plan',
        entityId: plan.id,
        metadata: { adviceRequestId, submissionVersion: advice.submission.version, needs: needs.length, outcomes: outcomes.length, provision: provision.length, childId: plan.childId },
      });
      return plan;
    });
  }

  // ---- documents ----

  /** The PDF of a version (default: the latest issued): ready, pending with its rendering (re-)enqueued, or failed (409). */
  async pdf(actor: Actor, id: string, versionNumber?: number): Promise<PdfAnswer> {
    const plan = await this.get(actor, id);
    const number = versionNumber ?? plan.latestVersionNumber;
    if (number < 1) throw new NotFoundError('plan document', `${id} (no version issued yet)`);
    const document = await this.dataSource.manager
      .getRepository(PlanDocument)
      .createQueryBuilder('d')
      .addSelect('d.content')
      .where('d.plan_id = :planId AND d.version_number = :number', { planId: plan.id, number })
      .getOne();
    if (!document) throw new NotFoundError('plan document', `${id} version ${number}`);
    if (document.status === PlanDocumentStatus.Failed) throw new PlanDocumentFailedError(number, document.attempts, document.failureReason, document.failedAt);
    if (document.status !== PlanDocumentStatus.Rendered || !document.content) {
      await this.documents.enqueue(plan.id, number).catch(() => undefined); // the sweeper will, if Redis cannot now
      return { status: 'pending', versionNumber: number };
    }
    await this.audit.recordRead(actor, { action: 'plan.pdf_read', entityType: 'plan', entityId: plan.id, metadata: { versionNumber: number, childId: plan.childId } });
    return { status: 'ready', document: document as PlanDocument & { content: Buffer }, versionNumber: number };
  }

  private async lock(actor: Actor, id: string): Promise<Plan> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('plan', id);
    const plan = await manager
      .getRepository(Plan)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id AND p.local_authority_id = :la', { id, la: actor.localAuthorityId })
      .getOne();
    if (!plan) throw new NotFoundError('plan', id);
    return plan;
  }
}

/** Every section of a plan that arrives whole (a transfer package), each validated as an edit would be. */
function validSections(sections: Sections, field: string): Sections {
  const empty = emptySections();
  const out = { ...empty } as Record<SectionCode, { text: string; items: unknown[] }>;
  for (const code of Object.keys(empty) as SectionCode[]) {
    const section = (sections as Partial<Record<SectionCode, { text?: unknown; items?: unknown }>>)?.[code];
    if (section === undefined) continue;
    if (typeof section !== 'object' || section === null || typeof section.text !== 'string' || (section.items !== undefined && !Array.isArray(section.items))) {
      throw new ValidationFailedError([{ field: `${field}.${code}`, message: 'must be {text, items?}' }]);
    }
    try {
      out[code] = { text: section.text, items: validateItems(code, (section.items as unknown[]) ?? []) as unknown[] };
    } catch (error) {
      if (error instanceof ValidationFailedError) throw new ValidationFailedError(((error.extensions.errors as { field: string; message: string }[]) ?? []).map((e) => ({ field: `${field}.${code}.${e.field}`, message: e.message })));
      throw error;
    }
  }
  return out as unknown as Sections;
}

/** Validates a section's items against the shape its kind needs (400 naming `items.N.field`). */
function validateItems(code: SectionCode, items: unknown[]): Sections[SectionCode]['items'] {
  const kind = SECTION_KINDS[code];
  if (kind === 'narrative') {
    if (items.length > 0) throw new ValidationFailedError([{ field: 'items', message: `section ${code} takes only text` }]);
    return [];
  }
  if (kind === 'placement' && items.length > 1) throw new ValidationFailedError([{ field: 'items', message: 'section I names one placement' }]);
  const cls = ITEM_CLASSES[kind];
  const errors = items.flatMap((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return [{ field: `items.${index}`, message: 'must be an object' }];
    const instance = plainToInstance(cls as new () => object, item);
    return flattenValidationErrors(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }), `items.${index}`);
  });
  if (errors.length > 0) throw new ValidationFailedError(errors);
  const ids = items.map((item) => (item as { id?: string }).id).filter((x): x is string => typeof x === 'string');
  if (new Set(ids).size !== ids.length) throw new ValidationFailedError([{ field: 'items', message: 'item ids must be unique within the section' }]);
  return items as Sections[SectionCode]['items'];
}

function summarise(section: { text: string; items: unknown[] }): string {
  return `${section.text.length} characters, ${section.items.length} item(s)`;
}

function label(discipline: string): string {
  const text = discipline.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
