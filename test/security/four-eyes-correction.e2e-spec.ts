import { JobProducer, QueueName } from '@app/queueing';
import { waitFor } from '@app/testing';
import { bootTriage, exceptionRow, openException, post, staff, TriageHarness } from '../triage.fixtures';

/** A correction changes what gets paid; on a four-eyes item it needs a second person like an approval does. */
describe('four eyes covers corrections', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('foureyes-correct', { worker: false });
  });
  afterAll(async () => h?.close());

  const invoice = async (id: string) =>
    (await h.ds.query(`SELECT status, canonical, validation_runs FROM invoices WHERE id = $1`, [id]))[0];

  it('holds a correction on a bank-account item until a different person approves it', async () => {
    const a = await staff(h, { categories: ['supplier'], availability: 'off' });
    const b = await staff(h, { categories: ['supplier'], availability: 'off' });
    const x = await openException(h, {
      routeKey: 'supplier.bank-account',
      category: 'supplier',
      amount: '120.00',
      enqueue: false,
    });
    expect((await post(h, `/v1/exceptions/${x.id}/claim`, a)).status).toBe(200);
    const corrections = [{ fieldPath: 'seller.iban', value: 'FI1410093000123458' }];
    const first = await post(h, `/v1/exceptions/${x.id}/resolve`, a, {
      decision: 'correct',
      reason: 'supplier sent the new account',
      corrections,
    });
    expect(first.status).toBe(200);
    expect(first.body.exception).toMatchObject({
      status: 'awaiting_second_approval',
      decision: 'correct',
      firstApproverId: a.id,
      proposedCorrections: corrections,
    });
    expect(first.body.revalidationRun).toBeUndefined();
    // Nothing changed yet: the invoice still holds its old content and stays in review.
    let inv = await invoice(x.invoiceId);
    expect(inv).toMatchObject({ status: 'in_review', validation_runs: 1 });
    expect(inv.canonical.seller?.iban).toBeUndefined();

    expect((await post(h, `/v1/exceptions/${x.id}/approve-second`, a)).status).toBe(403);
    expect(
      (await post(h, `/v1/exceptions/${x.id}/resolve`, a, { decision: 'correct', reason: 'again', corrections }))
        .status,
    ).toBe(403);

    expect((await post(h, `/v1/exceptions/${x.id}/claim`, b)).status).toBe(200);
    // The second person approves or rejects the proposal; a different correction of their own would again be one person's.
    const own = await post(h, `/v1/exceptions/${x.id}/resolve`, b, {
      decision: 'correct',
      reason: 'mine',
      corrections: [{ fieldPath: 'seller.iban', value: 'EE382200221020145685' }],
    });
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('FOUR_EYES_PROPOSAL_PENDING');

    const second = await post(h, `/v1/exceptions/${x.id}/approve-second`, b, { reason: 'called the supplier back' });
    expect(second.status).toBe(200);
    expect(second.body.exception).toMatchObject({
      status: 'resolved',
      decision: 'correct',
      resolvedBy: b.id,
      firstApproverId: a.id,
    });
    expect(second.body).toMatchObject({ invoiceStatus: 'validating', revalidationRun: 2 });
    inv = await invoice(x.invoiceId);
    expect(inv.status).toBe('validating');
    expect(inv.canonical.seller.iban).toBe('FI1410093000123458');
    const job = await waitFor(
      () => h.api.get(JobProducer).queue(QueueName.InvoiceValidate).getJob(`validate-${x.invoiceId}-2`),
      3000,
    );
    expect(job.data).toEqual({ invoiceId: x.invoiceId, run: 2 });
    const trail = await h.ds.query(
      `SELECT action, actor_id, data FROM audit_events WHERE aggregate_id = $1 AND action IN ('first_approval','second_approval') ORDER BY occurred_at`,
      [x.id],
    );
    expect(trail.map((t: { action: string; actor_id: string }) => [t.action, t.actor_id])).toEqual([
      ['first_approval', a.id],
      ['second_approval', b.id],
    ]);
    expect(trail[0].data).toMatchObject({ decision: 'correct', corrections });
    expect(trail[1].data).toMatchObject({
      decision: 'correct',
      changes: [{ fieldPath: 'seller.iban', to: 'FI1410093000123458' }],
    });
  });

  it('applies a proposed correction when the second reviewer resolves with approve, and lets them reject it instead', async () => {
    const a = await staff(h, { countries: ['DK'], categories: ['regulatory'], availability: 'off' });
    const b = await staff(h, { countries: ['DK'], categories: ['regulatory'], availability: 'off' });
    const big = await openException(h, {
      routeKey: 'vat.DK',
      category: 'regulatory',
      country: 'DK',
      amount: '75000.00',
      enqueue: false,
    });
    await post(h, `/v1/exceptions/${big.id}/claim`, a);
    const proposed = await post(h, `/v1/exceptions/${big.id}/resolve`, a, {
      decision: 'correct',
      reason: 'rate',
      corrections: [{ fieldPath: 'lines[0].vatRate', value: '25' }],
    });
    expect(proposed.body.exception.status).toBe('awaiting_second_approval');
    await post(h, `/v1/exceptions/${big.id}/claim`, b);
    const done = await post(h, `/v1/exceptions/${big.id}/resolve`, b, { decision: 'approve', reason: 'right rate' });
    expect(done.status).toBe(200);
    expect(done.body.exception).toMatchObject({ status: 'resolved', decision: 'correct' });
    expect((await invoice(big.invoiceId)).canonical.lines[0].vatRate).toBe('25');

    const other = await openException(h, {
      routeKey: 'vat.DK',
      category: 'regulatory',
      country: 'DK',
      amount: '80000.00',
      enqueue: false,
    });
    await post(h, `/v1/exceptions/${other.id}/claim`, a);
    await post(h, `/v1/exceptions/${other.id}/resolve`, a, {
      decision: 'correct',
      reason: 'rate',
      corrections: [{ fieldPath: 'lines[0].vatRate', value: '0' }],
    });
    await post(h, `/v1/exceptions/${other.id}/claim`, b);
    const rejected = await post(h, `/v1/exceptions/${other.id}/resolve`, b, {
      decision: 'reject',
      reason: 'zero rate is wrong',
    });
    expect(rejected.body.exception).toMatchObject({ status: 'resolved', decision: 'reject' });
    expect((await invoice(other.invoiceId)).canonical.lines[0].vatRate).toBe('25.5');
    expect((await exceptionRow(h, other.id)).status).toBe('resolved');
  });

  it('still corrects at once where four eyes does not apply', async () => {
    const r = await staff(h, { countries: ['DK'], categories: ['regulatory'], availability: 'off' });
    const small = await openException(h, {
      routeKey: 'vat.DK',
      category: 'regulatory',
      country: 'DK',
      amount: '100.00',
      enqueue: false,
    });
    await post(h, `/v1/exceptions/${small.id}/claim`, r);
    const res = await post(h, `/v1/exceptions/${small.id}/resolve`, r, {
      decision: 'correct',
      reason: 'rate',
      corrections: [{ fieldPath: 'lines[0].vatRate', value: '25' }],
    });
    expect(res.body).toMatchObject({
      invoiceStatus: 'validating',
      revalidationRun: 2,
      exception: { status: 'resolved' },
    });
  });
});
