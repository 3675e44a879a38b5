import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, isUserError, must } from '../api/api-client';
import type { components } from '../api/openapi';
import { ForRoles } from '../core/access';
import { fieldError, FieldError, problemToErrors } from '../core/form-errors';
import { FAMILY_ROLE } from '../core/navigation';
import { redirect, Views } from '../core/views';
import { uploadedFile } from '../core/uploads';

type Form = Record<string, unknown>;
type Child = components['schemas']['FamilyChildDto'];
type SectionCode = components['schemas']['SectionCommentDto']['section'];

/** The sections of an EHC plan, as a family reads them (the draft's comments are per section). */
export const PLAN_SECTIONS: { code: SectionCode; name: string }[] = [
  { code: 'A', name: 'Section A: views, interests and hopes' },
  { code: 'B', name: 'Section B: special educational needs' },
  { code: 'C', name: 'Section C: health needs' },
  { code: 'D', name: 'Section D: social care needs' },
  { code: 'E', name: 'Section E: outcomes (what should be achieved)' },
  { code: 'F', name: 'Section F: special educational help (provision)' },
  { code: 'G', name: 'Section G: health help' },
  { code: 'H1', name: 'Section H1: social care help (children’s law)' },
  { code: 'H2', name: 'Section H2: other social care help' },
  { code: 'I', name: 'Section I: school or college (placement)' },
  { code: 'J', name: 'Section J: personal budget' },
  { code: 'K', name: 'Section K: advice and information gathered' },
];

/** Section A's four prompts (the API's `aboutMe` fields), in plain English. */
export const ABOUT_ME: { field: 'likedAndAdmired' | 'important' | 'support' | 'aspirations'; label: string; hint: string }[] = [
  { field: 'likedAndAdmired', label: 'What do people like and admire about your child?', hint: 'For example, their personality, things they are good at, what makes them laugh.' },
  { field: 'important', label: 'What is important to your child, now and for the future?', hint: 'For example, people, places, routines, interests.' },
  { field: 'support', label: 'How is your child best supported?', hint: 'What helps them learn, feel safe and join in. What does not help.' },
  { field: 'aspirations', label: 'What are your child’s hopes and dreams for the future?', hint: 'For example, for school or college, work, friends, where they want to live.' },
];

const KIND_WORDS: Record<string, string> = {
  view: 'Your views (section A)',
  comment: 'Comment on the draft plan',
  meeting_request: 'Meeting request',
  school_preference: 'School or college you asked for',
  mediation: 'Wish to go to mediation',
  document: 'Document you sent',
};

const ADVICE_WORDS: Record<string, string> = {
  education: 'Educational advice (from school or an education professional)',
  health: 'Health advice',
  psychology: 'Advice from an educational psychologist',
  social_care: 'Social care advice',
  parent: 'Your own advice and information',
  preparing_for_adulthood: 'Advice about preparing for adulthood',
  other: 'Other advice',
};

const MAX_TEXT = 5000;
const MAX_ISSUES = 20;

/**
 * The family's pages (web-contract.md `GET /family`): the children their account may see, each case in plain English,
 * and their forms (views for section A, documents, the response to a draft, mediation). Everything through the family
 * API (`/api/v1/family/...`): another child's anything is the API's 404, so the web's 404 page.
 */
@Controller('family')
@ForRoles(FAMILY_ROLE)
export class FamilyController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const children = must(await this.api.as(request).GET('/api/v1/family/children'));
    return this.views.render(reply, 'family/home.njk', { pageTitle: 'Your children', children: children.map((c) => ({ ...c, rightsWords: rightsWords(c) })), ...request.session!.takeFlash() });
  }

  @Get('cases/:assessmentId')
  async case(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    const api = this.api.as(request);
    const [caseResult, contributionsResult, childrenResult] = await Promise.all([
      api.GET('/api/v1/family/assessments/{id}', { params: { path: { id } } }),
      api.GET('/api/v1/family/assessments/{id}/contributions', { params: { path: { id } } }),
      api.GET('/api/v1/family/children'),
    ]);
    const view = must(caseResult);
    const contributions = must(contributionsResult);
    const child = must(childrenResult).find((c) => c.id === view.childId);
    if (!child) return must({ response: new Response(null, { status: 404 }) });
    const plan = view.plan ? must(await api.GET('/api/v1/family/plans/{id}', { params: { path: { id: view.plan.id } } })) : null;
    const childName = `${child.givenName} ${child.familyName}`;
    return this.views.render(reply, 'family/case.njk', {
      pageTitle: `${childName}: EHC needs assessment`,
      childName,
      child,
      rightsWords: rightsWords(child),
      view,
      plan,
      familyDates: view.deadlines.filter((d) => d.binds === 'family'),
      councilDates: [...view.deadlines.filter((d) => d.binds === 'council'), ...(plan?.deadlines ?? [])],
      advice: view.adviceRequests.map((a) => ({ ...a, label: ADVICE_WORDS[a.discipline] ?? a.discipline })),
      contributions: [...contributions].reverse().map((c) => ({ ...c, kindWords: KIND_WORDS[c.kind] ?? c.kind, sectionName: PLAN_SECTIONS.find((s) => s.code === c.section)?.name ?? null })),
      sectionNames: Object.fromEntries(PLAN_SECTIONS.map((s) => [s.code, s.name])),
      canRespond: view.status === 'draft_issued',
      ...request.session!.takeFlash(),
    });
  }

  // ---- views for section A ----

  @Get('cases/:assessmentId/views')
  async viewsPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    const { childName } = await this.caseHeading(request, id);
    const flash = request.session!.takeFlash();
    let values = flash.values;
    if (!values) {
      // Starts from what the family last gave (a new version is saved each time).
      const contributions = must(await this.api.as(request).GET('/api/v1/family/assessments/{id}/contributions', { params: { path: { id } } }));
      const latest = contributions.filter((c) => c.kind === 'view').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      values = (latest?.details?.aboutMe as Record<string, unknown> | undefined) ?? {};
    }
    return this.views.render(reply, 'family/views.njk', { pageTitle: 'Your views for section A of the plan', childName, assessmentId: id, questions: ABOUT_ME, ...flash, values });
  }

  @Post('cases/:assessmentId/views')
  async giveViews(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/family/cases/${id}/views`;
    const answers = Object.fromEntries(ABOUT_ME.map((q) => [q.field, text(body[q.field])])) as Record<(typeof ABOUT_ME)[number]['field'], string>;
    const errors: FieldError[] = ABOUT_ME.filter((q) => answers[q.field].length > MAX_TEXT).map((q) => fieldError(q.field, `Your answer must be ${MAX_TEXT} characters or fewer`));
    if (errors.length === 0 && ABOUT_ME.every((q) => answers[q.field].trim() === '')) errors.push(fieldError(ABOUT_ME[0].field, 'Answer at least one of the questions'));
    if (errors.length) return this.fail(request, reply, back, errors, answers);
    const result = await this.api.as(request).POST('/api/v1/family/assessments/{id}/views', { params: { path: { id } }, body: { aboutMe: answers } });
    return this.finish(request, reply, result, { back, values: answers, notice: 'Your views have been sent to the council', fallbackField: ABOUT_ME[0].field, fields: Object.fromEntries(ABOUT_ME.map((q) => [`aboutMe.${q.field}`, q.field])) }, id);
  }

  // ---- documents ----

  @Get('cases/:assessmentId/documents')
  async documentPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    const { childName } = await this.caseHeading(request, id);
    return this.views.render(reply, 'family/document.njk', { pageTitle: 'Send a document to the council', childName, assessmentId: id, ...request.session!.takeFlash() });
  }

  @Post('cases/:assessmentId/documents')
  async sendDocument(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/family/cases/${id}/documents`;
    const upload = uploadedFile((body as Record<string, unknown> | undefined)?.document);
    if (!upload || !upload.fileName) return this.fail(request, reply, back, [fieldError('document', 'Select a file')], {});
    if (upload.truncated) return this.fail(request, reply, back, [fieldError('document', 'The selected file must be smaller than 10MB')], {});
    const content = upload.bytes;
    if (content.length === 0) return this.fail(request, reply, back, [fieldError('document', 'The selected file is empty')], {});
    const fileName = upload.fileName.slice(-255);
    const result = await this.api.as(request).POST('/api/v1/family/assessments/{id}/documents', {
      params: { path: { id }, query: { fileName } },
      // openapi-typescript types a binary body as a string; the bytes go as they are.
      body: content as unknown as string,
      bodySerializer: (bytes: unknown) => bytes as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (!result.response.ok && [413, 415].includes(result.response.status)) {
      const message = result.response.status === 413 ? 'The selected file must be smaller than 10MB' : 'The selected file must be a PDF, Word document (DOCX), PNG or JPEG';
      return this.fail(request, reply, back, [fieldError('document', message)], {});
    }
    return this.finish(request, reply, result, { back, values: {}, notice: `${fileName} has been sent to the council`, fallbackField: 'document', fields: { fileName: 'document', body: 'document' } }, id);
  }

  // ---- the response to a draft plan ----

  @Get('cases/:assessmentId/response')
  async responsePage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    const { childName, view } = await this.caseHeading(request, id);
    return this.views.render(reply, 'family/response.njk', { pageTitle: 'Respond to the draft plan', childName, view, assessmentId: id, sections: PLAN_SECTIONS, ...request.session!.takeFlash() });
  }

  @Post('cases/:assessmentId/response')
  async respond(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/family/cases/${id}/response`;
    const values: Record<string, string> = {};
    for (const key of ['meeting', 'preference', 'institutionName', 'urn', 'ukprn', ...PLAN_SECTIONS.map((s) => `comment-${s.code}`)]) values[key] = text(body[key]);
    const errors: FieldError[] = [];
    const comments = PLAN_SECTIONS.map((s) => ({ section: s.code, text: values[`comment-${s.code}`].trim() })).filter((c) => c.text !== '');
    for (const c of comments) if (c.text.length > MAX_TEXT) errors.push(fieldError(`comment-${c.section}`, `Your comment must be ${MAX_TEXT} characters or fewer`));
    if (!['yes', 'no'].includes(values.meeting)) errors.push(fieldError('meeting', 'Select yes if you would like a meeting about the draft plan'));
    if (!['draft', 'named'].includes(values.preference)) errors.push(fieldError('preference', 'Select whether you want to ask for a school or college'));
    const urn = values.urn.replace(/\s/g, '');
    const ukprn = values.ukprn.replace(/\s/g, '');
    if (values.preference === 'named') {
      if (!values.institutionName.trim()) errors.push(fieldError('institutionName', 'Enter the name of the school or college'));
      else if (values.institutionName.trim().length > 200) errors.push(fieldError('institutionName', 'The name must be 200 characters or fewer'));
      if (urn && !/^\d{6}$/.test(urn)) errors.push(fieldError('urn', 'The school’s URN must be 6 numbers, like 123456'));
      if (ukprn && !/^1\d{7}$/.test(ukprn)) errors.push(fieldError('ukprn', 'The college’s UKPRN must be 8 numbers starting with 1, like 10012345'));
    }
    if (errors.length) return this.fail(request, reply, back, errors, values);
    const preferredInstitution = values.preference === 'named' ? { name: values.institutionName.trim(), ...(urn ? { urn } : {}), ...(ukprn ? { ukprn } : {}) } : null;
    const result = await this.api.as(request).POST('/api/v1/family/assessments/{id}/representations', { params: { path: { id } }, body: { comments, meetingRequested: values.meeting === 'yes', preferredInstitution } });
    return this.finish(request, reply, result, {
      back,
      values,
      notice: 'Your response to the draft plan has been sent to the council',
      fallbackField: 'meeting',
      fields: { meetingRequested: 'meeting', 'preferredInstitution.name': 'institutionName', 'preferredInstitution.urn': 'urn', 'preferredInstitution.ukprn': 'ukprn', preferredInstitution: 'institutionName' },
      commentField: (index: number) => `comment-${comments[index]?.section ?? 'A'}`,
    }, id);
  }

  // ---- mediation ----

  @Get('cases/:assessmentId/mediation')
  async mediationPage(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string) {
    const { childName, view } = await this.caseHeading(request, id);
    return this.views.render(reply, 'family/mediation.njk', { pageTitle: 'Tell the council you want mediation', childName, view, assessmentId: id, ...request.session!.takeFlash() });
  }

  @Post('cases/:assessmentId/mediation')
  async mediation(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('assessmentId', ParseUUIDPipe) id: string, @Body() body: Form) {
    const back = `/family/cases/${id}/mediation`;
    const values = { issues: text(body.issues) };
    const issues = values.issues
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    let error: FieldError | undefined;
    if (issues.length === 0) error = fieldError('issues', 'Enter what you disagree with');
    else if (issues.length > MAX_ISSUES) error = fieldError('issues', `Enter ${MAX_ISSUES} issues or fewer, one on each line`);
    else if (issues.some((i) => i.length > 1000)) error = fieldError('issues', 'Each issue must be 1000 characters or fewer');
    if (error) return this.fail(request, reply, back, [error], values);
    const result = await this.api.as(request).POST('/api/v1/family/assessments/{id}/mediation', { params: { path: { id } }, body: { issues } });
    return this.finish(request, reply, result, { back, values, notice: 'The council knows you want mediation', fallbackField: 'issues' }, id);
  }

  // ---- the plan's PDF ----

  @Get('plans/:planId/pdf')
  async pdf(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string) {
    const result = await this.api.as(request).GET('/api/v1/family/plans/{id}/pdf', { params: { path: { id } }, parseAs: 'arrayBuffer' });
    if (result.response.status === 202) return this.views.render(reply, 'family/pdf-pending.njk', { pageTitle: 'The plan is being prepared', planId: id });
    const bytes = must(result);
    return reply.code(200).type('application/pdf').header('content-disposition', 'attachment; filename="ehc-plan.pdf"').header('cache-control', 'no-store').send(Buffer.from(bytes));
  }

  /** The case (a 404 page when it is not the family's) and the child's name for a form page's heading. */
  private async caseHeading(request: FastifyRequest, id: string) {
    const api = this.api.as(request);
    const [caseResult, childrenResult] = await Promise.all([api.GET('/api/v1/family/assessments/{id}', { params: { path: { id } } }), api.GET('/api/v1/family/children')]);
    const view = must(caseResult);
    const child = must(childrenResult).find((c) => c.id === view.childId);
    return { view, childName: child ? `${child.givenName} ${child.familyName}` : 'Your child' };
  }

  private fail(request: FastifyRequest, reply: FastifyReply, back: string, errors: FieldError[], values: Record<string, unknown>) {
    request.session!.setFlash({ errors, values });
    return redirect(reply, back);
  }

  /** Success: back to the case page with a notice. The family's own mistake (400, 409, 422): the form again, kept. */
  private finish(
    request: FastifyRequest,
    reply: FastifyReply,
    result: { error?: unknown; response: Response },
    options: { back: string; values: Record<string, unknown>; notice: string; fallbackField: string; fields?: Record<string, string>; commentField?: (index: number) => string },
    assessmentId: string,
  ) {
    if (result.response.ok) {
      request.session!.setFlash({ notice: options.notice });
      return redirect(reply, `/family/cases/${assessmentId}`);
    }
    if (!isUserError(result.response)) must({ ...result, data: undefined });
    const problem = result.error as { errors?: { field: string; message: string }[]; code?: string } | undefined;
    // Comments come back as `comments.3.text`: the third comment sent, which is one section's box.
    const fields = { ...options.fields };
    for (const e of problem?.errors ?? []) {
      const match = /^comments\.(\d+)/.exec(e.field ?? '');
      if (match && options.commentField) fields[e.field] = options.commentField(Number(match[1]));
    }
    let errors = problemToErrors(result.error, { fallbackField: options.fallbackField, fields });
    if (problem?.code === 'no_draft_to_respond_to') errors = [fieldError(options.fallbackField, 'There is no draft plan to respond to at the moment')];
    return this.fail(request, reply, options.back, errors, options.values);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Who takes the decisions today, in words for the person reading. */
function rightsWords(child: Child): string {
  if (child.rightsHolder === 'young_person') {
    return child.relationship === 'young_person'
      ? 'You are over compulsory school age, so you now take the decisions about your plan yourself.'
      : `${child.givenName} is over compulsory school age and now takes the decisions about their plan. You can see the case because they agreed.`;
  }
  if (child.rightsHolder === 'representative') return 'A representative takes the decisions for the young person.';
  return 'As a parent, you take the decisions about the plan until the end of compulsory school age.';
}
