import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, ValidationFailedError } from '@app/core';
import { NoticeContactsDto } from './dto/notice-contacts.dto';
import type { LocalAuthorityNoticeContacts } from './entities/local-authority.entity';
import { LocalAuthoritiesService } from './local-authorities.service';

const KEYS = ['mediationAdviser', 'localAuthority', 'informationAdviceSupport', 'disagreementResolution'] as const;

/** The contacts the LA's decision notices print (Regs 32): read by staff who send notices, set by the LA administrator. */
@ApiTags('local-authority')
@ApiBearerAuth()
@Controller('local-authority/notice-contacts')
export class NoticeContactsController {
  constructor(private readonly localAuthorities: LocalAuthoritiesService) {}

  @Get()
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The contacts every decision notice of your LA prints: mediation adviser, the LA’s own, SENDIASS, disagreement resolution (Regs 32)' })
  @ApiOkResponse({ type: NoticeContactsDto })
  @ApiProblems(401, 403)
  async get(@CurrentActor() actor: Actor): Promise<NoticeContactsDto> {
    return toDto(await this.localAuthorities.noticeContactsOf(actor.localAuthorityId));
  }

  @Put()
  @RequirePermissions(Permission.UsersManage)
  @ApiOperation({ summary: 'LA administrator: set the contacts decision notices print (all four at once; one left out is cleared; audited). Each needs a name and an email, phone, address or website' })
  @ApiOkResponse({ type: NoticeContactsDto })
  @ApiProblems(400, 401, 403)
  async set(@CurrentActor() actor: Actor, @Body() dto: NoticeContactsDto): Promise<NoticeContactsDto> {
    const errors = KEYS.filter((key) => {
      const c = dto[key];
      return c && ![c.email, c.phone, c.address, c.website].some((v) => typeof v === 'string' && v.trim() !== '');
    }).map((key) => ({ field: key, message: `${key} needs an email, phone, address or website as well as a name` }));
    if (errors.length) throw new ValidationFailedError(errors, 'Each contact needs a way to reach it.');
    const clean: LocalAuthorityNoticeContacts = {};
    for (const key of KEYS) {
      const c = dto[key];
      clean[key] = c ? { name: c.name.trim(), email: c.email ?? null, phone: c.phone?.trim() || null, address: c.address?.trim() || null, website: c.website ?? null } : null;
    }
    return toDto(await this.localAuthorities.setNoticeContacts(actor, clean));
  }
}

function toDto(c: LocalAuthorityNoticeContacts): NoticeContactsDto {
  return { mediationAdviser: c.mediationAdviser ?? null, localAuthority: c.localAuthority ?? null, informationAdviceSupport: c.informationAdviceSupport ?? null, disagreementResolution: c.disagreementResolution ?? null };
}
