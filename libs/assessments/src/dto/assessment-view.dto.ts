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
}

export class ExceptionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ExceptionGround }) ground: ExceptionGround;
  @ApiProperty({ enum: DeadlineKind, isArray: true }) affects: DeadlineKind[];
  @ApiProperty() startsOn: string;
  @ApiPropertyOptional({ nullable: true }) endsOn: string | null;
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
  @ApiProperty() dueOn: string;
  @ApiProperty() status: string;
  @ApiPropertyOptional({ nullable: true }) receivedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) assigneeUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) assigneeOrganisationId: string | null;
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
  @ApiPropertyOptional({ nullable: true, enum: ['issue', 'not_issue'] }) decisionToIssue: 'issue' | 'not_issue' | null;
  @ApiPropertyOptional({ nullable: true }) decisionToIssueOn: string | null;
  @ApiPropertyOptional({ nullable: true }) draftIssuedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) representationsReceivedOn: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The earliest date the final plan may be issued (Regs 13(1))' }) earliestFinalPlanOn: string | null;
  @ApiPropertyOptional({ nullable: true }) finalIssuedOn: string | null;
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
