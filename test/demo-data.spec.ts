import { randomUUID } from 'node:crypto';
import { listRules, validateInvoice } from '@app/rules';
import { defaultRuleSettings } from '@app/rules/settings';
import { BREACH_BOOST, defaultQueueSettings, planSla } from '@app/triage';
import { DemoRandom } from '../scripts/demo-data/demo-random';
import { DemoSimulation } from '../scripts/demo-data/demo-simulation';
import { makeReviewers, makeSuppliers } from '../scripts/demo-data/demo-world';

/** The demo month is made by the product itself: real rules, real SLA calendar, nothing invented. */
describe('demo month (in process, no database)', () => {
  const rnd = new DemoRandom(42);
  const suppliers = makeSuppliers(rnd, 12).map((s) => ({ ...s, id: randomUUID() }));
  const reviewers = makeReviewers(rnd, 12).map((r) => ({ ...r, id: randomUUID() }));
  const now = Date.parse('2026-11-30T12:00:00Z');
  const sim = new DemoSimulation(rnd, suppliers, reviewers, randomUUID(), now - 30 * 86_400_000, now);
  const batch = sim.batch(3000);
  const catalogue = new Set(listRules().map((r) => r.id));

  it('every finding is a rule of the catalogue (GET /v1/rules)', () => {
    expect(batch.findings.length).toBeGreaterThan(100);
    const unknown = [...new Set(batch.findings.map((f) => f.rule_id as string).filter((id) => !catalogue.has(id)))];
    expect(unknown).toEqual([]);
  });

  it('findings are what the rule engine says about the stored invoice, with expected and actual where the rule gives them', () => {
    const byInvoice = new Map<string, typeof batch.findings>();
    for (const f of batch.findings)
      byInvoice.set(f.invoice_id as string, [...(byInvoice.get(f.invoice_id as string) ?? []), f]);
    let checked = 0;
    for (const inv of batch.invoices.filter((i) => byInvoice.has(i.id as string)).slice(0, 200)) {
      const supplier = suppliers.find((s) => s.id === inv.supplier_id);
      const again = validateInvoice(inv.canonical as never, {
        format: 'json',
        buyerCountry: inv.buyer_country as string,
        settings: defaultRuleSettings(),
        supplier: {
          supplier: supplier
            ? {
                id: supplier.id,
                name: supplier.name,
                vatId: supplier.vatId,
                countryCode: supplier.country,
                blocked: false,
                requiresPo: false,
                bankAccounts: [supplier.iban],
                priceTolerancePct: '2',
                quantityTolerancePct: '0',
                paymentTermsDays: 30,
                currency: supplier.currency,
              }
            : null,
          purchaseOrder: null,
          goodsReceipts: [],
          priorInvoices: [],
        },
      });
      const stored = byInvoice
        .get(inv.id as string)!
        .filter((f) => !String(f.rule_id).startsWith('DUP-'))
        .map((f) => `${f.rule_id}|${f.field_path}|${f.expected}|${f.actual}`)
        .sort();
      const engine = again
        .filter((f) => !f.ruleId.startsWith('DUP-'))
        .map((f) => `${f.ruleId}|${f.fieldPath}|${f.expected ?? null}|${f.actual ?? null}`)
        .sort();
      expect(stored).toEqual(engine);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    const blocking = batch.findings.filter((f) => f.severity === 'blocking');
    expect(blocking.filter((f) => f.expected !== null || f.actual !== null).length / blocking.length).toBeGreaterThan(
      0.8,
    );
  });

  it('every deliberate defect family shows up, and most invoices pass untouched', () => {
    const rules = new Set(batch.findings.filter((f) => f.severity === 'blocking').map((f) => f.rule_id as string));
    for (const id of ['BR-CO-15', 'SUP-IBAN', 'DUP-NEAR', 'SUP-UNKNOWN']) expect(rules).toContain(id);
    const touchless =
      batch.invoices.filter((i) => !batch.exceptions.some((e) => e.invoice_id === i.id)).length / batch.invoices.length;
    expect(touchless).toBeGreaterThan(0.6);
    expect(touchless).toBeLessThan(0.98);
    // No false alarm: an invoice without a deliberate defect has no blocking finding.
    const clean = batch.invoices.filter((i) => !(i.defects as string[]).length);
    const falseAlarms = clean.filter((i) => batch.exceptions.some((e) => e.invoice_id === i.id));
    expect(falseAlarms.map((i) => batch.findings.filter((f) => f.invoice_id === i.id).map((f) => f.rule_id))).toEqual(
      [],
    );
  });

  it('SLA due times come from the business-hours calendar; breaches are computed and boost waiting items', () => {
    for (const e of batch.exceptions.slice(0, 300)) {
      const q = defaultQueueSettings(e.queue_key as string, e.category as string);
      const plan = planSla(new Date(e.created_at as string), {
        slaMinutes: q.slaMinutes,
        warnAtShare: q.warnAtShare,
        calendar: q.calendar,
        timeZone: q.timeZone,
      });
      expect(e.sla_due_at).toBe(plan.dueAt.toISOString());
    }
    const breachedWaiting = batch.exceptions.filter((e) => e.sla_breached_at && e.status !== 'resolved');
    const breachedResolved = batch.exceptions.filter((e) => e.sla_breached_at && e.status === 'resolved');
    expect(breachedResolved.length + breachedWaiting.length).toBeGreaterThan(0);
    for (const e of breachedWaiting) expect(Number(e.priority)).toBeGreaterThanOrEqual(BREACH_BOOST);
    for (const e of batch.exceptions.filter((x) => !x.sla_breached_at))
      expect(Number(e.priority)).toBeLessThan(BREACH_BOOST);
  });
});
