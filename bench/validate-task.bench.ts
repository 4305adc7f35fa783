/**
 * The worker's CPU per XML invoice in its validation task, reading the document again beside taking the
 * syntax findings intake stored (bench/lib/validate-task.ts). Exits 1 if the two report different findings.
 *
 * Run:  node scripts/demo-data/ts-run.mjs bench/validate-task.bench.ts [rounds=21]
 */
import { measureValidateTask } from './lib/validate-task';

const rounds = Number(process.argv[2] ?? 21);
const f = measureValidateTask(rounds);
console.log(
  `validation task, ${f.docs} official UBL examples, ${rounds} alternated rounds, CPU time per invoice:\n` +
    `  reading the document again: ${f.readsMs.toFixed(3)} ms (${Math.round(1000 / f.readsMs)}/s per core)\n` +
    `  with the syntax findings intake stored: ${f.storedMs.toFixed(3)} ms (${Math.round(1000 / f.storedMs)}/s per core), ${(f.storedMs / f.readsMs).toFixed(2)} x\n` +
    `  findings: ${f.differ === 0 ? 'the same for every document' : `${f.differ} documents differ`}`,
);
if (f.differ) process.exitCode = 1;
