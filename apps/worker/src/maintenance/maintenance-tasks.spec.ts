import { EnvironmentVariables } from '@app/config';
import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { OutboxRelayService } from '@app/queueing';
import { createIntegration, insertInvoice } from '@app/testing';
import { maintenanceTasksProvider } from './maintenance-tasks';

describe('maintenance tasks: outbox retention (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('maintenance_outbox');
  });
  afterAll(() => db?.close());

  it('deletes the dispatched records older than OUTBOX_RETENTION_HOURS every ten minutes, and nothing else', async () => {
    const cfg = Object.assign(new EnvironmentVariables(), { OUTBOX_RETENTION_HOURS: 24 });
    const relay = new OutboxRelayService(db.ds, {} as never); // pruning enqueues nothing
    const tasks = maintenanceTasksProvider.useFactory({} as never, {} as never, {} as never, relay, cfg);
    expect(tasks.outbox.everySeconds).toBe(600);

    const { id: integration } = await createIntegration(db.ds, 'erp');
    const invoice = (await insertInvoice(db.ds, { integration_id: integration })).id;
    const add = async (ageHours: number, dispatched: boolean) =>
      String(
        (
          await db.ds.query(
            `INSERT INTO outbox (topic, aggregate_id, created_at, dispatched_at)
             VALUES ('invoice.received', $1, now() - make_interval(hours => $2), CASE WHEN $3 THEN now() END) RETURNING id`,
            [invoice, ageHours, dispatched],
          )
        )[0].id,
      );
    await add(30, true);
    await add(25, true);
    const pendingOld = await add(26, false);
    const recent = await add(23, true);

    expect(await tasks.outbox.run()).toBe(2);
    const left = (await db.ds.query(`SELECT id::text AS id FROM outbox ORDER BY id`)).map((r: { id: string }) => r.id);
    expect(left).toEqual([pendingOld, recent]);
    expect(await tasks.outbox.run()).toBe(0);
  });
});
