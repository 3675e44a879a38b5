import { ApiProperty } from '@nestjs/swagger';
import { AuditEvent } from '../entities/audit-event.entity';

export class AuditEventDto {
  @ApiProperty({ type: 'string', pattern: '^[0-9]+$', description: 'The sequence number of the event (a bigint, as text)' }) id: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) actorRole: string | null;
  @ApiProperty({ example: 'child.updated' }) action: string;
  @ApiProperty({ example: 'child' }) entityType: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'The id of the record (a UUID for most entities)' }) entityId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Changed fields: {field: {before, after}}' }) changes: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) metadata: Record<string, unknown> | null;
  @ApiProperty({ type: 'string', nullable: true }) requestId: string | null;

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
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}
