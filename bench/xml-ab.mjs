// A/B of the XML reader and rules in one process: the same entry (bench/lib/xml-ab-entry.ts) is bundled
// from a base commit (a temporary git worktree) and from the working tree, both are loaded, warmed up,
// and measured in alternated rounds over the official UBL examples, in CPU time of this process. On a
// shared machine whose speed drifts minute to minute, the median of the paired B/A ratios is what a
// change did; the per-version figures beside it move with the machine.
// Also checks that both versions find the same number of findings per document (a faster reader that
// reads differently is not an optimisation).
// Usage: node bench/xml-ab.mjs [base=HEAD] [rounds=31] [phase=total|read|parse|rules] [--lines N]
// With --lines N, the one document compared is a clean UBL invoice of N lines (bench/lib/xml-read.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { cpuUsage } from 'node:process';
import { bundleBaseAndWorkingTree } from './lib/bundle-entry.mjs';

const root = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const linesAt = argv.indexOf('--lines');
const lines = linesAt >= 0 ? Number(argv.splice(linesAt, 2)[1]) : 0;
const [base = 'HEAD', roundsArg = '31', phase = 'total'] = argv;
const rounds = Number(roundsArg);
const shared = process.env.SHARED_DIR ?? resolve(root, '..', 'shared');
const dir = join(shared, 'en16931', 'examples', 'ubl');
let docs = readdirSync(dir)
  .filter((f) => f.endsWith('.xml') && statSync(join(dir, f)).size < 200_000)
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));

const bundles = await bundleBaseAndWorkingTree(root, base, 'xml-ab');
try {
  const a = createRequire(import.meta.url)(bundles.a);
  const b = createRequire(import.meta.url)(bundles.b);
  if (lines > 0) docs = [b.ublWithLines(root, lines)];
  const fnName = { total: 'readAndValidate', read: 'read', parse: 'parse', rules: 'rules' }[phase];
  if (!fnName) throw new Error(`phase must be total, read, parse or rules, not ${phase}`);
  const findings = (m) => docs.map((d) => m.readAndValidate(d));
  const fa = findings(a);
  const fb = findings(b);
  const differ = fa.filter((n, i) => n !== fb[i]).length;
  const pass = (m) => {
    const t = cpuUsage();
    for (const d of docs) m[fnName](d);
    const u = cpuUsage(t);
    return (u.user + u.system) / 1000;
  };
  const cpuUntil = (m, seconds) => {
    let spent = 0;
    while (spent < seconds * 1000) spent += pass(m);
  };
  // Warm-up: both to steady code (V8 needs seconds of CPU on this code, see bench/lib/xml-read.ts).
  for (let i = 0; i < 3; i++) {
    cpuUntil(a, 2);
    cpuUntil(b, 2);
  }
  const reps = Math.max(1, Math.round(200 / Math.max(pass(a), 0.05)));
  const block = (m) => {
    let ms = 0;
    for (let i = 0; i < reps; i++) ms += pass(m);
    return ms / (reps * docs.length);
  };
  const as = [];
  const bs = [];
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    // A B, then B A: neither always goes first.
    const [x, y] = r % 2 ? [block(b), block(a)] : [block(a), block(b)];
    const [ta, tb] = r % 2 ? [y, x] : [x, y];
    as.push(ta);
    bs.push(tb);
    ratios.push(tb / ta);
  }
  const median = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
  const q = (xs, f) => [...xs].sort((p, q) => p - q)[Math.floor((xs.length - 1) * f)];
  console.log(
    `${phase}, ${lines > 0 ? `a clean UBL invoice of ${lines} lines` : `${docs.length} official UBL examples`}, ${rounds} alternated rounds of ${reps} passes, CPU time\n` +
      `A ${base}: ${median(as).toFixed(4)} ms per invoice (${Math.round(1000 / median(as))}/s per core)\n` +
      `B working tree: ${median(bs).toFixed(4)} ms per invoice (${Math.round(1000 / median(bs))}/s per core)\n` +
      `B/A: median ${median(ratios).toFixed(3)} (quartiles ${q(ratios, 0.25).toFixed(3)}–${q(ratios, 0.75).toFixed(3)})\n` +
      `findings per document: ${differ === 0 ? 'the same in both' : `${differ} of ${docs.length} documents differ`}`,
  );
  if (differ) process.exitCode = 1;
} finally {
  bundles.cleanup();
}
