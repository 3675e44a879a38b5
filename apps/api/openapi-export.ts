import 'reflect-metadata';
import { writeFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiModule } from './api.module';
import { API_PREFIX } from './bootstrap';
import { createOpenApiDocument } from './openapi';

/** The published contract: docs/openapi.json. */
export const OPENAPI_FILE = resolve(__dirname, '../../docs/openapi.json');

/** The document exactly as /docs-json serves it, built without a database or Redis (Nest's preview mode). */
export async function buildPublishedDocument(): Promise<string> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    app.setGlobalPrefix(API_PREFIX);
    return `${JSON.stringify(createOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

/** `npm run openapi:export` writes the file; `npm run openapi:check` fails when the committed one differs. */
async function main(): Promise<void> {
  const generated = await buildPublishedDocument();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    if (committed !== generated) {
      console.error('docs/openapi.json is out of date with the code: run `npm run openapi:export` and commit it.');
      process.exit(1);
    }
    console.log('docs/openapi.json matches the code.');
    return;
  }
  writeFileSync(OPENAPI_FILE, generated);
  console.log(`wrote ${OPENAPI_FILE}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
