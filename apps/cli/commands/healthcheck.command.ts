import { loadConfig } from '@app/core';

/**
 * `ehcp healthcheck api|worker`: exit 0 when this container's process answers its liveness probe on 127.0.0.1 (the
 * API's PORT, or the worker's WORKER_METRICS_PORT), 1 otherwise. The Dockerfile's HEALTHCHECK runs it
 * (`npm run healthcheck -- api`), so the container engine restarts a hung process but never a healthy one whose
 * database is briefly away (readiness is the load balancer's business, not the engine's).
 */
export async function healthcheckCommand(args: string[]): Promise<number> {
  const which = args[0] ?? 'api';
  if (which !== 'api' && which !== 'worker') {
    console.error('Usage: healthcheck api|worker');
    return 2;
  }
  const config = loadConfig();
  const url = which === 'api' ? `http://127.0.0.1:${config.port}/api/v1/health/live` : `http://127.0.0.1:${config.workerMetricsPort}/health/live`;
  return (await isLive(url)) ? 0 : 1;
}

/** True when `url` answers 200 within `timeoutMs`. */
export async function isLive(url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
