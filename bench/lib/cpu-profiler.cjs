/**
 * Preloaded (node --require) into the API and worker by `BENCH_CPU_PROF=<dir> npm run bench`: samples the
 * process's CPU from start to SIGTERM and writes <dir>/<BENCH_CPU_PROF_NAME>.cpuprofile then. (node's own
 * --cpu-prof writes nothing when the process ends by a signal, as the Nest apps do after their shutdown hooks.)
 */
const { Session } = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF;
const name = process.env.BENCH_CPU_PROF_NAME || `process-${process.pid}`;
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
let written = false;
const write = () => {
  if (written) return;
  written = true;
  // An in-thread inspector session answers synchronously.
  session.post('Profiler.stop', (err, res) => {
    if (err) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(res.profile));
  });
};
process.prependListener('SIGTERM', write);
process.prependListener('SIGINT', write);
process.on('exit', write);
