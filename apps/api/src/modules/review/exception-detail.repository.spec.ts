import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser, insertException, insertInvoice, insertRow } from '@app/testing';
import { ExceptionDetailRepository } from './exception-detail.repository';

describe('ExceptionDetailRepository', () => {
  let db: TestDatabase;
  let repo: ExceptionDetailRepository;
  const finding = (invoiceId: string, v: Record<string, unknown>) =>
    insertRow(db.ds, 'findings', {
      invoice_id: invoiceId,
      validation_run: 2,
      severity: 'blocking',
      category: 'data',
      field_path: 'invoiceNumber',
      message: 'm',
      route_key: 'data.FI',
      ...v,
    });

  beforeAll(async () => {
    db = await openTestDatabase('exception-detail-repo');
    repo = new ExceptionDetailRepository(db.ds);
  });
  afterAll(() => db.close());

  it('reads the invoice summary, null when unknown', async () => {
    const inv = await insertInvoice(db.ds, { invoice_number: 'S-1', validation_runs: 2, canonical: { a: 1 } });
    expect(await repo.invoiceSummary(inv.id)).toMatchObject({
      id: inv.id,
      status: 'in_review',
      invoice_number: 'S-1',
      format: 'json',
      validation_runs: 2,
      canonical: { a: 1 },
    });
    expect(await repo.invoiceSummary('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it("keeps the latest run's own findings and the warnings on the item's route key", async () => {
    const x = await insertException(db.ds, { route_key: 'data.FI' });
    const other = await insertException(db.ds, { invoice_id: x.invoice_id, route_key: 'vat.FI', queue_key: 'vat.FI' });
    await finding(x.invoice_id, { exception_id: x.id, rule_id: 'OLD', validation_run: 1 });
    await finding(x.invoice_id, { exception_id: x.id, rule_id: 'B-2' });
    await finding(x.invoice_id, { exception_id: x.id, rule_id: 'B-1' });
    await finding(x.invoice_id, { severity: 'warning', rule_id: 'W-1' });
    await finding(x.invoice_id, { severity: 'warning', rule_id: 'W-OTHER', route_key: 'vat.FI' });
    await finding(x.invoice_id, { exception_id: other.id, rule_id: 'B-OTHER', route_key: 'vat.FI' });
    const found = await repo.findingsOf(x as never);
    expect(found.map((f) => [f.severity, f.rule_id])).toEqual([
      ['blocking', 'B-1'],
      ['blocking', 'B-2'],
      ['warning', 'W-1'],
    ]);
    expect(found[0]).toMatchObject({ validation_run: 2, route_key: 'data.FI', field_path: 'invoiceNumber' });
  });

  it("lists comments with their authors' names and the audit trail with actor and target names", async () => {
    const x = await insertException(db.ds);
    const ann = await createStaffUser(db.ds, { name: 'Ann' });
    const bob = await createStaffUser(db.ds, { name: 'Bob' });
    await insertRow(db.ds, 'exception_comments', { exception_id: x.id, author_id: bob.id, text: 'first' });
    await insertRow(db.ds, 'exception_comments', { exception_id: x.id, author_id: ann.id, text: 'second' });
    expect((await repo.comments(x.id)).map((c) => [c.author_name, c.text])).toEqual([
      ['Bob', 'first'],
      ['Ann', 'second'],
    ]);

    const event = (v: Record<string, unknown>) =>
      insertRow(db.ds, 'audit_events', { aggregate_type: 'exception', aggregate_id: x.id, ...v });
    await event({ action: 'routed', actor_type: 'system' });
    await event({ action: 'reassigned', actor_type: 'staff', actor_id: ann.id, data: { to: bob.id } });
    await event({ action: 'commented', actor_type: 'integration', actor_id: 'some-integration' });
    await insertRow(db.ds, 'audit_events', {
      aggregate_type: 'invoice',
      aggregate_id: x.id,
      action: 'other',
      actor_type: 'system',
    });
    const history = await repo.history(x.id);
    expect(history.map((h) => [h.action, h.actor_name, h.target_name])).toEqual([
      ['routed', 'system', null],
      ['reassigned', 'Ann', 'Bob'],
      ['commented', null, null],
    ]);
  });

  it("lists the reviewer's held items (soonest due first) and first approvals awaiting a second person, and their load", async () => {
    const r = await createStaffUser(db.ds, { reviewer: { capacity: 7, availability: 'away' } });
    const awaiting = await insertException(db.ds, { status: 'awaiting_second_approval', first_approver_id: r.id });
    const late = await insertException(db.ds, { status: 'assigned', assignee_id: r.id });
    const soon = await insertException(db.ds, {
      status: 'second_review',
      assignee_id: r.id,
      sla_due_at: new Date('2026-12-01T00:00:00Z'),
    });
    await insertException(db.ds, { status: 'resolved', assignee_id: r.id });
    await insertException(db.ds, { status: 'open' });
    // A first approval waiting for someone else has no assignee: (assignee_id = $1) is null, first in DESC.
    expect((await repo.myWork(r.id)).map((e) => e.id)).toEqual([awaiting.id, soon.id, late.id]);
    expect(await repo.reviewerLoad(r.id)).toEqual({ capacity: 7, availability: 'away' });
    const manager = await createStaffUser(db.ds, { role: 'manager' });
    expect(await repo.reviewerLoad(manager.id)).toBeNull();
  });
});
