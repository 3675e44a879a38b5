import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@app/core';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { NotificationKind } from '../entities/notification.entity';

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread messages' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ enum: NotificationKind }) kind: NotificationKind;
  @ApiProperty({ example: 'assessment' }) subjectType: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) subjectId: string;
  @ApiProperty({ type: 'string', nullable: true }) deadlineKind: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) dueOn: string | null;
  @ApiProperty({ description: 'Sent to a manager because the deadline passed' }) escalated: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}
