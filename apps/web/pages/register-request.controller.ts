import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, isUserError, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { readDateInput } from '../core/dates';
import { fieldError, FieldError, problemToErrors } from '../core/form-errors';
import { failForm } from '../core/forms';
import { Views, redirect } from '../core/views';

type Form = Record<string, string | undefined>;

const SOURCES = [
  { value: 'parent', text: 'A parent' },
  { value: 'young_person', text: 'The young person' },
  { value: 'school', text: 'A school or college' },
  { value: 'other', text: 'Someone else (for example a health or social care professional)' },
] as const;
type Source = (typeof SOURCES)[number]['value'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A UPN, ULN or NHS number typed into the search: looked up exactly, not as a name. */
const IDENTIFIER = /^([A-Za-z][0-9]{11}[0-9A-Za-z]|[0-9]{10}|[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4})$/;

/**
 * "Register a request": find the child (or add them), then record the request for an EHC needs assessment. The new
 * case opens at once and is in the caseworker's caseload. Two API calls at most (the child, the assessment), each with
 * an Idempotency-Key from the form, so a double click or a replayed post creates one child and one case.
 */
@Controller('cases/new')
@ForRoles('caseworker')
export class RegisterRequestController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Form) {
    const api = this.api.as(request);
    const q = query.q?.trim().slice(0, 100) || '';
    const childId = query.childId && UUID.test(query.childId) ? query.childId : undefined;
    const child = childId ? must(await api.GET('/api/v1/children/{id}', { params: { path: { id: childId } } })) : null;
    let matches: { id: string; name: string; dateOfBirth: string; upn: string | null }[] | null = null;
    if (!child && q) {
      const identifier = IDENTIFIER.test(q.replace(/\s/g, '')) ? q.replace(/\s/g, '') : undefined;
      const found = must(await api.GET('/api/v1/children', { params: { query: identifier ? { identifier, limit: 20 } : { q, limit: 20 } } }));
      matches = found.items.map((c) => ({ id: c.id, name: `${c.givenName} ${c.familyName}`, dateOfBirth: c.dateOfBirth, upn: c.upn ?? null }));
    }
    const flash = request.session!.takeFlash();
    return this.views.render(reply, 'cases/register.njk', {
      pageTitle: 'Register a request',
      q,
      child: child ? { id: child.id, name: `${child.givenName} ${child.familyName}`, dateOfBirth: child.dateOfBirth, upn: child.upn } : null,
      matches,
      sources: SOURCES,
      formKey: randomUUID(),
      ...flash,
    });
  }

  @Post()
  async register(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: Form) {
    const childId = body.childId && UUID.test(body.childId) ? body.childId : undefined;
    const back = childId ? `/cases/new?childId=${childId}` : '/cases/new';
    const form = 'register';
    const errors: FieldError[] = [];
    const dateFields = ['dateOfBirth', 'requestReceivedOn'];
    let child: { givenName: string; familyName: string; dateOfBirth: string; upn?: string } | undefined;
    if (!childId) {
      const givenName = body.givenName?.trim() ?? '';
      const familyName = body.familyName?.trim() ?? '';
      if (!givenName) errors.push(fieldError('givenName', "Enter the child's first name"));
      if (!familyName) errors.push(fieldError('familyName', "Enter the child's last name"));
      const dob = readDateInput(body, 'dateOfBirth', "the child's date of birth");
      if (dob.error) errors.push(dob.error);
      const upn = body.upn?.replace(/\s/g, '').toUpperCase() || undefined;
      if (givenName && familyName && dob.value) child = { givenName, familyName, dateOfBirth: dob.value, upn };
    }
    const received = readDateInput(body, 'requestReceivedOn', 'the date the request was received');
    if (received.error) errors.push(received.error);
    const source = SOURCES.find((s) => s.value === body.requestSource)?.value as Source | undefined;
    if (!source) errors.push(fieldError('requestSource', 'Select who made the request'));
    if (errors.length || !received.value || !source || (!childId && !child)) return failForm(request, reply, back, form, errors, body);

    const key = body.formKey && UUID.test(body.formKey) ? body.formKey : randomUUID();
    const api = this.api.as(request);
    let id = childId;
    if (!id) {
      const created = await api.POST('/api/v1/children', { body: child!, headers: { 'idempotency-key': `${key}-child` } });
      if (!created.response.ok) return this.fail(request, reply, back, form, created, body, dateFields);
      id = created.data!.id;
    }
    const assessment = await api.POST('/api/v1/assessments', {
      body: { childId: id, requestReceivedOn: received.value, requestSource: source },
      headers: { 'idempotency-key': `${key}-assessment` },
    });
    // The child exists now: a second try registers the request for them, not a second child.
    if (!assessment.response.ok) return this.fail(request, reply, `/cases/new?childId=${id}`, form, assessment, { ...body, childId: id }, dateFields);
    request.session!.setFlash({ notice: 'Request registered' });
    return redirect(reply, `/cases/${assessment.data!.id}`);
  }

  private fail(request: FastifyRequest, reply: FastifyReply, back: string, form: string, result: { error?: unknown; response: Response }, values: Form, dateFields: string[]) {
    if (!isUserError(result.response)) must({ ...result, data: undefined });
    return failForm(request, reply, back, form, problemToErrors(result.error, { fallbackField: 'requestReceivedOn', dateFields }), values);
  }
}
