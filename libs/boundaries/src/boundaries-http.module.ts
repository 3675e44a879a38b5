import { Module } from '@nestjs/common';
import { BoundariesModule } from './boundaries.module';
import { AdulthoodController } from './adulthood/adulthood.controller';
import { BudgetsController } from './budgets/budgets.controller';
import { HealthController } from './health/health.controller';
import { ProvisionController } from './provision/provision.controller';
import { ReassessmentsController } from './reassessment/reassessments.controller';
import { TransfersController } from './transfers/transfers.controller';

@Module({ imports: [BoundariesModule], controllers: [TransfersController, ReassessmentsController, HealthController, BudgetsController, ProvisionController, AdulthoodController] })
export class BoundariesHttpModule {}
