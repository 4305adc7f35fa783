import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration, createStaffUser } from '@app/testing';
import { ensureDefaultQueues } from '@app/triage';
import { ScaleOutRepository } from '../../scripts/scale-out/repositories/scale-out.repository';

const ALWAYS = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', holidays: [] };

describe('ScaleOutRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: ScaleOutRepository;
  let integrationId: string;
  let seq = 0;

  beforeAll(async () => {
    db = await openTestDatabase('scaleoutrepo');
    repo = new ScaleOutRepository(db.ds);
    await ensureDefaultQueues(db.ds);
    integrationId = (await createIntegration(db.ds)).id;
  });
  afterAll(() => db?.close());

  const invoice = async (n: string): Promise<string> =>
    (
      await db.ds.query(
        `INSERT INTO invoices (integration_id, source, format, status, invoice_number, canonical)
         VALUES ($1, 'api', 'json', 'in_review', $2, '{}') RETURNING id`,
        [integrationId, n],
      )
    )[0].id;
  const exception = async (
    invoiceId: string,
    warnAt: string | null,
    warnedAt: string | null,
    resolvedAt: string | null,
  ) =>
    (
      await db.ds.query(
        `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, status, sla_warn_at, sla_warned_at, resolved_at)
         VALUES ($1, $6, 'supplier.bank-account', 'supplier', $5, $2, $3, $4) RETURNING id`,
        [invoiceId, warnAt, warnedAt, resolvedAt, resolvedAt ? 'resolved' : 'open', `supplier.bank-account.${++seq}`],
      )
    )[0].id;
  const audit = (type: string, id: string, action: string, from: string | null = null, to: string | null = null) =>
    db.ds.query(
      `INSERT INTO audit_events (aggregate_type, aggregate_id, action, from_state, to_state, actor_type) VALUES ($1,$2,$3,$4,$5,'system')`,
      [type, id, action, from, to],
    );

  it('times the bank-account queue and keeps reviewers on shift round the clock', async () => {
    await repo.timeBankAccountQueue(ALWAYS);
    expect(
      await db.ds.query(
        `SELECT sla_minutes, warn_at_share::text AS share, calendar, time_zone FROM review_queues WHERE key = 'supplier.bank-account'`,
      ),
    ).toEqual([{ sla_minutes: 1, share: '0.05', calendar: ALWAYS, time_zone: 'UTC' }]);
    const u = await createStaffUser(db.ds, { role: 'reviewer' });
    await repo.setWorkingHours(u.id, ALWAYS);
    expect(await db.ds.query(`SELECT working_hours FROM reviewers WHERE id = $1`, [u.id])).toEqual([
      { working_hours: ALWAYS },
    ]);
  });

  it('counts invoices validated twice and not at all', async () => {
    const [once, twice, none] = [await invoice('V-1'), await invoice('V-2'), await invoice('V-3')];
    await audit('invoice', once, 'validated_ready');
    await audit('invoice', twice, 'validated_ready');
    await audit('invoice', twice, 'validated_in_review');
    await audit('invoice', none, 'received');
    expect(await repo.verdicts([once, twice, none])).toEqual({ twice: 1, none: 1 });
  });

  it('finds items taken while held, resolved twice, and SLA warnings lost or fired twice', async () => {
    expect(await repo.lastWarningAt()).toBeNull();
    const inv = await invoice('S-1');
    const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    const lost = await exception(inv, ago(60), null, null);
    const warned = await exception(inv, ago(60), ago(59), null);
    const early = await exception(inv, ago(60), null, ago(61)); // resolved before its warning was due
    await exception(inv, new Date(Date.now() + 60_000).toISOString(), null, null); // not due yet
    await audit('exception', warned, 'sla_warning');
    await audit('exception', warned, 'sla_warning');
    expect(await repo.warnings()).toEqual({ due: 2, lost: 1, twice: 1 });
    expect(new Date((await repo.lastWarningAt())!).getTime()).toBeGreaterThan(Date.now());

    await audit('exception', lost, 'assigned', 'open', 'assigned');
    await audit('exception', lost, 'assigned', 'open', 'assigned'); // taken again while held
    await audit('exception', warned, 'assigned', 'open', 'assigned');
    await audit('exception', warned, 'released', 'assigned', 'open');
    await audit('exception', warned, 'assigned', 'open', 'assigned'); // taken again after release: fine
    expect(await repo.heldTwice()).toBe(1);
    await audit('exception', early, 'resolved', 'assigned', 'resolved');
    await audit('exception', early, 'resolved', 'assigned', 'resolved');
    await audit('exception', warned, 'resolved', 'assigned', 'resolved');
    expect(await repo.resolvedTwice()).toBe(1);
  });
});
