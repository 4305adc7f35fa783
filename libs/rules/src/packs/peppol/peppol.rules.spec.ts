import type { CanonicalInvoice } from '@app/domain';
import { listRules, validateInvoice } from '../../engine/validate-invoice';
import { invoiceWith, validInvoice } from '../../testing/invoice.builder';
import { PEPPOL_BIS_CUSTOMIZATION } from '../shared/peppol-document.util';
import { abnValid, glnValid, mod97_0208 } from './peppol-identifiers';
import { PEPPOL_RULES } from './index';
import { allowanceAgreesFast, isDate, lineNetAgreesFast } from './peppol.rules';

/** A valid Peppol BIS Billing 3.0 invoice in canonical JSON (the builder's invoice, declared as Peppol). */
function peppolInvoice(change: (i: CanonicalInvoice) => void = () => undefined): CanonicalInvoice {
  const inv = validInvoice();
  inv.customizationId = PEPPOL_BIS_CUSTOMIZATION;
  inv.profileId = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
  inv.buyer!.electronicAddress = { id: '003712345671', schemeId: '0216' };
  change(inv);
  return inv;
}

const peppolIds = (inv: CanonicalInvoice, format: 'json' | 'ubl' | 'cii' = 'json') =>
  validateInvoice(inv, { format })
    .filter((f) => f.ruleId.startsWith('PEPPOL-'))
    .map((f) => `${f.ruleId}:${f.severity}`);

const allowance = {
  chargeIndicator: false,
  amount: '5.00',
  vatCategory: 'S',
  vatRate: '25.5',
  reason: 'Discount',
  reasonCode: '95',
};

// rule id, how to break the valid Peppol invoice (every rule here is fatal in Peppol: blocking)
const BREAKS: [string, (i: CanonicalInvoice) => void][] = [
  [
    'PEPPOL-EN16931-R001',
    (i) => {
      delete i.profileId;
    },
  ],
  [
    'PEPPOL-EN16931-R007',
    (i) => {
      i.profileId = 'urn:fdc:peppol.eu:2017:NOT:CORRECT:01:1.0';
    },
  ],
  [
    'PEPPOL-EN16931-R002',
    (i) => {
      i.notes = ['one', 'two'];
    },
  ],
  [
    'PEPPOL-EN16931-R003',
    (i) => {
      delete i.buyerReference;
      delete i.purchaseOrderReference;
    },
  ],
  [
    'PEPPOL-EN16931-R004',
    (i) => {
      i.customizationId = 'urn:cen.eu:en16931:2017#conformant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
    },
  ],
  [
    'PEPPOL-EN16931-R005',
    (i) => {
      i.taxCurrency = 'EUR';
    },
  ],
  [
    'PEPPOL-EN16931-R055',
    (i) => {
      i.taxCurrency = 'SEK';
      i.taxTotals = [
        { amount: '281.78', currency: 'EUR' },
        { amount: '-3000.00', currency: 'SEK' },
      ];
    },
  ],
  [
    'PEPPOL-EN16931-R010',
    (i) => {
      delete i.buyer!.electronicAddress;
    },
  ],
  [
    'PEPPOL-EN16931-R020',
    (i) => {
      delete i.seller!.electronicAddress;
    },
  ],
  [
    'PEPPOL-EN16931-R040',
    (i) => {
      i.allowanceCharges![1] = { ...allowance, baseAmount: '100.00', percentage: '10' };
    },
  ],
  [
    'PEPPOL-EN16931-R041',
    (i) => {
      i.allowanceCharges![1] = { ...allowance, percentage: '5' };
    },
  ],
  [
    'PEPPOL-EN16931-R042',
    (i) => {
      i.allowanceCharges![1] = { ...allowance, baseAmount: '100.00' };
    },
  ],
  [
    'PEPPOL-EN16931-R046',
    (i) => {
      Object.assign(i.lines![0], { grossPrice: '520.00', priceDiscount: '10.00' });
    },
  ],
  [
    'PEPPOL-EN16931-R061',
    (i) => {
      i.paymentMeans = [{ typeCode: '59', directDebit: { debitedAccount: 'FI2112345600000785' } }];
    },
  ],
  [
    'PEPPOL-EN16931-R110',
    (i) => {
      i.invoicePeriod = { startDate: '2026-02-01', endDate: '2026-02-28' };
      i.lines![0].period = { startDate: '2026-01-31' };
    },
  ],
  [
    'PEPPOL-EN16931-R111',
    (i) => {
      i.invoicePeriod = { startDate: '2026-02-01', endDate: '2026-02-28' };
      i.lines![0].period = { endDate: '2026-03-01' };
    },
  ],
  [
    'PEPPOL-EN16931-R120',
    (i) => {
      i.lines![0].netAmount = '1000.03';
    },
  ],
  [
    'PEPPOL-EN16931-R121',
    (i) => {
      i.lines![0].priceBaseQuantity = '0';
    },
  ],
  [
    'PEPPOL-EN16931-P0100',
    (i) => {
      i.typeCode = '389';
    },
  ],
  [
    'PEPPOL-EN16931-P0101',
    (i) => {
      i.documentKind = 'credit_note';
      i.typeCode = '380';
    },
  ],
  [
    'PEPPOL-EN16931-P0112',
    (i) => {
      i.typeCode = '384';
    },
  ],
  [
    'PEPPOL-EN16931-CL002',
    (i) => {
      i.allowanceCharges![1].reasonCode = 'FC';
    },
  ],
  [
    'PEPPOL-EN16931-CL003',
    (i) => {
      i.allowanceCharges![0].reasonCode = '95X';
    },
  ],
  [
    'PEPPOL-EN16931-CL006',
    (i) => {
      i.taxPointDateCode = '5';
    },
  ],
  [
    'PEPPOL-EN16931-CL008',
    (i) => {
      i.seller!.electronicAddress = { id: 'x', schemeId: '0207' };
    },
  ],
  [
    'PEPPOL-EN16931-F001',
    (i) => {
      i.dueDate = '2026-4-1';
    },
  ],
  [
    'PEPPOL-COMMON-R040',
    (i) => {
      i.seller!.identifiers = [{ id: '5790000435969', schemeId: '0088' }];
    },
  ],
  [
    'PEPPOL-COMMON-R041',
    (i) => {
      i.seller!.electronicAddress = { id: '923609017', schemeId: '0192' };
    },
  ],
  [
    'PEPPOL-COMMON-R042',
    (i) => {
      i.seller!.legalRegistrationId = '2425679';
      i.seller!.legalRegistrationSchemeId = '0184';
    },
  ],
  [
    'PEPPOL-COMMON-R043',
    (i) => {
      i.seller!.electronicAddress = { id: '0403019262', schemeId: '0208' };
    },
  ],
  [
    'PEPPOL-COMMON-R049',
    (i) => {
      i.seller!.legalRegistrationId = '5560125791';
      i.seller!.legalRegistrationSchemeId = '0007';
    },
  ],
  [
    'PEPPOL-COMMON-R050',
    (i) => {
      i.buyer!.identifiers = [{ id: '51824753557', schemeId: '0151' }];
    },
  ],
  ...(
    [
      ['PEPPOL-EN16931-P0104', 'VATEX-EU-G'],
      ['PEPPOL-EN16931-P0105', 'VATEX-EU-O'],
      ['PEPPOL-EN16931-P0106', 'VATEX-EU-IC'],
      ['PEPPOL-EN16931-P0107', 'VATEX-EU-AE'],
      ['PEPPOL-EN16931-P0108', 'VATEX-EU-D'],
      ['PEPPOL-EN16931-P0109', 'VATEX-EU-F'],
      ['PEPPOL-EN16931-P0110', 'VATEX-EU-I'],
      ['PEPPOL-EN16931-P0111', 'vatex-eu-j'],
    ] as const
  ).map(([id, code]): [string, (i: CanonicalInvoice) => void] => [
    id,
    (i) => {
      i.vatBreakdown![0].exemptionReasonCode = code;
    },
  ]),
];

// PEPPOL-COMMON-R044…R047 are warnings (Italian identifiers).
const WARNINGS: [string, (i: CanonicalInvoice) => void][] = [
  [
    'PEPPOL-COMMON-R044',
    (i) => {
      i.buyer!.electronicAddress = { id: 'UF2M3', schemeId: '0201' };
    },
  ],
  [
    'PEPPOL-COMMON-R045',
    (i) => {
      i.buyer!.identifiers = [{ id: 'RSSMRA85T10A56', schemeId: '0210' }];
    },
  ],
  [
    'PEPPOL-COMMON-R046',
    (i) => {
      i.buyer!.electronicAddress = { id: '1234567890', schemeId: '9907' };
    },
  ],
  [
    'PEPPOL-COMMON-R047',
    (i) => {
      i.buyer!.identifiers = [{ id: 'IT01234567891', schemeId: '0211' }];
    },
  ],
];

describe('Peppol BIS Billing 3.0 pack (generic PEPPOL rules)', () => {
  it('passes a valid Peppol invoice: no PEPPOL finding at all', () => {
    expect(peppolIds(peppolInvoice())).toEqual([]);
  });

  it.each(BREAKS)('%s blocks when broken', (id, breakIt) => {
    expect(peppolIds(peppolInvoice(breakIt))).toContain(`${id}:blocking`);
  });

  it.each(WARNINGS)('%s warns when broken', (id, breakIt) => {
    expect(peppolIds(peppolInvoice(breakIt))).toContain(`${id}:warning`);
  });

  it.each([...BREAKS, ...WARNINGS])(
    '%s stays silent on a document that does not declare Peppol BIS',
    (_id, breakIt) => {
      const inv = peppolInvoice(breakIt);
      inv.customizationId = 'urn:cen.eu:en16931:2017';
      expect(peppolIds(inv)).toEqual([]);
    },
  );

  it('takes the ProfileID alone as no Peppol declaration (XRechnung over Peppol)', () => {
    const inv = peppolInvoice((i) => {
      delete i.buyer!.electronicAddress;
    });
    inv.customizationId = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
    expect(peppolIds(inv)).toEqual([]);
  });

  it('passes the well-formed variants the rules allow', () => {
    const ok = peppolInvoice((i) => {
      i.notes = ['one', 'two'];
      i.seller!.address!.countryCode = 'DE';
      i.seller!.countryCode = 'DE';
      i.buyer!.address!.countryCode = 'DE';
      i.buyer!.countryCode = 'DE';
      i.typeCode = '384'; // P0112: between German parties
      i.allowanceCharges![1] = { ...allowance, baseAmount: '50.00', percentage: '10' }; // R040: 5.00
      i.lines![0] = { ...i.lines![0], grossPrice: '510.00', priceDiscount: '10.00' }; // R046: 500.00
      i.lines![1] = {
        ...i.lines![1],
        priceBaseQuantity: '2',
        unitPrice: '66.666',
        allowanceCharges: [{ chargeIndicator: false, amount: '0.001' }],
      }; // R120 within 0.02
      i.taxCurrency = 'SEK';
      i.taxTotals = [
        { amount: '281.78', currency: 'EUR' },
        { amount: '3000.00', currency: 'SEK' },
      ];
      i.vatBreakdown![0].exemptionReasonCode = undefined;
      i.seller!.identifiers = [{ id: '5790000435968', schemeId: '0088' }];
      i.seller!.legalRegistrationId = '5560125790';
      i.seller!.legalRegistrationSchemeId = '0007';
      i.buyer!.identifiers = [
        { id: '51824753556', schemeId: '0151' },
        { id: 'DK24256790', schemeId: '0184' },
      ];
    });
    expect(peppolIds(ok)).toEqual([]);
  });

  it('leaves the electronic address scheme of a UBL document to the reader (every EndpointID)', () => {
    const inv = peppolInvoice((i) => {
      i.seller!.electronicAddress = { id: 'x', schemeId: '0207' };
    });
    expect(peppolIds(inv, 'ubl')).not.toContain('PEPPOL-EN16931-CL008:blocking');
    expect(peppolIds(inv, 'cii')).toContain('PEPPOL-EN16931-CL008:blocking');
  });

  it.each([
    [{ quantity: '12', unitPrice: '112.27', netAmount: '1347.24' }, true],
    [{ quantity: '2', unitPrice: '33.333', netAmount: '66.67' }, true],
    [{ quantity: '2', unitPrice: '33.333', netAmount: '66.64' }, false],
    [{ quantity: '-2', unitPrice: '10', netAmount: '-20.00' }, true],
    [{ quantity: '1.5', unitPrice: '10', netAmount: '15.02' }, true],
    [{ quantity: '1.5', unitPrice: '10', netAmount: '15.03' }, false],
    [
      {
        quantity: '2',
        unitPrice: '10',
        netAmount: '19.00',
        allowanceCharges: [{ chargeIndicator: false, amount: '1.00' }],
      },
      true,
    ],
    [{ quantity: '1e3', unitPrice: '10', netAmount: '10' }, null],
    [{ quantity: '2', unitPrice: '10', netAmount: '10', priceBaseQuantity: '2' }, null],
    [{ unitPrice: '10', netAmount: '10' }, true],
  ])('R120 integer fast path on %j answers %s (null: the decimal path decides)', (line, want) => {
    expect(lineNetAgreesFast(line)).toBe(want);
  });

  it.each([
    [{ chargeIndicator: false, baseAmount: '200.00', percentage: '10', amount: '20.00' }, true],
    [{ chargeIndicator: false, baseAmount: '200.00', percentage: '10', amount: '20.02' }, true],
    [{ chargeIndicator: false, baseAmount: '200.00', percentage: '10', amount: '20.03' }, false],
    [{ chargeIndicator: true, baseAmount: '33.33', percentage: '2.5', amount: '0.83' }, true],
    [{ chargeIndicator: true, baseAmount: '-100', percentage: '5', amount: '-5' }, true],
    [{ chargeIndicator: false, baseAmount: '100', percentage: '1' }, false],
    [{ chargeIndicator: false, baseAmount: '1', percentage: '1' }, true],
    [{ chargeIndicator: false, baseAmount: '1e2', percentage: '10', amount: '10' }, null],
    [{ chargeIndicator: false, baseAmount: '100', percentage: ' 10', amount: '10' }, null],
    [{ chargeIndicator: false, baseAmount: '100', amount: '10' }, null],
    [{ chargeIndicator: false, baseAmount: '123456789012345', percentage: '123456.7', amount: '1' }, null],
  ])('R040 integer fast path on %j answers %s (null: the decimal path decides)', (ac, want) => {
    expect(allowanceAgreesFast(ac)).toBe(want);
  });

  it('F001 dates: YYYY-MM-DD and a real day', () => {
    expect(['2024-02-29', '2026-12-31'].map(isDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', '20260101', '2026-04-31', '2026-04-01Z'].map(isDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('identifier checks follow the Schematron functions', () => {
    expect(glnValid('5790000435968')).toBe(true);
    expect(glnValid('5790000435969')).toBe(false);
    expect(mod97_0208('0403019261')).toBe(true);
    expect(abnValid('51824753556')).toBe(true);
  });

  it('is registered in the engine and the catalogue with id, severity, category, field path and hint', () => {
    const catalogue = listRules().filter((r) => r.pack === 'peppol');
    expect(catalogue.map((r) => r.id).sort()).toEqual(PEPPOL_RULES.map((r) => r.id).sort());
    expect(catalogue.length).toBeGreaterThanOrEqual(50);
    for (const r of catalogue) {
      expect(r.id).toMatch(/^PEPPOL-(EN16931|COMMON)-[A-Z]+\d+$/);
      expect(['blocking', 'warning']).toContain(r.severity);
      expect(['regulatory', 'data-quality']).toContain(r.category);
      expect(r.hint).toEqual(expect.any(String));
      expect(r.fieldPath).toEqual(expect.any(String));
      expect(r.description.length).toBeGreaterThan(10);
    }
  });
});
