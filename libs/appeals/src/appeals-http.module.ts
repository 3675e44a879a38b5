import { Module } from '@nestjs/common';
import { AppealsController } from './appeals.controller';
import { AppealsModule } from './appeals.module';
import { NoticeLettersController } from './notices/notice-letters.controller';

@Module({ imports: [AppealsModule], controllers: [AppealsController, NoticeLettersController] })
export class AppealsHttpModule {}
