import { waitFor } from '@app/testing';
import { bootTriage, exceptionRow, get, openException, routingDrained, staff, TriageHarness } from './triage.fixtures';

describe('triage routing (PostgreSQL + Redis)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('triage-routing');
  });
  afterAll(async () => h?.close());

  it('routes by country: an EE VAT item never goes to a reviewer without EE', async () => {
    const fi = await staff(h, { countries: ['FI'], categories: ['regulatory'] });
    const ee = await staff(h, { countries: ['EE'], categories: ['regulatory'] });
    const items = await Promise.all(
      [1, 2, 3].map(() => openException(h, { routeKey: 'vat.EE', category: 'regulatory', country: 'EE' })),
    );
    for (const x of items) {
      const row = await waitFor(async () => {
        const r = await exceptionRow(h, x.id);
        return r.assignee_id ? r : null;
      }, 20000);
      expect(row.assignee_id).toBe(ee.id);
      expect(row.status).toBe('assigned');
      expect(row.queue_key).toBe('vat.EE');
      expect(row.sla_due_at).not.toBeNull();
    }
    const fiWork = await get(h, '/v1/me/work', fi);
    expect(fiWork.body.items).toHaveLength(0);
  });

  it('routes by supplier rule to the rule queue and respects capacity', async () => {
    const a = await staff(h, { categories: ['supplier'], capacity: 2 });
    const items = await Promise.all(
      [1, 2, 3].map(() => openException(h, { routeKey: 'po.price-variance', category: 'supplier' })),
    );
    await waitFor(async () => {
      const [{ n }] = await h.ds.query(
        `SELECT count(*)::int AS n FROM exceptions WHERE id = ANY($1) AND sla_due_at IS NOT NULL`,
        [items.map((i) => i.id)],
      );
      return n === 3;
    }, 20000);
    await routingDrained(h); // assignment follows the SLA plan in the same job
    const rows = await Promise.all(items.map((i) => exceptionRow(h, i.id)));
    expect(rows.every((r) => r.queue_key === 'po.price-variance')).toBe(true);
    expect(rows.filter((r) => r.assignee_id === a.id)).toHaveLength(2); // capacity 2
    expect(rows.filter((r) => r.assignee_id === null && r.status === 'open')).toHaveLength(1);
    const queues = await get(h, '/v1/queues', a);
    const q = queues.body.items.find((x: any) => x.key === 'po.price-variance');
    expect(q.stats).toMatchObject({ open: 3, unassigned: 1, atRisk: 0, breached: 0 });
  });

  it('gives waiting work to a reviewer who comes online, and to one whose capacity frees', async () => {
    const lv = await staff(h, { countries: ['LV'], categories: ['data-quality'], availability: 'off', capacity: 1 });
    const items = [
      await openException(h, { routeKey: 'data.LV', category: 'data-quality', country: 'LV' }),
      await openException(h, { routeKey: 'data.LV', category: 'data-quality', country: 'LV' }),
    ];
    await waitFor(async () => (await exceptionRow(h, items[1].id)).sla_due_at, 20000);
    await routingDrained(h);
    expect((await exceptionRow(h, items[0].id)).assignee_id).toBeNull();

    const res = await h.api.inject({
      method: 'PATCH',
      url: '/v1/reviewers/me',
      headers: lv.auth,
      payload: { availability: 'online' },
    });
    expect(res.statusCode).toBe(200);
    const first = await waitFor(async () => {
      const rows = await Promise.all(items.map((i) => exceptionRow(h, i.id)));
      return rows.find((r) => r.assignee_id === lv.id);
    }, 20000);
    const other = items.find((i) => i.id !== first.id)!;
    expect((await exceptionRow(h, other.id)).assignee_id).toBeNull(); // capacity 1

    const done = await h.api.inject({
      method: 'POST',
      url: `/v1/exceptions/${first.id}/resolve`,
      headers: lv.auth,
      payload: { decision: 'reject', reason: 'wrong VAT' },
    });
    expect(done.statusCode).toBe(200);
    await waitFor(async () => (await exceptionRow(h, other.id)).assignee_id === lv.id, 20000);
  });

  it('leaves an item unassigned when nobody fits (off-hours reviewer in their own time zone)', async () => {
    // 09:00Z is 10:00 in Warsaw; a reviewer whose hours are 14:00-22:00 there is not available now.
    await staff(h, {
      countries: ['PL'],
      categories: ['regulatory'],
      timeZone: 'Europe/Warsaw',
      workingHours: { days: [1, 2, 3, 4, 5], start: '14:00', end: '22:00' },
    });
    const x = await openException(h, { routeKey: 'vat.PL', category: 'regulatory', country: 'PL' });
    await waitFor(async () => (await exceptionRow(h, x.id)).sla_due_at, 20000);
    await routingDrained(h);
    const row = await exceptionRow(h, x.id);
    expect(row.assignee_id).toBeNull();
    expect(row.status).toBe('open');
  });
});
