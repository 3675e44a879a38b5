import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'child' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,40}$/, { message: 'entityType must be a lower-case entity name such as child or assessment' })
  entityType?: string;

  @ApiPropertyOptional({ description: 'The id of the record (a UUID for most entities)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ type: 'string', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;
}
