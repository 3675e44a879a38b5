import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DOMAIN_EVENT_HANDLERS, DOMAIN_PORT_BINDINGS, DomainEventMap } from './domain-events';
import { DomainEvents, DomainEventsModule, DomainWiringCheckModule, PortNotBoundError, wiringGaps } from './domain-events.service';
import { BindsPort, OnDomainEvent } from './on-domain-event.decorator';

/** A stand-in with the class and method names the table expects for `deadlines.changed` and one port. */
@Injectable()
class ReminderPlannerService {
  readonly told: string[][] = [];

  @OnDomainEvent('deadlines.changed')
  async onDeadlinesChanged({ deadlineIds }: DomainEventMap['deadlines.changed']): Promise<void> {
    this.told.push(deadlineIds);
  }
}

@Injectable()
@BindsPort('plans.deadlines-source')
class ReviewsService {
  async deadlinesOf(): Promise<never[]> {
    return [];
  }
}

@Injectable()
class StrayHandler {
  @OnDomainEvent('plan.ceasing')
  async onCeasing(): Promise<void> {}
}

async function boot(providers: (new (...args: never[]) => unknown)[], withCheck: boolean) {
  @Module({ imports: [DomainEventsModule], providers, exports: providers })
  class Context {}
  const module = await Test.createTestingModule({ imports: withCheck ? [Context, DomainWiringCheckModule] : [Context] }).compile();
  module.useLogger(false);
  return module;
}

describe('domain events: the table, the dispatcher and the start-up check', () => {
  it('refuses to start a process missing a handler or a port binding, naming each', async () => {
    const module = await boot([ReminderPlannerService], true);
    const started = module.init();
    await expect(started).rejects.toThrow(/Domain wiring incomplete/);
    const message = await started.catch((error: Error) => error.message);
    // Every expected handler that no provider declares, by event and Class.method.
    expect(message).toContain('event assessment.stepped has no handler PlansService.onAssessmentStepped');
    expect(message).toContain('event plan.ceased has no handler ReviewsService.onPlanCeaseChanged');
    // Every port without its binding, with the class that should bind it.
    expect(message).toContain('port assessments.advice-source is not bound (expected AdviceService)');
    expect(message).toContain('port plans.issue-guard is not bound (expected HealthService)');
    // The handler present is not reported.
    expect(message).not.toContain('ReminderPlannerService.onDeadlinesChanged');
    await module.close().catch(() => undefined);
  });

  it('reports a handler or a binding the table does not list', () => {
    const gaps = wiringGaps({ handlers: new Map([['plan.ceasing', ['StrayHandler.onCeasing']]]), ports: new Map([['plans.deadlines-source', ['ReviewsService', 'OtherService']]]) }, { 'plan.ceasing': [] }, { 'plans.deadlines-source': 'ReviewsService' });
    expect(gaps).toEqual(['handler StrayHandler.onCeasing of plan.ceasing is not in DOMAIN_EVENT_HANDLERS', 'port plans.deadlines-source is bound 2 times (ReviewsService, OtherService)']);
  });

  it('finds nothing missing when every row of the table is present', () => {
    const handlers = new Map(Object.entries(DOMAIN_EVENT_HANDLERS).map(([event, list]) => [event, [...list]]));
    const ports = new Map(Object.entries(DOMAIN_PORT_BINDINGS).map(([port, binder]) => [port, [binder]]));
    expect(wiringGaps({ handlers, ports })).toEqual([]);
  });

  it('delivers an event to its discovered handler and resolves a bound port; an unbound port is an error naming it', async () => {
    const module = await boot([ReminderPlannerService, ReviewsService, StrayHandler], false);
    await module.init();
    const events = module.get(DomainEvents);
    await events.emit('deadlines.changed', { deadlineIds: ['d1', 'd2'] });
    expect(module.get(ReminderPlannerService).told).toEqual([['d1', 'd2']]);
    expect(events.port('plans.deadlines-source')).toBe(module.get(ReviewsService));
    expect(() => events.port('plans.issue-guard')).toThrow(new PortNotBoundError('plans.issue-guard'));
    expect(events.found().handlers.get('plan.ceasing')).toEqual(['StrayHandler.onCeasing']);
    await module.close();
  });

  it('runs handlers in the order of the table, whatever the order of discovery', async () => {
    const order: string[] = [];
    @Injectable()
    class CoProductionService {
      @OnDomainEvent('assessment.stepped')
      async onAssessmentStepped(): Promise<void> {
        order.push('families');
      }
    }
    @Injectable()
    class PlansService {
      @OnDomainEvent('assessment.stepped')
      async onAssessmentStepped(): Promise<void> {
        order.push('plans');
      }
    }
    const module = await boot([CoProductionService, PlansService], false);
    await module.init();
    await module.get(DomainEvents).emit('assessment.stepped', {} as DomainEventMap['assessment.stepped']);
    expect(order).toEqual(['plans', 'families']);
    await module.close();
  });
});

describe('a process that leaves a class out on purpose', () => {
  it('is not refused for that class, and is for everything else', () => {
    const gaps = wiringGaps({ handlers: new Map(), ports: new Map() }, { 'assessment.stepped': ['PlansService.onAssessmentStepped', 'CoProductionService.onAssessmentStepped'] }, { 'identity.family-sessions': 'FamilySignInService', 'plans.issue-guard': 'HealthService' }, { CoProductionService: 'no assessment command here', FamilySignInService: 'no HTTP here' });
    expect(gaps).toEqual(['event assessment.stepped has no handler PlansService.onAssessmentStepped', 'port plans.issue-guard is not bound (expected HealthService)']);
  });
});
