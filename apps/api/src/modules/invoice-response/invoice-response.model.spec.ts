import { fatalFailures } from './invoice-response.check';
import { buildInvoiceResponse, endpointOf, type ResponseFacts } from './invoice-response.model';
import { invoiceResponseXml } from './invoice-response.xml';

const facts = (over: Partial<ResponseFacts> = {}): ResponseFacts => ({
  invoiceId: '0b6f5c1e-6a52-4c33-9a53-2f3c4f1d2e11',
  invoiceNumber: 'INV-1 <&>',
  issueDate: '2026-11-02',
  typeCode: null,
  documentKind: 'invoice',
  status: 'received',
  statusEvent: { id: '42', at: new Date('2026-11-03T10:00:00Z') },
  duplicateOfNumber: null,
  seller: { name: 'Acme AB', vatId: 'SE556677889901', country: 'SE', electronicAddress: null },
  buyer: { name: 'Our entity NO', vatId: 'NO974760673MVA', country: 'NO', electronicAddress: null },
  supplier: null,
  exceptions: [],
  ...over,
});

describe('Invoice Response from the facts of an invoice', () => {
  it.each([
    ['received', 'AB'],
    ['validating', 'IP'],
    ['in_review', 'IP'],
    ['failed', 'IP'],
    ['ready', 'AP'],
    ['rejected', 'RE'],
    ['returned_to_supplier', 'UQ'],
    ['duplicate', 'RE'],
  ])('%s → %s, and the XML passes the rules', (status, code) => {
    const r = buildInvoiceResponse(facts({ status, duplicateOfNumber: 'INV-0' }), 'en');
    expect(r.responseCode).toBe(code);
    expect(fatalFailures(invoiceResponseXml(r))).toEqual([]);
  });

  it('a duplicate is rejected with reason OTH, the earlier invoice named, and no action asked', () => {
    const r = buildInvoiceResponse(facts({ status: 'duplicate', duplicateOfNumber: 'INV-0' }), 'en');
    expect(r.statuses).toEqual([
      { listId: 'OPStatusReason', code: 'OTH', reason: expect.stringContaining('INV-0') },
      { listId: 'OPStatusAction', code: 'NOA' },
    ]);
  });

  it('addresses Norwegian and Swedish parties by their organisation numbers; escapes text; types a credit note 381', () => {
    const r = buildInvoiceResponse(facts({ documentKind: 'credit_note' }), 'en');
    expect(r.sender.endpoint).toEqual({ schemeId: '0192', id: '974760673' });
    expect(r.receiver.endpoint).toEqual({ schemeId: '0007', id: '5566778899' });
    const xml = invoiceResponseXml(r);
    expect(xml).toContain('<cbc:ID>INV-1 &lt;&amp;&gt;</cbc:ID>');
    expect(xml).toContain('<cbc:DocumentTypeCode>381</cbc:DocumentTypeCode>');
  });

  it('prefers the electronic address on the invoice; without one or a VAT id there is no endpoint and the check says so', () => {
    expect(
      endpointOf({
        name: null,
        vatId: 'DE123',
        country: 'DE',
        electronicAddress: { id: '7300010000001', schemeId: '0088' },
      }),
    ).toEqual({ schemeId: '0088', id: '7300010000001' });
    const r = buildInvoiceResponse(
      facts({ seller: { name: 'X', vatId: null, country: 'FR', electronicAddress: null } }),
      'en',
    );
    expect(fatalFailures(invoiceResponseXml(r)).map((f) => f.ruleId)).toEqual(['PEPPOL-T111-B02001']);
  });
});
