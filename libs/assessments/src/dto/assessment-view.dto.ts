import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DeadlineKind, DeadlineStatus, ExceptionGround } from '@app/statutory-clock';
import { AssessmentStatus, RequestSource, WithdrawalReason } from '../entities/assessment.entity';

export class DeadlineDto {
  @ApiProperty({ enum: DeadlineKind }) kind: DeadlineKind;
  @ApiProperty({ description: 'The statutory due date; exceptions never move it' }) dueOn: string;
  @ApiProperty({ example: 'SEND Regulations 2014, reg 13(2)' }) regulation: string;
  @ApiProperty({ enum: DeadlineStatus }) status: DeadlineStatus;
  @ApiPropertyOptional({ nullable: true }) completedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) adviceRequestId: string | null;
  @ApiProperty() startsOn: string;
  @ApiProperty({ description: 'False for guidance (not a legal duty)' }) statutory: boolean;
  @ApiProperty({ description: 'One sentence saying where the date comes from' }) explanation: string;
  @ApiPropertyOptional({ nullable: true, description: 'Management target: the due date pushed back by applying exceptions (not statutory)' }) managementTargetOn: string | null;
  @ApiProperty({ type: [String] }) exceptionIds: string[];
  @ApiProperty({ description: 'A warning date, not an overdue duty while the case is open (the no-plan notice, Regs 10(1))' }) warning: boolean;
}

export class ExceptionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ExceptionGround }) ground: ExceptionGround;
  @ApiProperty({ enum: DeadlineKind, isArray: true }) affects: DeadlineKind[];
  @ApiProperty({ description: 'For grounds (a)/(b): the first day of the closure' }) startsOn: string;
  @ApiPropertyOptional({ nullable: true, description: 'For grounds (a)/(b): the last day of the closure' }) endsOn: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Grounds (a)/(b): the educational advice request made in the window' }) adviceRequestId: string | null;
  @ApiPropertyOptional({ nullable: true }) closureStartsOn: string | null;
  @ApiPropertyOptional({ nullable: true }) reopensOn: string | null;
  @ApiProperty({ description: 'A closure recorded under the old rule (no advice request): it keeps the 20-week flag and is listed for review' }) underOldRule: boolean;
  @ApiProperty() reason: string;
  @ApiPropertyOptional({ nullable: true }) evidence: string | null;
  @ApiPropertyOptional({ nullable: true }) familyToldOn: string | null;
  @ApiPropertyOptional({ nullable: true }) recordedById: string | null;
  @ApiProperty() recordedAt: string;
}

export class AdviceRequestSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() discipline: string;
  @ApiProperty() requestedOn: string;
  @ApiPropertyOptional({ nullable: true, description: 'Null for the family’s own advice (Regs 6(1)(a)): it has no deadline' }) dueOn: string | null;
  @ApiProperty() status: string;
  @ApiPropertyOptional({ nullable: true }) receivedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) assigneeUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) assigneeOrganisationId: string | null;
}

export class SchoolConsultationViewDto {
  @ApiProperty() id: string;
  @ApiProperty() schoolName: string;
  @ApiPropertyOptional({ nullable: true }) organisationId: string | null;
  @ApiProperty() consultedOn: string;
  @ApiProperty({ description: 'Guidance: consulted + 15 days (CoP 9.83)' }) responseDueOn: string;
  @ApiPropertyOptional({ nullable: true }) respondedOn: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['agrees', 'objects'] }) response: 'agrees' | 'objects' | null;
}

export class AssessmentDto {
  @ApiProperty() id: string;
  @ApiProperty() childId: string;
  @ApiProperty({ enum: AssessmentStatus }) status: AssessmentStatus;
  @ApiProperty() requestReceivedOn: string;
  @ApiProperty({ enum: RequestSource }) requestSource: RequestSource;
  @ApiPropertyOptional({ nullable: true }) caseworkerId: string | null;
  @ApiProperty({ description: 'The DfE "20-week exceptions apply" flag' }) exceptionsApply: boolean;
  @ApiPropertyOptional({ nullable: true, enum: ['assess', 'refuse'] }) decisionToAssess: 'assess' | 'refuse' | null;
  @ApiPropertyOptional({ nullable: true }) decisionToAssessOn: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'When the family was told (the 6 weeks run to it); the decision date unless recorded' }) decisionToAssessNotifiedOn: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['issue', 'not_issue'] }) decisionToIssue: 'issue' | 'not_issue' | null;
  @ApiPropertyOptional({ nullable: true }) decisionToIssueOn: string | null;
  @ApiPropertyOptional({ nullable: true }) decisionToIssueNotifiedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) draftIssuedOn: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'When the draft was served (the 15 days begin with it); the issue date unless recorded' }) draftServedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) representationsReceivedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) representationsMeetingRequested: boolean | null;
  @ApiPropertyOptional({ nullable: true }) representationsSchoolRequested: string | null;
  @ApiProperty({ type: [SchoolConsultationViewDto] }) schoolConsultations: SchoolConsultationViewDto[];
  @ApiPropertyOptional({ nullable: true, description: 'The earliest date the final plan may be issued (Regs 13(1))' }) earliestFinalPlanOn: string | null;
  @ApiPropertyOptional({ nullable: true }) finalIssuedOn: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'When the final plan was sent to the family, school and health body (the 20 weeks run to it)' }) finalNotifiedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) withdrawnOn: string | null;
  @ApiPropertyOptional({ nullable: true, enum: WithdrawalReason }) withdrawalReason: WithdrawalReason | null;
  @ApiPropertyOptional({ nullable: true }) planId: string | null;
  @ApiProperty() imported: boolean;
  @ApiProperty({ type: [DeadlineDto] }) deadlines: DeadlineDto[];
  @ApiProperty({ type: [ExceptionDto] }) exceptions: ExceptionDto[];
  @ApiProperty({ type: [AdviceRequestSummaryDto] }) adviceRequests: AdviceRequestSummaryDto[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class NextDeadlineDto {
  @ApiProperty({ enum: DeadlineKind }) kind: DeadlineKind;
  @ApiProperty() dueOn: string;
  @ApiProperty({ enum: DeadlineStatus }) status: DeadlineStatus;
}

export class AssessmentSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() childId: string;
  @ApiProperty({ enum: AssessmentStatus }) status: AssessmentStatus;
  @ApiProperty() requestReceivedOn: string;
  @ApiPropertyOptional({ nullable: true }) caseworkerId: string | null;
  @ApiProperty() exceptionsApply: boolean;
  @ApiProperty() finalPlanDueOn: string;
  @ApiPropertyOptional({ nullable: true, type: NextDeadlineDto }) nextDeadline: NextDeadlineDto | null;
  @ApiProperty() overdueDeadlines: number;
}

export class AssessmentPageDto {
  @ApiProperty({ type: [AssessmentSummaryDto] }) items: AssessmentSummaryDto[];
  @ApiPropertyOptional({ nullable: true }) nextCursor: string | null;
}

export class TimelineEntryDto {
  @ApiProperty() at: string;
  @ApiProperty({ example: 'assessment.decision_to_assess' }) action: string;
  @ApiProperty({ example: 'Decided to assess (decided on 2026-02-10)' }) summary: string;
  @ApiPropertyOptional({ nullable: true }) actorUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) actorName: string | null;
  @ApiPropertyOptional({ nullable: true }) changes: Record<string, unknown> | null;
}
