import { Module } from '@nestjs/common';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsModule } from './assessments.module';

@Module({ imports: [AssessmentsModule], controllers: [AssessmentsController] })
export class AssessmentsHttpModule {}
