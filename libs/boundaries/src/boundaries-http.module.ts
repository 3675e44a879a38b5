import { Module } from '@nestjs/common';
import { BoundariesModule } from './boundaries.module';
import { TransfersController } from './transfers/transfers.controller';

@Module({ imports: [BoundariesModule], controllers: [TransfersController] })
export class BoundariesHttpModule {}
