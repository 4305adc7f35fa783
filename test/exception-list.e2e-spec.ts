import type { ApiErrorBody, ApiErrorDetail, ExceptionListPage, ListedException } from '@app/contracts';
import { contractKeys, keysOf } from '@app/testing';
import { EXCEPTION_VIEW_FIELDS } from './contract-fields.fixtures';
import { bootTriage, exceptionRow, get, openException, post, staff, TriageHarness } from './triage.fixtures';

/** The manager's seat: GET /v1/exceptions (filters, search, cursor paging, CSV, role visibility) and bulk actions. */
const LISTED_EXCEPTION = contractKeys<ListedException>()(
  ...EXCEPTION_VIEW_FIELDS,
  'invoiceNumber',
  'sellerName',
  'supplierName',
  'assigneeName',
  'ruleIds',
  'reasons',
  'ageSeconds',
  'overdue',
);
const LIST_PAGE = contractKeys<ExceptionListPage>()('items', 'nextCursor', 'lang');
const ERROR = contractKeys<ApiErrorBody['error']>()('code', 'message', 'details');
const ERROR_DETAIL = contractKeys<ApiErrorDetail>()('path', 'issue', 'expected', 'actual');

describe('exception list and bulk actions (PostgreSQL)', () => {
  let h: TriageHarness;
  let manager: Awaited<ReturnType<typeof staff>>;
  let fi: Awaited<ReturnType<typeof staff>>;
  let other: Awaited<ReturnType<typeof staff>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await bootTriage('exception-list', { worker: false });
    manager = await staff(h, { role: 'manager' });
    fi = await staff(h, { countries: ['FI'], categories: ['regulatory'], availability: 'off' });
    other = await staff(h, { countries: ['FI', 'SE'], categories: ['regulatory'], availability: 'off' });
    for (const [name, routeKey, country, amount] of [
      ['fiA', 'vat.FI', 'FI', '100.00'],
      ['fiB', 'vat.FI', 'FI', '200.00'],
      ['fiC', 'vat.FI', 'FI', '300.00'],
      ['se', 'vat.SE', 'SE', '400.00'],
      ['fiHeldByOther', 'vat.FI', 'FI', '500.00'],
      ['fiHeldByMe', 'vat.FI', 'FI', '600.00'],
    ] as const)
      ids[name] = (await openException(h, { routeKey, category: 'regulatory', country, amount, enqueue: false })).id;
    await h.ds.query(
      `UPDATE invoices SET seller_name = 'Kesko Oyj', invoice_number = 'KES-42' WHERE id = (SELECT invoice_id FROM exceptions WHERE id = $1)`,
      [ids.fiB],
    );
    // fiC is three days old and two hours past its SLA; the others are fresh.
    await h.ds.query(
      `UPDATE exceptions SET created_at = '2026-11-22T09:00:00Z', sla_due_at = '2026-11-25T07:00:00Z' WHERE id = $1`,
      [ids.fiC],
    );
    await h.ds.query(
      `UPDATE exceptions SET created_at = '2026-11-25T08:00:00Z', sla_due_at = '2026-11-26T08:00:00Z' WHERE id <> $1`,
      [ids.fiC],
    );
    await h.ds.query(
      `UPDATE exceptions SET priority = CASE id WHEN $1 THEN 30 WHEN $2 THEN 20 WHEN $3 THEN 10 ELSE 5 END`,
      [ids.fiC, ids.fiB, ids.fiA],
    );
    expect((await post(h, `/v1/exceptions/${ids.fiHeldByOther}/claim`, other)).status).toBe(200);
    expect((await post(h, `/v1/exceptions/${ids.fiHeldByMe}/claim`, fi)).status).toBe(200);
  });
  afterAll(async () => h?.close());

  const list = async (who: { auth: Record<string, string> }, qs: string) => {
    const res = await get(h, `/v1/exceptions?${qs}`, who);
    expect(res.status).toBe(200);
    return res.body as ExceptionListPage;
  };
  const idsOf = (b: { items: { id: string }[] }) => b.items.map((i) => i.id).sort();
  const sorted = (...names: string[]) => names.map((n) => ids[n]).sort();

  it('answers with the keys of the HTTP contract (libs/contracts)', async () => {
    const page = await list(manager, '');
    expect(keysOf(page)).toEqual(LIST_PAGE);
    // Listed without their queues at hand: whether an item needs four eyes is told by its detail.
    for (const item of page.items)
      expect(keysOf(item)).toEqual(LISTED_EXCEPTION.filter((k) => k !== 'fourEyesRequired'));
  });

  it('filters by status, queue, country, assignee, age, breach and text', async () => {
    expect(idsOf(await list(manager, ''))).toEqual(sorted('fiA', 'fiB', 'fiC', 'se', 'fiHeldByOther', 'fiHeldByMe'));
    expect(idsOf(await list(manager, 'status=assigned'))).toEqual(sorted('fiHeldByOther', 'fiHeldByMe'));
    expect(idsOf(await list(manager, 'queue=vat.SE'))).toEqual(sorted('se'));
    expect(idsOf(await list(manager, 'country=SE'))).toEqual(sorted('se'));
    expect(idsOf(await list(manager, 'assignee=none&country=FI'))).toEqual(sorted('fiA', 'fiB', 'fiC'));
    expect(idsOf(await list(manager, `assignee=${other.id}`))).toEqual(sorted('fiHeldByOther'));
    expect(idsOf(await list(manager, 'minAgeHours=48'))).toEqual(sorted('fiC'));
    expect(idsOf(await list(manager, 'breached=true'))).toEqual(sorted('fiC'));
    expect(idsOf(await list(manager, 'createdFrom=2026-11-22T00:00:00Z&createdTo=2026-11-23T00:00:00Z'))).toEqual(
      sorted('fiC'),
    );
    expect((await get(h, '/v1/exceptions?createdFrom=yesterday', manager)).body.error.details[0].path).toBe(
      'createdFrom',
    );
    expect((await list(manager, 'breached=true')).items[0].overdue).toBe(true);
    expect(idsOf(await list(manager, 'q=kesko'))).toEqual(sorted('fiB'));
    expect(idsOf(await list(manager, 'q=KES-4'))).toEqual(sorted('fiB'));
    expect((await list(manager, 'q=test-rule')).items).toHaveLength(6);
    expect((await list(manager, 'q=test-rule')).items[0].ruleIds).toEqual(['TEST-RULE']);
    const held = (await list(manager, `assignee=${other.id}`)).items[0];
    expect(held.assigneeName).toEqual(expect.any(String));
  });

  it('pages with a cursor in priority order without repeating or skipping an item', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body = await list(manager, `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.slice(0, 3)).toEqual([ids.fiC, ids.fiB, ids.fiA]);
    expect([...seen].sort()).toEqual(sorted('fiA', 'fiB', 'fiC', 'se', 'fiHeldByOther', 'fiHeldByMe'));
    const oldest = await list(manager, 'sort=oldest&limit=1');
    expect(oldest.items[0].id).toBe(ids.fiC);
    // A cursor of one sort order is refused by another, and garbage is refused with a clear error.
    const wrong = await get(h, `/v1/exceptions?sort=newest&cursor=${oldest.nextCursor}`, manager);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('INVALID_CURSOR');
    expect((await get(h, '/v1/exceptions?cursor=bm9wZQ', manager)).body.error.code).toBe('INVALID_CURSOR');
  });

  it('refuses bad filters with the field and what was expected', async () => {
    const res = await get(h, '/v1/exceptions?status=pending&assignee=bob&breached=maybe', manager);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(keysOf(res.body)).toEqual(['error']);
    expect(keysOf(res.body.error)).toEqual(ERROR);
    for (const d of res.body.error.details) expect(ERROR_DETAIL).toEqual(expect.arrayContaining(keysOf(d)));
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'assignee',
      'breached',
      'status',
    ]);
  });

  it('shows a reviewer only what they may see: waiting items of their queues and their own', async () => {
    expect(idsOf(await list(fi, ''))).toEqual(sorted('fiA', 'fiB', 'fiC', 'fiHeldByMe'));
    expect(idsOf(await list(fi, 'country=SE'))).toEqual([]);
    expect(idsOf(await list(other, ''))).toEqual(sorted('fiA', 'fiB', 'fiC', 'se', 'fiHeldByOther'));
    const csv = await h.api.inject({ method: 'GET', url: '/v1/exceptions?format=csv', headers: fi.auth });
    expect(csv.body.trim().split('\r\n')).toHaveLength(1 + 4);
    expect(csv.body).not.toContain(ids.se);
    // Bulk actions are for managers.
    expect((await post(h, '/v1/exceptions/bulk', fi, { action: 'release', ids: [ids.fiHeldByMe] })).status).toBe(403);
  });

  it('exports any list as CSV with every matching row and neutralised formulas', async () => {
    await h.ds.query(
      `UPDATE invoices SET seller_name = '=HYPERLINK("x")' WHERE id = (SELECT invoice_id FROM exceptions WHERE id = $1)`,
      [ids.se],
    );
    const res = await h.api.inject({
      method: 'GET',
      url: '/v1/exceptions?format=csv&country=SE',
      headers: manager.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = res.body.trim().split('\r\n');
    expect(rows[0]).toBe(
      'id,status,queue,country,invoice,seller,supplier,amount,currency,priority,assignee,created,sla_due,overdue,age_hours,rules',
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`"'=HYPERLINK(""x"")"`);
    const all = await h.api.inject({
      method: 'GET',
      url: '/v1/exceptions?format=csv&status=open,assigned',
      headers: manager.auth,
    });
    expect(all.body.trim().split('\r\n')).toHaveLength(7);
  });

  it('reassigns and releases in bulk, item by item, each audited', async () => {
    const res = await post(h, '/v1/exceptions/bulk', manager, {
      action: 'reassign',
      ids: [ids.fiA, ids.fiB, ids.se],
      reviewerId: fi.id,
      reason: 'cover for holidays',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(res.body.results.find((r: { id: string }) => r.id === ids.se).error.code).toBe('MISSING_SKILLS');
    expect((await exceptionRow(h, ids.fiA)).assignee_id).toBe(fi.id);
    const released = await post(h, '/v1/exceptions/bulk', manager, { action: 'release', ids: [ids.fiA, ids.fiC] });
    expect(released.body).toMatchObject({ succeeded: 1, failed: 1 });
    expect(released.body.results[1].error.code).toBe('INVALID_TRANSITION');
    expect((await exceptionRow(h, ids.fiA)).assignee_id).toBeNull();
    const audit = await h.ds.query(
      `SELECT action, actor_id, reason FROM audit_events WHERE aggregate_id = $1 AND action IN ('reassigned', 'released') ORDER BY id`,
      [ids.fiA],
    );
    expect(audit).toEqual([
      { action: 'reassigned', actor_id: manager.id, reason: 'cover for holidays' },
      { action: 'released', actor_id: manager.id, reason: null },
    ]);
    const bad = await post(h, '/v1/exceptions/bulk', manager, { action: 'reassign', ids: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['ids', 'reviewerId']);
  });
});
