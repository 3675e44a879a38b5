import { startTracing } from '@app/observability/tracing';

// First import of main.ts: the instrumentations must patch http, pg and ioredis before anything requires them.
startTracing('ehcp-api');
