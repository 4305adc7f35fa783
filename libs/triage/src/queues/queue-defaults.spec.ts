import { DEFAULT_QUEUE_KEYS, defaultQueueSettings } from './queue-defaults';

describe('queue defaults', () => {
  it('covers the ten countries and the supplier rules', () => {
    for (const cc of ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL']) expect(DEFAULT_QUEUE_KEYS).toEqual(expect.arrayContaining([`vat.${cc}`, `data.${cc}`]));
    expect(DEFAULT_QUEUE_KEYS).toEqual(expect.arrayContaining(['supplier.bank-account', 'po.price-variance', 'duplicate.exact']));
  });

  it('requires the country skill for country desks and four eyes for bank accounts', () => {
    expect(defaultQueueSettings('vat.EE')).toMatchObject({ country: 'EE', timeZone: 'Europe/Tallinn', requiredCountries: ['EE'], requiredCategories: ['regulatory'], fourEyes: false });
    expect(defaultQueueSettings('supplier.bank-account')).toMatchObject({ country: null, requiredCountries: [], fourEyes: true, slaMinutes: 240 });
    expect(defaultQueueSettings('vat.XX').requiredCountries).toEqual([]);
  });
});
