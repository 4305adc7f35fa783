/** A valid domestic Finnish invoice in canonical JSON (the shared API.md example, with valid VAT ids). */
export function sampleInvoice(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    invoiceNumber: `INV-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    issueDate: '2026-11-02',
    typeCode: '380',
    currency: 'EUR',
    dueDate: '2026-12-02',
    seller: {
      name: 'Acme Oy',
      vatId: 'FI02089088',
      countryCode: 'FI',
      address: { line1: 'Mannerheimintie 1', city: 'Helsinki', postalCode: '00100', countryCode: 'FI' },
      iban: 'FI2112345600000785',
    },
    buyer: {
      name: 'Our entity FI',
      vatId: 'FI12345671',
      countryCode: 'FI',
      address: { line1: 'Aleksanterinkatu 5', city: 'Helsinki', postalCode: '00100', countryCode: 'FI' },
    },
    lines: [
      {
        id: '1',
        description: 'Laptop',
        quantity: '2',
        unitCode: 'C62',
        unitPrice: '500.00',
        netAmount: '1000.00',
        vatCategory: 'S',
        vatRate: '25.5',
      },
    ],
    vatBreakdown: [{ category: 'S', rate: '25.5', taxableAmount: '1000.00', taxAmount: '255.00' }],
    totals: {
      lineNetTotal: '1000.00',
      taxExclusive: '1000.00',
      taxTotal: '255.00',
      taxInclusive: '1255.00',
      payable: '1255.00',
    },
    ...overrides,
  };
}

/**
 * A canonical JSON invoice as big as intake allows in one direction: `lines` lines of 10.00 each with
 * `allowancesPerLine` discounts of 0.01 (the totals are not adjusted: it is for memory and time, not for a
 * clean verdict). 3,000 × 50 is about 9.8 MB of JSON.
 */
export function invoiceWithAllowances(
  lines: number,
  allowancesPerLine: number,
  overrides: Record<string, unknown> = {},
) {
  return sampleInvoice({
    lines: Array.from({ length: lines }, (_, i) => ({
      id: String(i + 1),
      description: `Item ${i + 1}`,
      quantity: '1',
      unitCode: 'C62',
      unitPrice: '10.00',
      netAmount: '10.00',
      vatCategory: 'S',
      vatRate: '25.5',
      allowanceCharges: Array.from({ length: allowancesPerLine }, () => ({
        chargeIndicator: false,
        amount: '0.01',
        reason: 'Discount',
      })),
    })),
    ...overrides,
  });
}
