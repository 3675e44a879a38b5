import { Module } from '@nestjs/common';
import { ReportingModule } from './reporting.module';
import { ReportsController } from './reports.controller';
import { DisputesReportsController } from './disputes-reports.controller';

@Module({ imports: [ReportingModule], controllers: [ReportsController, DisputesReportsController] })
export class ReportingHttpModule {}
