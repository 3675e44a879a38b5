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
  @ApiProperty() id: string;
  @ApiProperty({ enum: NotificationKind }) kind: NotificationKind;
  @ApiProperty({ example: 'assessment' }) subjectType: string;
  @ApiProperty() subjectId: string;
  @ApiPropertyOptional({ nullable: true }) deadlineKind: string | null;
  @ApiPropertyOptional({ nullable: true }) dueOn: string | null;
  @ApiProperty({ description: 'Sent to a manager because the deadline passed' }) escalated: boolean;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ nullable: true }) readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiPropertyOptional({ nullable: true }) nextCursor: string | null;
}
