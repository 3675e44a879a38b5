import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DomainEventsModule } from '@app/core';
import { DeadlinesService } from './deadlines.service';
import { Deadline } from './entities/deadline.entity';

/** The deadlines context: every statutory deadline of every subject, and the reads other contexts make of them. */
@Module({
  imports: [TypeOrmModule.forFeature([Deadline]), DomainEventsModule],
  providers: [DeadlinesService],
  exports: [DeadlinesService],
})
export class DeadlinesModule {}
