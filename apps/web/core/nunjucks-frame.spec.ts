import nunjucks from 'nunjucks';
import { keepFrameNameParts } from './nunjucks-frame';

type AnyFrame = { variables: Record<string, unknown>; set(name: string, value: unknown, resolveUp?: boolean): void; push(isolate?: boolean): AnyFrame };
const Frame = (nunjucks.runtime as unknown as { Frame: new (parent?: AnyFrame, isolateWrites?: boolean) => AnyFrame }).Frame;

describe("nunjucks's Frame.set with each name's parts kept", () => {
  const original = Frame.prototype.set;

  /** The same assignments on a fresh chain of frames (root, an isolated child, its child): the variables after. */
  function run(set: (this: AnyFrame, name: string, value: unknown, resolveUp?: boolean) => void) {
    Frame.prototype.set = set;
    const root = new Frame();
    root.set('a', 1);
    root.set('loop.index', 1);
    root.set('loop.index', 2);
    root.set('loop.first', true);
    const isolated = root.push(true);
    const child = isolated.push();
    child.set('a', 'up', true); // isolated: stays below the isolating frame
    child.set('b', 'here', true);
    isolated.set('c', 3);
    child.set('c', 'up to isolated', true);
    child.set('x.y.z', 'deep');
    root.set('a', 'replaced', true);
    return [root.variables, isolated.variables, child.variables].map((v) => JSON.parse(JSON.stringify(v)));
  }

  const template = '{% set n = 1 %}{% for i in [3, 4] %}{{ loop.index }}{{ i }}{{ loop.last }}{% set n = n + i %}{% endfor %}{% macro m(x) %}{% set y = x * 2 %}[{{ x }} {{ y }}]{% endmacro %}{{ m(n) }}{{ y }}';
  const render = () => new nunjucks.Environment(null, { autoescape: true }).renderString(template, {});

  it('assigns exactly as nunjucks does, and renders the same', () => {
    const expected = run(original);
    const rendered = render();
    expect(rendered).toBe('13false24true[8 16]');
    keepFrameNameParts();
    const patched = Frame.prototype.set;
    expect(patched).not.toBe(original);
    expect(run(patched)).toEqual(expected);
    keepFrameNameParts();
    expect(Frame.prototype.set).toBe(patched);
    expect(render()).toBe(rendered);
  });
});
