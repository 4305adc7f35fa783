import { NEW_SUPPLIER_BASELINE, splitSupplierChange } from './supplier-dual-control';

describe('splitSupplierChange', () => {
  const id = '00000000-0000-0000-0000-00000000000a';

  it('a tolerance sent as null is "not given" (it keeps its value), never a crash', () => {
    const { immediate, requests } = splitSupplierChange(id, NEW_SUPPLIER_BASELINE, {
      priceTolerancePct: '2',
      quantityTolerancePct: null as unknown as string,
    });
    expect(requests).toEqual([]);
    expect(immediate.priceTolerancePct).toBe('2');
  });

  it('a raised tolerance waits for a second manager; a lowered one applies at once', () => {
    const { immediate, requests } = splitSupplierChange(
      id,
      { ...NEW_SUPPLIER_BASELINE, quantityTolerancePct: '1' },
      { priceTolerancePct: '2.5', quantityTolerancePct: '0.5' },
    );
    expect(requests).toEqual([
      { kind: 'supplier.tolerances', targetType: 'supplier', targetId: id, payload: { priceTolerancePct: '2.5' } },
    ]);
    expect(immediate).toEqual({ quantityTolerancePct: '0.5' });
  });
});
