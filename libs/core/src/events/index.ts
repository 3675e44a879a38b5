export * from './domain-events';
export * from './on-domain-event.decorator';
export * from './domain-events.service';
