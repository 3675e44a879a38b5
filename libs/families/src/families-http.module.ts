import { Module } from '@nestjs/common';
import { FamiliesModule } from './families.module';
import { FamilyController, FamilySignInController } from './family.controller';
import { FamilyStaffController } from './family-staff.controller';

@Module({ imports: [FamiliesModule], controllers: [FamilySignInController, FamilyController, FamilyStaffController] })
export class FamiliesHttpModule {}
