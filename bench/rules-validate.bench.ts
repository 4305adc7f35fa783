/**
 * Rule engine throughput: validates 100,000 generated invoices (ten buyer countries, 1-10 lines,
 * about one in eight with a planted error) on one core and prints invoices/s and findings/s.
 *
 * Run:  npx esbuild bench/rules-validate.bench.ts --bundle --platform=node --target=node20 \
 *         --tsconfig=tsconfig.json --outfile=dist/bench/rules-validate.bench.js --log-level=warning \
 *       && node dist/bench/rules-validate.bench.js [count]
 */
import type { CanonicalInvoice, CanonicalLine } from '@app/domain';
import { validateInvoice, type Finding } from '@app/rules';

const COUNTRIES: { cc: string; currency: string; rate: string; vat: string }[] = [
  { cc: 'EE', currency: 'EUR', rate: '24', vat: 'EE100931558' },
  { cc: 'FI', currency: 'EUR', rate: '25.5', vat: 'FI02089088' },
  { cc: 'SE', currency: 'SEK', rate: '25', vat: 'SE556036079301' },
  { cc: 'NO', currency: 'NOK', rate: '25', vat: 'NO923609016MVA' },
  { cc: 'DK', currency: 'DKK', rate: '25', vat: 'DK13585628' },
  { cc: 'LV', currency: 'EUR', rate: '21', vat: 'LV40003032949' },
  { cc: 'LT', currency: 'EUR', rate: '21', vat: 'LT100001919017' },
  { cc: 'PL', currency: 'PLN', rate: '23', vat: 'PL5261040828' },
  { cc: 'DE', currency: 'EUR', rate: '19', vat: 'DE129273398' },
  { cc: 'NL', currency: 'EUR', rate: '21', vat: 'NL004495445B01' },
];

/** Deterministic PRNG so runs are comparable. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

// Cent arithmetic in integers keeps the generator exact without pulling decimals into the hot loop.
const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

function generate(n: number): CanonicalInvoice[] {
  const rand = rng(42);
  const out: CanonicalInvoice[] = [];
  for (let k = 0; k < n; k++) {
    const c = COUNTRIES[k % COUNTRIES.length];
    const lineCount = 1 + Math.floor(rand() * 10);
    const lines: CanonicalLine[] = [];
    let net = 0;
    for (let i = 0; i < lineCount; i++) {
      const qty = 1 + Math.floor(rand() * 20);
      const priceCents = 100 + Math.floor(rand() * 50000);
      const lineCents = qty * priceCents;
      net += lineCents;
      lines.push({ id: String(i + 1), name: `Item ${i + 1}`, quantity: String(qty), unitCode: 'C62', unitPrice: money(priceCents), netAmount: money(lineCents), vatCategory: 'S', vatRate: c.rate });
    }
    const rateBp = Math.round(Number(c.rate) * 100); // basis points, exact for these rates
    const tax = Math.floor((net * rateBp + 5000) / 10000);
    const inv: CanonicalInvoice = {
      invoiceNumber: `INV-${k}`, issueDate: '2026-03-02', typeCode: '380', currency: c.currency, dueDate: '2026-04-01',
      seller: { name: 'Supplier', vatId: c.vat, countryCode: c.cc, address: { city: 'City', countryCode: c.cc } },
      buyer: { name: `Our entity ${c.cc}`, countryCode: c.cc, address: { countryCode: c.cc } },
      lines,
      vatBreakdown: [{ category: 'S', rate: c.rate, taxableAmount: money(net), taxAmount: money(tax) }],
      totals: { lineNetTotal: money(net), taxExclusive: money(net), taxTotal: money(tax), taxInclusive: money(net + tax), payable: money(net + tax) },
    };
    const fault = rand();
    if (fault < 0.04) inv.totals!.payable = money(net + tax + 100); // BR-CO-16
    else if (fault < 0.07) delete inv.lines![0].unitCode; // BR-23
    else if (fault < 0.1) inv.vatBreakdown![0].taxAmount = money(tax + 500); // BR-CO-17 / BR-S-09 / BR-CO-14
    else if (fault < 0.125) inv.lines![0].vatRate = '13'; // BR-S-08 / country rate
    out.push(inv);
  }
  return out;
}

function main() {
  const n = Number(process.argv[2] ?? 100_000);
  const invoices = generate(n);
  // Warm-up: let V8 optimise the rules before measuring.
  for (let i = 0; i < Math.min(5000, n); i++) validateInvoice(invoices[i], {});
  const start = process.hrtime.bigint();
  let findings = 0;
  let blockingInvoices = 0;
  const byRule = new Map<string, number>();
  for (const inv of invoices) {
    const f: Finding[] = validateInvoice(inv, {});
    findings += f.length;
    if (f.some((x) => x.severity === 'blocking')) blockingInvoices++;
    for (const x of f) byRule.set(x.ruleId, (byRule.get(x.ruleId) ?? 0) + 1);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const avgLines = invoices.reduce((s, i) => s + i.lines!.length, 0) / n;
  console.log(`invoices:            ${n} (avg ${avgLines.toFixed(1)} lines)`);
  console.log(`elapsed:             ${seconds.toFixed(2)} s`);
  console.log(`invoices/s:          ${Math.round(n / seconds)}`);
  console.log(`findings:            ${findings} (${Math.round(findings / seconds)} findings/s)`);
  console.log(`invoices blocked:    ${blockingInvoices} (${((blockingInvoices / n) * 100).toFixed(1)}%)`);
  console.log(`top rules:           ${[...byRule].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([r, c]) => `${r}=${c}`).join(' ')}`);
}

main();
