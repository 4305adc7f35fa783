import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { DemoSeedRepository } from './demo-seed.repository';

describe('DemoSeedRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  const repo = new DemoSeedRepository();

  beforeAll(async () => {
    db = await openTestDatabase('demoseedrepo');
  });
  afterAll(() => db?.close());

  it('adds the demo integration once', async () => {
    await db.ds.transaction((em) => repo.addDemoIntegration(em, 'demo-hash'));
    await db.ds.transaction((em) => repo.addDemoIntegration(em, 'demo-hash'));
    expect(await db.ds.query(`SELECT name, key_prefix FROM integrations WHERE key_hash = 'demo-hash'`)).toEqual([
      { name: 'Demo ERP', key_prefix: 'demo' },
    ]);
  });

  it('upserts a staff user (password and role reset) and keeps an existing reviewer profile', async () => {
    const id = await db.ds.transaction((em) => repo.upsertUser(em, 'r@example.com', 'R', 'reviewer', 'h1'));
    const again = await db.ds.transaction((em) => repo.upsertUser(em, 'r@example.com', 'R', 'manager', 'h2'));
    expect(again).toBe(id);
    expect(await db.ds.query(`SELECT role, password_hash FROM staff_users WHERE id = $1`, [id])).toEqual([
      { role: 'manager', password_hash: 'h2' },
    ]);
    const r = {
      id,
      name: 'R',
      countries: ['FI', 'EE'],
      languages: ['fi', 'en'],
      categories: ['supplier'],
      timeZone: 'Europe/Helsinki',
      weeklyGoal: 40,
    };
    await db.ds.transaction((em) => repo.addReviewer(em, r));
    await db.ds.transaction((em) => repo.addReviewer(em, { ...r, weeklyGoal: 1 }));
    expect(
      await db.ds.query(`SELECT countries, capacity, weekly_goal, home_country FROM reviewers WHERE id = $1`, [id]),
    ).toEqual([{ countries: ['FI', 'EE'], capacity: 15, weekly_goal: 40, home_country: 'FI' }]);
  });

  it('upserts buying entities (repairing the VAT id), suppliers with a bank account and purchase orders', async () => {
    await db.ds.transaction((em) => repo.upsertBuyingEntity(em, 'FI', 'Nordbalt FI', 'FI00000000', 'Europe/Helsinki'));
    await db.ds.transaction((em) => repo.upsertBuyingEntity(em, 'FI', 'Other name', 'FI12345671', 'Europe/Helsinki'));
    expect(await db.ds.query(`SELECT name, vat_id FROM buying_entities WHERE country_code = 'FI'`)).toEqual([
      { name: 'Nordbalt FI', vat_id: 'FI12345671' },
    ]);
    const s = {
      name: 'Acme Oy',
      vatId: 'FI02089088',
      country: 'FI',
      iban: 'FI2112345600000785',
      requiresPo: true,
      terms: 30,
      currency: 'EUR',
      language: 'fi',
    };
    const before = await db.ds.transaction((em) => repo.countSuppliers(em));
    const id = await db.ds.transaction((em) => repo.upsertSupplier(em, s));
    expect(await db.ds.transaction((em) => repo.upsertSupplier(em, { ...s, name: 'Renamed' }))).toBe(id);
    expect(await db.ds.transaction((em) => repo.countSuppliers(em))).toBe(before + 1);
    expect(await db.ds.query(`SELECT name, language FROM suppliers WHERE id = $1`, [id])).toEqual([
      { name: 'Acme Oy', language: 'fi' },
    ]);
    expect(await db.ds.query(`SELECT iban FROM supplier_bank_accounts WHERE supplier_id = $1`, [id])).toEqual([
      { iban: s.iban },
    ]);
    await db.ds.transaction((em) => repo.addPurchaseOrder(em, 'PO-FI-1', id, 'FI'));
    await db.ds.transaction((em) => repo.addPurchaseOrder(em, 'PO-FI-1', id, 'FI'));
    expect(
      await db.ds.query(
        `SELECT p.currency, p.buyer_country, l.quantity::text, l.unit_price::text FROM purchase_orders p
         JOIN purchase_order_lines l ON l.purchase_order_id = p.id WHERE p.number = 'PO-FI-1'`,
      ),
    ).toEqual([{ currency: 'EUR', buyer_country: 'FI', quantity: '10', unit_price: '100.00' }]);
  });
});
