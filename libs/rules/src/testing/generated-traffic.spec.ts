import { validateInvoice } from '@app/rules';
import { detectionReport } from '../../../../bench/rules-detection';
import { DEFECTS } from '../../../../bench/rules-traffic.defects';
import { generateTraffic } from '../../../../bench/rules-traffic.generator';

/** The benchmark traffic must be honest: clean invoices pass every pack, planted defects are all caught. */
describe('generated validation traffic (bench/rules-validate)', () => {
  const cases = generateTraffic({ count: 2000 });
  const findings = cases.map((c) => validateInvoice(c.invoice, c.options));
  const report = detectionReport(cases, findings);

  it('plants defects at about the default rate, drawn from the whole mix', () => {
    expect(report.planted / cases.length).toBeGreaterThan(0.09);
    expect(report.planted / cases.length).toBeLessThan(0.15);
    expect(Object.keys(report.byKind).sort()).toEqual(DEFECTS.map((d) => d.kind).sort());
  });

  it('blocks no clean invoice and raises not even a warning on one', () => {
    expect(report.falseAlarms).toEqual([]);
    expect(report.cleanWithWarnings).toEqual([]);
  });

  it('detects every planted defect with its expected rule', () => {
    expect(report.misses).toEqual([]);
    expect(report.detected).toBe(report.planted);
  });

  it('runs the supplier pack: clean invoices carry a matched supplier, PO where required', () => {
    for (const c of cases.filter((x) => !x.planted)) {
      const sc = c.options.supplier!;
      expect(sc.supplier?.bankAccounts).toContain(c.invoice.seller?.iban);
      if (sc.supplier?.requiresPo) expect(sc.purchaseOrder?.number).toBe(c.invoice.purchaseOrderReference);
    }
  });

  it('generates only clean invoices at defect rate 0', () => {
    const clean = generateTraffic({ count: 300, defectRate: 0, seed: 7 });
    const r = detectionReport(
      clean,
      clean.map((c) => validateInvoice(c.invoice, c.options)),
    );
    expect(r.planted).toBe(0);
    expect(r.blocked).toBe(0);
  });

  it('reports a planted defect without its rule as a miss and a blocked clean invoice as a false alarm', () => {
    const planted = cases.find((c) => c.planted)!;
    const clean = cases.find((c) => !c.planted)!;
    const blocking = {
      ruleId: 'X',
      severity: 'blocking' as const,
      category: 'regulatory' as const,
      fieldPath: '',
      message: '',
      routeKey: 'x',
    };
    const r = detectionReport([planted, clean], [[], [blocking]]);
    expect(r.misses).toHaveLength(1);
    expect(r.falseAlarms).toEqual([{ invoiceNumber: clean.invoice.invoiceNumber, ruleIds: ['X'] }]);
  });
});
