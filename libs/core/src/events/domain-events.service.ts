import { DynamicModule, Inject, Injectable, Module, OnModuleInit, Optional } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { DOMAIN_EVENT_HANDLERS, DOMAIN_PORT_BINDINGS, DomainEventMap, DomainEventName, DomainPortMap, DomainPortName } from './domain-events';
import { DOMAIN_EVENT_HANDLER, DOMAIN_PORT_BINDING } from './on-domain-event.decorator';

type Handler = (payload: unknown) => Promise<void>;

/** A port asked for in a composition that does not bind it (a start-up check in the apps makes this unreachable there). */
export class PortNotBoundError extends Error {
  constructor(port: DomainPortName) {
    super(`The query port ${port} is not bound: import the module of ${DOMAIN_PORT_BINDINGS[port]}.`);
    this.name = 'PortNotBoundError';
  }
}

/** The wiring found in a composition: each event's handlers by `Class.method`, each port's binding classes. */
export interface FoundWiring {
  handlers: Map<string, string[]>;
  ports: Map<string, string[]>;
}

/**
 * What a process lacks against the table (empty when complete): every expected handler missing, every port unbound or
 * bound twice, and every handler or binding the table does not list. Pure, for the check and its tests.
 */
export function wiringGaps(found: FoundWiring, handlers: Record<string, readonly string[]> = DOMAIN_EVENT_HANDLERS, ports: Record<string, string> = DOMAIN_PORT_BINDINGS, absent: Readonly<Record<string, string>> = {}): string[] {
  const gaps: string[] = [];
  const excused = (handlerOrClass: string) => Object.hasOwn(absent, handlerOrClass.split('.')[0]);
  for (const [event, expected] of Object.entries(handlers)) {
    const present = found.handlers.get(event) ?? [];
    for (const handler of expected) if (!present.includes(handler) && !excused(handler)) gaps.push(`event ${event} has no handler ${handler}`);
  }
  for (const [event, present] of found.handlers) {
    for (const handler of present) if (!(handlers[event] ?? []).includes(handler)) gaps.push(`handler ${handler} of ${event} is not in DOMAIN_EVENT_HANDLERS`);
  }
  for (const [port, binder] of Object.entries(ports)) {
    const bound = found.ports.get(port) ?? [];
    if (bound.length === 0 && excused(binder)) continue;
    if (bound.length === 0) gaps.push(`port ${port} is not bound (expected ${binder})`);
    else if (bound.length > 1) gaps.push(`port ${port} is bound ${bound.length} times (${bound.join(', ')})`);
    else if (bound[0] !== binder) gaps.push(`port ${port} is bound by ${bound[0]}, the table says ${binder}`);
  }
  for (const port of found.ports.keys()) if (!(port in ports)) gaps.push(`port ${port} is not in DOMAIN_PORT_BINDINGS`);
  return gaps;
}

/**
 * The dispatcher of domain events and the resolver of query ports. Handlers (`@OnDomainEvent`) and bindings
 * (`@BindsPort`) are found once among the composition's providers with Nest's DiscoveryService, on first use or at
 * module init, whichever comes first. `emit` awaits each handler in the table's order, in the caller's transaction
 * (the ambient transaction of nestjs-cls, ADR 0011); a handler's error propagates, so the command rolls back.
 */
@Injectable()
export class DomainEvents implements OnModuleInit {
  private handlers: Map<string, { id: string; call: Handler }[]> | null = null;
  private ports = new Map<string, { className: string; instance: unknown }[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    this.discover();
  }

  async emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    for (const handler of this.discover().get(name) ?? []) await handler.call(payload);
  }

  /** The one binding of a query port; PortNotBoundError when the composition has none. */
  port<K extends DomainPortName>(name: K): DomainPortMap[K] {
    this.discover();
    const bound = this.ports.get(name);
    if (!bound || bound.length === 0) throw new PortNotBoundError(name);
    return bound[0].instance as DomainPortMap[K];
  }

  /** The composition's wiring, for the start-up check. */
  found(): FoundWiring {
    const handlers = new Map<string, string[]>();
    for (const [event, list] of this.discover()) handlers.set(event, list.map((h) => h.id));
    const ports = new Map<string, string[]>();
    for (const [port, list] of this.ports) ports.set(port, list.map((b) => b.className));
    return { handlers, ports };
  }

  private discover(): Map<string, { id: string; call: Handler }[]> {
    if (this.handlers) return this.handlers;
    const handlers = new Map<string, { id: string; call: Handler }[]>();
    const seen = new Set<unknown>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic() || seen.has(instance)) continue;
      seen.add(instance);
      const className = instance.constructor.name;
      for (const port of (Reflect.getMetadata(DOMAIN_PORT_BINDING, instance.constructor) as string[] | undefined) ?? []) {
        this.ports.set(port, [...(this.ports.get(port) ?? []), { className, instance }]);
      }
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        for (const event of (Reflect.getMetadata(DOMAIN_EVENT_HANDLER, fn) as string[] | undefined) ?? []) {
          const id = `${className}.${method}`;
          handlers.set(event, [...(handlers.get(event) ?? []), { id, call: (payload) => (fn as Handler).call(instance, payload) }]);
        }
      }
    }
    // The table's order; a handler the table does not list runs last (the start-up check refuses it in the apps).
    for (const [event, list] of handlers) {
      const order = (DOMAIN_EVENT_HANDLERS as Record<string, readonly string[]>)[event] ?? [];
      const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
      list.sort((a, b) => rank(a.id) - rank(b.id));
    }
    this.handlers = handlers;
    return handlers;
  }
}

/** Import it in every context module that emits an event or asks a port. */
@Module({ imports: [DiscoveryModule], providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}

/**
 * Refuses to start a process (API, worker, seed) whose composition leaves an event without a handler the table
 * expects or a port without its binding, naming each: a missing reaction would otherwise fail silently (a plan's
 * deadlines read as none, advice as none). Like the worker's JobHandlerCheck.
 */
/** Classes a process leaves out on purpose, each with the reason (DomainWiringCheckModule.forProcess). */
export const DOMAIN_WIRING_ABSENT = 'DOMAIN_WIRING_ABSENT';

@Injectable()
export class DomainWiringCheck implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    @Optional() @Inject(DOMAIN_WIRING_ABSENT) private readonly absent: Record<string, string> | null,
  ) {}

  onModuleInit(): void {
    const gaps = wiringGaps(this.events.found(), DOMAIN_EVENT_HANDLERS, DOMAIN_PORT_BINDINGS, this.absent ?? {});
    if (gaps.length > 0) throw new Error(`Domain wiring incomplete (libs/core/src/events/domain-events.ts): ${gaps.join('; ')}. Import the module that declares it.`);
  }
}

/**
 * The check for an app's root module: `imports: [DomainWiringCheckModule]`, or `DomainWiringCheckModule.forProcess({
 * ClassName: 'why this process never needs it' })` for a process that leaves a handler's or binder's class out on
 * purpose (none does today: the API, the worker and the demo seed wire everything).
 */
@Module({ imports: [DomainEventsModule], providers: [DomainWiringCheck] })
export class DomainWiringCheckModule {
  static forProcess(absent: Record<string, string>): DynamicModule {
    return { module: DomainWiringCheckModule, providers: [{ provide: DOMAIN_WIRING_ABSENT, useValue: absent }] };
  }
}
