import { DEFAULT_QUEUE_KEYS, defaultQueueSettings, fallbackQueueKey } from './queue-defaults';

describe('queue defaults', () => {
  it('covers the ten countries and the supplier rules', () => {
    for (const cc of ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'])
      expect(DEFAULT_QUEUE_KEYS).toEqual(expect.arrayContaining([`vat.${cc}`, `data.${cc}`]));
    expect(DEFAULT_QUEUE_KEYS).toEqual(
      expect.arrayContaining(['supplier.bank-account', 'po.price-variance', 'duplicate.exact']),
    );
  });

  it('requires the country skill for country desks and four eyes for bank accounts', () => {
    expect(defaultQueueSettings('vat.EE')).toMatchObject({
      country: 'EE',
      timeZone: 'Europe/Tallinn',
      requiredCountries: ['EE'],
      requiredCategories: ['regulatory'],
      fourEyes: false,
    });
    expect(defaultQueueSettings('supplier.bank-account')).toMatchObject({
      country: null,
      requiredCountries: [],
      fourEyes: true,
      slaMinutes: 240,
    });
    expect(defaultQueueSettings('vat.XX').requiredCountries).toEqual([]);
  });

  it('gives any route key complete defaults and sends unknown countries to the XX desks', () => {
    for (const key of ['vat.SW', 'data.DN', 'vat.', 'weird', 'x.y.z', 'vat.constructor', 'data.__proto__']) {
      const q = defaultQueueSettings(key);
      for (const [field, value] of Object.entries(q))
        if (field !== 'country' && field !== 'fourEyesAmountThreshold')
          expect([field, value ?? null]).not.toEqual([field, null]);
      expect(q.timeZone).toBe('Europe/Helsinki');
    }
    expect(fallbackQueueKey('vat.SW')).toBe('vat.XX');
    expect(fallbackQueueKey('data.DN')).toBe('data.XX');
    expect(fallbackQueueKey('data.constructor')).toBe('data.XX');
    expect(fallbackQueueKey('vat.EE')).toBe('vat.EE');
    expect(fallbackQueueKey('po.price-variance')).toBe('po.price-variance');
  });
});
