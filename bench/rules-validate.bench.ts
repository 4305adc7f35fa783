/**
 * Rule engine throughput on realistic traffic: validates generated invoices (ten buying entities,
 * domestic suppliers on file, 1-10 lines, POs where the supplier requires them) with every pack
 * including the supplier pack, on one core. Clean invoices pass every rule; a configurable share
 * carries one planted, typical defect (price variance, stale VAT rate, missing PO, changed IBAN,
 * duplicates, ...). Prints invoices/s, findings/s, the planted and blocked rates, and a detection
 * check; exits 1 when a clean invoice is blocked or a planted defect goes undetected.
 *
 * Run:  npm run bench:rules -- [count] [defectRate]     (defaults: 100000 0.12)
 */
import { validateInvoice, type Finding } from '@app/rules';
import { detectionReport, ruleCounts } from './rules-detection';
import { DEFAULT_DEFECT_RATE, generateTraffic } from './rules-traffic.generator';

function main() {
  const n = Number(process.argv[2] ?? 100_000);
  const defectRate = Number(process.argv[3] ?? DEFAULT_DEFECT_RATE);
  const cases = generateTraffic({ count: n, defectRate });
  // Warm-up: let V8 optimise the rules before measuring.
  for (let i = 0; i < Math.min(5000, n); i++) validateInvoice(cases[i].invoice, cases[i].options);
  const results: Finding[][] = new Array(n);
  let findings = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const f = validateInvoice(cases[i].invoice, cases[i].options);
    findings += f.length;
    results[i] = f;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  const report = detectionReport(cases, results);
  const pct = (x: number, of = n) => `${((x / Math.max(of, 1)) * 100).toFixed(1)}%`;
  const byRule = new Map<string, number>();
  for (const f of results) for (const x of f) byRule.set(x.ruleId, (byRule.get(x.ruleId) ?? 0) + 1);
  const avgLines = cases.reduce((s, c) => s + c.invoice.lines!.length, 0) / n;
  console.log(`invoices:            ${n} (avg ${avgLines.toFixed(1)} lines, supplier pack on)`);
  console.log(`elapsed:             ${seconds.toFixed(2)} s`);
  console.log(`invoices/s:          ${Math.round(n / seconds)}`);
  console.log(`findings:            ${findings} (${Math.round(findings / seconds)} findings/s)`);
  console.log(
    `planted defects:     ${report.planted} (${pct(report.planted)}; configured ${(defectRate * 100).toFixed(1)}%)`,
  );
  console.log(`invoices blocked:    ${report.blocked} (${pct(report.blocked)})`);
  console.log(
    `detected:            ${report.detected}/${report.planted} (${pct(report.detected, report.planted)}); misses ${report.misses.length}`,
  );
  console.log(
    `false alarms:        ${report.falseAlarms.length} clean invoices blocked; ${report.cleanWithWarnings.length} clean with warnings only`,
  );
  console.log(
    `by defect:           ${Object.entries(report.byKind)
      .sort((a, b) => b[1].planted - a[1].planted)
      .map(([k, v]) => `${k}=${v.detected}/${v.planted}`)
      .join(' ')}`,
  );
  console.log(
    `top rules:           ${[...byRule]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([r, c]) => `${r}=${c}`)
      .join(' ')}`,
  );
  if (report.misses.length)
    console.log(
      `missed (expected):   ${ruleCounts(report.misses.map((m) => ({ ruleIds: [m.expectedRuleId] })))}; e.g. ${JSON.stringify(report.misses[0])}`,
    );
  if (report.falseAlarms.length)
    console.log(
      `false alarm rules:   ${ruleCounts(report.falseAlarms)}; e.g. ${JSON.stringify(report.falseAlarms[0])}`,
    );
  if (report.cleanWithWarnings.length) console.log(`clean warning rules: ${ruleCounts(report.cleanWithWarnings)}`);
  if (report.falseAlarms.length || report.misses.length) process.exitCode = 1;
}

main();
