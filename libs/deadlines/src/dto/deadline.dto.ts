import { ApiProperty } from '@nestjs/swagger';
import { ComputedDeadline, DeadlineKind, DeadlineStatus } from '@app/statutory-clock';

/** A deadline as the API shows it (api-contract.md: kind, dueOn, regulation, status, completedOn, and more). */
export class DeadlineDto {
  @ApiProperty({ enum: DeadlineKind }) kind: DeadlineKind;
  @ApiProperty({ type: 'string', format: 'date', description: 'The statutory due date; exceptions never move it' }) dueOn: string;
  @ApiProperty({ example: 'SEND Regulations 2014, reg 13(2)' }) regulation: string;
  @ApiProperty({ enum: DeadlineStatus }) status: DeadlineStatus;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) completedOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) adviceRequestId: string | null;
  @ApiProperty({ type: 'string', format: 'date' }) startsOn: string;
  @ApiProperty({ description: 'False for guidance (not a legal duty)' }) statutory: boolean;
  @ApiProperty({ description: 'One sentence saying where the date comes from' }) explanation: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Management target: the due date pushed back by applying exceptions (not statutory)' }) managementTargetOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true }) exceptionIds: string[];
  @ApiProperty({ description: 'A warning date, not an overdue duty while the case is open (the no-plan notice, Regs 10(1))' }) warning: boolean;
}

/** The API's view of a deadline the clock computed (its status as of the day it was computed for). */
export function toDeadlineDto(d: ComputedDeadline): DeadlineDto {
  return {
    kind: d.kind,
    dueOn: d.dueOn,
    regulation: d.regulation,
    status: d.status,
    completedOn: d.completedOn,
    adviceRequestId: d.adviceRequestId,
    startsOn: d.startsOn,
    statutory: d.statutory,
    explanation: d.explanation,
    managementTargetOn: d.managementTargetOn,
    exceptionIds: d.exceptionIds,
    warning: d.warning,
  };
}
