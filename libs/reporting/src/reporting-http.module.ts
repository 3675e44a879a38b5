import { Module } from '@nestjs/common';
import { ReportingModule } from './reporting.module';
import { ReportsController } from './reports.controller';
import { DisputesReportsController } from './disputes-reports.controller';
import { ScorecardController } from './scorecard/scorecard.controller';
import { BoardPacksController } from './board-pack/board-packs.controller';

@Module({ imports: [ReportingModule], controllers: [ReportsController, DisputesReportsController, ScorecardController, BoardPacksController] })
export class ReportingHttpModule {}
