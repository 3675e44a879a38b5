export * from './build-info';
export * from './metrics.service';
export * from './readiness.service';
export * from './observability.module';
export * from './worker-probe.server';
export * from './http-metrics';
export * from './job-metrics';
