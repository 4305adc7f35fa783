import type { CanonicalInvoice } from '@app/domain';

/**
 * A valid EN 16931 invoice in canonical JSON (two standard-rated lines, one charge, one allowance)
 * that every EN 16931 rule accepts. Tests copy it and break one thing at a time.
 */
export function validInvoice(): CanonicalInvoice {
  return {
    customizationId: 'urn:cen.eu:en16931:2017',
    invoiceNumber: 'INV-2026-0001',
    issueDate: '2026-03-02',
    typeCode: '380',
    currency: 'EUR',
    dueDate: '2026-04-01',
    buyerReference: 'REF-1',
    purchaseOrderReference: 'PO-778',
    seller: {
      name: 'Acme Oy',
      vatId: 'FI02089088',
      legalRegistrationId: '0208908-8',
      countryCode: 'FI',
      address: { line1: 'Mannerheimintie 1', city: 'Helsinki', postalCode: '00100', countryCode: 'FI' },
      electronicAddress: { id: '003702089088', schemeId: '0216' },
      iban: 'FI2112345600000785',
    },
    buyer: {
      name: 'Our entity FI',
      vatId: 'FI12345671',
      countryCode: 'FI',
      address: { line1: 'Aleksanterinkatu 2', city: 'Helsinki', postalCode: '00170', countryCode: 'FI' },
    },
    paymentMeans: [{ typeCode: '58', accounts: [{ iban: 'FI2112345600000785' }] }],
    allowanceCharges: [
      {
        chargeIndicator: true,
        amount: '10.00',
        vatCategory: 'S',
        vatRate: '25.5',
        reason: 'Freight',
        reasonCode: 'FC',
      },
      {
        chargeIndicator: false,
        amount: '5.00',
        vatCategory: 'S',
        vatRate: '25.5',
        reason: 'Discount',
        reasonCode: '95',
      },
    ],
    lines: [
      {
        id: '1',
        name: 'Laptop',
        quantity: '2',
        unitCode: 'C62',
        unitPrice: '500.00',
        netAmount: '1000.00',
        vatCategory: 'S',
        vatRate: '25.5',
      },
      {
        id: '2',
        name: 'Mouse',
        quantity: '3',
        unitCode: 'H87',
        unitPrice: '33.333',
        netAmount: '100.00',
        vatCategory: 'S',
        vatRate: '25.5',
      },
    ],
    vatBreakdown: [{ category: 'S', rate: '25.5', taxableAmount: '1105.00', taxAmount: '281.78' }],
    totals: {
      lineNetTotal: '1100.00',
      allowanceTotal: '5.00',
      chargeTotal: '10.00',
      taxExclusive: '1105.00',
      taxTotal: '281.78',
      taxInclusive: '1386.78',
      payable: '1386.78',
    },
  };
}

/** Deep copy of the valid invoice with a change applied: `invoiceWith((i) => { delete i.currency; })`. */
export function invoiceWith(change: (invoice: CanonicalInvoice) => void): CanonicalInvoice {
  const invoice = validInvoice();
  change(invoice);
  return invoice;
}

/**
 * The valid invoice moved to one non-standard VAT category (Z, E, AE, K, G, O): zero VAT, the
 * exemption reason the category needs, and the identifiers and delivery data its rules ask for.
 */
export function categoryInvoice(category: 'S' | 'Z' | 'E' | 'AE' | 'K' | 'G' | 'O' | 'L' | 'M'): CanonicalInvoice {
  if (category === 'S') return validInvoice();
  return invoiceWith((inv) => {
    const taxed = category === 'L' || category === 'M';
    const rate = category === 'O' ? undefined : taxed ? '7' : '0';
    for (const l of inv.lines!) {
      l.vatCategory = category;
      l.vatRate = rate;
    }
    for (const ac of inv.allowanceCharges!) {
      ac.vatCategory = category;
      ac.vatRate = rate;
    }
    const tax = taxed ? '77.35' : '0.00';
    inv.vatBreakdown = [{ category, rate, taxableAmount: '1105.00', taxAmount: tax }];
    if (!taxed && category !== 'Z')
      inv.vatBreakdown[0].exemptionReasonCode = `VATEX-EU-${category === 'K' ? 'IC' : category}`;
    if (category === 'E') inv.vatBreakdown[0].exemptionReasonCode = 'VATEX-EU-132-1A';
    const inclusive = taxed ? '1182.35' : '1105.00';
    inv.totals = { ...inv.totals, taxTotal: tax, taxInclusive: inclusive, payable: inclusive };
    if (category === 'K') inv.delivery = { date: '2026-03-01', address: { countryCode: 'SE' } };
    if (category === 'K' || category === 'AE')
      inv.buyer = { ...inv.buyer, vatId: 'SE556677889901', countryCode: 'SE', address: { countryCode: 'SE' } };
    if (category === 'O') {
      delete inv.seller!.vatId;
      delete inv.buyer!.vatId;
    }
  });
}
