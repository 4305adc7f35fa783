import { bootTriage, exceptionRow, get, openException, post, staff, TriageHarness } from './triage.fixtures';

/** Reason codes: a configurable list, checked per decision, stored with the decision and in its audit event. */
describe('decision reason codes (PostgreSQL)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('reason-codes', { worker: false });
  });
  afterAll(async () => h?.close());

  const put = async (who: { auth: Record<string, string> }, code: string, payload: unknown) => {
    const res = await h.api.inject({
      method: 'PUT',
      url: `/v1/reason-codes/${code}`,
      headers: who.auth,
      payload: payload as object,
    });
    return { status: res.statusCode, body: res.json() };
  };

  it('lists the shipped codes; a manager adds and retires one (audited); a reviewer may not', async () => {
    const reviewer = await staff(h, { categories: ['supplier'] });
    const manager = await staff(h, { role: 'manager' });
    const list = await get(h, '/v1/reason-codes', reviewer);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { code: string }) => c.code)).toEqual(
      expect.arrayContaining(['price-agreed-by-buyer', 'credit-note-requested']),
    );
    expect((await put(reviewer, 'goodwill', { label: 'Goodwill', decisions: ['approve'] })).status).toBe(403);
    expect(
      (await put(manager, 'goodwill', { label: 'Goodwill', decisions: ['approve', 'pay'] })).body.error,
    ).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'decisions' }] });
    expect((await put(manager, 'goodwill', { label: 'Goodwill accepted', decisions: ['approve'] })).status).toBe(200);
    expect(
      (await get(h, '/v1/reason-codes', reviewer)).body.items.some((c: { code: string }) => c.code === 'goodwill'),
    ).toBe(true);
    expect(
      (await put(manager, 'goodwill', { label: 'Goodwill accepted', decisions: ['approve'], active: false })).body
        .active,
    ).toBe(false);
    expect(
      (await get(h, '/v1/reason-codes', reviewer)).body.items.some((c: { code: string }) => c.code === 'goodwill'),
    ).toBe(false);
    const audit = await h.ds.query(
      `SELECT action, actor_id FROM audit_events WHERE action LIKE 'reason_code_%' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: 'reason_code_created', actor_id: manager.id },
      { action: 'reason_code_updated', actor_id: manager.id },
    ]);
  });

  it('stores the code with the decision and in the audit; refuses a code that does not fit the decision', async () => {
    const reviewer = await staff(h, { categories: ['supplier'], availability: 'off' });
    const x = await openException(h, { routeKey: 'po.price-variance', category: 'supplier', enqueue: false });
    expect((await post(h, `/v1/exceptions/${x.id}/claim`, reviewer)).status).toBe(200);
    const wrong = await post(h, `/v1/exceptions/${x.id}/resolve`, reviewer, {
      decision: 'approve',
      reason: 'ok',
      reasonCode: 'credit-note-requested',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 'REASON_CODE_NOT_FOR_DECISION',
      details: [{ path: 'reasonCode', expected: 'return_to_supplier|reject', actual: 'approve' }],
    });
    expect(
      (
        await post(h, `/v1/exceptions/${x.id}/resolve`, reviewer, {
          decision: 'approve',
          reason: 'ok',
          reasonCode: 'nope',
        })
      ).body.error.code,
    ).toBe('UNKNOWN_REASON_CODE');
    const ok = await post(h, `/v1/exceptions/${x.id}/resolve`, reviewer, {
      decision: 'approve',
      reason: 'buyer confirmed by mail',
      reasonCode: 'price-agreed-by-buyer',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.exception).toMatchObject({
      status: 'resolved',
      decision: 'approve',
      decisionReasonCode: 'price-agreed-by-buyer',
      decisionReason: 'buyer confirmed by mail',
    });
    expect((await exceptionRow(h, x.id)).decision_reason_code).toBe('price-agreed-by-buyer');
    const [ev] = await h.ds.query(
      `SELECT data->>'reasonCode' AS code, reason FROM audit_events WHERE aggregate_id = $1 AND action = 'resolved'`,
      [x.id],
    );
    expect(ev).toEqual({ code: 'price-agreed-by-buyer', reason: 'buyer confirmed by mail' });
    const detail = await get(h, `/v1/exceptions/${x.id}`, reviewer);
    expect(detail.body.history.find((e: { action: string }) => e.action === 'resolved')).toMatchObject({
      actorName: expect.any(String),
      data: { reasonCode: 'price-agreed-by-buyer' },
    });
  });
});
