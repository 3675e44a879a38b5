import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, NotFoundError, Role } from '@app/core';
import { AdviceService } from '@app/advice';
import { AuditService } from '@app/audit';
import { AssessmentsService, AssessmentStatus, requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { ChildrenService } from '@app/children';
import { DeadlinesService } from '@app/deadlines';
import { LocalAuthoritiesService } from '@app/identity';
import { PlansService, PlanStatus, PlanVersionStage, Sections } from '@app/plans';
import { ReviewsService } from '@app/reviews';
import { ComputedDeadline, computeTransferInDeadlines, computeTransferOutDeadlines, IsoDate, maxDate, transferReviewDueOn } from '@app/statutory-clock';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ImportTransferDto, TransferNoticeDto, TransferOutDto, TransferPackageDto, TransferSentDto } from '../dto/transfer.dto';
import { Transfer } from '../entities/transfer.entity';
import { PackageMismatchError, TransferClosedError, TransferNotAllowedError } from '../boundaries.errors';
import { TxHost } from '@app/database';

export interface TransferView {
  transfer: Transfer;
  deadlines: ComputedDeadline[];
}

const MAINTAINED: readonly PlanStatus[] = [PlanStatus.Issued, PlanStatus.Ceasing];
const ASSESSMENT_IN_PROGRESS: readonly string[] = [AssessmentStatus.AwaitingDecision, AssessmentStatus.Assessing, AssessmentStatus.Drafting, AssessmentStatus.DraftIssued];

/**
 * Children moving between local authorities (SEND Regulations 2014, regs 15-16; statutory-rules.md section 9): the old
 * LA's transfer and its package (docs/transfer-package.md), the new LA's import, its 6-week notice and first review.
 * Deadlines come from the clock (transfers.ts) and go to the deadlines context (subject `transfer`).
 */
@Injectable()
export class TransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly plans: PlansService,
    private readonly reviews: ReviewsService,
    private readonly assessments: AssessmentsService,
    private readonly children: ChildrenService,
    private readonly advice: AdviceService,
    private readonly deadlines: DeadlinesService,
    private readonly localAuthorities: LocalAuthoritiesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ---- the old LA ----

  /** A plan's child is moving to another LA: the transfer and its Regs 15(2) deadline. */
  async transferPlanOut(actor: Actor, planId: string, dto: TransferOutDto): Promise<TransferView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.plans.lockForUpdate(actor, planId);
      requireNotFuture('learnedOn', dto.learnedOn, this.clock.today());
      if (!MAINTAINED.includes(plan.status)) throw new TransferNotAllowedError(`Only a maintained plan moves with the child (Regs 15); this plan is ${plan.status}.`);
      const open = await manager.findOne(Transfer, { where: { planId: plan.id, direction: 'out', status: 'pending' } });
      if (open) throw new TransferNotAllowedError(`The plan is already being transferred (transfer ${open.id}).`);
      const transfer = await this.insertOut(actor, { kind: 'plan', childId: plan.childId, planId: plan.id, assessmentId: plan.assessmentId }, dto);
      return this.syncOut(transfer, plan.assessmentId);
    });
  }

  /**
   * An assessment in progress when the child moves: it does not transfer (the new LA decides afresh within 6 weeks of
   * becoming responsible), but its package carries the advice for reuse. SEN2 reports the request as `Exported`.
   */
  async transferAssessmentOut(actor: Actor, assessmentId: string, dto: TransferOutDto): Promise<TransferView> {
    return this.txHost.withTransaction(async () => {
      const assessment = await this.assessments.findById(assessmentId);
      if (!assessment || assessment.localAuthorityId !== actor.localAuthorityId || actor.role === Role.Professional) throw new NotFoundError('assessment', assessmentId);
      requireNotFuture('learnedOn', dto.learnedOn, this.clock.today());
      if (!ASSESSMENT_IN_PROGRESS.includes(assessment.status)) throw new TransferNotAllowedError(`Only an assessment in progress moves as a package; this one is ${assessment.status}.`);
      const transfer = await this.insertOut(actor, { kind: 'assessment', childId: assessment.childId, planId: null, assessmentId: assessment.id }, dto);
      return { transfer, deadlines: [] };
    });
  }

  /** The package has gone to the new LA (also recorded when the package is first downloaded, or imported here). */
  async markSent(actor: Actor, id: string, dto: TransferSentDto): Promise<TransferView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const transfer = await this.lock(actor, id, 'out');
      requireNotFuture('sentOn', dto.sentOn, this.clock.today());
      if (transfer.status === 'cancelled') throw new TransferClosedError(transfer.status);
      if (!transfer.sentOn) {
        transfer.sentOn = dto.sentOn;
        transfer.status = 'sent';
        await manager.save(transfer);
        await this.record(actor, transfer, 'transfer.sent', { sentOn: dto.sentOn });
      }
      return this.syncOut(transfer, transfer.assessmentId);
    });
  }

  async cancel(actor: Actor, id: string): Promise<TransferView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const transfer = await this.lock(actor, id, 'out');
      if (transfer.status !== 'pending') throw new TransferClosedError(transfer.status);
      transfer.status = 'cancelled';
      transfer.cancelledOn = this.clock.today();
      await manager.save(transfer);
      await this.record(actor, transfer, 'transfer.cancelled', {});
      return this.syncOut(transfer, transfer.assessmentId);
    });
  }

  /**
   * The documented package (docs/transfer-package.md): the child, the plan with its versions and sections, the review
   * history, every deadline's history and the PDFs. The first download records the package as sent that day.
   */
  async package(actor: Actor, id: string): Promise<TransferPackageDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const transfer = await this.lock(actor, id, 'out');
      if (transfer.status === 'cancelled') throw new TransferClosedError(transfer.status);
      const [child] = await this.children.findByIds([transfer.childId]);
      const fromName = await this.localAuthorities.nameOf(actor.localAuthorityId);
      const fromCode = await this.localAuthorities.codeOf(actor.localAuthorityId);
      const today = this.clock.today();
      const reviewIds = transfer.planId ? (await this.reviews.reviewHistory(transfer.planId)).reviewIds : [];
      const history = (await this.deadlines.history(transfer.assessmentId, [...(transfer.planId ? [transfer.planId] : []), ...reviewIds, transfer.id], today)).map((d) => ({ kind: d.kind, dueOn: d.dueOn, completedOn: d.completedOn, status: d.status, regulation: d.regulation }));
      let plan: TransferPackageDto['plan'] = null;
      let documents: TransferPackageDto['documents'] = [];
      if (transfer.planId) {
        const content = await this.plans.forTransfer(actor, transfer.planId);
        const reviews = await this.reviews.reviewHistory(transfer.planId);
        plan = {
          madeOn: content.plan.finalIssuedOn!,
          lastReviewedOn: reviews.reviewsCompletedOn.at(-1) ?? null,
          reviewsCompletedOn: reviews.reviewsCompletedOn,
          sections: content.plan.sections as unknown as Record<string, unknown>,
          versions: content.versions.map((v) => ({ number: v.number, stage: v.stage, issuedOn: v.issuedOn, sections: v.sections as unknown as Record<string, unknown> })),
        };
        documents = content.documents.map((d) => ({ versionNumber: d.versionNumber, mediaType: 'application/pdf', sha256: d.sha256, contentBase64: d.content ? d.content.toString('base64') : null }));
      }
      let assessment: TransferPackageDto['assessment'] = null;
      if (transfer.kind === 'assessment' && transfer.assessmentId) {
        const a = await this.assessments.findById(transfer.assessmentId);
        const advice = (await this.advice.receivedFor(transfer.assessmentId)).map((r) => ({ discipline: r.discipline, receivedOn: r.receivedOn, summary: null }));
        assessment = { requestReceivedOn: a!.requestReceivedOn, status: a!.status, advice };
      }
      const pkg: TransferPackageDto = {
        format: 'ehcp-transfer-package',
        formatVersion: 1,
        transferId: transfer.id,
        kind: transfer.kind,
        createdAt: this.clock.now().toISOString(),
        from: { localAuthorityName: fromName, localAuthorityCode: fromCode },
        to: { localAuthorityName: transfer.otherLocalAuthorityName, localAuthorityCode: transfer.otherLocalAuthorityCode },
        movesOn: transfer.movesOn,
        learnedOn: transfer.learnedOn,
        child: { givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth, upn: child.upn ?? undefined, nhsNumber: child.nhsNumber ?? undefined, postcode: child.postcode ?? undefined },
        plan,
        assessment,
        deadlines: history,
        documents,
      };
      if (!transfer.sentOn) {
        transfer.sentOn = today;
        transfer.status = 'sent';
        transfer.packageSha256 = createHash('sha256').update(JSON.stringify(pkg)).digest('hex');
        await manager.save(transfer);
        await this.syncOut(transfer, transfer.assessmentId);
      }
      await this.record(actor, transfer, 'transfer.package_read', { sentOn: transfer.sentOn });
      return pkg;
    });
  }

  // ---- the new LA ----

  /**
   * A package imported here (from this installation or a file another product wrote): a plan is maintained here from
   * the transfer (Regs 15(3)) with the 6-week notice (15(4)) and its first review by the later of the two Regs 15(5)
   * dates; an assessment in progress opens a new case here whose 6 weeks to decide run from becoming responsible
   * (Regs 5(1)(b)), with the old LA's advice offered for reuse. Importing the same package again answers the first import.
   */
  async importPackage(actor: Actor, dto: ImportTransferDto): Promise<TransferView & { created: boolean }> {
    if (dto.kind === 'plan' && !dto.plan) throw new PackageMismatchError('A plan package must carry its plan.');
    if (dto.kind === 'assessment' && !dto.assessment) throw new PackageMismatchError('An assessment package must carry its assessment.');
    const today = this.clock.today();
    const transferredOn = dto.transferredOn ?? minToday(maxDate(dto.movesOn, dto.learnedOn ?? dto.movesOn), today);
    requireNotFuture('transferredOn', transferredOn, today);
    if (dto.plan) {
      requireOnOrAfter('transferredOn', transferredOn, 'the day the plan was made', dto.plan.madeOn);
      if (dto.plan.versions.length === 0) throw new PackageMismatchError('A plan package must carry at least the final version of the plan.');
    }
    const attempt = () =>
      this.txHost.withTransaction(async () => {
        const manager = this.txHost.tx;
        const existing = await manager.findOne(Transfer, { where: { localAuthorityId: actor.localAuthorityId, direction: 'in', sourceTransferId: dto.transferId } });
        if (existing) return { ...(await this.viewIn(existing)), created: false };
        const childId = await this.findOrCreateChild(actor, dto);
        let planId: string | null = null;
        let assessmentId: string;
        if (dto.kind === 'plan') {
          const assessment = await this.assessments.openTransferredCase(actor, childId, transferredOn);
          assessmentId = assessment.id;
          const plan = await this.plans.createTransferred(actor, {
            assessmentId,
            caseReference: assessment.reference,
            childId,
            madeOn: dto.plan!.madeOn,
            sections: dto.plan!.sections as unknown as Sections,
            versions: dto.plan!.versions.map((v) => ({ stage: v.stage as PlanVersionStage, issuedOn: v.issuedOn, sections: v.sections as unknown as Sections })),
          });
          planId = plan.id;
          const cycleStartsOn = dto.plan!.lastReviewedOn ?? dto.plan!.madeOn;
          await this.reviews.openTransferredSchedule(plan, { cycleStartsOn, reviewDueOn: transferReviewDueOn(cycleStartsOn, transferredOn) });
        } else {
          const assessment = await this.assessments.create(actor, { childId, requestReceivedOn: transferredOn, requestSource: 'other' as never });
          assessmentId = assessment.id;
        }
        const transfer = manager.create(Transfer, {
          localAuthorityId: actor.localAuthorityId,
          direction: 'in',
          kind: dto.kind,
          status: 'imported',
          childId,
          planId,
          assessmentId,
          otherLocalAuthorityName: dto.from.localAuthorityName,
          otherLocalAuthorityCode: dto.from.localAuthorityCode ?? null,
          movesOn: dto.movesOn,
          learnedOn: null,
          transferredOn,
          sourceTransferId: dto.transferId,
          adviceOffered: (dto.assessment?.advice ?? []).map((a) => ({ discipline: a.discipline, receivedOn: a.receivedOn ?? null, summary: a.summary ?? null })),
          packageSha256: createHash('sha256').update(JSON.stringify(dto)).digest('hex'),
          createdById: actor.userId,
        });
        await manager.save(transfer);
        await this.record(actor, transfer, 'transfer.imported', { from: dto.from.localAuthorityName, planId, assessmentId, versions: dto.plan?.versions.length ?? 0 });
        await this.receivedHere(dto.transferId, transferredOn);
        return { ...(await this.syncIn(transfer)), created: true };
      });
    const result = await attempt().catch(async (error: { code?: string }) => {
      if (error?.code === '23505') return attempt(); // two imports of one package at once: the second finds the first
      throw error;
    });
    if (result.created && result.transfer.planId) await this.plans.renderVersionsAfterCommit(result.transfer.planId);
    return result;
  }

  /** The new LA told the family (Regs 15(4)): transferred, whether it will assess, when it will review. */
  async noticeSent(actor: Actor, id: string, dto: TransferNoticeDto): Promise<TransferView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const transfer = await this.lock(actor, id, 'in');
      requireNotFuture('sentOn', dto.sentOn, this.clock.today());
      requireOnOrAfter('sentOn', dto.sentOn, 'the transfer', transfer.transferredOn);
      transfer.noticeSentOn = dto.sentOn;
      transfer.willAssess = dto.willAssess;
      await manager.save(transfer);
      await this.record(actor, transfer, 'transfer.notice_sent', { sentOn: dto.sentOn, willAssess: dto.willAssess });
      return this.syncIn(transfer);
    });
  }

  // ---- reading ----

  async get(actor: Actor, id: string): Promise<TransferView> {
    const transfer = await this.find(actor, id);
    await this.audit.recordRead(actor, { action: 'transfer.read', entityType: 'transfer', entityId: transfer.id, metadata: { childId: transfer.childId } });
    return transfer.direction === 'out' ? this.viewOut(transfer) : this.viewIn(transfer);
  }

  async list(actor: Actor, direction?: 'in' | 'out'): Promise<TransferView[]> {
    if (actor.role === Role.Professional) return [];
    const rows = await this.dataSource.manager.find(Transfer, { where: { localAuthorityId: actor.localAuthorityId, ...(direction ? { direction } : {}) }, order: { createdAt: 'DESC' }, take: 500 });
    return Promise.all(rows.map((t) => (t.direction === 'out' ? this.viewOut(t) : this.viewIn(t))));
  }

  // ---- helpers ----

  private async insertOut(actor: Actor, facts: Pick<Transfer, 'kind' | 'childId' | 'planId' | 'assessmentId'>, dto: TransferOutDto): Promise<Transfer> {
    const manager = this.txHost.tx;
    const transfer = manager.create(Transfer, {
      localAuthorityId: actor.localAuthorityId,
      direction: 'out',
      status: 'pending',
      ...facts,
      otherLocalAuthorityName: dto.toLocalAuthorityName,
      otherLocalAuthorityCode: dto.toLocalAuthorityCode ?? (await this.localAuthorities.codeByName(dto.toLocalAuthorityName)),
      movesOn: dto.movesOn,
      learnedOn: dto.learnedOn,
      createdById: actor.userId,
    });
    await manager.save(transfer);
    await this.record(actor, transfer, 'transfer.created', { to: dto.toLocalAuthorityName, movesOn: dto.movesOn, learnedOn: dto.learnedOn, kind: facts.kind });
    return transfer;
  }

  /** A package of this installation imported by its new LA: the old LA's transfer is received (and sent, if not yet recorded). */
  private async receivedHere(sourceTransferId: string, on: IsoDate): Promise<void> {
    const manager = this.txHost.tx;
    const source = await manager.getRepository(Transfer).createQueryBuilder('t').setLock('pessimistic_write').where(`t.id = :id AND t.direction = 'out'`, { id: sourceTransferId }).getOne();
    if (!source || source.status === 'cancelled') return;
    source.sentOn = source.sentOn ?? on;
    source.status = 'received';
    await manager.save(source);
    await this.syncOut(source, source.assessmentId);
  }

  private outFacts(t: Transfer) {
    return { movesOn: t.movesOn, learnedOn: t.learnedOn ?? t.movesOn, sentOn: t.sentOn, cancelledOn: t.cancelledOn };
  }

  private async syncOut(transfer: Transfer, assessmentId: string | null): Promise<TransferView> {
    const deadlines = transfer.kind === 'plan' ? computeTransferOutDeadlines(this.outFacts(transfer), this.clock.today()) : [];
    const caseOwner = assessmentId ? ((await this.assessments.caseworkersOf([assessmentId])).get(assessmentId) ?? null) : null;
    await this.deadlines.sync({ localAuthorityId: transfer.localAuthorityId, subjectType: 'transfer', subjectId: transfer.id, assessmentId: null, caseOwnerUserId: caseOwner }, deadlines);
    return { transfer, deadlines };
  }

  private async syncIn(transfer: Transfer): Promise<TransferView> {
    const deadlines = this.inDeadlines(transfer);
    const caseOwner = transfer.assessmentId ? ((await this.assessments.caseworkersOf([transfer.assessmentId])).get(transfer.assessmentId) ?? null) : null;
    await this.deadlines.sync({ localAuthorityId: transfer.localAuthorityId, subjectType: 'transfer', subjectId: transfer.id, assessmentId: null, caseOwnerUserId: caseOwner }, deadlines);
    return this.viewIn(transfer);
  }

  private inDeadlines(transfer: Transfer): ComputedDeadline[] {
    if (transfer.kind !== 'plan' || !transfer.transferredOn) return [];
    return computeTransferInDeadlines({ transferredOn: transfer.transferredOn, noticeSentOn: transfer.noticeSentOn, endedOn: null }, this.clock.today());
  }

  private viewOut(transfer: Transfer): TransferView {
    return { transfer, deadlines: transfer.kind === 'plan' ? computeTransferOutDeadlines(this.outFacts(transfer), this.clock.today()) : [] };
  }

  /** An incoming transfer with its own deadline and, for a plan, the plan's (the next `review_due`). */
  private async viewIn(transfer: Transfer): Promise<TransferView> {
    const own = this.inDeadlines(transfer);
    if (!transfer.planId) return { transfer, deadlines: own };
    const [plan] = await this.plans.findByIds([transfer.planId]);
    const planDeadlines = plan ? await this.plans.deadlinesOf(plan, this.clock.today()) : [];
    return { transfer, deadlines: [...own, ...planDeadlines] };
  }

  private async findOrCreateChild(actor: Actor, dto: TransferPackageDto): Promise<string> {
    const c = dto.child;
    if (c.upn || c.nhsNumber) {
      const existing = await this.children.findByIdentifiers(actor, { upn: c.upn ?? undefined, nhsNumber: c.nhsNumber ?? undefined });
      if (existing) return existing.id;
    }
    const created = await this.children.create(actor, { givenName: c.givenName, familyName: c.familyName, dateOfBirth: c.dateOfBirth, ...(c.upn ? { upn: c.upn } : {}), ...(c.nhsNumber ? { nhsNumber: c.nhsNumber } : {}), ...(c.postcode ? { postcode: c.postcode } : {}) });
    return created.id;
  }

  private async find(actor: Actor, id: string, lock = false): Promise<Transfer> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('transfer', id);
    const qb = manager.getRepository(Transfer).createQueryBuilder('t').where('t.id = :id AND t.local_authority_id = :la', { id, la: actor.localAuthorityId });
    if (lock) qb.setLock('pessimistic_write');
    const transfer = await qb.getOne();
    if (!transfer) throw new NotFoundError('transfer', id);
    return transfer;
  }

  private async lock(actor: Actor, id: string, direction: 'in' | 'out'): Promise<Transfer> {
    const transfer = await this.find(actor, id, true);
    if (transfer.direction !== direction) throw new NotFoundError(`${direction === 'out' ? 'outgoing' : 'incoming'} transfer`, id);
    return transfer;
  }

  private record(actor: Actor, transfer: Transfer, action: string, metadata: Record<string, unknown>): Promise<void> {
    return this.audit.record(actor, { action, entityType: 'transfer', entityId: transfer.id, metadata: { ...metadata, childId: transfer.childId, planId: transfer.planId } });
  }
}

function minToday(date: IsoDate, today: IsoDate): IsoDate {
  return date > today ? today : date;
}
