import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface BuildInfo {
  /** package.json's version. */
  version: string;
  /** The commit the build was made from (GIT_COMMIT at build time), or `unknown`. */
  commit: string;
}

let cachedVersion: string | undefined;

/** package.json's version, found by walking up from this file (works from the sources and from dist/). */
export function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let directory = __dirname;
  for (let depth = 0; depth < 8; depth += 1) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'ehcp-case-management' && manifest.version) return (cachedVersion = manifest.version);
    } catch {
      // not here: go up
    }
    directory = dirname(directory);
  }
  return (cachedVersion = '0.0.0');
}
