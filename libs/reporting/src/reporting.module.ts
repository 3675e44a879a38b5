import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { RiskService } from './risk.service';
import { TimelinessService } from './timeliness.service';

@Module({ imports: [AuditModule], providers: [TimelinessService, RiskService], exports: [TimelinessService, RiskService] })
export class ReportingModule {}
