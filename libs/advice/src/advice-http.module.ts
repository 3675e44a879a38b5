import { Module } from '@nestjs/common';
import { AssessmentsModule } from '@app/assessments';
import { AdviceController } from './advice.controller';
import { AdviceModule } from './advice.module';

@Module({ imports: [AdviceModule, AssessmentsModule], controllers: [AdviceController] })
export class AdviceHttpModule {}
