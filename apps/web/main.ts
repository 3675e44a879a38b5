import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureWebApp, createWebAdapter } from './bootstrap';
import { loadWebConfig } from './web-config';
import { WebModule } from './web.module';

async function main(): Promise<void> {
  const config = loadWebConfig();
  const app = await NestFactory.create<NestFastifyApplication>(WebModule.forRoot(config), createWebAdapter(config), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  await configureWebApp(app);
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  console.error(`The web did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
