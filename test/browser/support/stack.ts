import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Role } from '@app/core';
import { configureWebApp, createWebAdapter } from '../../../apps/web/bootstrap';
import { loadWebConfig, WebConfig } from '../../../apps/web/web-config';
import { WebModule } from '../../../apps/web/web.module';
import { startTestApp, TestApp } from '../../support/app';
import { createLocalAuthority, createOrganisation, createUser, TestLocalAuthority, TestUser } from '../../support/factories';

/** The web app alone, in-process, on a random port, talking to the API at `apiBaseUrl`. */
export interface TestWeb {
  app: NestFastifyApplication;
  url: string;
  config: WebConfig;
  close(): Promise<void>;
}

export async function startTestWeb(apiBaseUrl: string, overrides: Partial<WebConfig> = {}): Promise<TestWeb> {
  const config: WebConfig = {
    ...loadWebConfig({ NODE_ENV: 'test', REDIS_URL: process.env.REDIS_URL }),
    apiBaseUrl,
    port: 0,
    sessionPrefix: `ehcp-web-test-${process.pid}-${randomBytes(4).toString('hex')}:`,
    apiTimeoutMs: 15_000,
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config)] }).compile();
  const verbose = Boolean(process.env.TEST_LOG_LEVEL);
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createWebAdapter(config), { logger: verbose ? undefined : false });
  try {
    await configureWebApp(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  // Where the web is reached, for addresses it gives out (the OpenID Connect callback): the port is known only now.
  if (!overrides.publicUrl) config.publicUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    async close() {
      await app.close();
    },
  };
}

/** The real API (test/support/app.ts: its own cloned database) and the web in front of it, both on random ports. */
export interface TestStack {
  api: TestApp;
  apiUrl: string;
  web: TestWeb;
  la: TestLocalAuthority;
  close(): Promise<void>;
}

export async function startStack(options: { now?: Date } = {}): Promise<TestStack> {
  const api = await startTestApp({ now: options.now });
  const apiUrl = `${api.url}/api/v1`;
  const web = await startTestWeb(apiUrl).catch(async (error: unknown) => {
    await api.close();
    throw error;
  });
  const la = await createLocalAuthority(api.dataSource);
  return {
    api,
    apiUrl,
    web,
    la,
    async close() {
      await web.close();
      await api.close();
    },
  };
}

/** A user of the stack's LA, as the API's own tests make them (a professional gets an organisation). */
export async function stackUser(stack: TestStack, role: Role, options: Parameters<typeof createUser>[4] = {}): Promise<TestUser> {
  const organisationId = role === Role.Professional && !options.organisationId ? await createOrganisation(stack.api.dataSource, stack.la.id) : options.organisationId;
  return createUser(stack.api.dataSource, stack.api.http, stack.la.id, role, { ...options, organisationId });
}
