import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, isUserError, must } from '../api/api-client';
import type { components } from '../api/openapi';
import { ForRoles } from '../core/access';
import { fieldError, FieldError, problemToErrors, ProblemDetails } from '../core/form-errors';
import { PageNotFoundError } from '../core/web-errors';
import { redirect, Views } from '../core/views';

type Form = Record<string, string | string[] | undefined>;
type Sections = components['schemas']['PlanSectionsDto'];
type Need = components['schemas']['NeedItemDto'];
type Outcome = components['schemas']['OutcomeItemDto'];
type Provision = components['schemas']['ProvisionItemDto'];
type Placement = components['schemas']['PlacementItemDto'];
type PfaArea = NonNullable<Outcome['preparingForAdulthood']>;

/** The sections edited one item at a time: needs, outcomes, provision (needs -> outcomes -> provision), placement. */
const ITEM_SECTIONS = {
  B: { title: 'B: Special educational needs', noun: 'need' },
  E: { title: 'E: Outcomes', noun: 'outcome' },
  F: { title: 'F: Special educational provision', noun: 'provision' },
  I: { title: 'I: Placement', noun: 'placement' },
} as const;
type ItemCode = keyof typeof ITEM_SECTIONS;

export const NEED_AREAS: { value: string; text: string }[] = [
  { value: 'communication_and_interaction', text: 'Communication and interaction' },
  { value: 'cognition_and_learning', text: 'Cognition and learning' },
  { value: 'social_emotional_and_mental_health', text: 'Social, emotional and mental health' },
  { value: 'sensory_and_physical', text: 'Sensory and/or physical' },
];

const PFA_AREAS: { value: PfaArea; text: string }[] = [
  { value: 'employment', text: 'Employment' },
  { value: 'independent_living', text: 'Independent living' },
  { value: 'community', text: 'Friends, relationships and community' },
  { value: 'health', text: 'Good health' },
];

function itemCode(raw: string): ItemCode {
  if (raw === 'B' || raw === 'E' || raw === 'F' || raw === 'I') return raw;
  throw new PageNotFoundError();
}

function text(body: Form, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value ?? '').trim();
}

function list(body: Form, name: string): string[] {
  const value = body[name];
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function areaLabel(area: string): string {
  return NEED_AREAS.find((a) => a.value === area)?.text ?? area;
}

/** The items of a section as a list of `{id, ...}`; placement (at most one) takes the id "placement". */
function itemsOf(sections: Sections, code: ItemCode): { id: string }[] {
  if (code === 'I') return sections.I.items.map((item) => ({ ...item, id: 'placement' }));
  return sections[code].items;
}

/** The API names an item's field `items.3.frequency`: the form's field is `frequency`. */
function itemErrors(problem: unknown, fallbackField: string): FieldError[] {
  const p = problem as ProblemDetails | undefined;
  const errors = p?.errors?.map((e) => ({ ...e, field: e.field.replace(/^items\.\d+\./, '').replace(/^items$/, fallbackField) }));
  return problemToErrors(p ? { ...p, errors } : problem, { fallbackField });
}

interface Built {
  errors: FieldError[];
  /** The section's new items, given the current ones (undefined when the item to change no longer exists). */
  apply?: (current: Sections) => unknown[] | undefined;
}

/**
 * Plan sections B, E, F and I edited one item at a time: add, change, remove. Each save sends the section as it is now
 * with this one change, against the plan's version the person opened (If-Match): someone else's save in between is a
 * 412, shown as "this plan changed since you opened it", never overwritten.
 */
@Controller('plans')
@ForRoles('caseworker')
export class PlanSectionsController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get(':planId/items/:code')
  async section(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') raw: string) {
    const code = itemCode(raw);
    const api = this.api.as(request);
    const [planResult, qualityResult] = await Promise.all([api.GET('/api/v1/plans/{id}', { params: { path: { id } } }), api.GET('/api/v1/plans/{id}/quality', { params: { path: { id } } })]);
    const plan = must(planResult);
    const findings = (qualityResult.data ?? []).filter((f) => f.section === code || (code === 'F' && ['B', 'E'].includes(f.section) && /outcome|provision/.test(f.code)));
    const s = plan.sections;
    const needs = [...s.B.items, ...s.C.items, ...s.D.items];
    const outcomeRows = s.E.items.map((o) => ({ ...o, needs: needs.filter((n) => o.needIds.includes(n.id)).map((n) => n.description), pfa: PFA_AREAS.find((a) => a.value === o.preparingForAdulthood)?.text }));
    const provisionRows = s.F.items.map((p) => ({ ...p, pfa: PFA_AREAS.find((a) => a.value === p.preparingForAdulthood)?.text }));
    // Section F read as needs -> outcomes -> provision: each need, the outcomes that meet it, the provision for each.
    const chain = s.B.items.map((need) => ({
      need: { ...need, areaText: areaLabel(need.area) },
      outcomes: s.E.items.filter((o) => o.needIds.includes(need.id)).map((o) => ({ outcome: o, provision: provisionRows.filter((p) => p.outcomeIds.includes(o.id)) })),
    }));
    const linked = new Set(chain.flatMap((c) => c.outcomes.flatMap((o) => o.provision.map((p) => p.id))));
    return this.views.render(reply, 'plans/items.njk', {
      pageTitle: `Section ${ITEM_SECTIONS[code].title}`,
      plan,
      code,
      noun: ITEM_SECTIONS[code].noun,
      needs: s.B.items.map((n) => ({ ...n, areaText: areaLabel(n.area) })),
      outcomes: outcomeRows,
      provision: provisionRows,
      unlinkedProvision: provisionRows.filter((p) => !linked.has(p.id)),
      chain,
      placement: s.I.items[0],
      draft: plan.status === 'drafting',
      findings,
      ...request.session!.takeFlash(),
    });
  }

  @Get(':planId/items/:code/new')
  async newItem(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') raw: string) {
    return this.form(request, reply, id, itemCode(raw), undefined);
  }

  @Get(':planId/items/:code/:itemId')
  async changeItem(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') raw: string, @Param('itemId') itemId: string) {
    return this.form(request, reply, id, itemCode(raw), itemId);
  }

  @Post(':planId/items/:code/new')
  async addItem(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') raw: string, @Body() body: Form) {
    const code = itemCode(raw);
    return this.save(request, reply, id, code, `/plans/${id}/items/${code}/new`, body, this.build(code, body, undefined), `${capital(ITEM_SECTIONS[code].noun)} added`);
  }

  @Post(':planId/items/:code/:itemId')
  async saveItem(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') raw: string, @Param('itemId') itemId: string, @Body() body: Form) {
    const code = itemCode(raw);
    return this.save(request, reply, id, code, `/plans/${id}/items/${code}/${encodeURIComponent(itemId)}`, body, this.build(code, body, itemId), `${capital(ITEM_SECTIONS[code].noun)} changed`);
  }

  @Get(':planId/items/:code/:itemId/remove')
  async confirmRemove(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') raw: string, @Param('itemId') itemId: string) {
    const code = itemCode(raw);
    const result = await this.api.as(request).GET('/api/v1/plans/{id}', { params: { path: { id } } });
    const plan = must(result);
    const item = itemsOf(plan.sections, code).find((i) => i.id === itemId) as (Partial<Need & Outcome & Provision & Placement> & { id: string }) | undefined;
    if (!item) throw new PageNotFoundError();
    const flash = request.session!.takeFlash();
    return this.views.render(reply, 'plans/item-remove.njk', {
      pageTitle: `Remove this ${ITEM_SECTIONS[code].noun}`,
      plan,
      code,
      item,
      itemText: item.description ?? item.name ?? '',
      etag: result.response.headers.get('etag') ?? '',
      ...flash,
    });
  }

  @Post(':planId/items/:code/:itemId/remove')
  async remove(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('planId', ParseUUIDPipe) id: string, @Param('code') raw: string, @Param('itemId') itemId: string, @Body() body: Form) {
    const code = itemCode(raw);
    const built: Built = { errors: [], apply: (current) => {
      const items = itemsOf(current, code);
      if (!items.some((i) => i.id === itemId)) return undefined;
      return code === 'I' ? [] : items.filter((i) => i.id !== itemId);
    } };
    return this.save(request, reply, id, code, `/plans/${id}/items/${code}/${encodeURIComponent(itemId)}/remove`, body, built, `${capital(ITEM_SECTIONS[code].noun)} removed`);
  }

  private async form(request: FastifyRequest, reply: FastifyReply, id: string, code: ItemCode, itemId: string | undefined) {
    const result = await this.api.as(request).GET('/api/v1/plans/{id}', { params: { path: { id } } });
    const plan = must(result);
    const s = plan.sections;
    let item: Record<string, unknown> | undefined;
    if (itemId) {
      const found = itemsOf(s, code).find((i) => i.id === itemId) as Record<string, unknown> | undefined;
      if (!found) throw new PageNotFoundError();
      item = found;
    }
    if (!itemId && code === 'I' && s.I.items.length > 0) return redirect(reply, `/plans/${id}/items/I/placement`);
    const flash = request.session!.takeFlash();
    const fromItem: Record<string, unknown> = item
      ? {
          ...item,
          needIds: item.needIds ?? [],
          outcomeIds: item.outcomeIds ?? [],
          preparingForAdulthood: item.preparingForAdulthood ?? '',
        }
      : {};
    const values = { ...fromItem, ...(flash.values ?? {}) } as Record<string, unknown>;
    const asList = (v: unknown) => (Array.isArray(v) ? v : v ? [v] : []) as string[];
    const noun = ITEM_SECTIONS[code].noun;
    return this.views.render(reply, 'plans/item.njk', {
      pageTitle: itemId ? `Change this ${noun}` : code === 'I' ? 'Name the placement' : `Add a ${noun}`,
      plan,
      code,
      itemId,
      action: itemId ? `/plans/${id}/items/${code}/${encodeURIComponent(itemId)}` : `/plans/${id}/items/${code}/new`,
      // The version this person started from, kept across a failed save so a newer save is never overwritten.
      etag: flash.form === 'stale' ? (result.response.headers.get('etag') ?? '') : ((flash.values?.etag as string | undefined) ?? result.response.headers.get('etag') ?? ''),
      areas: NEED_AREAS.map((a) => ({ ...a, checked: values.area === a.value })),
      needOptions: [...s.B.items, ...s.C.items, ...s.D.items].map((n) => ({ value: n.id, text: n.description, checked: asList(values.needIds).includes(n.id) })),
      outcomeOptions: s.E.items.map((o) => ({ value: o.id, text: o.description, checked: asList(values.outcomeIds).includes(o.id) })),
      pfaOptions: [{ value: '', text: 'Not for preparing for adulthood' }, ...PFA_AREAS].map((a) => ({ ...a, checked: (values.preparingForAdulthood ?? '') === a.value })),
      draft: plan.status === 'drafting',
      values,
      errors: flash.errors,
      stale: flash.form === 'stale',
      notice: flash.notice,
    });
  }

  /** Reads the form into one item, or the errors to show; `apply` puts it into the section as it stands. */
  private build(code: ItemCode, body: Form, itemId: string | undefined): Built {
    const errors: FieldError[] = [];
    const description = text(body, 'description');
    const pfaRaw = text(body, 'preparingForAdulthood');
    const pfa = PFA_AREAS.find((a) => a.value === pfaRaw)?.value ?? null;
    const replace = <T extends { id: string }>(items: T[], item: T): T[] | undefined => {
      if (!itemId) return [...items, item];
      if (!items.some((i) => i.id === itemId)) return undefined;
      return items.map((i) => (i.id === itemId ? item : i));
    };
    const newId = itemId ?? `${code.toLowerCase()}-${randomUUID().slice(0, 8)}`;
    switch (code) {
      case 'B': {
        const area = NEED_AREAS.find((a) => a.value === text(body, 'area'))?.value;
        if (!area) errors.push(fieldError('area', 'Select the area of need'));
        if (!description) errors.push(fieldError('description', 'Describe the need'));
        return {
          errors,
          apply: (current) => {
            const old = current.B.items.find((i) => i.id === itemId);
            return replace(current.B.items, { id: newId, area: area!, description, ...(old?.source ? { source: old.source } : {}) });
          },
        };
      }
      case 'E': {
        if (!description) errors.push(fieldError('description', 'Describe the outcome'));
        const timescale = text(body, 'timescale') || null;
        const needIds = list(body, 'needIds');
        return {
          errors,
          apply: (current) => {
            const old = current.E.items.find((i) => i.id === itemId);
            return replace(current.E.items, { id: newId, description, timescale, needIds, preparingForAdulthood: pfa, ...(old?.source ? { source: old.source } : {}) });
          },
        };
      }
      case 'F': {
        if (!description) errors.push(fieldError('description', 'Describe the provision'));
        const outcomeIds = list(body, 'outcomeIds');
        return {
          errors,
          apply: (current) => {
            const old = current.F.items.find((i) => i.id === itemId);
            return replace(current.F.items, {
              id: newId,
              description,
              deliveredBy: text(body, 'deliveredBy') || null,
              frequency: text(body, 'frequency') || null,
              duration: text(body, 'duration') || null,
              outcomeIds,
              preparingForAdulthood: pfa,
              ...(old?.source ? { source: old.source } : {}),
            });
          },
        };
      }
      case 'I': {
        const name = text(body, 'name');
        const type = text(body, 'type');
        const urn = text(body, 'urn');
        if (!name) errors.push(fieldError('name', 'Enter the name of the school or institution'));
        if (!type) errors.push(fieldError('type', 'Enter the type of school or institution'));
        if (urn && !/^\d{6}$/.test(urn)) errors.push(fieldError('urn', 'The URN must be 6 digits, like 123456'));
        const weeks = text(body, 'residentialWeeksPerYear');
        if (weeks && !(/^\d{1,2}$/.test(weeks) && Number(weeks) >= 1 && Number(weeks) <= 52)) errors.push(fieldError('residentialWeeksPerYear', 'Enter the weeks a year as a whole number from 1 to 52'));
        const workBased = list(body, 'workBased').includes('yes');
        return {
          errors,
          apply: (current) => {
            // A residential code recorded before RFC 1299 stays until the weeks a year are given (SEN2 re-maps it).
            const legacy = weeks ? null : (current.I.items[0]?.legacyResidentialCode ?? null);
            return [{ name, type, urn: urn || null, residentialWeeksPerYear: weeks ? Number(weeks) : null, ...(legacy ? { legacyResidentialCode: legacy } : {}), workBased }];
          },
        };
      }
    }
  }

  private async save(request: FastifyRequest, reply: FastifyReply, id: string, code: ItemCode, back: string, body: Form, built: Built, notice: string) {
    const etag = text(body, 'etag');
    const session = request.session!;
    const fail = (errors: FieldError[], form = 'item') => {
      session.setFlash({ errors, values: body, form });
      return redirect(reply, back);
    };
    if (built.errors.length) return fail(built.errors);
    if (!etag) return fail([fieldError('description', 'Reload the page and try again')]);
    const api = this.api.as(request);
    const current = must(await api.GET('/api/v1/plans/{id}', { params: { path: { id } } }));
    const items = built.apply!(current.sections);
    if (!items) {
      session.setFlash({ notice: 'Someone else removed that item since you opened it.' });
      return redirect(reply, `/plans/${id}/items/${code}`);
    }
    const result = await api.PUT('/api/v1/plans/{id}/sections/{code}', {
      params: { path: { id, code }, header: { 'If-Match': etag } },
      body: { text: current.sections[code].text, items: items as components['schemas']['PutSectionDto']['items'] },
    });
    if (result.response.status === 412) {
      const { etag: _old, ...typed } = body;
      void _old;
      session.setFlash({
        form: 'stale',
        errors: [fieldError(code === 'I' ? 'name' : 'description', 'This plan changed since you opened it. Check the plan as it is now; what you typed is kept. Save again to apply it.')],
        values: typed,
      });
      return redirect(reply, back);
    }
    if (result.response.ok) {
      session.setFlash({ notice });
      return redirect(reply, `/plans/${id}/items/${code}`);
    }
    if (!isUserError(result.response)) must({ ...result, data: undefined });
    return fail(itemErrors(result.error, code === 'I' ? 'name' : 'description'));
  }
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
