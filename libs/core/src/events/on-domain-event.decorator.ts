import { DomainEventMap, DomainEventName, DomainPortMap, DomainPortName } from './domain-events';

export const DOMAIN_EVENT_HANDLER = 'domain:eventHandler';
export const DOMAIN_PORT_BINDING = 'domain:portBinding';

/**
 * Declares the method as a handler of a domain event (libs/core/src/events/domain-events.ts): DomainEvents finds it at
 * start-up and calls it with the payload, inside the emitter's transaction for in-transaction events. Stack it to
 * handle several events with one method. The handler must be listed in DOMAIN_EVENT_HANDLERS.
 */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  return (_target: object, _method: string | symbol, descriptor: { value?: (payload: DomainEventMap[K]) => Promise<void> }): void => {
    const fn = descriptor.value as object;
    const names = (Reflect.getMetadata(DOMAIN_EVENT_HANDLER, fn) as string[] | undefined) ?? [];
    Reflect.defineMetadata(DOMAIN_EVENT_HANDLER, [...names, name], fn);
  };
}

/** Declares the provider as the one binding of a query port (DOMAIN_PORT_BINDINGS); the class must implement the port. */
export function BindsPort<K extends DomainPortName>(port: K) {
  return (target: abstract new (...args: never[]) => DomainPortMap[K]): void => {
    const ports = (Reflect.getMetadata(DOMAIN_PORT_BINDING, target) as string[] | undefined) ?? [];
    Reflect.defineMetadata(DOMAIN_PORT_BINDING, [...ports, port], target);
  };
}
