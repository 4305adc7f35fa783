/** Per-invoice CPU cost of XML reading and validation, shared by bench/xml-read.bench.ts and the bench suite. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseXmlSafely, readInvoiceXml } from '@app/formats';
import { validateInvoice } from '@app/rules';
import { EN16931_DIR } from '@app/testing';

export interface XmlSet {
  name: string;
  docs: string[];
}

export function xmlSets(root: string): XmlSet[] {
  const load = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.xml') && statSync(join(dir, f)).size < 200_000)
      .sort()
      .map((f) => readFileSync(join(dir, f), 'utf8'));
  return [
    { name: 'official UBL examples', docs: load(join(EN16931_DIR, 'examples', 'ubl')) },
    { name: 'official CII examples', docs: load(join(EN16931_DIR, 'examples', 'cii')) },
    {
      name: 'libs/formats fixtures (UBL + CII)',
      docs: [...load(join(root, 'libs/formats/fixtures/ubl')), ...load(join(root, 'libs/formats/fixtures/cii'))],
    },
  ];
}

const cpuMs = (fn: () => void): number => {
  const a = process.cpuUsage();
  fn();
  const d = process.cpuUsage(a);
  return (d.user + d.system) / 1000;
};

export interface XmlFigures {
  set: string;
  docs: number;
  avgKb: number;
  parseMs: number;
  readMs: number;
  totalMs: number;
}

/** Median over rounds of CPU ms per document for each phase; each round runs every phase over every document `reps` times. */
export function measureXml(set: XmlSet, rounds: number, targetMsPerPhase = 300): XmlFigures {
  const { docs } = set;
  const parse = () => {
    for (const d of docs) parseXmlSafely(d);
  };
  const read = () => {
    for (const d of docs) readInvoiceXml(d);
  };
  const total = () => {
    for (const d of docs) {
      const { format, invoice } = readInvoiceXml(d);
      validateInvoice(invoice, { format, buyerCountry: invoice.buyer?.countryCode ?? undefined });
    }
  };
  for (let i = 0; i < 20; i++) total(); // warm-up: let V8 optimise
  parse();
  const once = Math.max(cpuMs(total), 0.05);
  const reps = Math.max(1, Math.round(targetMsPerPhase / once));
  const per = { parse: [] as number[], read: [] as number[], total: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const [k, fn] of [
      ['parse', parse],
      ['read', read],
      ['total', total],
    ] as const) {
      per[k].push(
        cpuMs(() => {
          for (let i = 0; i < reps; i++) fn();
        }) /
          (reps * docs.length),
      );
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    set: set.name,
    docs: docs.length,
    avgKb: docs.reduce((s, d) => s + d.length, 0) / docs.length / 1024,
    parseMs: median(per.parse),
    readMs: median(per.read),
    totalMs: median(per.total),
  };
}

export function formatXmlFigures(f: XmlFigures): string {
  return (
    `${f.set} (${f.docs} docs, avg ${f.avgKb.toFixed(1)} kB): parse ${f.parseMs.toFixed(3)} ms, ` +
    `XML read (parse + canonical + syntax rules) ${f.readMs.toFixed(3)} ms, rules ${(f.totalMs - f.readMs).toFixed(3)} ms, ` +
    `total ${f.totalMs.toFixed(3)} ms = ${Math.round(1000 / f.totalMs)} invoices/s per core`
  );
}
