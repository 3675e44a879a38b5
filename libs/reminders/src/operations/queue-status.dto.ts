import { ApiProperty } from '@nestjs/swagger';

export class QueueHealthDto {
  @ApiProperty({ example: 'reminders' }) name: string;
  @ApiProperty({ description: 'False when Redis did not answer (counts are then null)' }) reachable: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Ready to run (waiting and prioritized)' }) waiting: number | null;
  @ApiProperty({ nullable: true, type: Number }) active: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Waiting for their time (reminders within the horizon)' }) delayed: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Failed every attempt (kept a day, then retried by the repair)' }) failed: number | null;
  @ApiProperty({ type: [String], description: 'Job schedulers present (per-LA digest schedulers are counted, not listed)' }) schedulers: string[];
  @ApiProperty({ nullable: true, type: Number }) schedulerCount: number | null;
}

export class DeliveryHealthDto {
  @ApiProperty() remindersScheduled: number;
  @ApiProperty({ description: 'Undelivered five minutes or more after their moment: the worker is down or behind' }) remindersLate: number;
  @ApiProperty({ nullable: true, type: Number }) oldestDueReminderSeconds: number | null;
  @ApiProperty() remindersDeliveredLastDay: number;
  @ApiProperty() emailsPending: number;
  @ApiProperty({ description: 'Refused by the transport or out of attempts' }) emailsFailed: number;
  @ApiProperty({ nullable: true, type: Number }) oldestPendingEmailSeconds: number | null;
  @ApiProperty() emailsSentLastDay: number;
  @ApiProperty({ enum: ['local', 'notify', 'smtp'] }) emailTransport: string;
}

export class QueueStatusDto {
  @ApiProperty({ type: [QueueHealthDto] }) queues: QueueHealthDto[];
  @ApiProperty({ type: DeliveryHealthDto, description: "Your LA's reminders and emails, from PostgreSQL" }) delivery: DeliveryHealthDto;
  @ApiProperty({ type: 'string', format: 'date-time' }) checkedAt: string;
}
