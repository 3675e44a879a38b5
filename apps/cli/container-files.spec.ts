import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * No container engine runs in CI, so the image is proven by what CI does run: every command in the Dockerfile and
 * compose.yaml is `npm ci` or `npm run <script>` with a script package.json has, and every script the image runs while
 * it is built is one .ci/run runs too. Anything else (apt-get, curl, a shell line) would be untested, so it is refused.
 */
const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const ci = read('.ci/run');

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(dockerfile: string): { keyword: string; args: string }[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** A command as words: the exec form (a JSON array) or the shell form. */
function words(command: string): string[] {
  const trimmed = command.trim();
  return trimmed.startsWith('[') ? (JSON.parse(trimmed) as string[]) : trimmed.split(/\s+/);
}

/** The npm script a command runs, or `ci` for `npm ci`; throws for anything that is not npm. */
function npmScript(command: string[]): string {
  if (command[0] !== 'npm') throw new Error(`not an npm command: ${command.join(' ')}`);
  if (command[1] === 'ci') return 'ci';
  if (command[1] !== 'run') throw new Error(`not npm ci or npm run: ${command.join(' ')}`);
  const script = command.slice(2).find((word) => !word.startsWith('-'));
  if (!script) throw new Error(`npm run without a script: ${command.join(' ')}`);
  return script;
}

describe('container files name only what CI proves', () => {
  const dockerfile = instructions(read('Dockerfile'));

  it('builds with npm ci and npm scripts that .ci/run runs', () => {
    const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => npmScript(words(i.args)));
    expect(runs).toEqual(['ci', 'build', 'ci']);
    for (const script of runs.filter((s) => s !== 'ci')) {
      expect(scripts[script]).toBeDefined();
      expect(ci).toMatch(new RegExp(`npm run (--silent )?${script}\\b`));
    }
    expect(ci).toMatch(/npm ci\b/);
  });

  it('starts and checks health with scripts package.json has', () => {
    const commands = dockerfile.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'HEALTHCHECK');
    expect(commands.map((c) => c.keyword).sort()).toEqual(['CMD', 'HEALTHCHECK']);
    for (const { keyword, args } of commands) {
      const command = keyword === 'HEALTHCHECK' ? args.slice(args.indexOf('CMD') + 3) : args;
      expect(scripts[npmScript(words(command))]).toBeDefined();
    }
  });

  it('runs as a non-root user, from the built output, with a health check', () => {
    const users = dockerfile.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node');
    expect(dockerfile.filter((i) => i.keyword === 'FROM')).toHaveLength(3);
    // The runtime stage copies dist/, node_modules and package.json: no sources.
    const runtime = dockerfile.slice(dockerfile.findLastIndex((i) => i.keyword === 'FROM'));
    expect(runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args.split(' ').at(-2))).toEqual(['/app/node_modules', '/app/dist', 'package.json']);
    expect(scripts['start:api']).toMatch(/^node dist\//);
    expect(scripts['start:worker']).toMatch(/^node dist\//);
  });

  it('compose.yaml runs only npm scripts package.json has (a service whose script has not landed stays behind a profile)', () => {
    const compose = read('compose.yaml');
    const services = compose.split(/\n(?= {2}[a-z][a-z-]*:\n)/);
    const commands = [...compose.matchAll(/^\s+(?:command|test):\s*(\[.*\])\s*$/gm)].map((m) => JSON.parse(m[1]) as string[]).filter((c) => c[0] === 'CMD' ? c[1] === 'npm' : c[0] === 'npm');
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const command of commands) {
      const script = npmScript(command[0] === 'CMD' ? command.slice(1) : command);
      if (scripts[script]) continue;
      const service = services.find((block) => block.includes(JSON.stringify(command).replace(/,/g, ', ')));
      expect({ script, profile: service?.match(/profiles: \[(.*)\]/)?.[1] ?? null }).toEqual({ script, profile: expect.any(String) });
    }
    // The API and the worker get the app role; only the migration step gets the owner.
    expect(compose.match(/DATABASE_OWNER_URL/g)).toHaveLength(1);
    expect(compose).toMatch(/DATABASE_URL: postgres:\/\/ehcp_app:/);
  });
});
