import { DataSource } from 'typeorm';
import { TriageRoutingService } from '../apps/worker/src/triage/triage-routing.service';
import { exceptionRow, openException, staff, TriageHarness, bootTriage } from './triage.fixtures';

/**
 * Concurrent route jobs are routed as a group: their SLA and priority planned in one transaction, one
 * statement to find which of them any reviewer could take; the push itself is unchanged (skills,
 * capacity, exclusions).
 */
describe('triage routing in groups (PostgreSQL + Redis)', () => {
  let h: TriageHarness;
  let routing: TriageRoutingService;
  let transactions = 0;

  const items = async (n: number, routeKey: string, category: string) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await openException(h, { routeKey, category, enqueue: false })).id);
    return out;
  };
  const audits = async (ids: string[], action: string) =>
    (
      await h.ds.query(
        `SELECT aggregate_id, count(*)::int AS n FROM audit_events WHERE aggregate_id = ANY($1::uuid[]) AND action = $2 GROUP BY 1`,
        [ids, action],
      )
    ).map((r: { n: number }) => r.n);

  beforeAll(async () => {
    h = await bootTriage('triage-routing-groups');
    routing = h.worker.get(TriageRoutingService);
    const wds = h.worker.get(DataSource);
    const tx = wds.transaction.bind(wds) as (...a: unknown[]) => Promise<unknown>;
    // Routing's transactions (the worker's periodic jobs, e.g. surge detection, open their own).
    jest.spyOn(wds, 'transaction').mockImplementation(((...a: unknown[]) => {
      if (new Error().stack?.includes('TriageRoutingService')) transactions++;
      return tx(...a);
    }) as never);
  });
  afterAll(async () => h?.close());

  it('plans 10 concurrent items nobody can take in one transaction, each once and audited, and leaves them waiting', async () => {
    const ids = await items(10, 'data.LT', 'data-quality');
    transactions = 0;
    const assignees = await Promise.all(ids.map((id) => routing.route(id)));
    expect(assignees).toEqual(Array(10).fill(null));
    expect(transactions).toBe(1);
    for (const id of ids) {
      const row = await exceptionRow(h, id);
      expect(row).toMatchObject({ status: 'open', assignee_id: null });
      expect(row.sla_due_at).not.toBeNull();
      expect(Number(row.priority)).toBeGreaterThan(0);
    }
    expect(await audits(ids, 'routed')).toEqual(Array(10).fill(1));
    // Routed again (a second delivery): the plan stands, nothing is audited twice.
    await Promise.all(ids.map((id) => routing.route(id)));
    expect(await audits(ids, 'routed')).toEqual(Array(10).fill(1));
  });

  it('pushes a group to the reviewer who fits, up to their capacity, never to an excluded one', async () => {
    const a = await staff(h, { categories: ['supplier'], capacity: 2 });
    const ids = await items(3, 'po.quantity-variance', 'supplier');
    const excluded = await items(1, 'po.quantity-variance', 'supplier');
    const out = await Promise.all([
      ...ids.map((id) => routing.route(id)),
      ...excluded.map((id) => routing.route(id, a.id)),
    ]);
    expect(out.slice(0, 3).filter((x) => x === a.id)).toHaveLength(2);
    expect(out.slice(0, 3).filter((x) => x === null)).toHaveLength(1);
    expect(out[3]).toBeNull();
    const rows = await Promise.all([...ids, ...excluded].map((id) => exceptionRow(h, id)));
    expect(rows.filter((r) => r.assignee_id === a.id && r.status === 'assigned')).toHaveLength(2);
    expect(rows.every((r) => r.sla_due_at)).toBe(true);
    expect((await audits([...ids, ...excluded], 'assigned')).reduce((x: number, y: number) => x + y, 0)).toBe(2);
  });
});
