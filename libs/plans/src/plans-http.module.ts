import { Module } from '@nestjs/common';
import { PlansController } from './plans.controller';
import { PlansModule } from './plans.module';
import { PlanCeasingController } from './ceasing/plan-ceasing.controller';

@Module({ imports: [PlansModule], controllers: [PlansController, PlanCeasingController] })
export class PlansHttpModule {}
