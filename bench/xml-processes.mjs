// The reader and rules of a base commit and of the working tree, each in its own fresh Node process,
// processes alternated (A B, B A, ...): what a worker or API process meets from its start. The in-process
// A/B (bench/xml-ab.mjs) shares one heap between both versions, so it cannot show effects of the heap's
// own state: which allocation sites V8 has decided to pretenure, how much of each young-generation
// collection survives. Each process reads and validates the official UBL (or CII) examples for `seconds` of wall
// time after a warm-up, and reports its CPU ms per invoice, its garbage-collection pauses (ms, from
// perf_hooks) and the share of the young generation that survived its last scavenges (V8's
// --trace-gc-nvp). Usage: node bench/xml-processes.mjs [base=HEAD] [pairs=8] [seconds=4] [ubl|cii]
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { bundleBaseAndWorkingTree } from './lib/bundle-entry.mjs';

const root = resolve(import.meta.dirname, '..');

const [base = 'HEAD', pairsArg = '8', secondsArg = '4', syntax = 'ubl'] = process.argv.slice(2);
if (syntax !== 'ubl' && syntax !== 'cii') throw new Error(`the examples are ubl or cii, not ${syntax}`);
const pairs = Number(pairsArg);
const seconds = Number(secondsArg);

function measure(file) {
  const r = spawnSync(
    process.execPath,
    ['--trace-gc-nvp', join(root, 'bench', 'lib', 'xml-process-child.cjs'), file, String(seconds), syntax],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`measuring process failed: ${r.stderr.slice(-2000)}`);
  const survival = [...r.stdout.matchAll(/gc=s .*?new_space_survive_rate_=([0-9.]+)%/g)].map((x) => Number(x[1]));
  const last = survival.slice(-5);
  return { ...JSON.parse(line.slice(7)), survivedPct: last.reduce((s, x) => s + x, 0) / Math.max(1, last.length) };
}

const bundles = await bundleBaseAndWorkingTree(root, base, 'xml-processes');
try {
  const files = { A: bundles.a, B: bundles.b };
  const rows = { A: [], B: [] };
  for (let p = 0; p < pairs; p++) {
    for (const v of p % 2 ? ['B', 'A'] : ['A', 'B']) {
      const x = measure(files[v]);
      rows[v].push(x);
      console.log(
        `${v} ${x.msPerDoc.toFixed(4)} ms per invoice (${Math.round(1000 / x.msPerDoc)}/s), GC ${Math.round(x.gcMs)} ms in ${seconds} s, young generation surviving a scavenge ${x.survivedPct.toFixed(1)} %`,
      );
    }
  }
  const median = (xs) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
  for (const v of ['A', 'B']) {
    const ms = rows[v].map((x) => x.msPerDoc);
    const slow = rows[v].filter((x) => x.survivedPct > 5).length;
    console.log(
      `${v} ${v === 'A' ? base : 'working tree'}: median ${median(ms).toFixed(4)} ms per invoice (${Math.round(1000 / median(ms))}/s per core), ` +
        `range ${Math.min(...ms).toFixed(4)}–${Math.max(...ms).toFixed(4)}; ${slow} of ${ms.length} processes with > 5 % of the young generation surviving`,
    );
  }
} finally {
  bundles.cleanup();
}
