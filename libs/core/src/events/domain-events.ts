/*
 * The one table of who reacts to what (issue 22). Every domain event one context tells the others, with its payload,
 * and every query port one context answers for another, with the class that binds it. `grep -rn "@OnDomainEvent"`
 * and `grep -rn "@BindsPort"` show the same picture from the code; DomainWiringCheck refuses to start a process whose
 * composition leaves a row of this table without its handler or its binding (docs/architecture.md, ADR 0010).
 *
 * The payload types are imported as types only (erased at run time), so core still loads before every context and no
 * context imports another to react to it.
 */
import type { Actor, FamilySessionResolver } from '../auth/actor';
import type { Assessment, AssessmentAdviceSource, AssessmentCommand } from '@app/assessments';
import type { Plan, PlanDeadlinesSource, PlanEvent, PlanIssueGuard } from '@app/plans';
import type { AppealSubjectResolver } from '@app/appeals';
import type { CaseReferenceSource } from '@app/reminders';

/*
 * Every event but `assessment.committed` is told inside the emitter's transaction: its handlers run in it (the ambient
 * transaction, `txHost.tx`, ADR 0011), write with it, and may refuse (throw) to roll the command back.
 */
type PlanStep<T extends PlanEvent['type']> = { actor: Actor; plan: Plan; event: Extract<PlanEvent, { type: T }> };

/** Event name -> payload. Names are `<owning context>.<what happened>`; the owning context is the only emitter. */
export interface DomainEventMap {
  /** An assessment command changed the case (decisions, draft, final, withdrawal, reopening by order); before the assessment is saved. */
  'assessment.stepped': { actor: Actor; assessment: Assessment; command: AssessmentCommand };
  /** The command above committed (not inside an outer transaction): enqueue work; a failure is left to the owner's sweeper. */
  'assessment.committed': { assessment: Assessment; command: AssessmentCommand };
  /** A case has a new caseworker: whoever's deadlines the caseworker answers for moves their case owner. */
  'assessment.caseworker-changed': { actor: Actor; assessment: Assessment };
  'plan.final-issued': PlanStep<'final_issued'>;
  'plan.amended-issued': PlanStep<'amended_plan_issued'>;
  'plan.ceasing': PlanStep<'ceasing'>;
  'plan.ceased': PlanStep<'ceased'>;
  'plan.cease-withdrawn': PlanStep<'cease_withdrawn'>;
  'plan.cease-reopened': PlanStep<'cease_reopened'>;
  /** Deadlines created or materially changed (due date, state, completion, owner), so reminders change in the same commit. */
  'deadlines.changed': { deadlineIds: string[] };
  /** The caller's LA no longer admits the user at all: work addressed to them moves on. */
  'identity.admission-withdrawn': { actor: Actor; userId: string; localAuthorityId: string };
}
export type DomainEventName = keyof DomainEventMap;

/**
 * The handlers each event must have in a full process (API, worker, seed), in the order they run (`Class.method`).
 * Order matters only where it says: plans first on `assessment.stepped`, because it creates the plan the others see.
 * An event may have none (told for the audit trail of the code, no one reacts yet).
 */
export const DOMAIN_EVENT_HANDLERS: { readonly [K in DomainEventName]: readonly string[] } = {
  'assessment.stepped': ['PlansService.onAssessmentStepped', 'AppealsService.onAssessmentStepped', 'HealthService.onAssessmentStepped', 'CoProductionService.onAssessmentStepped', 'AdviceService.onAssessmentStepped'],
  'assessment.committed': ['PlansService.afterAssessmentCommitted'],
  'assessment.caseworker-changed': ['ReviewsService.onCaseworkerChanged'],
  'plan.final-issued': ['ReviewsService.onFinalPlanIssued'],
  'plan.amended-issued': ['AppealsService.onAmendedPlanIssued'],
  'plan.ceasing': [],
  'plan.ceased': ['ReviewsService.onPlanCeaseChanged', 'HealthService.onPlanCeaseChanged'],
  'plan.cease-withdrawn': ['ReviewsService.onPlanCeaseChanged', 'HealthService.onPlanCeaseChanged'],
  'plan.cease-reopened': ['ReviewsService.onPlanCeaseChanged', 'HealthService.onPlanCeaseChanged'],
  'deadlines.changed': ['ReminderPlannerService.onDeadlinesChanged'],
  'identity.admission-withdrawn': ['AdviceService.onAdmissionWithdrawn'],
};

/**
 * Query ports: one context asks, another answers (and may refuse, as the issue guard does). Not events: each has
 * exactly one binding, and a read cannot do without it. Port name -> the interface its binding implements.
 */
export interface DomainPortMap {
  /** Assessments ask advice for the advice dates of a case (its deadlines) and the requests it shows. */
  'assessments.advice-source': AssessmentAdviceSource;
  /** Plans ask reviews for a plan's own deadlines (review due, phase transfer) on a read. */
  'plans.deadlines-source': PlanDeadlinesSource;
  /** Plans ask boundaries before freezing a final or amended plan (section G signed off by health); it throws to refuse. */
  'plans.issue-guard': PlanIssueGuard;
  /** Identity's guard asks families whether a family session token is live (identity does not depend on families). */
  'identity.family-sessions': FamilySessionResolver;
  /** Appeals ask boundaries about a re-assessment an appeal is about (subject type `reassessment`). */
  'appeals.reassessment-subject': AppealSubjectResolver;
  /** Reminders ask the owner of each kind of subject for its case reference (EHC-2026-00042), for the emails. */
  'reminders.case-reference.assessment': CaseReferenceSource;
  'reminders.case-reference.advice-request': CaseReferenceSource;
  'reminders.case-reference.plan': CaseReferenceSource;
  'reminders.case-reference.review': CaseReferenceSource;
  'reminders.case-reference.appeal': CaseReferenceSource;
}
export type DomainPortName = keyof DomainPortMap;

/** Which class binds each port in a full process. */
export const DOMAIN_PORT_BINDINGS: { readonly [K in DomainPortName]: string } = {
  'assessments.advice-source': 'AdviceService',
  'plans.deadlines-source': 'ReviewsService',
  'plans.issue-guard': 'HealthService',
  'identity.family-sessions': 'FamilySignInService',
  'appeals.reassessment-subject': 'ReassessmentsService',
  'reminders.case-reference.assessment': 'AssessmentsService',
  'reminders.case-reference.advice-request': 'AdviceService',
  'reminders.case-reference.plan': 'PlansService',
  'reminders.case-reference.review': 'ReviewsService',
  'reminders.case-reference.appeal': 'AppealsService',
};
