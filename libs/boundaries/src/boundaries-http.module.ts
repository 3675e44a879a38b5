import { Module } from '@nestjs/common';
import { BoundariesModule } from './boundaries.module';
import { ReassessmentsController } from './reassessment/reassessments.controller';
import { TransfersController } from './transfers/transfers.controller';

@Module({ imports: [BoundariesModule], controllers: [TransfersController, ReassessmentsController] })
export class BoundariesHttpModule {}
