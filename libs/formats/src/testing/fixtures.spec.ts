import Decimal from 'decimal.js';
import { isValidIBAN } from 'ibantools';
import { checkVAT, countries } from 'jsvat';
import { readInvoiceXml } from '../read-invoice-xml';
import { loadFormatFixtures, readFormatFixture } from './fixtures';

const fixtures = loadFormatFixtures();
const valid = fixtures.filter((f) => f.valid);
const BUYING_COUNTRIES = ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'];

describe('format fixtures', () => {
  it('has one valid UBL and one valid CII invoice per buying-entity country', () => {
    for (const format of ['ubl', 'cii']) {
      expect(
        valid
          .filter((f) => f.format === format)
          .map((f) => f.country)
          .sort(),
      ).toEqual([...BUYING_COUNTRIES].sort());
    }
  });

  it.each(valid)('$file is internally consistent and uses checksum-valid ids', (fixture) => {
    const { format, invoice, syntaxFindings } = readInvoiceXml(readFormatFixture(fixture.file));
    expect(format).toBe(fixture.format);
    expect(syntaxFindings).toEqual([]);
    expect(checkVAT(invoice.seller!.vatId!, countries).isValid).toBe(true);
    expect(checkVAT(invoice.buyer!.vatId!, countries).isValid).toBe(true);
    expect(invoice.seller!.vatId!.startsWith(fixture.country)).toBe(true);
    expect(isValidIBAN(invoice.seller!.iban!)).toBe(true);
    expect(invoice.seller?.address?.countryCode).toBe(fixture.country);
    const lineSum = invoice.lines!.reduce((s, l) => s.plus(l.netAmount!), new Decimal(0));
    const t = invoice.totals!;
    expect(lineSum.equals(t.lineNetTotal!)).toBe(true);
    const vat = new Decimal(t.taxExclusive!).times(fixture.vatRate!).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    expect(vat.equals(t.taxTotal!)).toBe(true);
    expect(new Decimal(t.taxExclusive!).plus(t.taxTotal!).equals(t.taxInclusive!)).toBe(true);
    expect(t.payable).toBe(fixture.payable);
    expect(invoice.vatBreakdown).toEqual([
      { category: 'S', rate: fixture.vatRate, taxableAmount: fixture.net, taxAmount: fixture.tax },
    ]);
  });

  it('reads the UBL and CII twin of each country into the same business content', () => {
    for (const country of BUYING_COUNTRIES) {
      const [u, c] = ['ubl', 'cii'].map(
        (format) => readInvoiceXml(readFormatFixture(`${format}/${country.toLowerCase()}-valid-invoice.xml`)).invoice,
      );
      for (const key of [
        'invoiceNumber',
        'issueDate',
        'dueDate',
        'currency',
        'buyerReference',
        'purchaseOrderReference',
        'totals',
        'vatBreakdown',
      ] as const) {
        expect(c[key]).toEqual(u[key]);
      }
      expect(c.seller).toMatchObject({
        name: u.seller?.name,
        vatId: u.seller?.vatId,
        iban: u.seller?.iban,
        legalRegistrationId: u.seller?.legalRegistrationId,
      });
      expect(c.lines?.map((l) => [l.id, l.quantity, l.unitCode, l.unitPrice, l.netAmount, l.vatRate])).toEqual(
        u.lines?.map((l) => [l.id, l.quantity, l.unitCode, l.unitPrice, l.netAmount, l.vatRate]),
      );
    }
  });

  it('invalid fixtures break what their manifest says', () => {
    const duplicate = readInvoiceXml(readFormatFixture('ubl/de-invalid-duplicate-seller-vat.xml'));
    expect(duplicate.syntaxFindings.map((f) => f.ruleId)).toContain('UBL-SR-12');
    expect(
      readInvoiceXml(readFormatFixture('cii/de-invalid-missing-seller-name.xml')).invoice.seller?.name,
    ).toBeUndefined();
    expect(
      checkVAT(
        readInvoiceXml(readFormatFixture('ubl/de-invalid-seller-vat-checksum.xml')).invoice.seller!.vatId!,
        countries,
      ).isValid,
    ).toBe(false);
  });
});
