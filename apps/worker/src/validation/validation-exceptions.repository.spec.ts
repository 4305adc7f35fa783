import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { insertException, insertInvoice, insertQueue } from '@app/testing';
import { ValidationExceptionsRepository } from './validation-exceptions.repository';

describe('ValidationExceptionsRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  const repo = new ValidationExceptionsRepository();

  beforeAll(async () => {
    db = await openTestDatabase('validation_exceptions_repo');
    await insertQueue(db.ds, 'vat.default');
    await insertQueue(db.ds, 'vat.FI');
  });
  afterAll(() => db.close());

  const blocking = (invoiceId: string, run: number, routeKey: string) =>
    db.ds.query(
      `INSERT INTO findings (invoice_id, validation_run, rule_id, severity, category, field_path, message, route_key)
       VALUES ($1, $2, 'R', 'blocking', 'vat', 'p', 'm', $3)`,
      [invoiceId, run, routeKey],
    );

  it("opens exceptions with the invoice's supplier, amount and currency, in the route key's own queue when there is one", async () => {
    const [{ id: supplierId }] = await db.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Acme', 'FI02089088', 'FI') RETURNING id`,
    );
    const inv = await insertInvoice(db.ds, { supplier_id: supplierId, payable: '1255.50', currency: 'EUR' });
    const [own, fallback] = await db.ds.transaction((em) =>
      repo.openForRoutes(em, [
        { invoiceId: inv.id, routeKey: 'vat.FI', category: 'vat', country: 'FI', fallbackQueue: 'vat.default' },
        { invoiceId: inv.id, routeKey: 'vat.EE', category: 'vat', country: null, fallbackQueue: 'vat.default' },
      ]),
    );
    expect(own).toEqual({ id: expect.any(String), inserted: true, status: 'open' });
    expect(fallback.inserted).toBe(true);
    const rows = await db.ds.query(
      `SELECT id, route_key, queue_key, category, country, supplier_id, amount::text, currency, status FROM exceptions WHERE invoice_id = $1 ORDER BY route_key`,
      [inv.id],
    );
    expect(rows).toEqual([
      {
        id: fallback.id,
        route_key: 'vat.EE',
        queue_key: 'vat.default',
        category: 'vat',
        country: null,
        supplier_id: supplierId,
        amount: '1255.50',
        currency: 'EUR',
        status: 'open',
      },
      {
        id: own.id,
        route_key: 'vat.FI',
        queue_key: 'vat.FI',
        category: 'vat',
        country: 'FI',
        supplier_id: supplierId,
        amount: '1255.50',
        currency: 'EUR',
        status: 'open',
      },
    ]);
  });

  it('returns the existing exception of a route key, not inserted, with its status untouched, in the order asked', async () => {
    const inv = await insertInvoice(db.ds);
    const existing = await insertException(db.ds, {
      invoice_id: inv.id,
      route_key: 'vat.FI',
      queue_key: 'vat.FI',
      status: 'resolved',
    });
    const other = await insertInvoice(db.ds);
    const [fresh, again] = await db.ds.transaction((em) =>
      repo.openForRoutes(em, [
        { invoiceId: other.id, routeKey: 'vat.FI', category: 'vat', country: 'FI', fallbackQueue: 'vat.default' },
        { invoiceId: inv.id, routeKey: 'vat.FI', category: 'vat', country: 'FI', fallbackQueue: 'vat.default' },
      ]),
    );
    expect(fresh).toEqual({ id: expect.any(String), inserted: true, status: 'open' });
    expect(fresh.id).not.toBe(existing.id);
    expect(again).toEqual({ id: existing.id, inserted: false, status: 'resolved' });
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM exceptions WHERE invoice_id = $1`, [inv.id])).toEqual([
      { n: 1 },
    ]);
  });

  it('finds the active exceptions whose route key no longer fails in the latest run, by id', async () => {
    const inv = await insertInvoice(db.ds, { validation_runs: 2 });
    const stillFails = await insertException(db.ds, { invoice_id: inv.id, route_key: 'vat.FI', queue_key: 'vat.FI' });
    const fixed = await insertException(db.ds, { invoice_id: inv.id, route_key: 'data.FI' });
    const fixedToo = await insertException(db.ds, { invoice_id: inv.id, route_key: 'po.FI', queue_key: 'vat.FI' });
    await insertException(db.ds, { invoice_id: inv.id, route_key: 'supplier.FI', status: 'resolved' });
    await blocking(inv.id, 2, 'vat.FI');
    await blocking(inv.id, 1, 'data.FI'); // an earlier run's finding does not keep it
    const stale = await db.ds.transaction((em) => repo.staleAfterRun(em, inv.id, 2));
    expect(stale.map((e) => e.id)).toEqual([fixed.id, fixedToo.id].sort());
    expect(stale.map((e) => e.id)).not.toContain(stillFails.id);
    // Another run than the invoice's latest finds nothing.
    expect(await db.ds.transaction((em) => repo.staleAfterRun(em, inv.id, 1))).toEqual([]);
  });
});
