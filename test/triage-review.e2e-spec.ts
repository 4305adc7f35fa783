import type { ExceptionDetail, ExceptionView, MyWork } from '@app/contracts';
import { lockWaiters } from '@app/persistence/testing';
import { JobProducer, QueueName } from '@app/queueing';
import { contractKeys, keysOf, waitFor } from '@app/testing';
import { EXCEPTION_VIEW_FIELDS } from './contract-fields.fixtures';
import { bootTriage, exceptionRow, get, openException, post, staff, TriageHarness } from './triage.fixtures';

const EXCEPTION_VIEW = contractKeys<ExceptionView>()(...EXCEPTION_VIEW_FIELDS);
const EXCEPTION_DETAIL = contractKeys<ExceptionDetail>()(
  'exception',
  'slaPauses',
  'queue',
  'invoice',
  'lang',
  'findings',
  'comments',
  'history',
  'allowedActions',
);
const MY_WORK = contractKeys<MyWork>()('items', 'awaitingSecondApproval', 'capacity', 'availability', 'open');

describe('triage review actions (PostgreSQL + Redis)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('triage-review');
  });
  afterAll(async () => h?.close());

  it('200 concurrent review/next calls over 50 reviewers never hand one item to two people', async () => {
    const reviewers = await Promise.all(
      Array.from({ length: 50 }, () => staff(h, { categories: ['supplier'], availability: 'off', capacity: 10 })),
    );
    const items = await Promise.all(
      Array.from({ length: 150 }, () =>
        openException(h, { routeKey: 'po.unknown', category: 'supplier', enqueue: false }),
      ),
    );
    const calls = reviewers.flatMap((r) => [r, r, r, r]);
    const results = await Promise.all(calls.map(async (r) => ({ r, res: await post(h, '/v1/review/next', r) })));
    const claimed = results.filter((x) => x.res.status === 200);
    expect(results.every((x) => x.res.status === 200 || x.res.status === 204)).toBe(true);
    expect(claimed).toHaveLength(150);
    const ids = claimed.map((x) => x.res.body.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const x of claimed) expect(x.res.body.assigneeId).toBe(x.r.id);
    const [{ doubled }] = await h.ds.query(
      `SELECT count(*)::int AS doubled FROM (SELECT exception_id FROM exception_work_periods WHERE exception_id = ANY($1) AND ended_at IS NULL GROUP BY 1 HAVING count(*) > 1) d`,
      [items.map((i) => i.id)],
    );
    expect(doubled).toBe(0);
    const [{ n }] = await h.ds.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'claimed' AND aggregate_id = ANY($1)`,
      [items.map((i) => i.id)],
    );
    expect(n).toBe(150);
  });

  it('review/next admits a few claims at a time (CLAIM_CONCURRENCY), the rest wait their turn in order and all succeed', async () => {
    const reviewers = await Promise.all(
      Array.from({ length: 16 }, () => staff(h, { countries: ['FI'], categories: ['supplier'], availability: 'off' })),
    );
    await Promise.all(
      Array.from({ length: 16 }, () =>
        openException(h, { routeKey: 'po.unknown', category: 'supplier', enqueue: false }),
      ),
    );
    // Hold every claim at its audit insert: what is admitted shows in pg_stat_activity, waiting on the lock.
    const qr = h.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    await qr.query(`LOCK TABLE audit_events IN EXCLUSIVE MODE`);
    const waiting = () => lockWaiters(h.ds, { query: '%claim_next_exception%' });
    const calls = Promise.all(reviewers.map((r) => post(h, '/v1/review/next', r)));
    try {
      await waitFor(async () => (await waiting()) >= 8);
      await new Promise((r) => setTimeout(r, 300)); // a gate that let more through would show them by now
      expect(await waiting()).toBe(8); // the default CLAIM_CONCURRENCY
    } finally {
      await qr.commitTransaction();
      await qr.release();
    }
    const results = await calls;
    expect(results.map((r) => r.status)).toEqual(reviewers.map(() => 200));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(16);
  });

  it('answers review/next, the detail and my work with the keys of the HTTP contract (libs/contracts)', async () => {
    const r = await staff(h, { countries: ['NO'], categories: ['regulatory'], availability: 'off' });
    await openException(h, { routeKey: 'vat.NO', category: 'regulatory', country: 'NO', enqueue: false });
    const next = await post(h, '/v1/review/next', r);
    expect(next.status).toBe(200);
    // Claimed without its queue at hand: whether it needs four eyes is told by the detail.
    expect(keysOf(next.body)).toEqual(EXCEPTION_VIEW.filter((k) => k !== 'fourEyesRequired'));
    const detail = await get(h, `/v1/exceptions/${next.body.id}`, r);
    expect(keysOf(detail.body)).toEqual(EXCEPTION_DETAIL);
    expect(keysOf(detail.body.exception)).toEqual(EXCEPTION_VIEW);
    expect(keysOf((await get(h, '/v1/me/work', r)).body)).toEqual(MY_WORK);
  });

  it('a reviewer cannot see or resolve an item another reviewer holds (404), nor act on one they only can see (403)', async () => {
    const a = await staff(h, { countries: ['SE'], categories: ['regulatory'], availability: 'off' });
    const b = await staff(h, { countries: ['SE'], categories: ['regulatory'], availability: 'off' });
    const x = await openException(h, { routeKey: 'vat.SE', category: 'regulatory', country: 'SE', enqueue: false });
    expect((await get(h, `/v1/exceptions/${x.id}`, a)).status).toBe(200); // waiting in a queue A may work
    expect((await post(h, `/v1/exceptions/${x.id}/resolve`, a, { decision: 'approve', reason: 'ok' })).status).toBe(
      403,
    );
    expect((await post(h, `/v1/exceptions/${x.id}/claim`, b)).status).toBe(200);
    expect((await get(h, `/v1/exceptions/${x.id}`, a)).status).toBe(404);
    const res = await post(h, `/v1/exceptions/${x.id}/resolve`, a, { decision: 'approve', reason: 'looks fine' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect((await post(h, `/v1/exceptions/${x.id}/claim`, a)).status).toBe(404);
    expect((await exceptionRow(h, x.id)).assignee_id).toBe(b.id);
    const manager = await staff(h, { role: 'manager' });
    expect((await get(h, `/v1/exceptions/${x.id}`, manager)).status).toBe(200);
    expect((await post(h, `/v1/exceptions/${x.id}/reassign`, b, { reviewerId: a.id })).status).toBe(403);
    expect((await post(h, `/v1/exceptions/${x.id}/reassign`, manager, { reviewerId: a.id })).status).toBe(200);
    expect((await exceptionRow(h, x.id)).assignee_id).toBe(a.id);
  });

  it('enforces four eyes on bank-account changes: the first approver cannot give the second approval', async () => {
    const a = await staff(h, { categories: ['supplier'], availability: 'off' });
    const b = await staff(h, { categories: ['supplier'], availability: 'off' });
    const x = await openException(h, {
      routeKey: 'supplier.bank-account',
      category: 'supplier',
      amount: '120.00',
      enqueue: false,
    });
    expect((await post(h, `/v1/exceptions/${x.id}/claim`, a)).status).toBe(200);
    const first = await post(h, `/v1/exceptions/${x.id}/resolve`, a, {
      decision: 'approve',
      reason: 'called the supplier',
    });
    expect(first.status).toBe(200);
    expect(first.body.exception.status).toBe('awaiting_second_approval');
    expect(first.body.exception.firstApproverId).toBe(a.id);

    expect((await post(h, `/v1/exceptions/${x.id}/approve-second`, a)).status).toBe(403);
    expect((await post(h, `/v1/exceptions/${x.id}/claim`, a)).status).toBe(403);
    expect((await post(h, '/v1/review/next', a)).status).toBe(204);

    // Claims skip a row another transaction holds (SKIP LOCKED): a background job touching the item just after the
    // first approval makes review/next answer 204 for that moment (seen once in a full CI run). B asks again.
    const next = await waitFor(async () => {
      const r = await post(h, '/v1/review/next', b);
      return r.status === 204 ? null : r;
    }, 5000);
    expect(next.body.id).toBe(x.id);
    expect(next.body.status).toBe('second_review');
    const second = await post(h, `/v1/exceptions/${x.id}/approve-second`, b, { reason: 'IBAN confirmed by phone' });
    expect(second.status).toBe(200);
    expect(second.body.exception).toMatchObject({
      status: 'resolved',
      decision: 'approve',
      resolvedBy: b.id,
      firstApproverId: a.id,
    });
    expect(second.body.invoiceStatus).toBe('ready');
    const [inv] = await h.ds.query(`SELECT status FROM invoices WHERE id = $1`, [x.invoiceId]);
    expect(inv.status).toBe('ready');
  });

  it('needs four eyes above the amount threshold but not below it', async () => {
    const a = await staff(h, { countries: ['DK'], categories: ['regulatory'], availability: 'off' });
    const big = await openException(h, {
      routeKey: 'vat.DK',
      category: 'regulatory',
      country: 'DK',
      amount: '75000.00',
      enqueue: false,
    });
    const small = await openException(h, {
      routeKey: 'vat.DK',
      category: 'regulatory',
      country: 'DK',
      amount: '100.00',
      enqueue: false,
    });
    await post(h, `/v1/exceptions/${big.id}/claim`, a);
    await post(h, `/v1/exceptions/${small.id}/claim`, a);
    expect(
      (await post(h, `/v1/exceptions/${big.id}/resolve`, a, { decision: 'approve', reason: 'ok' })).body.exception
        .status,
    ).toBe('awaiting_second_approval');
    expect(
      (await post(h, `/v1/exceptions/${small.id}/resolve`, a, { decision: 'approve', reason: 'ok' })).body.exception
        .status,
    ).toBe('resolved');
  });

  it('moves the invoice to its final status only when all its exceptions are closed; a rejection wins', async () => {
    const r = await staff(h, { countries: ['NO'], categories: ['regulatory', 'data-quality'], availability: 'off' });
    const one = await openException(h, { routeKey: 'vat.NO', category: 'regulatory', country: 'NO', enqueue: false });
    const two = await openException(h, {
      routeKey: 'data.NO',
      category: 'data-quality',
      country: 'NO',
      enqueue: false,
      invoiceId: one.invoiceId,
    });
    await post(h, `/v1/exceptions/${one.id}/claim`, r);
    await post(h, `/v1/exceptions/${two.id}/claim`, r);
    const first = await post(h, `/v1/exceptions/${one.id}/resolve`, r, { decision: 'approve', reason: 'rate ok' });
    expect(first.body.invoiceStatus).toBeNull();
    const last = await post(h, `/v1/exceptions/${two.id}/resolve`, r, { decision: 'reject', reason: 'not our order' });
    expect(last.body.invoiceStatus).toBe('rejected');
    const detail = await get(h, `/v1/exceptions/${two.id}`, r);
    expect(detail.body.history.map((e: any) => e.action)).toEqual(['opened', 'claimed', 'resolved']);
    expect(detail.body.findings[0]).toMatchObject({ fieldPath: 'lines[0].vatRate', expected: '24', actual: '25.5' });
    expect(detail.body.invoice.canonical.invoiceNumber).toBe('X');
    expect(
      (await post(h, `/v1/exceptions/${two.id}/resolve`, r, { decision: 'approve', reason: 'again' })).status,
    ).toBe(403);
  });

  it('release, comment and escalate are audited; illegal transitions answer 422', async () => {
    const r = await staff(h, { countries: ['LT'], categories: ['regulatory'], availability: 'off' });
    const x = await openException(h, { routeKey: 'vat.LT', category: 'regulatory', country: 'LT', enqueue: false });
    await post(h, `/v1/exceptions/${x.id}/claim`, r);
    expect((await post(h, `/v1/exceptions/${x.id}/comment`, r, { text: 'asked the supplier' })).status).toBe(201);
    expect((await post(h, `/v1/exceptions/${x.id}/release`, r, {})).body.status).toBe('open');
    const manager = await staff(h, { role: 'manager' });
    expect(
      (await post(h, `/v1/exceptions/${x.id}/resolve`, manager, { decision: 'approve', reason: 'x' })).status,
    ).toBe(422);
    await post(h, `/v1/exceptions/${x.id}/claim`, r);
    expect(
      (await post(h, `/v1/exceptions/${x.id}/escalate`, r, { reason: 'unsure about reverse charge' })).body.status,
    ).toBe('escalated');
    const detail = await get(h, `/v1/exceptions/${x.id}`, manager);
    expect(detail.body.comments[0].text).toBe('asked the supplier');
    // the released item is routed again in the background; that event may land anywhere after 'released'
    expect(detail.body.history.map((e: any) => e.action).filter((a: string) => a !== 'routed')).toEqual([
      'opened',
      'claimed',
      'commented',
      'released',
      'claimed',
      'escalated',
    ]);
    const [{ periods }] = await h.ds.query(
      `SELECT count(*)::int AS periods FROM exception_work_periods WHERE exception_id = $1 AND ended_at IS NOT NULL`,
      [x.id],
    );
    expect(periods).toBe(2);
  });

  it('a correction updates the invoice, supersedes the other open items and re-runs the rules', async () => {
    const r = await staff(h, { countries: ['DE'], categories: ['regulatory', 'data-quality'], availability: 'off' });
    const one = await openException(h, { routeKey: 'vat.DE', category: 'regulatory', country: 'DE', enqueue: false });
    const two = await openException(h, {
      routeKey: 'data.DE',
      category: 'data-quality',
      country: 'DE',
      enqueue: false,
      invoiceId: one.invoiceId,
    });
    await post(h, `/v1/exceptions/${one.id}/claim`, r);
    const res = await post(h, `/v1/exceptions/${one.id}/resolve`, r, {
      decision: 'correct',
      reason: 'rate typo',
      corrections: [{ fieldPath: 'lines[0].vatRate', value: '19' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ invoiceStatus: 'validating', revalidationRun: 2, superseded: [two.id] });
    const [inv] = await h.ds.query(`SELECT status, canonical FROM invoices WHERE id = $1`, [one.invoiceId]);
    expect(inv.status).toBe('validating');
    expect(inv.canonical.lines[0].vatRate).toBe('19');
    expect((await exceptionRow(h, two.id)).status).toBe('superseded');
    const job = await waitFor(
      () => h.api.get(JobProducer).queue(QueueName.InvoiceValidate).getJob(`validate-${one.invoiceId}-2`),
      3000,
    );
    expect(job.data).toEqual({ invoiceId: one.invoiceId, run: 2 });
    expect((await post(h, `/v1/exceptions/${one.id}/resolve`, r, { decision: 'correct', reason: 'x' })).status).toBe(
      400,
    );
  });
});
