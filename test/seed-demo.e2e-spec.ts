import { seedDemo } from '../apps/cli/commands/seed-demo.command';
import { createTestDatabase, dropTestDatabase } from './support/database';
import { removeKeysUnder } from './support/redis-keys';
import { testConfig } from './support/test-env';

/**
 * The demo seed composes the contexts itself (apps/cli/seed): its domain wiring check must pass (every handler and
 * port of libs/core/src/events bound), and seeding through the real commands must then succeed on an empty database.
 */
describe('seed:demo (e2e)', () => {
  let url: string;
  let prefix: string;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX };

  beforeAll(async () => {
    url = await createTestDatabase();
    // The seed reads its configuration from the environment: this file's database and a queue prefix of its own.
    prefix = testConfig(url).queuePrefix;
    Object.assign(process.env, { DATABASE_URL: url, QUEUE_PREFIX: prefix });
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await removeKeysUnder(testConfig(url).redisUrl, prefix);
    await dropTestDatabase(url);
  });

  it('starts with complete wiring and seeds an empty database once', async () => {
    await expect(seedDemo()).resolves.toEqual({ seeded: true });
    await expect(seedDemo()).resolves.toMatchObject({ seeded: false });
  });
});
