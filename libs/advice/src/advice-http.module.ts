import { Module } from '@nestjs/common';
import { DeadlinesModule } from '@app/deadlines';
import { AdviceController } from './advice.controller';
import { AdviceModule } from './advice.module';

@Module({ imports: [AdviceModule, DeadlinesModule], controllers: [AdviceController] })
export class AdviceHttpModule {}
