import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { failForm, finishForm } from '../core/forms';
import type { components } from '../api/openapi';
import { Views } from '../core/views';

const ROLE_LABELS: Record<string, string> = { la_admin: 'LA administrator', caseworker: 'Caseworker', manager: 'Manager', professional: 'Professional', national_analyst: 'National analyst' };

type Contact = components['schemas']['NoticeContactDto'];
type Contacts = components['schemas']['NoticeContactsDto'];

/** The four contacts every decision notice prints (Regs 32), in the order of the form. */
const NOTICE_CONTACTS: { key: keyof Contacts; prefix: string; legend: string; hint: string }[] = [
  { key: 'mediationAdviser', prefix: 'mediation', legend: 'Mediation adviser', hint: 'The family contacts them within 2 months of a decision before appealing (SEND Regulations 2014, regulations 32 and 33).' },
  { key: 'localAuthority', prefix: 'council', legend: 'The council’s own contact', hint: 'Where the family says they wish to go to mediation and about which issues (regulation 32).' },
  { key: 'informationAdviceSupport', prefix: 'sendiass', legend: 'Information, advice and support service (SENDIASS)', hint: 'Children and Families Act 2014, section 32.' },
  { key: 'disagreementResolution', prefix: 'disagreement', legend: 'Disagreement resolution service', hint: 'Children and Families Act 2014, section 57.' },
];
const CONTACT_FIELDS = ['name', 'email', 'phone', 'address', 'website'] as const;

/** LA administrators: the LA's users. */
@Controller('admin')
@ForRoles('la_admin')
export class AdminController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get('users')
  async users(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('cursor') cursor?: string) {
    const page = must(await this.api.as(request).GET('/api/v1/users', { params: { query: { limit: 100, cursor: cursor && cursor.length <= 512 ? cursor : undefined } } }));
    return this.views.render(reply, 'admin/users.njk', {
      pageTitle: 'Users',
      users: page.items.map((u) => ({ ...u, roleLabel: ROLE_LABELS[u.role] ?? u.role })),
      nextHref: page.nextCursor ? `/admin/users?cursor=${encodeURIComponent(page.nextCursor)}` : null,
    });
  }

  /** The contacts every decision notice and its letter print (GET/PUT /local-authority/notice-contacts). */
  @Get('notice-contacts')
  async noticeContacts(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const contacts = must(await this.api.as(request).GET('/api/v1/local-authority/notice-contacts'));
    const flash = request.session!.takeFlash();
    const saved: Record<string, string> = {};
    for (const c of NOTICE_CONTACTS) {
      const contact = (contacts[c.key] ?? null) as Contact | null;
      for (const f of CONTACT_FIELDS) saved[`${c.prefix}-${f}`] = contact?.[f] ?? '';
    }
    return this.views.render(reply, 'admin/notice-contacts.njk', {
      pageTitle: 'Contacts on decision notices',
      groups: NOTICE_CONTACTS.map((c) => ({ ...c, set: Boolean(contacts[c.key]) })),
      ...flash,
      values: flash.form === 'notice-contacts' ? flash.values : saved,
      formWithErrors: flash.form,
    });
  }

  @Post('notice-contacts')
  async saveNoticeContacts(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Record<string, string | undefined>) {
    const back = '/admin/notice-contacts';
    const contacts: Contacts = {};
    for (const c of NOTICE_CONTACTS) {
      const value = (f: (typeof CONTACT_FIELDS)[number]) => body[`${c.prefix}-${f}`]?.trim() || null;
      const name = value('name');
      // A contact left without a name is cleared (the API clears one left out).
      if (name) contacts[c.key] = { name, email: value('email'), phone: value('phone'), address: value('address'), website: value('website') };
    }
    const result = await this.api.as(request).PUT('/api/v1/local-authority/notice-contacts', { body: contacts });
    const fields = Object.fromEntries(NOTICE_CONTACTS.flatMap((c) => [[c.key, `${c.prefix}-name`], ...CONTACT_FIELDS.map((f) => [`${c.key}.${f}`, `${c.prefix}-${f}`])]));
    if (!result.response.ok && result.response.status === 400 && Object.keys(contacts).length === 0) {
      return failForm(request, reply, back, 'notice-contacts', [{ field: 'mediation-name', href: '#mediation-name', text: 'Enter at least the mediation adviser’s name' }], body);
    }
    return finishForm(request, reply, result, { back, form: 'notice-contacts', values: body, notice: 'Contacts saved', fallbackField: 'mediation-name', fields });
  }
}
