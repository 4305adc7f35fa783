import Decimal from 'decimal.js';
import { readdirSync, readFileSync } from 'node:fs';
import { detectXmlFormat, readInvoiceXml } from './index';
import { loadUnitTestSets } from './testing/unit-test-sets';
import { EN16931_DIR } from '@app/testing/shared-dir';

const EXAMPLES = `${EN16931_DIR}/examples`;
const read = (path: string) => readInvoiceXml(readFileSync(`${EXAMPLES}/${path}`));
const examples = ['ubl', 'cii'].flatMap((dir) => readdirSync(`${EXAMPLES}/${dir}`).map((f) => `${dir}/${f}`));

describe('readInvoiceXml over the official examples', () => {
  it.each(examples)('%s reads into a complete canonical invoice without blocking syntax findings', (path) => {
    const { format, invoice, syntaxFindings } = read(path);
    expect(format).toBe(path.startsWith('ubl/') ? 'ubl' : 'cii');
    expect(invoice.invoiceNumber).toBeTruthy();
    expect(invoice.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(invoice.currency).toMatch(/^[A-Z]{3}$/);
    expect(invoice.seller?.name).toBeTruthy();
    expect(invoice.lines?.length).toBeGreaterThanOrEqual(1);
    expect(invoice.totals?.payable).toBeDefined();
    // BR-CO-16: payable = inclusive - prepaid + rounding, exactly, in every valid example.
    const t = invoice.totals!;
    const payable = new Decimal(t.taxInclusive!).minus(t.prepaid ?? 0).plus(t.rounding ?? 0);
    expect(payable.equals(t.payable!)).toBe(true);
    // BR-CO-10: line net amounts sum to BT-106.
    const lineSum = invoice.lines!.reduce((sum, l) => sum.plus(l.netAmount ?? 0), new Decimal(0));
    expect(lineSum.equals(t.lineNetTotal!)).toBe(true);
    expect(syntaxFindings).toEqual([]);
  });

  it('maps a UBL invoice in detail (ubl-tc434-example2)', () => {
    const { invoice } = read('ubl/ubl-tc434-example2.xml');
    expect(invoice).toMatchObject({
      documentKind: 'invoice',
      invoiceNumber: 'TOSL108',
      issueDate: '2013-06-30',
      typeCode: '380',
      currency: 'NOK',
      dueDate: '2013-07-20',
      totals: {
        lineNetTotal: '1436.50',
        taxExclusive: '1436.50',
        taxTotal: '365.28',
        taxInclusive: '1801.78',
        prepaid: '1000.00',
        payable: '801.78',
      },
    });
    expect(invoice.seller).toMatchObject({
      name: 'Salescompany ltd.',
      vatId: 'NO123456789MVA',
      iban: 'NO9386011117947',
      address: { countryCode: 'NO' },
    });
    expect(invoice.buyer?.vatId).toBe('NO987654321MVA');
    expect(invoice.vatBreakdown).toHaveLength(3);
    expect(invoice.lines).toHaveLength(5);
    expect(invoice.lines![0]).toMatchObject({
      id: '1',
      quantity: '2',
      unitCode: 'EA',
      netAmount: '1273.00',
      vatCategory: 'S',
      vatRate: '25',
    });
  });

  it('maps a CII invoice in detail (CII_example2, the same invoice as ubl-tc434-example2)', () => {
    const cii = read('cii/CII_example2.xml').invoice;
    const ubl = read('ubl/ubl-tc434-example2.xml').invoice;
    expect(cii.invoiceNumber).toBe(ubl.invoiceNumber);
    expect(cii.issueDate).toBe('2013-06-30');
    expect(cii.dueDate).toBe(ubl.dueDate);
    // CII writes 1436.5 where UBL writes 1436.50: the reader keeps each document's own spelling.
    expect(cii.totals).toMatchObject({
      lineNetTotal: '1436.5',
      taxTotal: '365.28',
      prepaid: '1000',
      payable: '801.78',
    });
    expect(cii.seller).toMatchObject({ name: 'Salescompany ltd.', vatId: 'NO123456789MVA', iban: 'NO9386011117947' });
    expect(cii.vatBreakdown?.map((v) => v.category)).toEqual(ubl.vatBreakdown?.map((v) => v.category));
    expect(cii.lines?.map((l) => new Decimal(l.netAmount!).toFixed(2))).toEqual(
      ubl.lines?.map((l) => new Decimal(l.netAmount!).toFixed(2)),
    );
  });

  it('reads a UBL CreditNote as a credit note with credited quantities', () => {
    const { invoice } = read('ubl/ubl-tc434-creditnote1.xml');
    expect(invoice.documentKind).toBe('credit_note');
    expect(invoice.typeCode).toBe('381');
    expect(invoice.lines![0].quantity).toBeDefined();
  });

  it('keeps decimals exactly as written and keeps the accounting-currency VAT total apart', () => {
    expect(read('cii/CII_example4.xml').invoice.totals?.payable).toBe('4675');
    expect(read('cii/CII_example5.xml').invoice.totals?.payable).toBe('2337.5');
  });

  it('detects the format from the root element', () => {
    expect(detectXmlFormat(readFileSync(`${EXAMPLES}/ubl/ubl-tc434-example1.xml`))).toBe('ubl');
    expect(detectXmlFormat(readFileSync(`${EXAMPLES}/cii/CII_example1.xml`, 'utf8'))).toBe('cii');
    expect(detectXmlFormat('<?xml version="1.0"?><!-- c --><Order/>')).toBeUndefined();
  });

  it('reads every official unit-test fragment into a partial invoice without throwing', () => {
    const dirs = ['Invoice-unit-UBL', 'CreditNote-unit-UBL', 'cii'];
    let count = 0;
    for (const dir of dirs) {
      for (const set of loadUnitTestSets(`${EN16931_DIR}/unit-tests/${dir}`)) {
        for (const test of set.tests) {
          expect(() => readInvoiceXml(test.xml)).not.toThrow();
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(1000);
  });
});
