/**
 * XML reading and validation cost per invoice, in CPU time of this process (a shared machine's wall
 * clock counts other people's work): the official EN 16931 UBL and CII examples (under 200 kB) and the
 * country fixtures of libs/formats. Phases, each in its own loop and alternated round by round so that
 * they meet the same machine: parse (well-formedness + element tree), read (parse + canonical invoice +
 * syntax-binding rules), read + validate (all rule packs). Prints ms per invoice and invoices/s per core.
 *
 * Run:  node scripts/demo-data/ts-run.mjs bench/xml-read.bench.ts [rounds] [--profile-loop seconds]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import { validateInvoice } from '@app/rules';
import { formatXmlFigures, measureXml, xmlSets } from './lib/xml-read';

function main(): void {
  const rounds = Number(process.argv[2] ?? 7);
  const profileAt = process.argv.indexOf('--profile-loop');
  const sets = xmlSets(join(__dirname.includes('.cache') ? process.cwd() : join(__dirname, '..')));
  if (profileAt > 0) {
    // For `node --cpu-prof`: read + validate the UBL examples for N seconds.
    const until = Date.now() + Number(process.argv[profileAt + 1] ?? 10) * 1000;
    const docs = sets[0].docs;
    while (Date.now() < until)
      for (const d of docs) {
        const { format, invoice } = readInvoiceXml(d);
        validateInvoice(invoice, { format, buyerCountry: invoice.buyer?.countryCode ?? undefined });
      }
    return;
  }
  console.log(`load ${loadavg()[0].toFixed(1)}; ${rounds} rounds, CPU time, median`);
  for (const s of sets) console.log(formatXmlFigures(measureXml(s, rounds)));
  console.log(`load ${loadavg()[0].toFixed(1)} at end`);
}

main();
