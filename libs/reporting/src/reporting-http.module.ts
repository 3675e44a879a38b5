import { Module } from '@nestjs/common';
import { ReportingModule } from './reporting.module';
import { ReportsController } from './reports.controller';
import { DisputesReportsController } from './disputes-reports.controller';
import { ScorecardController } from './scorecard/scorecard.controller';

@Module({ imports: [ReportingModule], controllers: [ReportsController, DisputesReportsController, ScorecardController] })
export class ReportingHttpModule {}
