import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuditEvent } from '../entities/audit-event.entity';

export class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiPropertyOptional({ nullable: true }) actorUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) actorRole: string | null;
  @ApiProperty({ example: 'child.updated' }) action: string;
  @ApiProperty({ example: 'child' }) entityType: string;
  @ApiPropertyOptional({ nullable: true }) entityId: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Changed fields: {field: {before, after}}' }) changes: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true }) metadata: Record<string, unknown> | null;
  @ApiPropertyOptional({ nullable: true }) requestId: string | null;

  static from(event: AuditEvent): AuditEventDto {
    return {
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actorUserId: event.actorUserId,
      actorRole: event.actorRole,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      changes: event.changes,
      metadata: event.metadata,
      requestId: event.requestId,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiPropertyOptional({ nullable: true }) nextCursor: string | null;
}
