import { explainScans, openTestDatabase, recordingQueries, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { markDispatched, pruneDispatched, readUndispatchedOf, readUndispatchedOlderThan } from './outbox.repository';

describe('outbox repository (PostgreSQL)', () => {
  let db: TestDatabase;
  let integrationId: string;
  let seq = 0;

  /** An invoice with `runs` validation runs and one outbox record of the topic, created `ageSeconds` ago. */
  const record = async (runs = 0, ageSeconds = 0, topic = 'invoice.received') => {
    seq += 1;
    const [inv] = await db.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, canonical, validation_runs)
       VALUES ($1, 'api', 'json', 'received', $2, '{}', $3) RETURNING id`,
      [integrationId, `O-${seq}`, runs],
    );
    const [o] = await db.ds.query(
      `INSERT INTO outbox (topic, aggregate_id, created_at) VALUES ($1, $2, now() - make_interval(secs => $3)) RETURNING id`,
      [topic, inv.id, ageSeconds],
    );
    return { invoiceId: inv.id as string, recordId: String(o.id) };
  };

  beforeAll(async () => {
    db = await openTestDatabase('outbox_repo');
    ({ id: integrationId } = await createIntegration(db.ds, 'outbox'));
  });
  afterAll(() => db?.close());

  it("reads the undispatched 'invoice.received' records of the given invoices with their runs so far", async () => {
    const a = await record(2);
    const b = await record(0, 0, 'invoice.retried');
    const c = await record(0);
    await markDispatched(db.ds, [c.recordId]);
    const rows = await readUndispatchedOf(db.ds, [a.invoiceId, b.invoiceId, c.invoiceId]);
    expect(rows).toEqual([{ id: a.recordId, aggregate_id: a.invoiceId, validation_runs: 2 }]);
  });

  it('finds the records left undispatched longer than the grace time, oldest first, up to the limit', async () => {
    await db.ds.query(`UPDATE outbox SET dispatched_at = now() WHERE dispatched_at IS NULL`);
    const old1 = await record(1, 120);
    const old2 = await record(0, 90, 'invoice.retried');
    const old3 = await record(0, 60);
    await record(0, 1); // within the grace time
    const found = await readUndispatchedOlderThan(db.ds, 30, 10);
    expect(found.map((r) => r.id)).toEqual([old1.recordId, old2.recordId, old3.recordId]);
    expect(found[0]).toEqual({ id: old1.recordId, aggregate_id: old1.invoiceId, validation_runs: 1 });
    expect((await readUndispatchedOlderThan(db.ds, 30, 2)).map((r) => r.id)).toEqual([old1.recordId, old2.recordId]);
    await markDispatched(db.ds, [old1.recordId, old3.recordId]);
    expect((await readUndispatchedOlderThan(db.ds, 30, 10)).map((r) => r.id)).toEqual([old2.recordId]);
  });

  it('deletes dispatched records past their retention, oldest first, and keeps pending and recent ones', async () => {
    await db.ds.query(`DELETE FROM outbox`);
    const day = 86_400;
    const oldDispatched = [await record(0, 9 * day), await record(0, 8 * day), await record(0, 8 * day)];
    const oldPending = await record(0, 8 * day); // never dispatched: the relay still owes it a job
    const recentDispatched = await record(0, 2 * day);
    const pending = await record();
    await markDispatched(
      db.ds,
      [...oldDispatched, recentDispatched].map((r) => r.recordId),
    );
    // Batches of two from the head of the key: the oldest two go; then the third, beside the pending one
    // (the head was all past retention: there may be more); then the head reaches a recent record.
    expect(await pruneDispatched(db.ds, 7 * day, 2)).toEqual({ deleted: 2, more: true });
    expect(await pruneDispatched(db.ds, 7 * day, 2)).toEqual({ deleted: 1, more: true });
    expect(await pruneDispatched(db.ds, 7 * day, 2)).toEqual({ deleted: 0, more: false });
    const left = (await db.ds.query(`SELECT id::text AS id FROM outbox ORDER BY id`)).map((r: { id: string }) => r.id);
    expect(left).toEqual([oldPending.recordId, recentDispatched.recordId, pending.recordId]);
  });

  it('finds what to prune from the head of the key, however many records are kept', async () => {
    await db.ds.query(`DELETE FROM outbox`);
    await db.ds.query(
      `INSERT INTO outbox (topic, aggregate_id, dispatched_at) SELECT 'invoice.received', gen_random_uuid(), now() FROM generate_series(1, 20000)`,
    );
    await db.ds.query(`ANALYZE outbox`);
    const { db: spy, sent } = recordingQueries<typeof db.ds>(db.ds);
    expect(await pruneDispatched(spy, 7 * 86_400, 500)).toEqual({ deleted: 0, more: false });
    const { scans } = await explainScans(db.ds, sent[0]);
    expect(scans).toContain('Index Scan outbox outbox_pkey');
    expect(scans.filter((s) => s.startsWith('Seq Scan outbox'))).toEqual([]);
  });
});
