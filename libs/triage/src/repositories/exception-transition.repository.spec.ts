import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { TriageFixtures } from '../testing/triage-fixtures';
import { lockException } from './exception.repository';
import { applyTransition } from './exception-transition.repository';
import { pauseSla } from './sla-pause.repository';

describe('exception transitions (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  const t0 = new Date('2026-11-25T09:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const staff = (id: string) => ({ type: 'staff' as const, id });

  beforeAll(async () => {
    db = await openTestDatabase('triage_transition_repo');
    fx = await new TriageFixtures(db.ds).init();
    await fx.queue('vat.FI');
  });
  afterAll(() => db?.close());

  const move = (id: string, t: Parameters<typeof applyTransition>[2]) =>
    db.ds.transaction(async (em) => applyTransition(em, (await lockException(em, id))!, t));

  it('assigns, reassigns and resolves: holder, work periods, handle time, version and audit change together', async () => {
    const [a, b] = [await fx.reviewer(), await fx.reviewer()];
    const id = await fx.exception(await fx.invoice(), 'vat.FI');

    const assigned = await move(id, {
      action: 'assign',
      actor: staff(a),
      now: at(0),
      assigneeId: a,
      auditAction: 'claimed',
    });
    expect(assigned).toMatchObject({ status: 'assigned', assignee_id: a, version: 2 });
    expect(assigned.claimed_at).toEqual(at(0));
    expect(assigned.first_claimed_at).toEqual(at(0));
    const [{ last_assigned_at }] = await db.ds.query(`SELECT last_assigned_at FROM reviewers WHERE id = $1`, [a]);
    expect(last_assigned_at).toEqual(at(0));

    const moved = await move(id, { action: 'reassign', actor: staff(a), now: at(60), assigneeId: b });
    expect(moved).toMatchObject({ status: 'assigned', assignee_id: b, handle_seconds: '60' });
    expect(moved.first_claimed_at).toEqual(at(0)); // the first claim stays the first

    const resolved = await move(id, {
      action: 'resolve',
      actor: staff(b),
      now: at(150),
      set: { decision: 'approve', resolved_by: b, resolved_at: at(150) },
      reason: 'ok',
    });
    expect(resolved).toMatchObject({ status: 'resolved', assignee_id: null, claimed_at: null, decision: 'approve' });
    expect(resolved.handle_seconds).toBe('150');
    expect(resolved.version).toBe(4);

    const periods = await db.ds.query(
      `SELECT reviewer_id, ended_at IS NOT NULL AS ended FROM exception_work_periods WHERE exception_id = $1 ORDER BY id`,
      [id],
    );
    expect(periods).toEqual([
      { reviewer_id: a, ended: true },
      { reviewer_id: b, ended: true },
    ]);
    const audit = await db.ds.query(
      `SELECT action, from_state, to_state, actor_id, reason, data FROM audit_events WHERE aggregate_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit).toEqual([
      {
        action: 'claimed',
        from_state: 'open',
        to_state: 'assigned',
        actor_id: a,
        reason: null,
        data: { from: null, to: a },
      },
      {
        action: 'reassign',
        from_state: 'assigned',
        to_state: 'assigned',
        actor_id: a,
        reason: null,
        data: { from: a, to: b },
      },
      {
        action: 'resolve',
        from_state: 'assigned',
        to_state: 'resolved',
        actor_id: b,
        reason: 'ok',
        data: { from: b, to: null },
      },
    ]);
  });

  it('refuses a move the state machine does not allow, and a held status without a holder, writing nothing', async () => {
    const id = await fx.exception(await fx.invoice(), 'vat.FI');
    await expect(move(id, { action: 'resolve', actor: staff('x'), now: at(0) })).rejects.toThrow();
    await expect(move(id, { action: 'assign', actor: staff('x'), now: at(0) })).rejects.toThrow(/needs an assignee/);
    expect(await fx.auditActions(id)).toEqual([]);
    const [row] = await db.ds.query(`SELECT status, version FROM exceptions WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'open', version: 1 });
  });

  it('closing a paused item ends its pause first', async () => {
    const a = await fx.reviewer();
    const id = await fx.exception(await fx.invoice(), 'vat.FI', {
      assigneeId: a,
      slaStartedAt: at(0),
      slaDueAt: at(3600),
    });
    await db.ds.transaction(async (em) =>
      pauseSla(em, (await lockException(em, id))!, {
        waitingFor: 'supplier',
        reason: 'asked',
        actor: staff(a),
        now: at(10),
      }),
    );
    const closed = await move(id, { action: 'supersede', actor: staff(a), now: at(70) });
    expect(closed).toMatchObject({ status: 'superseded', sla_paused_at: null, sla_paused_seconds: '60' });
    expect(await fx.auditActions(id)).toEqual(['sla_paused', 'sla_resumed', 'supersede']);
  });
});
