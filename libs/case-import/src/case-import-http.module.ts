import { Module } from '@nestjs/common';
import { CaseImportController } from './case-import.controller';
import { CaseImportModule } from './case-import.module';

@Module({ imports: [CaseImportModule], controllers: [CaseImportController] })
export class CaseImportHttpModule {}
