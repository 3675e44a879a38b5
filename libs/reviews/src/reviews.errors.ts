import { ConflictError, RuleViolationError } from '@app/core';

export enum ReviewErrorCode {
  ReviewInProgress = 'review_in_progress',
  PlanNotIssued = 'plan_not_issued',
  ReviewStepOutOfOrder = 'review_step_out_of_order',
  RepresentationsWindowOpen = 'representations_window_open',
  PhaseTransferDateInvalid = 'phase_transfer_date_invalid',
}

/** A plan has at most one review in progress (opened, scheduled, held, or amending): 409 naming it. */
export class ReviewInProgressError extends ConflictError {
  constructor(reviewId: string, status: string) {
    super(ReviewErrorCode.ReviewInProgress, `This plan already has a review in progress (${status}): continue that one.`, { reviewId, reviewStatus: status });
  }
}

/** Reviews, phase transfers and intervals belong to a maintained plan: issued (or ceasing, still maintained). */
export class PlanNotIssuedError extends ConflictError {
  constructor(status: string) {
    super(ReviewErrorCode.PlanNotIssued, `A plan is reviewed once its final version is issued and while it is maintained; this plan is ${status}.`, { planStatus: status });
  }
}

/** A review step that does not fit where the review stands (409). */
export class ReviewStepOutOfOrderError extends ConflictError {
  constructor(step: string, status: string) {
    super(ReviewErrorCode.ReviewStepOutOfOrder, `Cannot ${step} while the review is ${status}.`, { step, reviewStatus: status });
  }
}

/** The amended plan cannot be issued inside the family's 15 days unless their representations are in (Regs 22(2)(c)). */
export class RepresentationsWindowOpenError extends RuleViolationError {
  constructor(issuedOn: string, earliest: string) {
    super(
      ReviewErrorCode.RepresentationsWindowOpen,
      `The amended plan cannot be issued on ${issuedOn}: the family has at least 15 days from the amendment notice to make representations, so the earliest day is ${earliest}, unless their representations are recorded first.`,
      'SEND Regulations 2014, reg 22(2)(c)',
      { earliestIssueOn: earliest },
    );
  }
}
