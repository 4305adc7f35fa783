import { localizeFinding } from '@app/rules';
import { bootTriage, get, openException, staff, TriageHarness } from './triage.fixtures';

const PERIOD = 'from=2026-11-01T00:00:00Z&to=2027-01-01T00:00:00Z';

/** The cost of exceptions per supplier (handle time × queue hourly cost + late-payment risk) and the scorecard. */
describe('supplier cost and scorecard (HTTP, PostgreSQL)', () => {
  let h: TriageHarness;
  let acme: string;
  let beta: string;
  beforeAll(async () => {
    h = await bootTriage('supplier-scorecard', { worker: false });
    [acme, beta] = (
      await h.ds.query(
        `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Acme GmbH', 'DE123456789', 'DE'), ('Beta AB', 'SE556677889901', 'SE')
         RETURNING id`,
      )
    ).map((r: { id: string }) => r.id);
  }, 60_000);
  afterAll(async () => h?.close());

  const item = async (
    supplierId: string,
    routeKey: string,
    handleSeconds: number,
    inv: { payable: string; due: string; finalized: string | null },
  ) => {
    const x = await openException(h, { routeKey, category: 'regulatory', enqueue: false, amount: inv.payable });
    await h.ds.query(
      `UPDATE invoices SET supplier_id = $2, payable = $3, due_date = $4, finalized_at = $5, received_at = '2026-11-20T10:00:00Z' WHERE id = $1`,
      [x.invoiceId, supplierId, inv.payable, inv.due, inv.finalized],
    );
    await h.ds.query(
      `UPDATE exceptions SET supplier_id = $2, handle_seconds = $3, created_at = '2026-11-20T10:00:00Z', resolved_at = '2026-11-21T10:00:00Z',
              status = 'resolved', decision = 'approve' WHERE id = $1`,
      [x.id, supplierId, handleSeconds],
    );
    await h.ds.query(
      `UPDATE findings SET rule_id = 'BR-CO-15', field_path = 'totals.taxInclusive' WHERE exception_id = $1`,
      [x.id],
    );
    return x;
  };

  it('ranks suppliers by cost, in NUMERIC decimal strings, with the stated formula', async () => {
    const admin = await staff(h, { role: 'admin' });
    const manager = await staff(h, { role: 'manager' });
    const reviewer = await staff(h, { categories: ['regulatory'] });
    // Acme: 1 h on a 45 EUR/h queue, paid 10 days late on 1000.00; 0.5 h on a queue an admin sets to 60 EUR/h.
    await item(acme, 'vat.FI', 3600, { payable: '1000.00', due: '2026-11-01', finalized: '2026-11-11T12:00:00Z' });
    await item(acme, 'vat.EE', 1800, { payable: '500.00', due: '2026-12-20', finalized: '2026-11-22T12:00:00Z' });
    await h.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, canonical, validation_runs, supplier_id, received_at)
       VALUES ($1, 'api', 'json', 'ready', 'ACME-CLEAN', 'EUR', 10, '{}', 1, $2, '2026-11-20T10:00:00Z')`,
      [h.integrationId, acme],
    );
    await item(beta, 'vat.FI', 600, { payable: '200.00', due: '2026-12-20', finalized: null });
    const patch = await h.api.inject({
      method: 'PATCH',
      url: '/v1/queues/vat.EE',
      headers: admin.auth,
      payload: { hourlyCost: '60.00' },
    });
    expect([patch.statusCode, patch.json().hourlyCost]).toEqual([200, '60.00']);
    const [audit] = await h.ds.query(
      `SELECT actor_id, data FROM audit_events WHERE aggregate_type = 'queue' AND action = 'updated' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ actor_id: admin.id, data: { changes: { hourlyCost: '60.00' } } });
    const refused = await h.api.inject({
      method: 'PATCH',
      url: '/v1/queues/vat.EE',
      headers: admin.auth,
      payload: { hourlyCost: 45.5 },
    });
    expect([refused.statusCode, refused.json().error.details[0].path]).toEqual([400, 'hourlyCost']);

    const res = await get(h, `/v1/metrics/suppliers/cost?${PERIOD}&limit=5`, manager);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        supplierId: acme,
        name: 'Acme GmbH',
        countryCode: 'DE',
        invoices: 3,
        invoicesWithExceptions: 2,
        exceptions: 2,
        exceptionRate: '0.6667',
        elapsedHours: '48.00',
        handleHours: '1.50',
        handlingCost: '75.00', // 1 h × 45.00 + 0.5 h × 60.00
        lateInvoices: 1,
        latePaymentRisk: '5.00', // 1000.00 × 0.0005 × 10 days
        totalCost: '80.00',
        currency: 'EUR',
      },
      expect.objectContaining({ supplierId: beta, handlingCost: '7.50', latePaymentRisk: '0.00', totalCost: '7.50' }),
    ]);
    expect((await get(h, `/v1/metrics/suppliers/cost?${PERIOD}`, reviewer)).status).toBe(403);
  });

  it("the scorecard: the supplier's top rules in its language, counts, trend; HTML and PDF", async () => {
    const manager = await staff(h, { role: 'manager' });
    const res = await get(h, `/v1/suppliers/${acme}/scorecard?${PERIOD}`, manager);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      supplier: { id: acme, name: 'Acme GmbH' },
      language: 'de',
      cost: { totalCost: '80.00' },
      trend: [{ month: '2026-11', exceptions: 2 }],
    });
    const german = localizeFinding(
      { ruleId: 'BR-CO-15', message: 'VAT rate is not valid on the invoice date', fieldPath: 'totals.taxInclusive' },
      'de',
    ).message;
    expect(res.body.topRules).toEqual([
      expect.objectContaining({ ruleId: 'BR-CO-15', exceptions: 2, invoices: 2, handlingCost: '75.00', text: german }),
    ]);
    const html = await h.api.inject({
      method: 'GET',
      url: `/v1/suppliers/${acme}/scorecard?${PERIOD}&format=html`,
      headers: manager.auth,
    });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Acme GmbH');
    expect(html.body).toContain('80.00 EUR');
    const pdf = await h.api.inject({
      method: 'GET',
      url: `/v1/suppliers/${acme}/scorecard?${PERIOD}&format=pdf`,
      headers: manager.auth,
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get(h, `/v1/suppliers/00000000-0000-0000-0000-000000000000/scorecard`, manager)).status).toBe(404);
  });
});
