import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout's root (where package.json is), found from this file whether it runs from source (ts-node, jest) or
 * from the built output (dist/apps/web): the views and public files are read from apps/web in both cases.
 */
function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'apps', 'web'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`apps/web not found above ${from}`);
    dir = parent;
  }
  return dir;
}

export const ROOT_DIR = findRoot(__dirname);
export const VIEWS_DIR = join(ROOT_DIR, 'apps', 'web', 'views');
export const PUBLIC_DIR = join(ROOT_DIR, 'apps', 'web', 'public');
/** govuk-frontend's dist folder: its templates are imported as "govuk/...", its assets served under /assets. */
export const GOVUK_DIST_DIR = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
