import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/core';
import { DemoSeeder } from '../seed/demo-seeder';
import { SeedModule } from '../seed/seed.module';
import { migrateDatabase } from './migrate.command';

/** `npm run seed:demo`: migrates, then loads the demo data into an empty database. Refused in production. */
export async function seedDemoCommand(): Promise<number> {
  const config = loadConfig();
  if (config.nodeEnv === 'production') {
    console.error('seed:demo refuses to run when NODE_ENV=production: demo accounts share a published password.');
    return 1;
  }
  await migrateDatabase(config);
  const result = await seedDemo();
  console.log(result.seeded ? 'Demo data loaded.' : `Demo data not loaded: ${result.reason}.`);
  return 0;
}

export async function seedDemo(): Promise<{ seeded: boolean; reason?: string }> {
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error'], abortOnError: false });
  try {
    return await app.get(DemoSeeder).seedIfEmpty();
  } finally {
    await app.close();
  }
}
