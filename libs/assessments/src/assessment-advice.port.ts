import { AdviceExceptionFact, AdviceRequestFact } from '@app/statutory-clock';
import { DeadlineOwner } from '@app/deadlines';


/** Who must act on an advice deadline. */
export type AdviceOwner = DeadlineOwner;

export interface AdviceFacts {
  /** `discipline`: what was asked (the API's values), for the closure grounds (educational advice only). */
  requests: (AdviceRequestFact & { owner: AdviceOwner; discipline?: string })[];
  exceptions: AdviceExceptionFact[];
}

/** How an assessment shows one of its advice requests. */
export interface AdviceRequestSummary {
  id: string;
  discipline: string;
  requestedOn: string;
  status: string;
  receivedOn: string | null;
  assigneeUserId: string | null;
  assigneeOrganisationId: string | null;
}

/**
 * The advice context owns advice requests; the assessment needs their dates for its deadlines. The port
 * `assessments.advice-source` (libs/core/src/events): AdviceService binds it with `@BindsPort`, so that assessments
 * does not depend on advice (advice depends on assessments), and the apps refuse to start without the binding.
 */
export interface AssessmentAdviceSource {
  adviceFacts(assessmentId: string): Promise<AdviceFacts>;
  /** Both for the assessment read, in one round trip: each request read once, with its exceptions. */
  adviceView(assessmentId: string): Promise<{ facts: AdviceFacts; summaries: AdviceRequestSummary[] }>;
}
