// Summarises a V8 .cpuprofile (from BENCH_CPU_PROF=1 or `node --cpu-prof`): self time by function and
// by package, and inclusive ("total") time of the heaviest functions.
//
//   npx tsx bench/profile-summary.ts bench/results/prof/CPU.*.cpuprofile [--top 25] [--skip S] [--until S]
//
// --skip/--until keep only the samples between S seconds after the profile started and --until
// seconds (to leave out start-up, which under tsx is mostly module loading and compilation).
import fs from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** node_modules package (or src/… file, or a V8 pseudo-frame) a frame belongs to. */
function packageOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

const label = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '')}:${f.lineNumber + 1}` : ''}`.trim();

function summarise(file: string, top: number, skipSec: number, untilSec: number) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  let clock = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    clock += delta;
    if (clock < skipSec * 1e6 || clock > untilSec * 1e6) return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfTime].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const selfBy = (key: (f: CallFrame) => string) => {
    const out = new Map<string, number>();
    for (const [id, t] of selfTime) {
      const k = key(byId.get(id)!.callFrame);
      out.set(k, (out.get(k) ?? 0) + t);
    }
    return [...out].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
  };
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const inclusive = new Map<string, number>();
  for (const [id, t] of selfTime) {
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const k = label(byId.get(n)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  const ms = (t: number) => `${(t / 1000).toFixed(0).padStart(7)} ms`;
  console.log(`${file}\n  window ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (percentages are of busy time)\n`);
  console.log('self time by package/file:');
  for (const [k, t] of selfBy(packageOf).slice(0, top)) console.log(`  ${pct(t)} ${ms(t)}  ${k}`);
  console.log('\nself time by function:');
  for (const [k, t] of selfBy(label).slice(0, top)) console.log(`  ${pct(t)} ${ms(t)}  ${k}`);
  console.log('\ninclusive time by function:');
  const skip = new Set(['(root)', '(program)']);
  for (const [k, t] of [...inclusive].filter(([k]) => !skip.has(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${pct(t)} ${ms(t)}  ${k}`);
  }
  console.log('');
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : fallback;
};
const top = option('--top', 25);
const skip = option('--skip', 0);
const until = option('--until', Infinity);
if (args.length === 0) {
  console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile>... [--top N]');
  process.exit(2);
}
for (const file of args) summarise(file, top, skip, until);
