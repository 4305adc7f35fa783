import { DataSource } from 'typeorm';
import { explainScans, openTestDatabase, recordingQueries, TestDatabase } from '@app/persistence/testing';
import { createStaffUser, insertException, insertInvoice } from '@app/testing';
import { SYSTEM_FAILED_QUEUE } from '@app/triage';
import { TriageReconciliationRepository } from './triage-reconciliation.repository';

// A Monday at 10:00 UTC: inside the default working hours (Mon–Fri 08:00–17:00).
const NOW = new Date('2026-11-30T10:00:00Z');

describe('TriageReconciliationRepository', () => {
  let db: TestDatabase;
  let repo: TriageReconciliationRepository;

  beforeAll(async () => {
    db = await openTestDatabase('triage-reconcile-repo');
    repo = new TriageReconciliationRepository(db.ds);
  });
  afterAll(() => db.close());
  beforeEach(() => db.ds.query(`TRUNCATE exceptions, invoices, staff_users CASCADE`));

  it('counts a routing failure with its error and returns what the retry policy needs', async () => {
    const inv = await insertInvoice(db.ds, { validation_runs: 3 });
    const x = await insertException(db.ds, { invoice_id: inv.id, route_key: 'vat.FI' });
    expect(await repo.recordRouteFailure(x.id, 'boom')).toEqual({
      route_attempts: 1,
      invoice_id: inv.id,
      route_key: 'vat.FI',
      validation_runs: 3,
    });
    expect((await repo.recordRouteFailure(x.id, 'again'))?.route_attempts).toBe(2);
    const [row] = await db.ds.query(`SELECT route_error FROM exceptions WHERE id = $1`, [x.id]);
    expect(row.route_error).toBe('again');
    expect(await repo.recordRouteFailure('00000000-0000-0000-0000-000000000000', 'x')).toBeNull();
  });

  it('finds waiting items never routed, except those out of attempts and those of a failed invoice', async () => {
    const unrouted = await insertException(db.ds);
    await insertException(db.ds, { sla_due_at: NOW });
    await insertException(db.ds, { route_attempts: 5 });
    await insertException(db.ds, { status: 'assigned' });
    const failed = await insertInvoice(db.ds, { status: 'failed' });
    await insertException(db.ds, { invoice_id: failed.id });
    const failedItem = await insertException(db.ds, {
      invoice_id: failed.id,
      route_key: SYSTEM_FAILED_QUEUE,
      queue_key: SYSTEM_FAILED_QUEUE,
    });
    const found = await repo.unrouted(5);
    expect(found.map((r) => r.id).sort()).toEqual([unrouted.id, failedItem.id].sort());
    expect(found.find((r) => r.id === unrouted.id)?.version).toBe(1);
  });

  it('fills only available reviewers with free capacity and the skills for a waiting item', async () => {
    await insertException(db.ds, { queue_key: 'data.FI' });
    await db.ds.query(`UPDATE review_queues SET required_countries = '{FI}' WHERE key = 'data.FI'`);
    const fi = { countries: ['FI'], availability: 'online' as const };
    const ready = await createStaffUser(db.ds, { reviewer: fi });
    await createStaffUser(db.ds, { reviewer: { ...fi, availability: 'away' } });
    await createStaffUser(db.ds, { reviewer: { countries: ['SE'], availability: 'online' } });
    const full = await createStaffUser(db.ds, { reviewer: { ...fi, capacity: 1 } });
    await insertException(db.ds, { queue_key: 'data.FI', status: 'assigned', assignee_id: full.id });

    expect(await repo.reviewersToFill(NOW)).toEqual([{ id: ready.id }]);
    // Sunday: outside everyone's working days.
    expect(await repo.reviewersToFill(new Date('2026-11-29T10:00:00Z'))).toEqual([]);
  });

  it('finds in-review invoices with no active item and locks an invoice', async () => {
    const done = await insertInvoice(db.ds);
    await insertException(db.ds, { invoice_id: done.id, status: 'resolved' });
    const busy = await insertInvoice(db.ds);
    await insertException(db.ds, { invoice_id: busy.id });
    const empty = await insertInvoice(db.ds);
    await insertInvoice(db.ds, { status: 'ready' });
    expect((await repo.invoicesToSettle()).map((i) => i.id).sort()).toEqual([done.id, empty.id].sort());

    await db.ds.transaction(async (em) => {
      await repo.lockInvoice(em, done.id);
      const free = await db.ds.query(`SELECT id FROM invoices WHERE id = $1 FOR UPDATE SKIP LOCKED`, [done.id]);
      expect(free).toEqual([]);
    });
  });

  it('reads the in-review invoices by their own index, not the whole history of invoices', async () => {
    // Settled invoices are most of the table after a while; the pass must cost the backlog, not the history.
    const template = await insertInvoice(db.ds, { status: 'ready' });
    await db.ds.query(
      `INSERT INTO invoices (id, integration_id, source, format, status, document_kind, invoice_number, type_code, issue_date,
         currency, seller_name, seller_vat_id, seller_country, tax_exclusive, tax_total, payable, canonical)
       SELECT gen_random_uuid(), integration_id, source, format, 'ready', document_kind, invoice_number || '-' || g, type_code,
         issue_date, currency, seller_name, seller_vat_id, seller_country, tax_exclusive, tax_total, payable, canonical
       FROM invoices, generate_series(1, 20000) g WHERE id = $1`,
      [template.id],
    );
    const waiting = await insertInvoice(db.ds);
    await db.ds.query(`ANALYZE invoices`);
    expect((await repo.invoicesToSettle()).map((i) => i.id)).toEqual([waiting.id]);
    const { db: recorded, sent } = recordingQueries<DataSource>(db.ds);
    await new TriageReconciliationRepository(recorded).invoicesToSettle();
    const { scans } = await explainScans(db.ds, sent[0]);
    expect(scans).not.toContain('Seq Scan invoices');
    expect(scans.some((scan) => scan.endsWith(' invoices_in_review_idx'))).toBe(true);
  });
});
