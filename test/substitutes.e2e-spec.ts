import { triageClock } from '@app/triage';
import { bootTriage, exceptionRow, openException, routingDrained, staff, TriageHarness } from './triage.fixtures';

/** Substitutes by the controllable clock: going away hands held work over, coming back returns it. */
describe('substitutes (PostgreSQL + Redis, controllable clock)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('substitutes');
  });
  afterAll(async () => h?.close());

  const patch = async (who: { auth: Record<string, string> }, id: string, payload: Record<string, unknown>) => {
    const res = await h.api.inject({ method: 'PATCH', url: `/v1/reviewers/${id}`, headers: who.auth, payload });
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };

  it('hands held work to the named substitute, then by rule, and returns it when the reviewer is back', async () => {
    triageClock.set('2026-11-25T09:00:00Z'); // Wednesday 11:00 in Tallinn
    const manager = await staff(h, { role: 'manager' });
    const day = { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' };
    const anna = await staff(h, { countries: ['LV'], categories: ['regulatory'], capacity: 5, workingHours: day });
    const items = [];
    for (let i = 0; i < 4; i++)
      items.push(await openException(h, { routeKey: 'vat.LV', category: 'regulatory', country: 'LV' }));
    await routingDrained(h);
    for (const x of items) expect((await exceptionRow(h, x.id)).assignee_id).toBe(anna.id);

    // Substitutes come online: Berit (named, room for 2), Carl (by rule), Dora (Tallinn evening shift: not at work now).
    const berit = await staff(h, { countries: ['LV'], categories: ['regulatory'], capacity: 2, workingHours: day });
    const carl = await staff(h, { countries: ['LV'], categories: ['regulatory'], capacity: 1, workingHours: day });
    const late = { days: [1, 2, 3, 4, 5], start: '18:00', end: '23:00' };
    const dora = await staff(h, { countries: ['LV'], categories: ['regulatory'], capacity: 9, workingHours: late });
    const noSkills = await staff(h, { countries: ['EE'], categories: ['regulatory'], capacity: 9 });

    expect((await patch(anna, anna.id, { substituteId: berit.id })).status).toBe(403); // a manager's call
    expect((await patch(manager, anna.id, { substituteId: anna.id })).body.error.code).toBe('SUBSTITUTE_IS_SELF');
    const set = await patch(manager, anna.id, { substituteId: berit.id, returnOnComeback: true });
    expect(set.body).toMatchObject({ substituteId: berit.id, returnOnComeback: true });

    triageClock.set('2026-11-25T10:00:00Z');
    expect((await patch(anna, 'me', { availability: 'away' })).status).toBe(200);
    const holders = await Promise.all(items.map(async (x) => (await exceptionRow(h, x.id)).assignee_id));
    expect(holders.filter((id) => id === berit.id)).toHaveLength(2); // the named substitute, up to capacity
    expect(holders.filter((id) => id === carl.id)).toHaveLength(1); // then the rule: skills, at work, room
    expect(holders.filter((id) => id === null)).toHaveLength(1); // nobody left: back to the queue
    expect(holders).not.toContain(dora.id);
    expect(holders).not.toContain(noSkills.id);
    const handed = await h.ds.query(
      `SELECT action, actor_id, reason, data FROM audit_events WHERE action = 'handed_over' AND aggregate_id = ANY($1) ORDER BY id`,
      [items.map((x) => x.id)],
    );
    expect(handed).toHaveLength(4);
    expect(handed.every((a: { actor_id: string }) => a.actor_id === anna.id)).toBe(true);
    expect(handed.every((a: { data: { substituteFor: string } }) => a.data.substituteFor === anna.id)).toBe(true);

    // Berit decides one of hers; Anna comes back the next morning: the undecided items return to her.
    const beritItem = items.find((_, i) => holders[i] === berit.id)!;
    const decided = await h.api.inject({
      method: 'POST',
      url: `/v1/exceptions/${beritItem.id}/resolve`,
      headers: berit.auth,
      payload: { decision: 'approve', reason: 'checked' },
    });
    expect(decided.statusCode).toBe(200);
    await routingDrained(h);
    triageClock.set('2026-11-26T07:00:00Z');
    expect((await patch(anna, 'me', { availability: 'online' })).status).toBe(200);
    const after = await Promise.all(items.map(async (x) => exceptionRow(h, x.id)));
    const annaHas = after.filter((r) => r.assignee_id === anna.id).map((r) => r.id);
    expect(annaHas).toHaveLength(2); // Berit's other item and Carl's; the decided one stays decided
    expect(after.find((r) => r.id === beritItem.id).status).toBe('resolved');
    const [{ n }] = await h.ds.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'handed_back' AND aggregate_id = ANY($1)`,
      [items.map((x) => x.id)],
    );
    expect(n).toBe(2);
    const [{ open }] = await h.ds.query(
      `SELECT count(*)::int AS open FROM reviewer_handovers WHERE from_reviewer = $1 AND returned_at IS NULL`,
      [anna.id],
    );
    expect(open).toBe(0);
  });

  it('keeps handed-over work with the substitute when the reviewer chose so', async () => {
    triageClock.set('2026-11-25T09:00:00Z');
    const manager = await staff(h, { role: 'manager' });
    const erik = await staff(h, { countries: ['NO'], categories: ['data-quality'], capacity: 3 });
    const x = await openException(h, { routeKey: 'data.NO', country: 'NO' });
    await routingDrained(h);
    expect((await exceptionRow(h, x.id)).assignee_id).toBe(erik.id);
    const frida = await staff(h, { countries: ['NO'], categories: ['data-quality'], capacity: 3 });
    await patch(manager, erik.id, { substituteId: frida.id, returnOnComeback: false });
    await patch(manager, erik.id, { availability: 'off' });
    expect((await exceptionRow(h, x.id)).assignee_id).toBe(frida.id);
    triageClock.set('2026-11-25T12:00:00Z');
    await patch(manager, erik.id, { availability: 'online' });
    expect((await exceptionRow(h, x.id)).assignee_id).toBe(frida.id);
  });
});
