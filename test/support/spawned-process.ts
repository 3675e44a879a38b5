import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** One JSON log line of a spawned process (pino), or a line that was not JSON. */
export type LogLine = Record<string, unknown> & { msg?: string; time?: number };

export interface SpawnedProcess {
  child: ChildProcess;
  logs: LogLine[];
  /** Resolves with the first log line matching, or rejects after timeoutMs (with the output so far). */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGKILL if still running. */
  kill(): void;
}

/**
 * Starts apps/<app>/main.ts as its own process through @swc-node/register (swc: about 4 CPU s to load the app against
 * ts-node's 12), as `npm run start:api` /
 * `start:worker` start the built output, with the given environment on top of a minimal one. Its stdout is parsed as
 * pino JSON lines. A real process: real signals, real sockets, nothing mocked.
 */
export function spawnApp(app: 'api' | 'worker', env: Record<string, string>): SpawnedProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', app, 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      HOST: '127.0.0.1',
      PORT: '0',
      WORKER_METRICS_PORT: '0',
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const text of lines) {
      if (text.trim() === '') continue;
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text, raw: true };
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    logs,
    exited,
    waitForLog(match, timeoutMs = 120_000) {
      const found = logs.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}; stdout: ${JSON.stringify(logs.slice(-10))}`)), timeoutMs);
        const waiter = { match, resolve: (line: LogLine) => (clearTimeout(timer), resolve(line)) };
        waiters.push(waiter);
        void exited.then((code) => {
          if (!waiters.includes(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`process exited (${code}) before the log line; stderr: ${stderr.slice(-2000)}; stdout: ${JSON.stringify(logs.slice(-10))}`));
        });
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
