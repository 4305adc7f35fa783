import { explainScans } from '@app/persistence/testing';
import { DecisionHistoryRepository } from '../apps/api/src/modules/review/context/decision-history.repository';
import { bootTriage, exceptionRow, get, openException, post, staff, TriageHarness } from './triage.fixtures';

/** Beside an open exception: what was decided before on the same supplier, rule and field, and how often. */
describe('decision suggestion (HTTP, PostgreSQL)', () => {
  let h: TriageHarness;
  let supplierId: string;
  let otherSupplierId: string;
  beforeAll(async () => {
    h = await bootTriage('decision-suggestion', { worker: false });
    const suppliers = await h.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Acme Oy', 'FI02089088', 'FI'), ('Beta AB', 'SE556677889901', 'SE')
       RETURNING id`,
    );
    [supplierId, otherSupplierId] = suppliers.map((s: { id: string }) => s.id);
  }, 60_000);
  afterAll(async () => h?.close());

  const openFor = async (supplier: string, routeKey = 'po.price-variance') => {
    const x = await openException(h, { routeKey, category: 'supplier', enqueue: false });
    await h.ds.query(`UPDATE exceptions SET supplier_id = $2 WHERE id = $1`, [x.id, supplier]);
    return x;
  };
  const decide = async (who: { auth: Record<string, string> }, id: string, body: Record<string, string>) => {
    expect((await post(h, `/v1/exceptions/${id}/claim`, who)).status).toBe(200);
    const res = await post(h, `/v1/exceptions/${id}/resolve`, who, body);
    expect(res.status).toBe(200);
  };

  it('sums up the past decisions of the same supplier, rule and field, and decides nothing', async () => {
    const reviewer = await staff(h, { categories: ['supplier'], availability: 'off', capacity: 50 });
    for (let i = 0; i < 3; i++) {
      const x = await openFor(supplierId);
      await decide(reviewer, x.id, {
        decision: 'approve',
        reason: `buyer confirmed by mail #${i + 1}`,
        reasonCode: 'price-agreed-by-buyer',
      });
    }
    const rejected = await openFor(supplierId);
    await decide(reviewer, rejected.id, {
      decision: 'reject',
      reason: 'no agreement on the price',
      reasonCode: 'credit-note-requested',
    });
    // Other suppliers' and other routes' decisions do not count.
    await decide(reviewer, (await openFor(otherSupplierId)).id, { decision: 'reject', reason: 'other supplier' });
    await decide(reviewer, (await openFor(supplierId, 'po.quantity-variance')).id, {
      decision: 'reject',
      reason: 'other route',
    });

    const current = await openFor(supplierId);
    const res = await get(h, `/v1/exceptions/${current.id}/context`, reviewer);
    expect(res.status).toBe(200);
    expect(res.body.suggestions).toEqual([
      {
        ruleId: 'TEST-RULE',
        fieldPath: 'lines[].vatRate',
        total: 4,
        summary: 'approved 3 of 4 times, reason: Price agreed by buyer',
        decisions: [
          {
            decision: 'approve',
            count: 3,
            reasonCode: 'price-agreed-by-buyer',
            reasonLabel: 'Price agreed by buyer',
            lastReason: 'buyer confirmed by mail #3',
            lastDecidedAt: expect.any(String),
          },
          {
            decision: 'reject',
            count: 1,
            reasonCode: 'credit-note-requested',
            reasonLabel: 'Credit note requested from the supplier',
            lastReason: 'no agreement on the price',
            lastDecidedAt: expect.any(String),
          },
        ],
      },
    ]);
    // Shown, never applied: the item stays open and undecided, no event was written for it but its opening.
    const row = await exceptionRow(h, current.id);
    expect(row).toMatchObject({ status: 'open', decision: null, resolved_at: null });
    const events = await h.ds.query(`SELECT action FROM audit_events WHERE aggregate_id = $1`, [current.id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['opened']);

    const other = await openFor(otherSupplierId, 'po.quantity-variance');
    expect((await get(h, `/v1/exceptions/${other.id}/context`, reviewer)).body.suggestions).toEqual([]);
  });

  it('stays an index read with 24,000 past decisions of 81 suppliers (EXPLAIN), bounded to the newest 500', async () => {
    // 4,000 decided items of the supplier on the same route and field (every sixth), 20,000 of 80 other suppliers.
    const others: string[] = (
      await h.ds.query(`INSERT INTO suppliers (name, vat_id, country_code)
        SELECT 'Supplier ' || g, 'FI' || lpad(g::text, 8, '0'), 'FI' FROM generate_series(1, 80) g RETURNING id`)
    ).map((r: { id: string }) => r.id);
    await h.ds.query(
      `WITH inv AS (
        INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, canonical, validation_runs)
        SELECT $1, 'api', 'json', 'ready', 'BULK-' || g, 'EUR', 100, '{}'::jsonb, 1 FROM generate_series(1, 24000) g
        RETURNING id, substr(invoice_number, 6)::int AS n),
      ex AS (
        INSERT INTO exceptions (invoice_id, route_key, queue_key, category, supplier_id, status, decision, decision_reason_code,
                                decision_reason, resolved_at)
        SELECT id, 'po.price-variance', 'po.price-variance', 'supplier',
               CASE WHEN n % 6 = 0 THEN $2::uuid ELSE ($3::uuid[])[1 + n % 80] END, 'resolved', 'approve',
               'price-agreed-by-buyer', 'bulk', now() - (n || ' minutes')::interval FROM inv
        RETURNING id, invoice_id)
      INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, route_key)
      SELECT invoice_id, id, 1, 'TEST-RULE', 'blocking', 'supplier', 'lines[0].vatRate', 'm', 'po.price-variance' FROM ex`,
      [h.integrationId, supplierId, others],
    );
    await h.ds.query(`ANALYZE exceptions; ANALYZE findings`);
    const current = await openFor(supplierId);
    const { scans, plan } = await explainScans(
      h.ds,
      {
        sql: DecisionHistoryRepository.SQL,
        params: [supplierId, 'po.price-variance', current.id, 'TEST-RULE', 'lines[].vatRate'],
      },
      { analyze: true },
    );
    expect(scans).toEqual(
      expect.arrayContaining([
        // by supplier and route, or newest first when the supplier holds a large share of the decisions
        expect.stringMatching(/^Index Scan exceptions exceptions_(decided_by_supplier|resolved)_idx$/),
        expect.stringMatching(/^Index Scan findings findings_exception_idx$/),
      ]),
    );
    expect(scans.filter((s) => s.startsWith('Seq Scan') && !s.includes('decision_reason_codes'))).toEqual([]);
    expect(plan['Execution Time']).toBeLessThan(250);

    const reviewer = await staff(h, { categories: ['supplier'] });
    const started = Date.now();
    const res = await get(h, `/v1/exceptions/${current.id}/context`, reviewer);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(res.body.suggestions[0]).toMatchObject({
      total: 500,
      summary: 'approved 500 of 500 times, reason: Price agreed by buyer',
    });
  }, 120_000);
});
