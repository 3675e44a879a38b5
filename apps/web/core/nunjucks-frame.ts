import nunjucks from 'nunjucks';

interface Frame {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite?: boolean): Frame | undefined;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

const PATCHED = Symbol.for('ehcp-web.nunjucks-frame-set');

/**
 * Nunjucks's `Frame.set` (every `{% set %}`, macro argument and loop variable: a `{% for %}` sets seven `loop.*` names
 * per item) splits the name on "." on each call, allocating an array every time: 4% of the web's CPU on the caseload
 * (docs/benchmarks.md). The names are the templates' own, written in their compiled code, so each name's parts are
 * kept after the first split; the assignment itself is nunjucks's, step for step. Applied once per process.
 */
export function keepFrameNameParts(): void {
  const prototype = (nunjucks.runtime as unknown as { Frame: { prototype: Frame & { [PATCHED]?: true } } }).Frame.prototype;
  if (prototype[PATCHED]) return;
  const partsOf = new Map<string, string[]>();
  prototype.set = function set(this: Frame, name: string, value: unknown, resolveUp?: boolean): void {
    let parts = partsOf.get(name);
    if (!parts) partsOf.set(name, (parts = name.split('.')));
    if (resolveUp) {
      const frame = this.resolve(parts[0], true);
      if (frame) {
        frame.set(name, value);
        return;
      }
    }
    let target = this.variables as Record<string, unknown>;
    for (let i = 0; i < parts.length - 1; i++) {
      const id = parts[i];
      if (!target[id]) target[id] = {};
      target = target[id] as Record<string, unknown>;
    }
    target[parts[parts.length - 1]] = value;
  };
  prototype[PATCHED] = true;
}
