import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { PurchaseOrderRepository } from './purchase-order.repository';

describe('PurchaseOrderRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: PurchaseOrderRepository;
  let supplierId: string;

  beforeAll(async () => {
    db = await openTestDatabase('porepo');
    repo = new PurchaseOrderRepository(db.ds);
    [{ id: supplierId }] = await db.ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Acme Oy', 'FI02089088', 'FI') RETURNING id`,
    );
  });
  afterAll(() => db?.close());

  it('writes a purchase order with its lines (exact decimals) and reads it by id or number', async () => {
    const id = await db.ds.transaction(async (em) => {
      const poId = await repo.insert(em, { number: 'PO-1', supplierId, currency: 'EUR', buyerCountry: 'FI' });
      await repo.insertLines(em, poId, [
        { lineNumber: '2', description: 'Bolts', quantity: '3', unitPrice: '0.10' },
        { lineNumber: '1', quantity: '1.5', unitPrice: '1234567.89' },
      ]);
      return poId;
    });
    const po = await repo.withLines('PO-1');
    expect(po).toMatchObject({ id, number: 'PO-1', supplier_id: supplierId, currency: 'EUR', buyer_country: 'FI' });
    expect(po!.lines).toEqual([
      { lineNumber: '1', description: null, quantity: '1.5', unitPrice: '1234567.89' },
      { lineNumber: '2', description: 'Bolts', quantity: '3', unitPrice: '0.10' },
    ]);
    expect((await repo.withLines(id))!.number).toBe('PO-1');
    expect(await repo.withLines('PO-none')).toBeNull();
    expect(await db.ds.transaction((em) => repo.idByNumber(em, 'PO-1'))).toBe(id);
    expect(await db.ds.transaction((em) => repo.idByNumber(em, 'PO-none'))).toBeNull();
    expect((await db.ds.transaction((em) => repo.lineNumbers(em, id))).sort()).toEqual(['1', '2']);
  });

  it('writes goods receipts with their lines, oldest first', async () => {
    const poId = await db.ds.transaction(async (em) => {
      const id = await repo.insert(em, { number: 'PO-2', supplierId, currency: 'EUR', buyerCountry: null });
      await repo.insertLines(em, id, [{ lineNumber: '1', quantity: '10', unitPrice: '5' }]);
      return id;
    });
    expect(await repo.goodsReceipts(poId)).toEqual([]);
    const later = await db.ds.transaction(async (em) => {
      const gr = await repo.insertGoodsReceipt(em, poId, 'GR-B', null);
      await repo.insertGoodsReceiptLines(em, gr, [{ poLineNumber: '1', quantityReceived: '4' }]);
      return gr;
    });
    const earlier = await db.ds.transaction(async (em) => {
      const gr = await repo.insertGoodsReceipt(em, poId, null, '2026-01-05T10:00:00Z');
      await repo.insertGoodsReceiptLines(em, gr, [{ poLineNumber: '1', quantityReceived: '2.5' }]);
      return gr;
    });
    const receipts = await repo.goodsReceipts(poId);
    expect(receipts.map((r) => [r.id, r.reference, r.lines])).toEqual([
      [earlier, null, [{ poLineNumber: '1', quantityReceived: '2.5' }]],
      [later, 'GR-B', [{ poLineNumber: '1', quantityReceived: '4' }]],
    ]);
    expect(new Date(receipts[0].receivedAt).toISOString()).toBe('2026-01-05T10:00:00.000Z');
  });
});
