import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { AppealableDecision } from '@app/statutory-clock';
import { IsEnum, IsIn, IsUUID } from 'class-validator';
import { APPEAL_SUBJECT_TYPES } from '../dto/appeal.dto';

/** Which decision notice: as each notice on the case names it (the subject it was made on, the decision, the day). */
export class NoticeLetterQueryDto {
  @ApiProperty({ enum: APPEAL_SUBJECT_TYPES, description: 'What the decision was made on: `assessment` (refusal to assess, not issuing, the first final plan), `plan` (a plan issued or amended, cease), `review` (not amending, cease, the amended plan), `reassessment` (refusal to re-assess, notice not to amend)' })
  @IsIn(APPEAL_SUBJECT_TYPES)
  subjectType: (typeof APPEAL_SUBJECT_TYPES)[number];

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  subjectId: string;

  @ApiProperty({ enum: AppealableDecision })
  @IsEnum(AppealableDecision)
  decision: AppealableDecision;

  @ApiProperty({ format: 'date', description: 'The day the family was notified (the notice’s `notifiedOn`); not before the decision' })
  @IsCalendarDate()
  notifiedOn: string;
}

export class NoticeLetterRenderingDto {
  @ApiProperty({ enum: ['rendering'] }) status: 'rendering';
  @ApiProperty({ format: 'uuid', description: 'The letter being rendered' }) noticeDocumentId: string;
}
