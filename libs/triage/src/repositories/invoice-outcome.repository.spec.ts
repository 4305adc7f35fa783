import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { SYSTEM_FAILED_QUEUE } from '../queues/queue-defaults';
import { TriageFixtures } from '../testing/triage-fixtures';
import { reopenAfterRevalidation } from './exception-reopen.repository';
import { failInvoice, retryFailedInvoice, SYSTEM_FAILED_RULE } from './invoice-failure.repository';
import { finalizeInvoiceIfDone } from './invoice-finalization.repository';

/** How an invoice leaves review: failed (and retried), finalized, or sent back to review by a re-run. */
describe('invoice outcome repositories (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  const admin = { type: 'staff' as const, id: 'admin-1' };
  const now = new Date('2026-11-25T09:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase('triage_invoice_outcome_repo');
    fx = await new TriageFixtures(db.ds).init();
    await fx.queue('vat.FI');
  });
  afterAll(() => db?.close());

  const invoiceRow = async (id: string) =>
    (
      await db.ds.query(`SELECT status, last_error, validation_runs, finalized_at FROM invoices WHERE id = $1`, [id])
    )[0];

  it('fails an invoice visibly, and a retry supersedes its item and asks for a new run', async () => {
    const id = await fx.invoice({ status: 'validating', runs: 1 });
    const failure = { invoiceId: id, run: 2, attempts: 3, stage: 'validation' as const, error: 'rules crashed' };
    const ex = await db.ds.transaction((em) => failInvoice(em, failure));
    expect(ex).toBeTruthy();
    expect(await invoiceRow(id)).toMatchObject({ status: 'failed', last_error: 'rules crashed', validation_runs: 2 });
    expect(await fx.auditActions(id)).toEqual(['validation_failed']);
    const [item] = await db.ds.query(`SELECT queue_key, status, validation_run FROM exceptions WHERE id = $1`, [ex]);
    expect(item).toEqual({ queue_key: SYSTEM_FAILED_QUEUE, status: 'open', validation_run: 2 });
    const findings = await db.ds.query(`SELECT rule_id, actual FROM findings WHERE exception_id = $1`, [ex]);
    expect(findings).toEqual([{ rule_id: SYSTEM_FAILED_RULE, actual: 'rules crashed' }]);
    const [pf] = await db.ds.query(`SELECT stage, attempts FROM pipeline_failures WHERE invoice_id = $1`, [id]);
    expect(pf).toEqual({ stage: 'validation', attempts: 3 });

    expect(await db.ds.transaction((em) => retryFailedInvoice(em, id, admin, 'fixed', now))).toEqual({ run: 3 });
    expect((await invoiceRow(id)).status).toBe('received');
    const [after] = await db.ds.query(`SELECT status FROM exceptions WHERE id = $1`, [ex]);
    expect(after.status).toBe('superseded');
    const outbox = await db.ds.query(`SELECT topic FROM outbox WHERE aggregate_id = $1`, [id]);
    expect(outbox).toEqual([{ topic: 'invoice.received' }]);

    // Failing again reopens the same item instead of opening a second one.
    await db.ds.query(`UPDATE invoices SET status = 'validating' WHERE id = $1`, [id]);
    expect(await db.ds.transaction((em) => failInvoice(em, { ...failure, run: 3, error: '' }))).toBe(ex);
    expect(await fx.auditActions(ex!)).toEqual(['opened', 'supersede', 'reopened']);
    expect((await invoiceRow(id)).last_error).toBe('unknown error');
  });

  it('leaves an invoice that cannot fail any more alone', async () => {
    const id = await fx.invoice({ status: 'ready' });
    const out = await db.ds.transaction((em) =>
      failInvoice(em, { invoiceId: id, run: 1, attempts: 1, stage: 'routing', error: 'x' }),
    );
    expect(out).toBeNull();
    expect(await fx.auditActions(id)).toEqual([]);
  });

  it('finalizes an invoice in review once every item is closed, by the strictest decision', async () => {
    const id = await fx.invoice();
    await fx.exception(id, 'vat.FI', { status: 'resolved', decision: 'approve', resolvedAt: now });
    const open = await fx.exception(id, 'vat.FI');
    expect(await db.ds.transaction((em) => finalizeInvoiceIfDone(em, id, admin))).toBeNull();
    await db.ds.query(`UPDATE exceptions SET status = 'resolved', decision = 'reject' WHERE id = $1`, [open]);
    expect(await db.ds.transaction((em) => finalizeInvoiceIfDone(em, id, admin))).toBe('rejected');
    const inv = await invoiceRow(id);
    expect(inv.status).toBe('rejected');
    expect(inv.finalized_at).toBeInstanceOf(Date);
    expect(await fx.auditActions(id)).toEqual(['review_completed']);
    // Not in review any more: nothing to do.
    expect(await db.ds.transaction((em) => finalizeInvoiceIfDone(em, id, admin))).toBeNull();
  });

  it('a correction is not a verdict: an invoice whose items were all corrected stays in review', async () => {
    const id = await fx.invoice();
    await fx.exception(id, 'vat.FI', { status: 'resolved', decision: 'correct', resolvedAt: now });
    expect(await db.ds.transaction((em) => finalizeInvoiceIfDone(em, id, admin))).toBeNull();
    expect((await invoiceRow(id)).status).toBe('in_review');
  });

  it('reopens the items a re-run finds failing again; one its reviewer corrected goes back to them', async () => {
    const corrector = await fx.reviewer();
    const id = await fx.invoice({ runs: 2 });
    const finding = (exceptionId: string, run: number, invoiceId = id) =>
      db.ds.query(
        `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, route_key)
         VALUES ($1, $2, $3, 'BR-01', 'blocking', 'regulatory', 'x', 'm', 'vat.FI')`,
        [invoiceId, exceptionId, run],
      );
    const again = await fx.exception(id, 'vat.FI', { status: 'resolved', decision: 'approve', resolvedAt: now });
    const corrected = await fx.exception(id, 'vat.FI', { status: 'resolved', decision: 'correct', resolvedAt: now });
    const fixed = await fx.exception(id, 'vat.FI', { status: 'resolved', decision: 'approve', resolvedAt: now });
    await db.ds.query(`UPDATE exceptions SET resolved_by = $2 WHERE id = $1`, [corrected, corrector]);
    for (const e of [again, corrected, fixed]) await finding(e, 1);
    await finding(again, 2);
    await finding(corrected, 2);
    // Another invoice of the same group whose closed item the re-run no longer finds: nothing to reopen.
    const other = await fx.invoice({ runs: 2 });
    const settled = await fx.exception(other, 'vat.FI', { status: 'resolved', decision: 'approve', resolvedAt: now });
    await finding(settled, 1, other);

    const reopened = await db.ds.transaction((em) => reopenAfterRevalidation(em, [other, id]));
    expect([...reopened.keys()]).toEqual([id]);
    expect(reopened.get(id)!.sort()).toEqual([again, corrected].sort());
    const rows = await db.ds.query(
      `SELECT id, status, assignee_id, decision, validation_run FROM exceptions WHERE invoice_id = $1`,
      [id],
    );
    const of = (e: string) => rows.find((r: { id: string }) => r.id === e);
    expect(of(again)).toMatchObject({ status: 'open', assignee_id: null, decision: null, validation_run: 2 });
    expect(of(corrected)).toMatchObject({ status: 'assigned', assignee_id: corrector });
    expect(of(fixed)).toMatchObject({ status: 'resolved', decision: 'approve' });
    expect(await fx.auditActions(corrected)).toEqual(['reopened', 'routed', 'assigned']);
  });
});
