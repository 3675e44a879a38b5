export * from './audit.module';
export * from './audit-http.module';
export * from './audit.service';
export * from './audit-diff';
export { AuditEvent, FieldChanges } from './entities/audit-event.entity';
