import { ChildProcess } from 'node:child_process';

/**
 * Stops the bench's child processes: `ask` requests a clean exit (a signal or a message), and one still running after
 * `graceMs` is killed. Resolves when every child has exited.
 */
export function stopChildren(children: readonly ChildProcess[], ask: (child: ChildProcess) => void, graceMs = 10_000): Promise<void> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          ask(child);
        }),
    ),
  ).then(() => undefined);
}
