// One measured process of bench/xml-processes.mjs: node --trace-gc-nvp bench/lib/xml-process-child.cjs <bundle> <seconds> <ubl|cii>
// A CommonJS main module, as the API and the worker are (`node dist/apps/.../main.js`): the process's own start
// shapes V8's heap decisions (started as an ES module, the same code met the slow state described there in none
// of the runs tried, as a CommonJS main in most).
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { PerformanceObserver } = require('node:perf_hooks');

const m = require(process.argv[2]);
const seconds = Number(process.argv[3]);
const shared = process.env.SHARED_DIR ?? resolve(__dirname, '..', '..', '..', 'shared');
const dir = join(shared, 'en16931', 'examples', process.argv[4] === 'cii' ? 'cii' : 'ubl');
const docs = readdirSync(dir)
  .filter((f) => f.endsWith('.xml') && statSync(join(dir, f)).size < 200_000)
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });
const runFor = (ms) => {
  let n = 0;
  for (const end = Date.now() + ms; Date.now() < end; n += docs.length) for (const d of docs) m.readAndValidate(d);
  return n;
};
// Warm-up: V8 optimises this code in a few seconds of CPU (bench/lib/xml-read.ts), and a process that has run for
// a while has let its young generation grow and V8 make its pretenuring decisions.
runFor(5000);
setImmediate(() => {
  gcMs = 0; // the warm-up's collections are delivered by now
  const t = process.cpuUsage();
  const n = runFor(seconds * 1000);
  const u = process.cpuUsage(t);
  setImmediate(() => {
    console.log(`RESULT ${JSON.stringify({ msPerDoc: (u.user + u.system) / 1000 / n, gcMs, docs: n })}`);
  });
});
