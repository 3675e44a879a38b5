import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';

export class CreateBoardPackDto {
  @ApiProperty({ example: '2026-01-01', description: 'First day of the period the pack reports' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last day of the period' }) @IsCalendarDate() to: string;
}

export class BoardPackDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ enum: ['pending', 'rendered', 'failed'], description: '`pending` while the worker renders it; `failed` once it gave up (PDF_RENDER_MAX_ATTEMPTS)' }) status: string;
  @ApiProperty({ type: 'integer', nullable: true }) pageCount: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The SHA-256 of the PDF (hex) once rendered' }) sha256: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the worker gave up, once failed' }) failureReason: string | null;
  @ApiProperty({ format: 'uuid' }) requestedById: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) renderedAt: string | null;
  @ApiProperty({ description: 'Where the PDF is downloaded (202 with Retry-After while pending)' }) pdfUrl: string;
}

export class BoardPackRenderingDto {
  @ApiProperty({ enum: ['rendering'] }) status: 'rendering';
  @ApiProperty({ format: 'uuid' }) id: string;
}
