import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { IdentityModule } from '@app/identity';
import { DeadlinesModule } from '@app/deadlines';
import { PlansModule } from '@app/plans';
import { ReviewsModule } from '@app/reviews';
import { AppealSubjectRegistry } from './appeal-subjects';
import { AppealsService } from './appeals.service';
import { AppealOrderDuty } from './entities/appeal-order-duty.entity';
import { AppealOrder } from './entities/appeal-order.entity';
import { Appeal } from './entities/appeal.entity';
import { NoticeLettersService } from './notices/notice-letters.service';

/** Appeals, mediation and Tribunal orders. Exports the registry so another context (reviews) can add its subject type. */
@Module({
  imports: [TypeOrmModule.forFeature([Appeal, AppealOrder, AppealOrderDuty]), AssessmentsModule, PlansModule, ReviewsModule, DeadlinesModule, AuditModule, ChildrenModule, IdentityModule],
  providers: [AppealsService, AppealSubjectRegistry, NoticeLettersService],
  exports: [AppealsService, AppealSubjectRegistry, NoticeLettersService],
})
export class AppealsModule {}
