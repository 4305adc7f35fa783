import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { ChaosRepository } from '../../scripts/chaos/repositories/chaos.repository';

describe('ChaosRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: ChaosRepository;

  beforeAll(async () => {
    db = await openTestDatabase('chaosrepo');
    repo = new ChaosRepository(db.ds);
  });
  afterAll(() => db?.close());

  const invoice = async (integrationId: string, number: string, status: string): Promise<string> =>
    (
      await db.ds.query(
        `INSERT INTO invoices (integration_id, source, format, status, invoice_number, canonical)
         VALUES ($1, 'api', 'json', $2, $3, '{}') RETURNING id`,
        [integrationId, status, number],
      )
    )[0].id;
  const verdict = (invoiceId: string, run: number) =>
    db.ds.query(
      `INSERT INTO audit_events (aggregate_type, aggregate_id, action, actor_type, data)
       VALUES ('invoice', $1, 'validated_ready', 'system', jsonb_build_object('run', $2::int))`,
      [invoiceId, run],
    );

  it('tallies lost, duplicated and failed invoices of a run', async () => {
    const { id: integrationId } = await createIntegration(db.ds, 'chaos');
    const { id: otherIntegration } = await createIntegration(db.ds, 'other');
    const ready = await invoice(integrationId, 'C-1', 'ready');
    const twice = await invoice(integrationId, 'C-2', 'in_review');
    const stuck = await invoice(integrationId, 'C-3', 'validating');
    const failed = await invoice(integrationId, 'C-4', 'failed');
    await invoice(integrationId, 'C-1', 'ready'); // the same number stored twice
    await invoice(otherIntegration, 'C-1', 'ready'); // another integration's: not this run's
    await verdict(ready, 1);
    await verdict(twice, 1);
    await verdict(twice, 1); // two verdicts for one validation run
    await verdict(failed, 1);
    await verdict(failed, 2); // a second run is no duplicate
    const never = '00000000-0000-4000-8000-000000000001'; // accepted, never stored
    expect(await repo.tally([ready, twice, stuck, failed, never], integrationId)).toEqual({
      rows: 5,
      lost: 2,
      dupVerdicts: 1,
      dupRows: 1,
      failed: 1,
    });
  });
});
