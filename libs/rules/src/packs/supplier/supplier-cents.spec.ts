import type { CanonicalInvoice } from '@app/domain';
import type { SupplierContext } from '../../engine/supplier-context';
import { contextFor, domesticInvoice, ruleById, run } from '../countries/shared/testing/domestic-invoice.fixture';
import { SUPPLIER_RULES } from './index';

/**
 * The supplier rules decide plain amounts ("2", "500.00") in whole cents and parse decimals otherwise.
 * The same value written so that it must be parsed ("2.000") has to give the same verdict.
 */
function scenario(): { invoice: CanonicalInvoice; supplier: SupplierContext } {
  const invoice = domesticInvoice('FI');
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
    priorInvoices: [],
  };
  return { invoice, supplier };
}

type Edit = (s: ReturnType<typeof scenario>, written: (plain: string) => string) => void;

const verdict = (id: string, edit: Edit, written: (plain: string) => string) => {
  const s = scenario();
  edit(s, written);
  return run(ruleById(SUPPLIER_RULES, id), contextFor(s.invoice, { supplier: s.supplier })).map(
    (f) => `${f.severity} ${f.fieldPath}`,
  );
};

const plain = (v: string) => v;
const padded = (v: string) => (v.includes('.') ? `${v}000` : `${v}.000`);

const CASES: [string, string, Edit, boolean][] = [
  [
    'PO-QTY',
    'as ordered',
    (s, w) => {
      s.invoice.lines![0].quantity = w('2');
    },
    false,
  ],
  [
    'PO-QTY',
    'above ordered',
    (s, w) => {
      s.invoice.lines![0].quantity = w('3');
    },
    true,
  ],
  [
    'PO-QTY',
    'ordered quantity written long',
    (s, w) => {
      s.supplier.purchaseOrder!.lines[0].quantity = w('2');
      s.invoice.lines![0].quantity = '2';
    },
    false,
  ],
  [
    'PO-QTY',
    'negative tolerance',
    (s, w) => {
      s.supplier.supplier!.quantityTolerancePct = '-10';
      s.invoice.lines![0].quantity = w('2');
    },
    true,
  ],
  [
    'PO-QTY',
    'negative ordered quantity',
    (s, w) => {
      s.supplier.purchaseOrder!.lines[0].quantity = '-2';
      s.invoice.lines![0].quantity = w('-3');
    },
    false,
  ],
  [
    'PO-QTY',
    'received in full',
    (s, w) => {
      s.supplier.goodsReceipts = [
        {
          poNumber: 'PO-FI-778',
          lines: [
            { poLineNumber: '1', quantityReceived: w('2') },
            { poLineNumber: '2', quantityReceived: '4' },
          ],
        },
      ];
    },
    false,
  ],
  [
    'PO-QTY',
    'received short',
    (s, w) => {
      s.supplier.goodsReceipts = [
        {
          poNumber: 'PO-FI-778',
          lines: [
            { poLineNumber: '1', quantityReceived: w('1.5') },
            { poLineNumber: '2', quantityReceived: '4' },
          ],
        },
      ];
    },
    true,
  ],
  [
    'PO-QTY',
    'two lines on one PO line',
    (s, w) => {
      s.invoice.lines![1].poLineReference = '1';
      s.invoice.lines![1].quantity = w('0.5');
      s.invoice.lines![0].quantity = w('1.5');
    },
    false,
  ],
  [
    'PO-PRICE',
    'order price',
    (s, w) => {
      s.invoice.lines![0].unitPrice = w('500.00');
    },
    false,
  ],
  [
    'PO-PRICE',
    'above tolerance',
    (s, w) => {
      s.invoice.lines![0].unitPrice = w('511.00');
    },
    true,
  ],
  [
    'PO-PRICE',
    'order price written long on the PO',
    (s, w) => {
      s.supplier.purchaseOrder!.lines[0].unitPrice = w('500.00');
    },
    false,
  ],
  [
    'DUP-NEAR',
    'same amount',
    (s, w) => {
      s.supplier.priorInvoices = [
        {
          id: 'inv-1',
          invoiceNumber: 'INV-FI-001',
          issueDate: '2026-02-26',
          payable: w(s.invoice.totals!.payable!),
          currency: 'EUR',
        },
      ];
    },
    true,
  ],
  [
    'DUP-NEAR',
    'one cent apart',
    (s, w) => {
      s.supplier.priorInvoices = [
        { id: 'inv-1', invoiceNumber: 'INV-FI-001', issueDate: '2026-02-26', payable: w('1482.01'), currency: 'EUR' },
      ];
    },
    false,
  ],
  [
    'DUP-NEAR',
    'invoice payable written long',
    (s, w) => {
      s.invoice.totals!.payable = w(s.invoice.totals!.payable!);
      s.supplier.priorInvoices = [
        { id: 'inv-1', invoiceNumber: 'INV-FI-001', issueDate: '2026-02-26', payable: '1482.00', currency: 'EUR' },
      ];
    },
    true,
  ],
];

describe('supplier rules: cent fast path and decimal path agree', () => {
  it.each(CASES)('%s %s', (id, _label, edit, flagged) => {
    const fast = verdict(id, edit, plain);
    expect(fast.length > 0).toBe(flagged);
    expect(verdict(id, edit, padded)).toEqual(fast);
  });
});
