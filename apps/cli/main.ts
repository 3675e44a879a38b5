import 'reflect-metadata';
import { explainStartupFailure } from '@app/core';
import { checkMigrationsCommand } from './commands/check-migrations.command';
import { mailboxCommand } from './commands/mailbox.command';
import { migrateCommand } from './commands/migrate.command';
import { createNationalAnalystCommand } from './commands/create-national-analyst.command';
import { seedDemoCommand } from './commands/seed-demo.command';
import { seedScaleCommand } from './commands/seed-scale.command';
import { startLocalCommand } from './commands/start-local.command';
import { healthcheckCommand } from './commands/healthcheck.command';

const COMMANDS: Record<string, { summary: string; run: (args: string[]) => Promise<number> }> = {
  migrate: { summary: 'apply pending migrations as the owner, then grant the app role its rights (creates the database if missing)', run: migrateCommand },
  'check-migrations': { summary: 'fail when the entities need a schema change no migration makes', run: checkMigrationsCommand },
  'seed-demo': { summary: 'load the demo local authorities, users and cases (refused in production)', run: seedDemoCommand },
  'seed-scale': { summary: 'build a synthetic national dataset in its own database (--authorities, --plans, --database ehcp_scale)', run: seedScaleCommand },
  'create-national-analyst': { summary: 'create a national analyst user (--email, --name, --la-code; EHCP_NEW_USER_PASSWORD)', run: createNationalAnalystCommand },
  mailbox: { summary: 'show the emails the local transport recorded, newest first (--to <address>, --limit N); not in production', run: mailboxCommand },
  healthcheck: { summary: 'api|worker: exit 0 when this host\'s API (PORT) or worker probe (WORKER_METRICS_PORT) answers its liveness probe', run: healthcheckCommand },
  'start-local': { summary: 'migrate, seed an empty database, then run the API and the worker', run: startLocalCommand },
};

/** Operator commands: `node dist/apps/cli/main.js <command>`. */
async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`Usage: ehcp <command>\n${Object.entries(COMMANDS).map(([key, c]) => `  ${key.padEnd(18)} ${c.summary}`).join('\n')}`);
    process.exit(2);
  }
  process.exitCode = await command.run(args);
}

main().catch((error: unknown) => {
  console.error(explainStartupFailure(error));
  if (process.env.DEBUG_STARTUP) console.error(error);
  process.exit(1);
});
