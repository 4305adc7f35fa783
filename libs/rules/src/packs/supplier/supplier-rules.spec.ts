import type { CanonicalInvoice } from '@app/domain';
import type { SupplierContext } from '../../engine/supplier-context';
import { contextFor, domesticInvoice, ruleById, run } from '../countries/shared/testing/domestic-invoice.fixture';
import { mergeSettings } from '../../settings/merge-settings.util';
import { defaultRuleSettings } from '../../settings/default-rule-settings';
import { SUPPLIER_RULES, editDistance, normaliseInvoiceNumber } from './index';

const r = (id: string) => ruleById(SUPPLIER_RULES, id);

/** An FI invoice (2 × 500 laptops on PO line 1, 4 × 50 manuals on line 2) and master data that fits it exactly. */
function scenario(): { invoice: CanonicalInvoice; supplier: SupplierContext } {
  const invoice = domesticInvoice('FI'); // PO-FI-778, issue 2026-03-02, due 2026-04-01, IBAN FI2112345600000785
  const supplier: SupplierContext = {
    supplier: {
      id: 'sup-1',
      name: 'Acme Oy',
      vatId: 'FI02089088',
      countryCode: 'FI',
      blocked: false,
      requiresPo: true,
      bankAccounts: ['FI2112345600000785'],
      priceTolerancePct: '2.0',
      quantityTolerancePct: '0',
      paymentTermsDays: 30,
      currency: 'EUR',
    },
    purchaseOrder: {
      id: 'po-1',
      number: 'PO-FI-778',
      supplierId: 'sup-1',
      currency: 'EUR',
      lines: [
        { lineNumber: '1', quantity: '2', unitPrice: '500.00' },
        { lineNumber: '2', quantity: '10', unitPrice: '50.00' },
      ],
    },
    goodsReceipts: [],
    priorInvoices: [
      {
        id: 'inv-0',
        invoiceNumber: 'INV-FI-0000',
        issueDate: '2026-02-02',
        payable: invoice.totals!.payable!,
        currency: 'EUR',
      },
    ],
  };
  return { invoice, supplier };
}

const evaluate = (id: string, s: ReturnType<typeof scenario>) =>
  run(r(id), contextFor(s.invoice, { supplier: s.supplier }));

describe('supplier pack', () => {
  it('every rule is a supplier rule with a fixed review queue, and unique ids', () => {
    expect(new Set(SUPPLIER_RULES.map((x) => x.id)).size).toBe(SUPPLIER_RULES.length);
    for (const rule of SUPPLIER_RULES) expect(rule).toMatchObject({ category: 'supplier', pack: 'supplier' });
  });

  it('the matching scenario passes every supplier rule', () => {
    expect(run(SUPPLIER_RULES, contextFor(scenario().invoice, { supplier: scenario().supplier }))).toEqual([]);
  });

  it('is silent without supplier data', () => {
    const s = scenario();
    s.invoice.seller!.iban = 'FI2112345600000786';
    expect(run(SUPPLIER_RULES, contextFor(s.invoice))).toEqual([]);
  });

  it('SUP-UNKNOWN flags a seller matching no supplier', () => {
    const s = scenario();
    s.supplier.supplier = null;
    expect(evaluate('SUP-UNKNOWN', s)).toEqual([
      expect.objectContaining({
        ruleId: 'SUP-UNKNOWN',
        routeKey: 'supplier.unknown',
        fieldPath: 'seller.vatId',
        actual: 'FI02089088',
        severity: 'blocking',
      }),
    ]);
  });

  it('SUP-BLOCKED flags a blocked supplier with the reason', () => {
    const s = scenario();
    s.supplier.supplier!.blocked = true;
    s.supplier.supplier!.blockedReason = 'insolvency';
    expect(evaluate('SUP-BLOCKED', s)).toEqual([
      expect.objectContaining({ routeKey: 'supplier.blocked', message: expect.stringContaining('insolvency') }),
    ]);
  });

  it('SUP-IBAN flags a valid IBAN not on file, always blocking, once per account', () => {
    const s = scenario();
    s.invoice.seller!.iban = 'DE89 3704 0044 0532 0130 00';
    s.invoice.paymentMeans = [{ typeCode: '58', accounts: [{ iban: 'DE89370400440532013000' }] }];
    expect(evaluate('SUP-IBAN', s)).toEqual([
      expect.objectContaining({
        ruleId: 'SUP-IBAN',
        severity: 'blocking',
        routeKey: 'supplier.bank-account',
        fieldPath: 'seller.iban',
        expected: 'FI2112345600000785',
      }),
    ]);
    expect(evaluate('SUP-IBAN-INVALID', s)).toEqual([]);
  });

  it('SUP-IBAN accepts the account on file written with spaces and lower case', () => {
    const s = scenario();
    s.invoice.seller!.iban = 'fi21 1234 5600 0007 85';
    expect(evaluate('SUP-IBAN', s)).toEqual([]);
  });

  it('SUP-IBAN-INVALID flags a bad checksum, which SUP-IBAN leaves alone', () => {
    const s = scenario();
    s.invoice.paymentMeans = [{ typeCode: '58', accounts: [{ iban: 'FI2112345600000786' }] }];
    expect(evaluate('SUP-IBAN-INVALID', s)).toEqual([
      expect.objectContaining({ fieldPath: 'paymentMeans[0].accounts[0].iban', routeKey: 'supplier.bank-account' }),
    ]);
    expect(evaluate('SUP-IBAN', s)).toEqual([]);
  });

  it('PO-REQUIRED flags a missing PO when the supplier requires one, not otherwise', () => {
    const s = scenario();
    delete s.invoice.purchaseOrderReference;
    expect(evaluate('PO-REQUIRED', s)).toEqual([
      expect.objectContaining({ routeKey: 'po.missing', fieldPath: 'purchaseOrderReference' }),
    ]);
    s.supplier.supplier!.requiresPo = false;
    expect(evaluate('PO-REQUIRED', s)).toEqual([]);
  });

  it('PO-UNKNOWN flags a PO not found, of another supplier, or a PO line that does not exist', () => {
    const s = scenario();
    s.supplier.purchaseOrder = null;
    expect(evaluate('PO-UNKNOWN', s)).toEqual([
      expect.objectContaining({ routeKey: 'po.unknown', message: expect.stringContaining('does not exist') }),
    ]);
    const t = scenario();
    t.supplier.purchaseOrder!.supplierId = 'sup-2';
    expect(evaluate('PO-UNKNOWN', t)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('another supplier') }),
    ]);
    const u = scenario();
    u.invoice.lines![1].poLineReference = '9';
    expect(evaluate('PO-UNKNOWN', u)).toEqual([
      expect.objectContaining({ fieldPath: 'lines[1].poLineReference', expected: '1, 2' }),
    ]);
  });

  it('PO-CURRENCY flags a currency different from the PO', () => {
    const s = scenario();
    s.invoice.currency = 'SEK';
    expect(evaluate('PO-CURRENCY', s)).toEqual([
      expect.objectContaining({ routeKey: 'po.currency', expected: 'EUR', actual: 'SEK' }),
    ]);
  });

  describe('PO-PRICE', () => {
    it('accepts a price within the supplier tolerance (2%)', () => {
      const s = scenario();
      s.invoice.lines![0].unitPrice = '510.00';
      expect(evaluate('PO-PRICE', s)).toEqual([]);
    });
    it('blocks a price above tolerance and warns below it', () => {
      const s = scenario();
      s.invoice.lines![0].unitPrice = '510.01';
      s.invoice.lines![1].unitPrice = '40.00';
      const findings = evaluate('PO-PRICE', s);
      expect(findings).toEqual([
        expect.objectContaining({
          severity: 'blocking',
          routeKey: 'po.price-variance',
          fieldPath: 'lines[0].unitPrice',
          actual: '510.01',
          expected: '500 ± 2%',
        }),
        expect.objectContaining({ severity: 'warning', fieldPath: 'lines[1].unitPrice' }),
      ]);
    });
    it('divides by the price base quantity', () => {
      const s = scenario();
      s.invoice.lines![1].unitPrice = '500.00';
      s.invoice.lines![1].priceBaseQuantity = '10';
      expect(evaluate('PO-PRICE', s)).toEqual([]);
    });
    it('falls back to the default tolerance setting when the supplier has none', () => {
      const s = scenario();
      s.supplier.supplier!.priceTolerancePct = '';
      s.invoice.lines![0].unitPrice = '505.00';
      expect(run(r('PO-PRICE'), contextFor(s.invoice, { supplier: s.supplier }))).toEqual([]);
      const strict = mergeSettings(defaultRuleSettings(), { defaultPriceTolerancePct: '0.5' });
      expect(run(r('PO-PRICE'), { invoice: s.invoice, supplier: s.supplier, settings: strict })).toHaveLength(1);
    });
  });

  describe('PO-QTY', () => {
    it('2-way: blocks more than ordered', () => {
      const s = scenario();
      s.invoice.lines![0].quantity = '3';
      expect(evaluate('PO-QTY', s)).toEqual([
        expect.objectContaining({
          routeKey: 'po.quantity-variance',
          fieldPath: 'lines[0].quantity',
          actual: '3',
          expected: '<= 2',
        }),
      ]);
    });
    it('2-way: sums invoice lines drawing on the same PO line', () => {
      const s = scenario();
      s.invoice.lines![1].poLineReference = '1';
      s.invoice.lines![1].unitPrice = '500.00';
      expect(evaluate('PO-QTY', s)).toEqual([expect.objectContaining({ actual: '6' })]);
    });
    it('3-way: blocks more than received once goods receipts exist', () => {
      const s = scenario();
      s.supplier.goodsReceipts = [
        {
          poNumber: 'PO-FI-778',
          lines: [
            { poLineNumber: '1', quantityReceived: '2' },
            { poLineNumber: '2', quantityReceived: '3' },
          ],
        },
      ];
      expect(evaluate('PO-QTY', s)).toEqual([
        expect.objectContaining({ fieldPath: 'lines[1].quantity', actual: '4', expected: '<= 3 (received)' }),
      ]);
      s.supplier.goodsReceipts.push({ poNumber: 'PO-FI-778', lines: [{ poLineNumber: '2', quantityReceived: '1' }] });
      expect(evaluate('PO-QTY', s)).toEqual([]);
    });
    it('respects the quantity tolerance', () => {
      const s = scenario();
      s.invoice.lines![0].quantity = '2.1';
      s.supplier.supplier!.quantityTolerancePct = '5';
      expect(evaluate('PO-QTY', s)).toEqual([]);
    });
  });

  it('DUP-EXACT names no other invoice id (the earlier one may belong to another integration)', () => {
    const s = scenario();
    s.supplier.priorInvoices.push({
      id: 'inv-other-integration',
      invoiceNumber: s.invoice.invoiceNumber!,
      issueDate: '2026-03-02',
      payable: '1482.00',
      currency: 'EUR',
    });
    const [finding] = evaluate('DUP-EXACT', s);
    expect(finding).toBeDefined();
    expect(JSON.stringify(finding)).not.toContain('inv-other-integration');
  });

  it('DUP-NEAR names no other invoice id either', () => {
    const s = scenario();
    s.supplier.priorInvoices.push({
      id: 'inv-other-integration',
      invoiceNumber: `${s.invoice.invoiceNumber!}-A`,
      issueDate: s.invoice.issueDate!,
      payable: s.invoice.totals!.payable!,
      currency: 'EUR',
    });
    const [finding] = evaluate('DUP-NEAR', s);
    expect(finding).toBeDefined();
    expect(JSON.stringify(finding)).not.toContain('inv-other-integration');
  });

  it('DUP-EXACT flags the same invoice number (case and spaces ignored)', () => {
    const s = scenario();
    s.supplier.priorInvoices.push({
      id: 'inv-1',
      invoiceNumber: ' inv-fi-0001 ',
      issueDate: '2026-03-02',
      payable: '1482.00',
      currency: 'EUR',
    });
    expect(evaluate('DUP-EXACT', s)).toEqual([
      expect.objectContaining({ routeKey: 'duplicate.exact', severity: 'blocking', fieldPath: 'invoiceNumber' }),
    ]);
    expect(evaluate('DUP-NEAR', s)).toEqual([]);
  });

  describe('DUP-NEAR', () => {
    const prior = (over: Partial<SupplierContext['priorInvoices'][number]>) => ({
      id: 'inv-1',
      invoiceNumber: 'INV-FI-001',
      issueDate: '2026-02-26',
      payable: scenario().invoice.totals!.payable!,
      currency: 'EUR',
      ...over,
    });
    it.each([
      ['INV-FI-001', 'leading zeros'],
      ['INVFI0001', 'separators'],
      ['INV-FI-0010', 'a transposition (edit distance 2)'],
    ])('flags %s (%s) with the same amount within 7 days', (invoiceNumber) => {
      const s = scenario();
      s.supplier.priorInvoices = [prior({ invoiceNumber })];
      expect(evaluate('DUP-NEAR', s)).toEqual([
        expect.objectContaining({ routeKey: 'duplicate.near', severity: 'blocking' }),
      ]);
    });
    it.each([
      ['another amount', { payable: '1482.01' }],
      ['another currency', { currency: 'SEK' }],
      ['more than 7 days apart', { issueDate: '2026-02-22' }],
      ['a dissimilar number', { invoiceNumber: 'CN-2026-77' }],
    ])('passes %s', (_label, over) => {
      const s = scenario();
      s.supplier.priorInvoices = [prior(over)];
      expect(evaluate('DUP-NEAR', s)).toEqual([]);
    });
    it('takes its severity from the settings', () => {
      const s = scenario();
      s.supplier.priorInvoices = [prior({})];
      const settings = mergeSettings(defaultRuleSettings(), { nearDuplicateSeverity: 'warning' });
      expect(run(r('DUP-NEAR'), { invoice: s.invoice, supplier: s.supplier, settings })).toEqual([
        expect.objectContaining({ severity: 'warning' }),
      ]);
    });
  });

  it('SUP-PAYMENT-TERMS warns when the due date is not the agreed terms', () => {
    const s = scenario();
    s.invoice.dueDate = '2026-03-16';
    expect(evaluate('SUP-PAYMENT-TERMS', s)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        routeKey: 'supplier.payment-terms',
        fieldPath: 'dueDate',
        expected: '30 days after 2026-03-02',
        actual: '2026-03-16 (14 days)',
      }),
    ]);
  });

  it('normalises invoice numbers and measures edit distance', () => {
    expect(normaliseInvoiceNumber('inv-2024/0012')).toBe('INV202412');
    expect(editDistance('INV1001', 'INV1010')).toBe(2);
    expect(editDistance('ABCDEFGH', 'ZZZZZZZZ', 2)).toBe(3);
  });
});
