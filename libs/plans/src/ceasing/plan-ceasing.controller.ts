import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, optionalVersionFromIfMatch, Permission, RequirePermissions, uuidParam, withEtag } from '@app/core';
import type { FastifyReply } from 'fastify';
import { CeaseConsultationDto, CeasePlanDto, CessationDto } from './plan-ceasing.dto';
import { PlanCeasingService } from './plan-ceasing.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlanCeasingController {
  constructor(private readonly ceasing: PlanCeasingService) {}

  @Post(':id/cease/consultations')
  @HttpCode(201)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record the consultation with the family or the institution before a decision to cease (Regs 29(1))' })
  @ApiOkResponse({ type: CessationDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async consult(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: CeaseConsultationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CessationDto> {
    return withEtag(reply, await this.ceasing.recordConsultation(actor, id, dto));
  }

  @Post(':id/cease')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Decide to cease the plan (CFA s45): `ceasing`, maintained until appealDeadline, then `ceased`; If-Match optional' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The plan’s ETag' })
  @ApiOkResponse({ type: CessationDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async cease(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() dto: CeasePlanDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CessationDto> {
    return withEtag(reply, await this.ceasing.cease(actor, id, dto, optionalVersionFromIfMatch(ifMatch)));
  }

  @Get(':id/cessation')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The decision to cease (if any), its consultations, notice and appeal deadline' })
  @ApiOkResponse({ type: CessationDto })
  @ApiProblems(400, 401, 403, 404)
  async view(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<CessationDto> {
    return withEtag(reply, await this.ceasing.view(actor, id));
  }
}
