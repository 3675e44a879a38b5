import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { DashboardService } from './dashboard.service';
import { ScorecardService } from './scorecard/scorecard.service';
import { BoardPacksService } from './board-pack/board-packs.service';
import { BoardPacksQueue } from './board-pack/board-packs.queue';
import { ReviewsReportService } from './reviews-report.service';
import { DisputesReportService } from './disputes-report.service';
import { RiskService } from './risk.service';
import { Sen2Service } from './sen2/sen2.service';
import { TimelinessService } from './timeliness.service';

@Module({
  imports: [AuditModule],
  providers: [TimelinessService, RiskService, Sen2Service, ReviewsReportService, DisputesReportService, DashboardService, ScorecardService, BoardPacksService, BoardPacksQueue],
  exports: [TimelinessService, RiskService, Sen2Service, ReviewsReportService, DisputesReportService, DashboardService, ScorecardService, BoardPacksService],
})
export class ReportingModule {}
