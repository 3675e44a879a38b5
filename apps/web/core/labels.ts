/** Plain-English labels for the API's codes, in one place so every page says the same thing. */
export const STAGE_LABELS: Record<string, string> = {
  awaiting_decision: 'Awaiting decision to assess',
  refused: 'Refused to assess',
  assessing: 'Being assessed',
  not_issuing: 'Decided not to issue a plan',
  drafting: 'Drafting the plan',
  draft_issued: 'Draft plan issued',
  plan_issued: 'Final plan issued',
  withdrawn: 'Withdrawn',
};

export const DEADLINE_LABELS: Record<string, string> = {
  decision_to_assess: 'Decision whether to assess',
  advice: 'Advice',
  no_plan_notice: 'Notice if no plan is issued',
  draft_representations: "Family's response to the draft",
  final_plan: 'Final plan',
  review_due: 'Annual review',
  review_invitations: 'Review invitations',
  review_report: 'Review report',
  review_decision: 'Review decision',
  amendment_representations: "Family's response to the amendments",
  amended_plan: 'Amended plan',
  phase_transfer: 'Phase transfer',
  appeal: 'Appeal (the family’s deadline)',
  order_compliance: 'Tribunal order',
  school_consultation: "School's answer",
  review_advice_circulation: 'Review advice sent round',
  mediation: 'Mediation',
  transfer_out: 'Plan sent to the new council',
  transfer_reassessment_notice: 'Notice to the family after the move',
  reassessment_decision: 'Decision whether to re-assess',
  reassessment_outcome: 'Re-assessment outcome',
  recommendation_answer: 'Answer to a Tribunal recommendation',
  health_body_review: 'New health body’s answer',
  direct_payment_review: 'Direct payment reviewed',
};

export const DISCIPLINE_LABELS: Record<string, string> = {
  parent: 'Parent or young person',
  education: 'Educational',
  health: 'Health',
  psychology: 'Psychological',
  social_care: 'Social care',
  preparing_for_adulthood: 'Preparing for adulthood',
  other: 'Other',
};

export const ADVICE_STATUS_LABELS: Record<string, string> = {
  requested: 'Requested',
  received: 'Received',
  accepted: 'Accepted',
  returned: 'Returned',
  reused: 'Reused',
  cancelled: 'Cancelled',
};

export const PLAN_STATUS_LABELS: Record<string, string> = {
  drafting: 'Drafting',
  draft_issued: 'Draft issued',
  issued: 'Issued',
  ceasing: 'Ceasing',
  ceased: 'Ceased',
};

/** Days before a due date from which an open deadline is tagged "Due soon". */
export const DUE_SOON_DAYS = 10;

export interface StatusTag {
  text: string;
  classes: string;
}

/** The tag for a deadline: "Overdue", "Due soon" (open, due within DUE_SOON_DAYS), or its status. */
export function deadlineTag(deadline: { status: string; dueOn: string }, today: string): StatusTag {
  if (deadline.status === 'overdue') return { text: 'Overdue', classes: 'govuk-tag--red' };
  if (deadline.status === 'open') {
    const days = (Date.parse(deadline.dueOn) - Date.parse(today)) / 86_400_000;
    if (days <= DUE_SOON_DAYS) return { text: 'Due soon', classes: 'govuk-tag--yellow' };
    return { text: 'Open', classes: 'govuk-tag--blue' };
  }
  if (deadline.status === 'met') return { text: 'Met', classes: 'govuk-tag--green' };
  if (deadline.status === 'late') return { text: 'Done late', classes: 'govuk-tag--orange' };
  return { text: 'Not needed', classes: 'govuk-tag--grey' };
}

/** The family's contributions (issue 26), as the caseworker's case page names them. */
export const CONTRIBUTION_LABELS: Record<string, string> = {
  view: 'Views for section A',
  comment: 'Comment on the draft',
  meeting_request: 'Meeting request',
  school_preference: 'School or college preference',
  mediation: 'Wish to go to mediation',
  document: 'Document',
};

export const RELATIONSHIP_LABELS: Record<string, string> = {
  parent: 'Parent',
  young_person: 'Young person',
  representative: 'Representative',
};

export const ACCESS_STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  awaiting_rights: 'Waiting for the end of compulsory school age',
  needs_consent: 'Needs the young person’s consent',
  revoked: 'Revoked',
  expired: 'Expired',
};
