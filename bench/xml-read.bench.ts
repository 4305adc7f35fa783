/**
 * XML reading and validation cost per invoice, in CPU time of this process (a shared machine's wall
 * clock counts other people's work): the official EN 16931 UBL and CII examples (under 200 kB) and the
 * country fixtures of libs/formats. Phases, each in its own loop and alternated round by round so that
 * they meet the same machine: parse (well-formedness + element tree), read (parse + canonical invoice +
 * syntax-binding rules), read + validate (all rule packs). Prints ms per invoice and invoices/s per core.
 *
 * Run:  node scripts/demo-data/ts-run.mjs bench/xml-read.bench.ts [rounds] [--profile-loop seconds]
 *       [--lines N]: instead, one clean UBL invoice of N lines (read, and read + validate); with
 *       --profile-loop, that invoice is the one looped over.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  formatXmlFigures,
  measureXml,
  measureXmlLines,
  readAndValidateXml,
  ublWithLines,
  xmlSets,
} from './lib/xml-read';

function main(): void {
  const rounds = Number(process.argv[2] ?? 7);
  const profileAt = process.argv.indexOf('--profile-loop');
  const root = __dirname.includes('.cache') ? process.cwd() : join(__dirname, '..');
  const linesAt = process.argv.indexOf('--lines');
  const lines = linesAt > 0 ? Number(process.argv[linesAt + 1]) : 0;
  const sets = xmlSets(root);
  if (lines > 0 && profileAt < 0) {
    // Steady code first, as in the suite (where the line sizes are measured after the examples).
    measureXml(sets[0], 1);
    for (const f of measureXmlLines(root, [lines]))
      console.log(
        `${f.lines} lines: read ${f.readMs.toFixed(2)} ms, read + validate ${f.ms.toFixed(2)} ms (${f.blocking} blocking)`,
      );
    return;
  }
  if (profileAt > 0) {
    // For `node --cpu-prof`: read + validate the UBL examples (or the N-line invoice) for N seconds.
    const until = Date.now() + Number(process.argv[profileAt + 1] ?? 10) * 1000;
    const docs = lines > 0 ? [ublWithLines(root, lines)] : sets[0].docs;
    while (Date.now() < until) for (const d of docs) readAndValidateXml(d);
    return;
  }
  console.log(`load ${loadavg()[0].toFixed(1)}; ${rounds} rounds, CPU time, median`);
  for (const s of sets) console.log(formatXmlFigures(measureXml(s, rounds)));
  console.log(`load ${loadavg()[0].toFixed(1)} at end`);
}

main();
