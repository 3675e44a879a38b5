import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ChildrenService } from './children.service';
import { Child } from './entities/child.entity';
import { FamilyContact } from './entities/family-contact.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Child, FamilyContact]), AuditModule],
  providers: [ChildrenService],
  exports: [ChildrenService],
})
export class ChildrenModule {}
