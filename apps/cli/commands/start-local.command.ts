import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@app/core';
import { DEMO_ACCOUNTS } from '../seed/demo-seeder';
import { migrateDatabase } from './migrate.command';
import { seedDemo } from './seed-demo.command';

/**
 * `npm start`: migrate, seed the demo data into an empty database, then run the API, the worker and the web as three
 * processes (as production does) and print where to go (the web first) and how to sign in.
 */
export async function startLocalCommand(): Promise<number> {
  const config = loadConfig();
  const applied = await migrateDatabase(config);
  if (applied.length > 0) console.log(`Applied ${applied.length} migration(s).`);
  if (config.nodeEnv !== 'production') {
    const seed = await seedDemo();
    console.log(seed.seeded ? 'Demo data loaded.' : `Demo data not loaded: ${seed.reason}.`);
  }

  const appsDir = join(__dirname, '..', '..');
  const webPort = Number(process.env.WEB_PORT || 3001);
  const webUrl = process.env.WEB_PUBLIC_URL || `http://localhost:${webPort}`;
  // Emails (the staff's reminders, the families' sign-in links) link to this web's pages.
  const apiEnv = { WEB_PUBLIC_URL: webUrl, ...process.env };
  const children: ChildProcess[] = [
    spawn(process.execPath, [join(appsDir, 'api', 'main.js')], { stdio: 'inherit', env: apiEnv }),
    spawn(process.execPath, [join(appsDir, 'worker', 'main.js')], { stdio: 'inherit', env: apiEnv }),
    // The web reaches this API unless API_BASE_URL says otherwise.
    spawn(process.execPath, [join(appsDir, 'web', 'main.js')], { stdio: 'inherit', env: { API_BASE_URL: `http://127.0.0.1:${config.port}/api/v1`, ...process.env } }),
  ];

  const base = config.publicBaseUrl;
  await waitForHealth(`http://127.0.0.1:${config.port}/api/v1/health`, 30_000)
    .then(() => waitForHealth(`http://127.0.0.1:${webPort}/health`, 30_000))
    .then(() => {
      console.log(
        [
          '',
          'EHCP case management is running.',
          `  Web:      ${webUrl}  (sign in below)`,
          `  API:      ${base}/api/v1`,
          `  OpenAPI:  ${base}/docs  (JSON: ${base}/docs-json)`,
          `  Health:   ${base}/api/v1/health`,
          '',
          `Demo sign-ins (password "${config.demoPassword}"):`,
          ...DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(24)} ${a.role}${'discipline' in a ? ` (${a.discipline})` : ''}`),
          `  ${'caseworker@other.test'.padEnd(24)} caseworker in Other County Council`,
          '',
          `Try: curl -s -X POST ${base}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"caseworker@demo.test","password":"${config.demoPassword}"}'`,
          'Press Ctrl+C to stop.',
        ].join('\n'),
      );
    })
    .catch((error: Error) => console.error(`The API or the web did not become healthy: ${error.message}`));

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      setTimeout(() => resolve(code), 200);
    };
    for (const child of children) child.on('exit', (code) => stop(code ?? 1));
    process.on('SIGINT', () => stop(0));
    process.on('SIGTERM', () => stop(0));
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`no healthy answer from ${url} within ${timeoutMs / 1000}s`);
}
