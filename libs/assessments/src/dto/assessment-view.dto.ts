import { ApiProperty } from '@nestjs/swagger';
import { DeadlineKind, DeadlineStatus, ExceptionGround } from '@app/statutory-clock';
import { AssessmentStatus, RequestSource, WithdrawalReason } from '../entities/assessment.entity';
import { DeadlineDto, DecisionNoticeDto } from '@app/deadlines';
export { DeadlineDto } from '@app/deadlines';

export class ExceptionDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ enum: ExceptionGround }) ground: ExceptionGround;
  @ApiProperty({ enum: DeadlineKind, isArray: true }) affects: DeadlineKind[];
  @ApiProperty({ type: 'string', format: 'date', description: 'For grounds (a)/(b): the first day of the closure' }) startsOn: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'For grounds (a)/(b): the last day of the closure' }) endsOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'Grounds (a)/(b): the educational advice request made in the window' }) adviceRequestId: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) closureStartsOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) reopensOn: string | null;
  @ApiProperty({ description: 'A closure recorded under the old rule (no advice request): it keeps the 20-week flag and is listed for review' }) underOldRule: boolean;
  @ApiProperty() reason: string;
  @ApiProperty({ type: 'string', nullable: true }) evidence: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) familyToldOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) recordedById: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) recordedAt: string;
}

export class AdviceRequestSummaryDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty() discipline: string;
  @ApiProperty({ type: 'string', format: 'date' }) requestedOn: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Null for the family’s own advice (Regs 6(1)(a)): it has no deadline' }) dueOn: string | null;
  @ApiProperty() status: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) receivedOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) assigneeUserId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) assigneeOrganisationId: string | null;
}

export class SchoolConsultationViewDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty() schoolName: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) organisationId: string | null;
  @ApiProperty({ type: 'string', format: 'date' }) consultedOn: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'Guidance: consulted + 15 days (CoP 9.83)' }) responseDueOn: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) respondedOn: string | null;
  @ApiProperty({ nullable: true, enum: ['agrees', 'objects'] }) response: 'agrees' | 'objects' | null;
}

export class AdviceNotSoughtDto {
  @ApiProperty({ enum: ['parent', 'education', 'health', 'psychology', 'social_care'] }) discipline: string;
  @ApiProperty({ example: 'SEND Regulations 2014, reg 6(1)(e)' }) regulation: string;
  @ApiProperty({ example: 'social care advice' }) label: string;
}

export class AdviceStillOwedDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) adviceRequestId: string;
  @ApiProperty() discipline: string;
  @ApiProperty({ example: 'SEND Regulations 2014, reg 6(1)(c)' }) regulation: string;
  @ApiProperty({ type: 'string', format: 'date' }) requestedOn: string;
  @ApiProperty({ enum: ['requested', 'returned'] }) status: string;
}

export class AdviceBeforeDraftDto {
  @ApiProperty({ type: [AdviceNotSoughtDto], description: 'Regs 6(1)(a)-(e) kinds neither requested nor reused (Regs 6(4))' }) notSought: AdviceNotSoughtDto[];
  @ApiProperty({ type: [AdviceStillOwedDto], description: 'Advice requested and not yet received (requested or returned)' }) outstanding: AdviceStillOwedDto[];
}

export class DraftAdviceDto extends AdviceBeforeDraftDto {
  @ApiProperty({ type: 'string', nullable: true, description: 'The caseworker’s documented reason to draft without the advice not sought' }) overrideReason: string | null;
  @ApiProperty({ description: 'The caseworker confirmed issuing the draft with advice outstanding' }) outstandingConfirmed: boolean;
}

export class AssessmentDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EHC-2026-00042', description: "The case's reference: unique in the LA, the same on every page, email and PDF (the plan's caseReference)" }) reference: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) childId: string;
  @ApiProperty({ enum: AssessmentStatus }) status: AssessmentStatus;
  @ApiProperty({ type: 'string', format: 'date' }) requestReceivedOn: string;
  @ApiProperty({ enum: RequestSource }) requestSource: RequestSource;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) caseworkerId: string | null;
  @ApiProperty({ description: 'The DfE "20-week exceptions apply" flag' }) exceptionsApply: boolean;
  @ApiProperty({ nullable: true, enum: ['assess', 'refuse'] }) decisionToAssess: 'assess' | 'refuse' | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) decisionToAssessOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'When the family was told (the 6 weeks run to it); the decision date unless recorded' }) decisionToAssessNotifiedOn: string | null;
  @ApiProperty({ nullable: true, enum: ['issue', 'not_issue'] }) decisionToIssue: 'issue' | 'not_issue' | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) decisionToIssueOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) decisionToIssueNotifiedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) draftIssuedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'When the draft was served (the 15 days begin with it); the issue date unless recorded' }) draftServedOn: string | null;
  @ApiProperty({ type: DraftAdviceDto, nullable: true, description: 'What the draft went out with: advice not sought (with the override reason) and advice outstanding; null when every Regs 6(1)(a)-(e) kind was sought and all advice was in, or before a draft' })
  draftAdvice: DraftAdviceDto | null;
  @ApiProperty({ type: AdviceBeforeDraftDto, description: 'As of now: the Regs 6(1)(a)-(e) advice not yet sought and the advice outstanding (what a draft would be warned of)' })
  adviceBeforeDraft: AdviceBeforeDraftDto;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) representationsReceivedOn: string | null;
  @ApiProperty({ type: 'boolean', nullable: true }) representationsMeetingRequested: boolean | null;
  @ApiProperty({ type: 'string', nullable: true }) representationsSchoolRequested: string | null;
  @ApiProperty({ type: [SchoolConsultationViewDto] }) schoolConsultations: SchoolConsultationViewDto[];
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The earliest date the final plan may be issued (Regs 13(1))' }) earliestFinalPlanOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) finalIssuedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'When the final plan was sent to the family, school and health body (the 20 weeks run to it)' }) finalNotifiedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) withdrawnOn: string | null;
  @ApiProperty({ nullable: true, enum: WithdrawalReason }) withdrawalReason: WithdrawalReason | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty() imported: boolean;
  @ApiProperty({ type: [DecisionNoticeDto], description: 'Each appealable decision on the case (a refusal, not issuing, the final plan) with the appeal deadline and mediation information its notice carries' })
  decisionNotices: DecisionNoticeDto[];
  @ApiProperty({ type: [DeadlineDto] }) deadlines: DeadlineDto[];
  @ApiProperty({ type: [ExceptionDto] }) exceptions: ExceptionDto[];
  @ApiProperty({ type: [AdviceRequestSummaryDto] }) adviceRequests: AdviceRequestSummaryDto[];
  @ApiProperty() version: number;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt: string;
}

export class NextDeadlineDto {
  @ApiProperty({ enum: DeadlineKind }) kind: DeadlineKind;
  @ApiProperty({ type: 'string', format: 'date' }) dueOn: string;
  @ApiProperty({ enum: DeadlineStatus }) status: DeadlineStatus;
}

export class AssessmentSummaryDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EHC-2026-00042', description: "The case's reference: unique in the LA, the same on every page, email and PDF (the plan's caseReference)" }) reference: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) childId: string;
  @ApiProperty({ enum: AssessmentStatus }) status: AssessmentStatus;
  @ApiProperty({ type: 'string', format: 'date' }) requestReceivedOn: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) caseworkerId: string | null;
  @ApiProperty() exceptionsApply: boolean;
  @ApiProperty({ type: 'string', format: 'date' }) finalPlanDueOn: string;
  @ApiProperty({ nullable: true, type: NextDeadlineDto }) nextDeadline: NextDeadlineDto | null;
  @ApiProperty() overdueDeadlines: number;
  @ApiProperty({ description: "The child's full name (given and family name)", example: 'Amara Okafor' }) childName: string;
  @ApiProperty({ type: 'string', nullable: true, description: "The child's UPN" }) childUpn: string | null;
}

export class AssessmentPageDto {
  @ApiProperty({ type: [AssessmentSummaryDto] }) items: AssessmentSummaryDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}

export class TimelineEntryDto {
  @ApiProperty() at: string;
  @ApiProperty({ example: 'assessment.decision_to_assess' }) action: string;
  @ApiProperty({ example: 'Decided to assess (decided on 2026-02-10)' }) summary: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) actorName: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) changes: Record<string, unknown> | null;
}
