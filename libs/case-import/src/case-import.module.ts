import { Module } from '@nestjs/common';
import { AdviceModule } from '@app/advice';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { CaseImportService } from './case-import.service';

/** Moving cases from other systems: composes children, assessments and advice through their services. */
@Module({
  imports: [AdviceModule, AssessmentsModule, AuditModule, ChildrenModule],
  providers: [CaseImportService],
  exports: [CaseImportService],
})
export class CaseImportModule {}
