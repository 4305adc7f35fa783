import { lockWaiters } from '@app/persistence/testing';
import { bootTriage, exceptionRow, openException, post, staff, TriageHarness } from './triage.fixtures';

/**
 * A decision and the router's push meet on one reviewer and one item: the push locks the reviewer (its
 * capacity gate) and then the item; a decision locks the item (after its invoice) and stamps the
 * reviewer's activity. Taken inside the decision's transaction, the stamp waited for the push while the
 * push waited for the item: PostgreSQL aborted one of them (seen in the scale-out run: a decision answered
 * 503 DATABASE_BUSY, "deadlock detected", UPDATE reviewers against SELECT … FROM exceptions … FOR UPDATE).
 */
describe('review decisions and the push take their locks without a cycle', () => {
  let h: TriageHarness;

  beforeAll(async () => {
    h = await bootTriage('review-lock-order', { worker: false });
  });
  afterAll(() => h.close());

  it('a push holding the reviewer and asking for the item does not deadlock a decision on that item', async () => {
    const r = await staff(h, { countries: ['FI'], categories: ['regulatory'] });
    const { id } = await openException(h, {
      routeKey: 'vat.FI',
      category: 'regulatory',
      country: 'FI',
      enqueue: false,
    });
    const claimed = await post(h, '/v1/review/next', r);
    expect([claimed.status, claimed.body?.id ?? claimed.body?.exception?.id]).toEqual([200, id]);

    const push = h.ds.createQueryRunner();
    await push.connect();
    await push.startTransaction();
    try {
      const [{ pid }] = await push.query(`SELECT pg_backend_pid() AS pid`);
      // The push's capacity gate: the reviewer's row, locked first.
      await push.query(`SELECT id FROM reviewers WHERE id = $1 FOR UPDATE`, [r.id]);
      // The decision takes the invoice and the item, never the reviewer's row: it is answered while the push
      // still holds the reviewer.
      const res = await post(h, `/v1/exceptions/${id}/resolve`, r, {
        decision: 'reject',
        reason: 'account not on file',
      });
      expect([res.status, res.body?.exception?.status ?? res.body?.status]).toEqual([200, 'resolved']);
      // Nothing of the decision queued behind the push (its activity stamp skipped the held row).
      expect(await lockWaiters(h.ds, { blockedBy: pid })).toBe(0);
      // The push now asks for the item, as assignToBestReviewer does once it has its reviewer: no cycle.
      const [item] = await push.query(`SELECT status FROM exceptions WHERE id = $1 FOR UPDATE`, [id]);
      expect(item.status).toBe('resolved');
      await push.commitTransaction();
      // The reviewer's activity stamp was skipped while the push held the row; the next action writes it.
      const stamp = async () =>
        (await h.ds.query(`SELECT last_active_at FROM reviewers WHERE id = $1`, [r.id]))[0].last_active_at;
      expect(await stamp()).toBeNull();
      const other = await openException(h, {
        routeKey: 'vat.FI',
        category: 'regulatory',
        country: 'FI',
        enqueue: false,
      });
      expect((await post(h, '/v1/review/next', r)).status).toBe(200);
      expect((await post(h, `/v1/exceptions/${other.id}/comment`, r, { text: 'asked the supplier' })).status).toBe(201);
      expect(await stamp()).not.toBeNull();
    } finally {
      if (push.isTransactionActive) await push.rollbackTransaction();
      await push.release();
    }
  });
});
