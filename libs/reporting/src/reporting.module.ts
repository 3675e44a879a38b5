import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { TimelinessService } from './timeliness.service';

@Module({ imports: [AuditModule], providers: [TimelinessService], exports: [TimelinessService] })
export class ReportingModule {}
