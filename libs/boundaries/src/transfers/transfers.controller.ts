import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { toDeadlineDto } from '@app/deadlines';
import { ImportedTransferDto, ImportTransferDto, TransferDto, TransferNoticeDto, TransferOutDto, TransferPackageDto, TransferSentDto } from '../dto/transfer.dto';
import { TransferView } from './transfers.service';
import { TransfersService } from './transfers.service';

export function toTransferDto({ transfer: t, deadlines }: TransferView): TransferDto {
  return {
    id: t.id,
    direction: t.direction,
    kind: t.kind,
    status: t.status,
    childId: t.childId,
    planId: t.planId,
    assessmentId: t.assessmentId,
    otherLocalAuthorityName: t.otherLocalAuthorityName,
    otherLocalAuthorityCode: t.otherLocalAuthorityCode,
    movesOn: t.movesOn,
    learnedOn: t.learnedOn,
    sentOn: t.sentOn,
    transferredOn: t.transferredOn,
    noticeSentOn: t.noticeSentOn,
    adviceOffered: t.adviceOffered,
    deadlines: deadlines.map(toDeadlineDto),
  };
}

/** Children moving between local authorities (SEND Regulations 2014, reg 15; docs/transfer-package.md). */
@ApiTags('transfers')
@ApiBearerAuth()
@Controller()
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post('plans/:id/transfer-out')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The child is moving to another LA: the plan is transferred on the day of the move or within 15 working days of learning of it (Regs 15(2))' })
  @ApiCreatedResponse({ type: TransferDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async planOut(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: TransferOutDto): Promise<TransferDto> {
    return toTransferDto(await this.transfers.transferPlanOut(actor, id, dto));
  }

  @Post('assessments/:id/transfer-out')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The child moves during an assessment: a package for the new LA (advice offered for reuse); SEN2 `Exported`' })
  @ApiCreatedResponse({ type: TransferDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async assessmentOut(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: TransferOutDto): Promise<TransferDto> {
    return toTransferDto(await this.transfers.transferAssessmentOut(actor, id, dto));
  }

  @Get('transfers')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The LA’s transfers, newest first' })
  @ApiQuery({ name: 'direction', required: false, enum: ['in', 'out'] })
  @ApiOkResponse({ type: [TransferDto] })
  @ApiProblems(401, 403)
  async list(@CurrentActor() actor: Actor, @Query('direction') direction?: string): Promise<TransferDto[]> {
    return (await this.transfers.list(actor, direction === 'in' || direction === 'out' ? direction : undefined)).map(toTransferDto);
  }

  @Get('transfers/:id')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'One transfer with its deadlines' })
  @ApiOkResponse({ type: TransferDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<TransferDto> {
    return toTransferDto(await this.transfers.get(actor, id));
  }

  @Get('transfers/:id/package')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The transfer package (JSON, docs/transfer-package.md): the child, the plan with its versions and sections, its deadlines’ history and its PDFs. The first download records the package as sent' })
  @ApiOkResponse({ type: TransferPackageDto })
  @ApiProblems(400, 401, 403, 404, 409)
  package(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<TransferPackageDto> {
    return this.transfers.package(actor, id);
  }

  @Post('transfers/:id/sent')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The package went to the new LA by other means on this day (completes `transfer_out`)' })
  @ApiOkResponse({ type: TransferDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async sent(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: TransferSentDto): Promise<TransferDto> {
    return toTransferDto(await this.transfers.markSent(actor, id, dto));
  }

  @Post('transfers/:id/cancel')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The move did not happen: the transfer duty falls away' })
  @ApiOkResponse({ type: TransferDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async cancel(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<TransferDto> {
    return toTransferDto(await this.transfers.cancel(actor, id));
  }

  @Post('transfers/import')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The receiving LA imports a package (this installation’s or a file another product wrote): the plan maintained here with `transfer_reassessment_notice` and the next `review_due` (Regs 15(3)-(5))' })
  @ApiCreatedResponse({ type: ImportedTransferDto })
  @ApiProblems(400, 401, 403, 409, 422)
  async import(@CurrentActor() actor: Actor, @Body() dto: ImportTransferDto): Promise<ImportedTransferDto> {
    const result = await this.transfers.importPackage(actor, dto);
    return { ...toTransferDto(result), created: result.created };
  }

  @Post('transfers/:id/notice')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'The new LA told the family: transferred, whether it will assess, when it will review (Regs 15(4))' })
  @ApiOkResponse({ type: TransferDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async notice(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: TransferNoticeDto): Promise<TransferDto> {
    return toTransferDto(await this.transfers.noticeSent(actor, id, dto));
  }
}
