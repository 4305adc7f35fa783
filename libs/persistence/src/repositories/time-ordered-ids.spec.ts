import { insertException, insertInvoice, UUID_V7, uuidV7Ms } from '@app/testing';
import { openTestDatabase, TestDatabase } from '../testing';

/**
 * The rows the pipeline writes by the thousand get time-ordered ids (UUID version 7: the first 48 bits are
 * the time in ms), so that the primary key and every index led by the id grow at their right edge instead of
 * at a random page. Invoice ids are made at intake (newInvoiceId); findings and exceptions take theirs from
 * the column default, uuid_time_ordered().
 */
describe('time-ordered ids (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('time_ordered_ids');
  });
  afterAll(() => db.close());

  it('uuid_time_ordered() makes distinct version-7 ids stamped with the current time', async () => {
    const [{ ids, now }] = await db.ds.query(
      `SELECT array_agg(uuid_time_ordered()::text) AS ids, (extract(epoch FROM clock_timestamp()) * 1000)::bigint::text AS now
       FROM generate_series(1, 2000)`,
    );
    expect(new Set(ids).size).toBe(2000);
    expect(ids.filter((id: string) => !UUID_V7.test(id))).toEqual([]);
    for (const id of [ids[0], ids[1999]]) expect(Math.abs(uuidV7Ms(id) - Number(now))).toBeLessThan(5_000);
  });

  it('gives exceptions and findings ids that ascend with the time they are written', async () => {
    const invoice = await insertInvoice(db.ds);
    const exceptions: string[] = [];
    const findings: string[] = [];
    for (let i = 0; i < 3; i++) {
      exceptions.push(String((await insertException(db.ds, { invoice_id: invoice.id, route_key: `data.R${i}` })).id));
      const [f] = await db.ds.query(
        `INSERT INTO findings (invoice_id, validation_run, rule_id, severity, category, field_path, message, route_key)
         VALUES ($1, 1, 'BR-01', 'blocking', 'data', 'invoiceNumber', 'm', 'data.FI') RETURNING id`,
        [invoice.id],
      );
      findings.push(f.id);
      await db.ds.query(`SELECT pg_sleep(0.005)`);
    }
    for (const ids of [exceptions, findings]) {
      expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
      expect([...ids].sort()).toEqual(ids);
    }
  });
});
