import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, DomainEventMap, FamilyMemberActor, NotFoundError, OnDomainEvent } from '@app/core';
import { AdviceAttachmentsService } from '@app/advice';
import { AppealsService } from '@app/appeals';
import { Assessment, AssessmentDto, AssessmentsService, AssessmentStatus, toAssessmentDto } from '@app/assessments';
import { AuditService } from '@app/audit';
import { PdfAnswer, Plan, PlansService } from '@app/plans';
import { Review, ReviewsService } from '@app/reviews';
import { ComputedDeadline, IsoDate } from '@app/statutory-clock';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { ANSWERED_KINDS, ContributionKind, FamilyContribution } from './entities/family-contribution.entity';
import { AlreadyAnsweredError, CommentsUnansweredError, NoDraftToRespondToError, NoPlanYetError, NotAnswerableError } from './families.errors';
import { ReachableChild, FamilyAccessService } from './family-access.service';
import { ADVICE_WORDS, APPEAL_WORDS, Binds, caseStepOf, DEADLINE_WORDS, nextStepFor, NextStep, STAGE_WORDS } from './family-case-words';
import { TxHost } from '@app/database';

export interface AboutMe {
  likedAndAdmired: string;
  important: string;
  support: string;
  aspirations: string;
}

export interface Representations {
  comments: { section: string; text: string }[];
  meetingRequested: boolean;
  preferredInstitution?: { urn?: string; ukprn?: string; name: string } | null;
}

export interface FamilyDeadline {
  kind: string;
  description: string;
  dueOn: IsoDate;
  status: string;
  binds: Binds;
  regulation: string;
}

export interface FamilyCaseView {
  id: string;
  childId: string;
  status: string;
  stage: string;
  stageDescription: string;
  nextStep: NextStep | null;
  deadlines: FamilyDeadline[];
  adviceRequests: { discipline: string; status: string; statusDescription: string }[];
  notices: (AssessmentDto['decisionNotices'][number] & { description: string })[];
  draftIssuedOn: IsoDate | null;
  representationsReceivedOn: IsoDate | null;
  finalIssuedOn: IsoDate | null;
  plan: { id: string; status: string; nextReviewDueOn: IsoDate | null; latestVersionNumber: number } | null;
  coveringNotice: { issuedOn: IsoDate; answers: FamilyContribution[] } | null;
}

/** What the family said about the draft: each is answered before the final plan issues. */
const DRAFT_RESPONSE_KINDS = [ContributionKind.Comment, ContributionKind.SchoolPreference, ContributionKind.MeetingRequest];

const ABOUT_ME_HEADINGS: Record<keyof AboutMe, string> = {
  likedAndAdmired: 'What people like and admire about me',
  important: 'What is important to me, now and for the future',
  support: 'How best to support me',
  aspirations: 'My hopes and aspirations',
};

const PLAN_DEADLINE_WORDS: Record<string, string> = {
  review_due: 'The plan must be reviewed with you by this date',
  phase_transfer: 'The plan must name the next school or college, for the move, by this date',
};

/**
 * Co-production as a record: what the family said (views for section A, comments on the draft, a meeting request, the
 * school or college they prefer, a wish to go to mediation, documents) and what the caseworker answered. The family
 * sees their case in plain English; their response to a draft records representations on the clock.
 */
@Injectable()
export class CoProductionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly access: FamilyAccessService,
    private readonly assessments: AssessmentsService,
    private readonly plans: PlansService,
    private readonly reviews: ReviewsService,
    private readonly appeals: AppealsService,
    private readonly files: AdviceAttachmentsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ---- what the family sees ----

  async children(member: FamilyMemberActor): Promise<ReachableChild[]> {
    const reachable = await this.access.reachableChildren(member);
    for (const r of reachable) await this.audit.recordRead(r.actor, { action: 'child.read', entityType: 'child', entityId: r.child.id, metadata: { by: 'family' } });
    return reachable;
  }

  /** The case in plain English (the read is audited by the assessments context as the family member's). */
  async caseView(member: FamilyMemberActor, assessmentId: string): Promise<FamilyCaseView> {
    const reachable = await this.access.reachableAssessment(member, assessmentId);
    const dto = toAssessmentDto(await this.assessments.view(reachable.actor, assessmentId));
    const plan = reachable.plans.find((p) => p.id === dto.planId) ?? null;
    const planDeadlines: ComputedDeadline[] = plan ? (await this.plans.withDeadlines(plan)).deadlines : [];
    const words = STAGE_WORDS[dto.status] ?? { stage: dto.status, description: '' };
    const deadlines: FamilyDeadline[] = [
      ...dto.deadlines
        .filter((d) => d.kind in DEADLINE_WORDS && d.status !== 'not_applicable')
        .map((d) => ({ kind: d.kind, description: DEADLINE_WORDS[d.kind].description, dueOn: d.dueOn, status: d.status, binds: DEADLINE_WORDS[d.kind].binds, regulation: d.regulation })),
      ...dto.decisionNotices.map((n) => ({ kind: 'appeal', description: APPEAL_WORDS, dueOn: n.appealDeadline, status: 'open', binds: 'family' as const, regulation: 'SEND Regulations 2014, reg 43(2); HESC Rules 2008 r20' })),
      ...planDeadlines
        .filter((d) => d.kind in PLAN_DEADLINE_WORDS)
        .map((d) => ({ kind: d.kind, description: PLAN_DEADLINE_WORDS[d.kind], dueOn: d.dueOn, status: d.status, binds: 'council' as const, regulation: d.regulation })),
    ];
    const latestNotice = dto.decisionNotices[dto.decisionNotices.length - 1];
    const due = (kind: string) => dto.deadlines.find((d) => d.kind === kind)?.dueOn ?? null;
    const answered = await this.dataSource.manager.find(FamilyContribution, { where: { assessmentId, noticeIssuedOn: Not(IsNull()) }, order: { createdAt: 'ASC' } });
    return {
      id: dto.id,
      childId: dto.childId,
      status: dto.status,
      stage: words.stage,
      stageDescription: words.description,
      nextStep: nextStepFor(dto.status, due, { representationsReceivedOn: dto.representationsReceivedOn, appealDeadline: latestNotice?.appealDeadline ?? null, nextReviewDueOn: plan?.nextReviewDueOn ?? null }),
      deadlines,
      adviceRequests: dto.adviceRequests.map((r) => ({ discipline: r.discipline, status: r.status, statusDescription: ADVICE_WORDS[r.status] ?? r.status })),
      notices: dto.decisionNotices.map((n) => ({ ...n, description: noticeWords(n.decision) })),
      draftIssuedOn: dto.draftIssuedOn,
      representationsReceivedOn: dto.representationsReceivedOn,
      finalIssuedOn: dto.finalIssuedOn,
      plan: plan ? { id: plan.id, status: plan.status, nextReviewDueOn: plan.nextReviewDueOn, latestVersionNumber: plan.latestVersionNumber } : null,
      coveringNotice: dto.finalIssuedOn && answered.length > 0 ? { issuedOn: answered[0].noticeIssuedOn!, answers: answered } : null,
    };
  }

  /** The family's plan: its status and review dates. */
  async plan(member: FamilyMemberActor, planId: string): Promise<{ plan: Plan; deadlines: ComputedDeadline[]; reviews: Review[]; recommendations: Awaited<ReturnType<AppealsService['recommendationsOfCase']>> }> {
    const reachable = await this.access.reachablePlan(member, planId);
    const answer = await this.plans.withDeadlines(reachable.plan);
    // The plan's reviews through the reviews context (which audits the read with the grant's LA).
    const reviews = (await this.reviews.listForPlan(reachable.actor, planId)).map((v) => v.review);
    // The Tribunal's health and social care recommendations on the case's appeals, and the bodies' answers.
    const recommendations = await this.appeals.recommendationsOfCase(reachable.plan.assessmentId);
    await this.audit.recordRead(reachable.actor, { action: 'plan.read', entityType: 'plan', entityId: planId, metadata: { childId: reachable.child.id, by: 'family' } });
    return { ...answer, reviews, recommendations };
  }

  /** The draft or final plan as the family received it (the plans context renders and audits it). */
  async planPdf(member: FamilyMemberActor, planId: string): Promise<PdfAnswer> {
    const reachable = await this.access.reachablePlan(member, planId);
    return this.plans.pdf(reachable.actor, planId);
  }

  /** The member's own contributions to the case, with the caseworker's answers. */
  async ownContributions(member: FamilyMemberActor, assessmentId: string): Promise<FamilyContribution[]> {
    const reachable = await this.access.reachableAssessment(member, assessmentId);
    return this.dataSource.manager.find(FamilyContribution, { where: { assessmentId, childId: reachable.child.id }, order: { createdAt: 'ASC' } });
  }

  // ---- what the family does ----

  /** Views for section A: a new version each time (a replay of the same words answers with the version it made). */
  async addViews(member: FamilyMemberActor, assessmentId: string, aboutMe: AboutMe): Promise<FamilyContribution> {
    const text = (Object.keys(ABOUT_ME_HEADINGS) as (keyof AboutMe)[]).map((key) => `${ABOUT_ME_HEADINGS[key]}:\n${aboutMe[key].trim()}`).join('\n\n');
    return this.contribute(member, assessmentId, async (ctx) => [await this.record(ctx, { kind: ContributionKind.View, section: 'A', text, details: { aboutMe: trimmed(aboutMe) } })]).then((c) => c[0]);
  }

  /** A document for the case, checked as advice attachments are (the advice context's checks, not a copy). */
  async addDocument(member: FamilyMemberActor, assessmentId: string, fileName: string, content: Buffer): Promise<FamilyContribution> {
    const file = this.files.checkFile(fileName, content);
    return this.contribute(member, assessmentId, async (ctx) => [
      await this.record(ctx, { kind: ContributionKind.Document, section: null, text: file.fileName, details: { ...file }, content }),
    ]).then((c) => c[0]);
  }

  /**
   * The family's response to the draft plan: a comment per section, a meeting request, a school or college preference.
   * Records representations on the clock (draft_representations met, Regs 13(1)) the first time, in the same transaction.
   */
  async respondToDraft(member: FamilyMemberActor, assessmentId: string, input: Representations): Promise<{ receivedOn: IsoDate; contributions: FamilyContribution[] }> {
    let receivedOn: IsoDate = this.clock.today();
    const contributions = await this.contribute(member, assessmentId, async (ctx) => {
      if (ctx.assessment.status !== AssessmentStatus.DraftIssued) throw new NoDraftToRespondToError(ctx.assessment.status);
      const made: FamilyContribution[] = [];
      for (const comment of input.comments) made.push(await this.record(ctx, { kind: ContributionKind.Comment, section: comment.section, text: comment.text.trim(), details: null }));
      if (input.meetingRequested) made.push(await this.record(ctx, { kind: ContributionKind.MeetingRequest, section: null, text: 'We would like a meeting about the draft plan.', details: null }));
      const institution = input.preferredInstitution;
      if (institution) {
        const ids = [institution.urn ? `URN ${institution.urn}` : null, institution.ukprn ? `UKPRN ${institution.ukprn}` : null].filter(Boolean).join(', ');
        made.push(
          await this.record(ctx, { kind: ContributionKind.SchoolPreference, section: 'I', text: ids ? `${institution.name.trim()} (${ids})` : institution.name.trim(), details: { urn: institution.urn ?? null, ukprn: institution.ukprn ?? null, name: institution.name.trim() } }),
        );
      }
      if (ctx.assessment.representationsReceivedOn) {
        receivedOn = ctx.assessment.representationsReceivedOn;
      } else {
        await this.assessments.execute(
          ctx.actor,
          assessmentId,
          { type: 'record_representations', receivedOn, meetingRequested: input.meetingRequested, schoolRequested: institution ? made[made.length - 1].text : undefined },
        );
      }
      return made;
    });
    return { receivedOn, contributions };
  }

  /** The family tells the council they wish to go to mediation, and on which issues. */
  async requestMediation(member: FamilyMemberActor, assessmentId: string, issues: string[]): Promise<FamilyContribution> {
    const cleaned = issues.map((i) => i.trim());
    return this.contribute(member, assessmentId, async (ctx) => {
      const wish = await this.record(ctx, { kind: ContributionKind.Mediation, section: null, text: `We wish to go to mediation about: ${cleaned.join('; ')}`, details: { issues: cleaned } });
      // The council is now told (Regs 37): the appeals context records the request on the case's live appeals, in this
      // transaction (a replay of the same words finds them recorded already and changes nothing).
      await this.appeals.familyWishesMediation(ctx.actor, assessmentId, this.clock.today());
      return [wish];
    }).then((c) => c[0]);
  }

  // ---- the caseworker's side ----

  /** Every contribution on the case, oldest first, with its answer; 404 for a case outside the caller's LA. */
  async list(actor: Actor, assessmentId: string): Promise<FamilyContribution[]> {
    const assessment = await this.assessments.requireVisible(actor, assessmentId);
    const rows = await this.dataSource.manager.find(FamilyContribution, { where: { assessmentId: assessment.id, localAuthorityId: actor.localAuthorityId }, order: { createdAt: 'ASC' } });
    await this.audit.recordRead(actor, { action: 'family_contributions.listed', entityType: 'assessment', entityId: assessment.id, metadata: { childId: assessment.childId } });
    return rows;
  }

  /** Reflected in the plan or not, with a reason. The same answer again changes nothing; a different one is a 409. */
  async answer(actor: Actor, contributionId: string, input: { reflected: boolean; reason: string }): Promise<FamilyContribution> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const row = await this.lockContribution(actor, contributionId);
      if (!ANSWERED_KINDS.includes(row.kind)) throw new NotAnswerableError(row.kind);
      const reason = input.reason.trim();
      if (row.answeredAt) {
        if (row.reflected === input.reflected && row.answerReason === reason) return row;
        throw new AlreadyAnsweredError();
      }
      row.reflected = input.reflected;
      row.answerReason = reason;
      row.answeredById = actor.userId;
      row.answeredAt = this.clock.now();
      await manager.save(row);
      await this.audit.record(actor, {
        action: 'family_contribution.answered',
        entityType: 'assessment',
        entityId: row.assessmentId,
        metadata: { contributionId: row.id, reflected: row.reflected, childId: row.childId },
      });
      return row;
    });
  }

  /**
   * Section A starts from the family's own words: the plan's section A becomes the text of this version of their views
   * (the plans context checks the If-Match version and audits the change). 409 before the LA decides to issue a plan.
   */
  async startSectionA(actor: Actor, contributionId: string, expectedVersion: number): Promise<{ plan: Plan; deadlines: ComputedDeadline[] }> {
    const row = await this.txHost.withTransaction(() => this.lockContribution(actor, contributionId));
    if (row.kind !== ContributionKind.View) throw new NotAnswerableError(row.kind, 'Only the family’s views (about me) start section A.');
    const assessment = await this.assessments.requireVisible(actor, row.assessmentId);
    if (!assessment.planId) throw new NoPlanYetError();
    const plan = await this.plans.putSection(actor, assessment.planId, 'A', { text: row.text }, expectedVersion);
    await this.audit.recordRead(actor, { action: 'family_contribution.used_for_section_a', entityType: 'plan', entityId: plan.id, metadata: { contributionId: row.id, version: row.version, childId: row.childId } });
    return this.plans.withDeadlines(plan);
  }

  /** A document the family sent (audited). */
  async document(actor: Actor, contributionId: string): Promise<FamilyContribution & { content: Buffer }> {
    const row = await this.dataSource.manager
      .getRepository(FamilyContribution)
      .createQueryBuilder('c')
      .addSelect('c.content')
      .where('c.id = :id AND c.local_authority_id = :la AND c.kind = :kind', { id: contributionId, la: actor.localAuthorityId, kind: ContributionKind.Document })
      .getOne();
    if (!row || !row.content) throw new NotFoundError('document', contributionId);
    await this.assessments.requireVisible(actor, row.assessmentId);
    await this.audit.recordRead(actor, { action: 'family_contribution.document_read', entityType: 'assessment', entityId: row.assessmentId, metadata: { contributionId: row.id, childId: row.childId } });
    return row as FamilyContribution & { content: Buffer };
  }

  /**
   * The final plan's covering notice carries the answers (inside the issuing transaction): every comment on the draft
   * must be answered first (422 otherwise); the answered ones are marked as sent with it.
   */
  @OnDomainEvent('assessment.stepped')
  async onAssessmentStepped({ assessment, command }: DomainEventMap['assessment.stepped']): Promise<void> {
    const manager = this.txHost.tx;
    if (command.type !== 'issue_final') return;
    const unanswered = await manager.countBy(FamilyContribution, { assessmentId: assessment.id, kind: In([...DRAFT_RESPONSE_KINDS]), caseStep: 'draft', answeredAt: IsNull() });
    if (unanswered > 0) throw new CommentsUnansweredError(unanswered);
    await manager
      .createQueryBuilder()
      .update(FamilyContribution)
      .set({ noticeIssuedOn: command.issuedOn })
      .where('assessment_id = :id AND answered_at IS NOT NULL AND notice_issued_on IS NULL', { id: assessment.id })
      .execute();
  }

  // ---- helpers ----

  /** One family command: the grant checked, the assessment locked, the contributions recorded and audited, one transaction. */
  private async contribute(
    member: FamilyMemberActor,
    assessmentId: string,
    work: (ctx: ReachableChild & { assessment: Assessment }) => Promise<FamilyContribution[]>,
  ): Promise<FamilyContribution[]> {
    return this.txHost.withTransaction(async () => {
      const reachable = await this.access.reachableAssessment(member, assessmentId);
      const assessment = await this.assessments.lockForUpdate(reachable.actor, assessmentId);
      const made = await work({ ...reachable, assessment });
      for (const c of made) {
        await this.audit.record(reachable.actor, {
          action: `family_contribution.${c.kind}`,
          entityType: 'assessment',
          entityId: assessmentId,
          metadata: { contributionId: c.id, section: c.section, caseStep: c.caseStep, version: c.version, childId: reachable.child.id },
        });
      }
      return made;
    });
  }

  /** Inserts a contribution with its version, or answers with the same words recorded last time (a replay). */
  private async record(
    ctx: ReachableChild & { assessment: Assessment },
    input: { kind: ContributionKind; section: string | null; text: string; details: Record<string, unknown> | null; content?: Buffer },
  ): Promise<FamilyContribution> {
    const manager = this.txHost.tx;
    const previous = await manager.find(FamilyContribution, {
      where: { assessmentId: ctx.assessment.id, kind: input.kind, section: input.section ?? IsNull(), memberId: ctx.access.memberId },
      order: { version: 'DESC' },
      take: 1,
    });
    const caseStep = caseStepOf(ctx.assessment.status);
    const last = previous[0];
    if (last && last.text === input.text && last.caseStep === caseStep) return last;
    const row = manager.create(FamilyContribution, {
      localAuthorityId: ctx.assessment.localAuthorityId,
      childId: ctx.child.id,
      assessmentId: ctx.assessment.id,
      memberId: ctx.access.memberId,
      accessId: ctx.access.id,
      kind: input.kind,
      section: input.section,
      caseStep,
      version: (last?.version ?? 0) + 1,
      text: input.text,
      details: input.details,
      content: input.content ?? null,
      reflected: null,
      answerReason: null,
      answeredById: null,
      answeredAt: null,
      noticeIssuedOn: null,
    });
    await manager.save(row);
    return row;
  }

  private async lockContribution(actor: Actor, id: string): Promise<FamilyContribution> {
    const manager = this.txHost.tx;
    const row = await manager
      .getRepository(FamilyContribution)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id AND c.local_authority_id = :la', { id, la: actor.localAuthorityId })
      .getOne();
    if (!row) throw new NotFoundError('family contribution', id);
    await this.assessments.requireVisible(actor, row.assessmentId); // professionals: 404
    return row;
  }
}

function trimmed(aboutMe: AboutMe): AboutMe {
  return { likedAndAdmired: aboutMe.likedAndAdmired.trim(), important: aboutMe.important.trim(), support: aboutMe.support.trim(), aspirations: aboutMe.aspirations.trim() };
}

function noticeWords(decision: string): string {
  switch (decision) {
    case 'refuse_to_assess':
      return 'The council decided not to carry out an EHC needs assessment.';
    case 'not_to_issue':
      return 'The council decided not to write an EHC plan after the assessment.';
    case 'plan_contents':
      return 'The final EHC plan was issued. You can appeal against what it says about needs, provision and the school or college named.';
    default:
      return 'A decision you can appeal against.';
  }
}
