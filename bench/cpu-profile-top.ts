/**
 * node -r ts-node/register/transpile-only bench/cpu-profile-top.ts <file.cpuprofile> [top=20]
 *
 * The functions with the most self time in a V8 CPU profile (node --cpu-prof), and the same summed by package
 * (node_modules/<name>, the project's own code, node internals, idle/GC): what a bench run spent its CPU on.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-top.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; startTime: number; endTime: number };
const hits = new Map<number, number>();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const total = profile.samples.length;
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
const packageOf = (url: string, name: string): string => {
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:') || url === '') return 'node internals / native';
  return 'project code';
};
for (const node of profile.nodes) {
  const n = hits.get(node.id) ?? 0;
  if (n === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(apps|libs|bench)\//, '$1/')}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + n);
  const pkg = packageOf(url, functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
}
const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
console.log(`${file}: ${total} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
console.log('\nBy package (self time):');
for (const [name, n] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(n).padStart(6)}  ${name}`);
console.log(`\nTop ${topArg ?? 20} functions (self time):`);
for (const [name, n] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 20))) console.log(`  ${pct(n).padStart(6)}  ${name}`);
