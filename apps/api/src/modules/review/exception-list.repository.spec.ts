import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser, insertException, insertInvoice, insertRow } from '@app/testing';
import { ACTIVE_STATUSES } from '@app/triage';
import { cursorKeyCount, ExceptionListFilter, ExceptionListRepository } from './exception-list.repository';

const NOW = new Date('2026-11-30T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe('ExceptionListRepository', () => {
  let db: TestDatabase;
  let repo: ExceptionListRepository;
  let reviewer: string;
  const ids: Record<string, string> = {};
  const page = (f: Partial<ExceptionListFilter> = {}) =>
    repo.page({ now: NOW, sort: 'priority', statuses: [...ACTIVE_STATUSES], limit: 50, ...f });

  beforeAll(async () => {
    db = await openTestDatabase('exception-list-repo');
    repo = new ExceptionListRepository(db.ds);
    reviewer = (await createStaffUser(db.ds, { name: 'Rita', reviewer: { countries: ['FI'] } })).id;
    const [supplier] = await db.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Acme Oy', 'FI02089088', 'FI') RETURNING id`,
    );
    const inv = await insertInvoice(db.ds, { invoice_number: 'INV-100_%', seller_name: 'Seller AB' });
    ids.high = (
      await insertException(db.ds, { invoice_id: inv.id, priority: 90, created_at: hoursAgo(5), country: 'FI' })
    ).id;
    ids.mid = (
      await insertException(db.ds, {
        route_key: 'vat.FI',
        queue_key: 'vat.FI',
        priority: 50,
        created_at: hoursAgo(30),
        sla_due_at: hoursAgo(1),
        supplier_id: supplier.id,
      })
    ).id;
    ids.held = (
      await insertException(db.ds, {
        priority: 50,
        created_at: hoursAgo(2),
        status: 'assigned',
        assignee_id: reviewer,
        sla_due_at: hoursAgo(-3),
      })
    ).id;
    ids.secret = (
      await insertException(db.ds, { queue_key: 'vat.EE', route_key: 'vat.EE', priority: 10, created_at: hoursAgo(1) })
    ).id;
    ids.closed = (await insertException(db.ds, { status: 'resolved', created_at: hoursAgo(1) })).id;
    await db.ds.query(`UPDATE review_queues SET required_countries = '{EE}' WHERE key = 'vat.EE'`);
    for (const [rule, severity] of [
      ['FI-VAT-02', 'blocking'],
      ['FI-VAT-01', 'blocking'],
      ['FI-VAT-01', 'blocking'],
      ['W-1', 'warning'],
    ])
      await insertRow(db.ds, 'findings', {
        invoice_id: inv.id,
        exception_id: ids.high,
        validation_run: 1,
        rule_id: rule,
        severity,
        category: 'vat',
        field_path: 'totals.taxTotal',
        message: `${rule} failed`,
        route_key: 'data.FI',
      });
  });
  afterAll(() => db.close());

  it('orders active items by each sort, with the columns the list shows', async () => {
    // Equal priorities: the older first.
    expect((await page()).map((r) => r.id)).toEqual([ids.high, ids.mid, ids.held, ids.secret]);
    expect((await page({ sort: 'oldest' })).map((r) => r.id)).toEqual([ids.mid, ids.high, ids.held, ids.secret]);
    expect((await page({ sort: 'newest' })).map((r) => r.id)).toEqual([ids.secret, ids.held, ids.high, ids.mid]);
    expect((await page({ sort: 'due' }))[0].id).toBe(ids.mid);
    const [high] = await page({ queue: 'data.FI', country: 'FI' });
    expect(high).toMatchObject({
      id: ids.high,
      invoice_number: 'INV-100_%',
      seller_name: 'Seller AB',
      rule_ids: ['FI-VAT-01', 'FI-VAT-02'],
      overdue: null, // no SLA yet: unknown, which the list shows as not overdue
      age_seconds: 5 * 3600,
    });
    expect(high.reasons?.map((r) => r.rule_id)).toEqual(['FI-VAT-01', 'FI-VAT-02']);
    expect(high.cursor_k0).toBe('90');
  });

  it('filters by status, assignee, age, breach and text (wildcards taken literally, rule ids and ids found)', async () => {
    expect((await page({ statuses: ['resolved'] })).map((r) => r.id)).toEqual([ids.closed]);
    expect((await page({ assignee: reviewer })).map((r) => r.id)).toEqual([ids.held]);
    expect((await page({ assignee: 'none' })).map((r) => r.id)).not.toContain(ids.held);
    expect((await page({ minAgeHours: 4 })).map((r) => r.id).sort()).toEqual([ids.high, ids.mid].sort());
    expect((await page({ maxAgeHours: 3, sort: 'oldest' })).map((r) => r.id)).toEqual([ids.held, ids.secret]);
    expect((await page({ breached: 'true' })).map((r) => r.id)).toEqual([ids.mid]);
    expect((await page({ breached: 'true' }))[0].overdue).toBe(true);
    expect((await page({ breached: 'false' })).map((r) => r.id)).not.toContain(ids.mid);
    expect((await page({ text: '100_%' })).map((r) => r.id)).toEqual([ids.high]);
    expect(await page({ text: '100x' })).toEqual([]);
    expect((await page({ text: 'fi-vat-02' })).map((r) => r.id)).toEqual([ids.high]);
    expect((await page({ text: 'acme' })).map((r) => r.id)).toEqual([ids.mid]);
    expect((await page({ text: ids.secret })).map((r) => r.id)).toEqual([ids.secret]);
  });

  it('shows a reviewer only what they hold and waiting items of queues they have the skills for', async () => {
    expect((await page({ reviewerId: reviewer, sort: 'oldest' })).map((r) => r.id)).toEqual([
      ids.mid,
      ids.high,
      ids.held,
    ]);
  });

  it('pages by keyset: one row more than asked tells a next page, whose cursor continues after the last row', async () => {
    for (const sort of ['priority', 'oldest', 'newest', 'due'] as const) {
      const all = (await page({ sort })).map((r) => r.id);
      const first = await page({ sort, limit: 2 });
      expect(first).toHaveLength(3);
      const last = first[1];
      const keys = Array.from({ length: cursorKeyCount(sort) }, (_, i) => last[`cursor_k${i}`]);
      const rest = await page({ sort, limit: 2, after: [...keys, last.id] });
      expect([...first.slice(0, 2), ...rest].map((r) => r.id)).toEqual(all);
    }
  });
});
