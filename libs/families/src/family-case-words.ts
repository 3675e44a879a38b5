import { IsoDate } from '@app/statutory-clock';

/** Who a date binds, as the family sees it. */
export type Binds = 'family' | 'council';

interface StageWords {
  stage: string;
  description: string;
}

/** Each status of the case in plain English (conventions.md: plain English for families, no jargon unexplained). */
export const STAGE_WORDS: Record<string, StageWords> = {
  awaiting_decision: { stage: 'Deciding whether to assess', description: 'The council has your request and is deciding whether to carry out an education, health and care (EHC) needs assessment.' },
  refused: { stage: 'Decided not to assess', description: 'The council decided not to carry out an EHC needs assessment. You can ask for mediation and appeal against this decision.' },
  assessing: { stage: 'Assessment under way', description: 'The council is gathering advice about your child’s needs from you, the school and professionals, and will then decide whether to write an EHC plan.' },
  not_issuing: { stage: 'Decided not to write a plan', description: 'After the assessment the council decided not to write an EHC plan. You can ask for mediation and appeal against this decision.' },
  drafting: { stage: 'Writing the draft plan', description: 'The council decided to write an EHC plan and is preparing a draft for you to comment on.' },
  draft_issued: { stage: 'Draft plan ready for your comments', description: 'The council has sent you the draft EHC plan. You can comment on any section, ask for a meeting, and say which school or college you would like named.' },
  plan_issued: { stage: 'EHC plan issued', description: 'The final EHC plan has been issued. It is reviewed at least once a year, and you can appeal against what it says.' },
  withdrawn: { stage: 'Closed', description: 'This request is closed.' },
};

/** The deadlines a family is shown, in plain English, with whom each binds. Advice and consultation dates stay with staff. */
export const DEADLINE_WORDS: Record<string, { description: string; binds: Binds }> = {
  decision_to_assess: { description: 'The council must tell you whether it will carry out an assessment', binds: 'council' },
  no_plan_notice: { description: 'If the council decides not to write a plan, it must tell you by this date', binds: 'council' },
  draft_representations: { description: 'Your 15 days to comment on the draft plan (they begin on the day it was sent)', binds: 'family' },
  final_plan: { description: 'The council must issue the final EHC plan', binds: 'council' },
};

export const APPEAL_WORDS = 'The last day to appeal to the First-tier Tribunal (SEND) against this decision';

export const ADVICE_WORDS: Record<string, string> = {
  requested: 'asked for',
  received: 'received',
  accepted: 'received',
  returned: 'asked for',
  reused: 'existing advice used',
  cancelled: 'no longer needed',
};

export interface NextStep {
  description: string;
  dueOn: IsoDate | null;
}

/** What happens next on the case, and by when. */
export function nextStepFor(
  status: string,
  due: (kind: string) => IsoDate | null,
  facts: { representationsReceivedOn: IsoDate | null; appealDeadline: IsoDate | null; nextReviewDueOn: IsoDate | null },
): NextStep | null {
  switch (status) {
    case 'awaiting_decision':
      return { description: 'The council tells you whether it will carry out an assessment.', dueOn: due('decision_to_assess') };
    case 'assessing':
      return { description: 'The council gathers advice and decides whether to write an EHC plan. If it decides not to, it tells you by this date.', dueOn: due('no_plan_notice') };
    case 'drafting':
      return { description: 'The council sends you a draft plan to comment on. The final plan is due by this date.', dueOn: due('final_plan') };
    case 'draft_issued':
      return facts.representationsReceivedOn
        ? { description: 'The council has your comments and will issue the final plan, answering each of them.', dueOn: due('final_plan') }
        : { description: 'Send your comments on the draft plan, ask for a meeting if you want one, and say which school or college you would like.', dueOn: due('draft_representations') };
    case 'refused':
    case 'not_issuing':
      return { description: 'If you disagree, you can ask for mediation and appeal. This is the last day to appeal.', dueOn: facts.appealDeadline };
    case 'plan_issued':
      return { description: 'The plan is reviewed with you at least once a year. The next review must be held by this date.', dueOn: facts.nextReviewDueOn };
    default:
      return null;
  }
}

/** The step of the case a contribution was given at. */
export function caseStepOf(status: string): string {
  if (status === 'awaiting_decision') return 'request';
  if (status === 'assessing' || status === 'drafting') return 'assessment';
  if (status === 'draft_issued') return 'draft';
  if (status === 'plan_issued') return 'plan';
  return 'closed';
}
