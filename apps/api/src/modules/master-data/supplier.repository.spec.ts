import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { SupplierRepository } from './supplier.repository';

describe('SupplierRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: SupplierRepository;

  beforeAll(async () => {
    db = await openTestDatabase('supplierrepo');
    repo = new SupplierRepository(db.ds);
  });
  afterAll(() => db?.close());

  const create = (vatId: string, name: string, extra: Record<string, unknown> = {}) =>
    db.ds.transaction(async (em) => {
      const id = await repo.newId(em);
      expect(await repo.insert(em, id, { name, vatId, countryCode: 'FI', ...extra })).toBe(id);
      return id;
    });

  it('writes a supplier with the default tolerances and reads it back with its IBANs, tolerances as text', async () => {
    const id = await create('FI11111111', 'Alpha Oy', { currency: 'EUR', paymentTermsDays: 14 });
    await db.ds.transaction((em) => repo.replaceBankAccounts(em, id, ['FI2112345600000785', 'EE382200221020145685']));
    const s = await repo.row(id);
    expect(s).toMatchObject({
      id,
      name: 'Alpha Oy',
      vat_id: 'FI11111111',
      blocked: false,
      requires_po: false,
      ptol: '2',
      qtol: '0',
      payment_terms_days: 14,
      ibans: ['EE382200221020145685', 'FI2112345600000785'],
    });
    expect(await db.ds.transaction((em) => repo.idByVatId(em, 'FI11111111'))).toBe(id);
    expect(await db.ds.transaction((em) => repo.exists(em, id))).toBe(true);
    expect(await repo.identity(id)).toEqual({ id, name: 'Alpha Oy', vat_id: 'FI11111111', country_code: 'FI' });
    expect(await repo.row('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('updates only the fields given; unblocking clears the reason; accounts are replaced exactly', async () => {
    const id = await create('FI22222222', 'Beta Oy', { blocked: true, blockedReason: 'fraud check' });
    await db.ds.transaction(async (em) => {
      expect(await repo.lock(em, id)).toBe(true);
      await repo.update(em, id, { name: 'Beta Group Oy', priceTolerancePct: '1.5' });
      await repo.replaceBankAccounts(em, id, ['FI2112345600000785']);
    });
    expect(await repo.row(id)).toMatchObject({
      name: 'Beta Group Oy',
      blocked: true,
      blocked_reason: 'fraud check',
      ptol: '1.5',
      ibans: ['FI2112345600000785'],
    });
    await db.ds.transaction(async (em) => {
      await repo.update(em, id, { blocked: false });
      await repo.replaceBankAccounts(em, id, []);
    });
    expect(await repo.row(id)).toMatchObject({ blocked: false, blocked_reason: null, ibans: [] });
  });

  it('lists by part of the name or the start of the VAT id, and country, by name', async () => {
    await create('FI33333333', 'Gamma Logistics');
    await create('FI33334444', 'Delta Logistics');
    expect((await repo.rows({ search: 'logistics' })).map((s) => s.name)).toEqual([
      'Delta Logistics',
      'Gamma Logistics',
    ]);
    expect((await repo.rows({ search: 'FI3333' })).length).toBe(2);
    expect((await repo.rows({ search: 'FI3333', limit: 1, offset: 1 })).map((s) => s.name)).toEqual([
      'Gamma Logistics',
    ]);
    expect(await repo.rows({ search: 'logistics', country: 'SE' })).toEqual([]);
  });

  it('applies approved changes: accounts added, unblocked, tolerances raised (NUMERIC, exact)', async () => {
    const id = await create('FI44444444', 'Epsilon Oy', { blocked: true, blockedReason: 'new' });
    await db.ds.transaction(async (em) => {
      expect(await repo.lockControls(em, id)).toEqual({
        id,
        blocked: true,
        blocked_reason: 'new',
        ptol: '2',
        qtol: '0',
      });
      await repo.addBankAccounts(em, id, ['FI2112345600000785']);
      await repo.addBankAccounts(em, id, ['FI2112345600000785']);
      await repo.unblock(em, id);
      await repo.setTolerances(em, id, '7.25', null);
      await repo.touch(em, id);
    });
    expect(await repo.row(id)).toMatchObject({
      blocked: false,
      blocked_reason: null,
      ptol: '7.25',
      qtol: '0',
      ibans: ['FI2112345600000785'],
    });
  });
});
