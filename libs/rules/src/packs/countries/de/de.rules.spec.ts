import { contextFor, domesticInvoice, ruleById, run } from '../shared/testing/domestic-invoice.fixture';
import { DE_RULES } from './de.rules';
import { leitwegIdValid } from './xrechnung.rules';

const r = (id: string) => ruleById(DE_RULES, id);

function xrechnung() {
  const inv = domesticInvoice('DE');
  inv.customizationId = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
  inv.buyerReference = '04011000-1234512345-06';
  inv.seller!.contact = { name: 'Max Mustermann', phone: '+49 30 123456', email: 'rechnung@werkzeug.example' };
  return inv;
}

describe('DE rules', () => {
  it('DE-TAX-NUMBER passes with a VAT id or a Steuernummer and flags neither', () => {
    const inv = domesticInvoice('DE');
    expect(run(r('DE-TAX-NUMBER'), contextFor(inv))).toEqual([]);
    delete inv.seller!.vatId;
    expect(run(r('DE-TAX-NUMBER'), contextFor(inv))).toEqual([
      expect.objectContaining({ ruleId: 'DE-TAX-NUMBER', routeKey: 'vat.DE' }),
    ]);
    inv.seller!.taxRegistrationId = '21/815/08150';
    expect(run(r('DE-TAX-NUMBER'), contextFor(inv))).toEqual([]);
  });

  it('DE-SUPPLY-DATE warns when no supply date is given, accepts a note', () => {
    const inv = domesticInvoice('DE');
    expect(run(r('DE-SUPPLY-DATE'), contextFor(inv))).toEqual([]);
    delete inv.delivery;
    expect(run(r('DE-SUPPLY-DATE'), contextFor(inv))).toEqual([expect.objectContaining({ severity: 'warning' })]);
    inv.notes = ['Leistungsdatum entspricht Rechnungsdatum'];
    expect(run(r('DE-SUPPLY-DATE'), contextFor(inv))).toEqual([]);
  });

  describe('XRechnung (BR-DE-*)', () => {
    const cases: [string, (inv: ReturnType<typeof xrechnung>) => void, string][] = [
      ['BR-DE-1', (i) => delete i.paymentMeans, 'paymentMeans'],
      ['BR-DE-2', (i) => delete i.seller!.contact, 'seller.contact'],
      ['BR-DE-3', (i) => delete i.seller!.address!.city, 'seller.address.city'],
      ['BR-DE-4', (i) => delete i.seller!.address!.postalCode, 'seller.address.postalCode'],
      ['BR-DE-5', (i) => delete i.seller!.contact!.name, 'seller.contact.name'],
      ['BR-DE-6', (i) => delete i.seller!.contact!.phone, 'seller.contact.phone'],
      ['BR-DE-7', (i) => delete i.seller!.contact!.email, 'seller.contact.email'],
      ['BR-DE-8', (i) => delete i.buyer!.address!.city, 'buyer.address.city'],
      ['BR-DE-9', (i) => delete i.buyer!.address!.postalCode, 'buyer.address.postalCode'],
      ['BR-DE-15', (i) => delete i.buyerReference, 'buyerReference'],
      ['BR-DE-17', (i) => (i.typeCode = '393'), 'typeCode'],
      [
        'BR-DE-19',
        (i) => (i.paymentMeans![0].accounts![0].iban = 'DE89370400440532013001'),
        'paymentMeans[0].accounts[0].iban',
      ],
      ['BR-DE-23-a', (i) => (i.paymentMeans![0].accounts = []), 'paymentMeans[0].accounts'],
      ['DE-LEITWEG-ID', (i) => (i.buyerReference = '04011000-1234512345-07'), 'buyerReference'],
    ];

    it.each(cases.map(([id]) => id))('%s passes a complete XRechnung', (id) => {
      expect(run(r(id), contextFor(xrechnung()))).toEqual([]);
    });

    it.each(cases)('%s flags its problem', (id, breakIt, fieldPath) => {
      const inv = xrechnung();
      breakIt(inv);
      expect(run(r(id), contextFor(inv))).toEqual([expect.objectContaining({ ruleId: id, fieldPath })]);
    });

    it('do not bind an invoice that does not declare XRechnung', () => {
      const inv = xrechnung();
      inv.customizationId = 'urn:cen.eu:en16931:2017';
      delete inv.buyerReference;
      delete inv.seller!.contact;
      expect(run(DE_RULES, contextFor(inv))).toEqual([]);
    });

    it('checks Leitweg-ID check digits (ISO 7064 MOD 97-10)', () => {
      expect(leitwegIdValid('991-33333TEST-33')).toBe(true);
      expect(leitwegIdValid('04011000-1234512345-06')).toBe(true);
      expect(leitwegIdValid('04011000-1234512345-60')).toBe(false);
    });
  });
});
