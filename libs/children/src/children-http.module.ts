import { Module } from '@nestjs/common';
import { ChildrenController } from './children.controller';
import { ChildrenModule } from './children.module';

@Module({ imports: [ChildrenModule], controllers: [ChildrenController] })
export class ChildrenHttpModule {}
