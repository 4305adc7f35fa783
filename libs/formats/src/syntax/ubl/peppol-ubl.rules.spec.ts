import { readInvoiceXml } from '../../read-invoice-xml';

/** A small Peppol BIS invoice written for these tests: one line, one tax total, all amounts in EUR. */
function peppolUbl(
  opts: {
    root?: 'Invoice' | 'CreditNote';
    customization?: string;
    head?: string;
    body?: string;
    line?: string;
    price?: string;
    taxTotals?: string;
  } = {},
): string {
  const root = opts.root ?? 'Invoice';
  const lineName = root === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine';
  const qty = root === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>${opts.customization ?? 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'}</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>T-1</cbc:ID>
  <cbc:IssueDate>2026-03-02</cbc:IssueDate>
  <cbc:${root === 'Invoice' ? 'InvoiceTypeCode' : 'CreditNoteTypeCode'}>${root === 'Invoice' ? '380' : '381'}</cbc:${root === 'Invoice' ? 'InvoiceTypeCode' : 'CreditNoteTypeCode'}>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>${opts.head ?? ''}
  <cbc:BuyerReference>REF-1</cbc:BuyerReference>${opts.body ?? ''}
  <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0088">5790000435968</cbc:EndpointID>
    <cac:PostalAddress><cbc:CityName>Helsinki</cbc:CityName><cac:Country><cbc:IdentificationCode>FI</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>Seller Oy</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="0216">003712345671</cbc:EndpointID>
    <cac:PostalAddress><cbc:CityName>Espoo</cbc:CityName><cac:Country><cbc:IdentificationCode>FI</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>Buyer Oy</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
  <cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Discount</cbc:AllowanceChargeReason><cbc:Amount currencyID="EUR">0.00</cbc:Amount>
    <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25.5</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>
${
  opts.taxTotals ??
  `  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">25.50</cbc:TaxAmount>
    <cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">25.50</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25.5</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>`
}
  <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">125.50</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">125.50</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:${lineName}><cbc:ID>1</cbc:ID><cbc:${qty} unitCode="C62">1</cbc:${qty}><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>${opts.line ?? ''}
    <cac:Item><cbc:Name>Thing</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25.5</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount>${opts.price ?? ''}</cac:Price></cac:${lineName}>
</${root}>`;
}

const peppolIds = (xml: string) =>
  readInvoiceXml(xml)
    .syntaxFindings.filter((f) => f.ruleId.startsWith('PEPPOL-'))
    .map((f) => `${f.ruleId}:${f.severity}`);

const CASES: [string, Parameters<typeof peppolUbl>[0]][] = [
  ['PEPPOL-EN16931-R008', { head: '<cbc:Note></cbc:Note>' }],
  // Only white space (spaces, a line end, a tab, a no-break space) is blank too.
  ['PEPPOL-EN16931-R008', { head: '<cbc:Note> \n\t\u00a0 </cbc:Note>' }],
  [
    'PEPPOL-EN16931-R043',
    {
      body: '',
      line: '<cac:AllowanceCharge><cbc:ChargeIndicator>False</cbc:ChargeIndicator><cbc:AllowanceChargeReason>x</cbc:AllowanceChargeReason><cbc:Amount currencyID="EUR">0.00</cbc:Amount></cac:AllowanceCharge>',
    },
  ],
  [
    'PEPPOL-EN16931-R044',
    {
      price:
        '<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">1.00</cbc:Amount></cac:AllowanceCharge>',
    },
  ],
  [
    'PEPPOL-EN16931-R051',
    {
      price:
        '<cbc:BaseQuantity unitCode="C62">1</cbc:BaseQuantity><cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="SEK">1.00</cbc:Amount></cac:AllowanceCharge>',
    },
  ],
  ['PEPPOL-EN16931-R053', { taxTotals: '' }],
  ['PEPPOL-EN16931-R054', { taxTotals: undefined, head: '<cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode>' }],
  [
    'PEPPOL-EN16931-R100',
    {
      line: '<cac:DocumentReference><cbc:ID>A</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:DocumentReference><cac:DocumentReference><cbc:ID>B</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:DocumentReference>',
    },
  ],
  [
    'PEPPOL-EN16931-R101',
    {
      line: '<cac:DocumentReference><cbc:ID>A</cbc:ID><cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:DocumentReference>',
    },
  ],
  ['PEPPOL-EN16931-R130', { price: '<cbc:BaseQuantity unitCode="H87">1</cbc:BaseQuantity>' }],
  [
    'PEPPOL-EN16931-CL001',
    {
      body: '<cac:AdditionalDocumentReference><cbc:ID>a</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/zip" filename="a.zip">UEsDBA==</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>',
    },
  ],
  [
    'PEPPOL-EN16931-CL007',
    {
      price:
        '<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EURO">1.00</cbc:Amount></cac:AllowanceCharge>',
    },
  ],
  [
    'PEPPOL-EN16931-CL008',
    {
      body: '<cac:PayeeParty><cbc:EndpointID schemeID="0207">1</cbc:EndpointID><cac:PartyName><cbc:Name>P</cbc:Name></cac:PartyName></cac:PayeeParty>',
    },
  ],
];

describe('Peppol BIS rules checked on the UBL document', () => {
  it('finds nothing in a valid Peppol invoice or credit note', () => {
    expect(peppolIds(peppolUbl())).toEqual([]);
    expect(peppolIds(peppolUbl({ root: 'CreditNote' }))).toEqual([]);
  });

  it.each(CASES)('%s blocks the broken document', (id, opts) => {
    expect(peppolIds(peppolUbl(opts))).toContain(`${id}:blocking`);
  });

  it.each(CASES)('%s is not judged on a document that does not declare Peppol BIS', (_id, opts) => {
    expect(peppolIds(peppolUbl({ ...opts, customization: 'urn:cen.eu:en16931:2017' }))).toEqual([]);
  });

  it('PEPPOL-EN16931-R080 allows one project reference on a credit note, not two', () => {
    const project = (id: string) =>
      `<cac:AdditionalDocumentReference><cbc:ID>${id}</cbc:ID><cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>`;
    expect(peppolIds(peppolUbl({ root: 'CreditNote', body: project('P1') }))).toEqual([]);
    expect(peppolIds(peppolUbl({ root: 'CreditNote', body: project('P1') + project('P2') }))).toContain(
      'PEPPOL-EN16931-R080:blocking',
    );
  });

  it('passes the allowed variants: BT-111 in the VAT accounting currency, price discount, base quantity in the line unit', () => {
    const xml = peppolUbl({
      head: '<cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode>',
      taxTotals: undefined,
      price:
        '<cbc:BaseQuantity unitCode="C62">1</cbc:BaseQuantity><cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">1.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">101.00</cbc:BaseAmount></cac:AllowanceCharge>',
    }).replace(
      '</cac:TaxTotal>',
      '</cac:TaxTotal>\n  <cac:TaxTotal><cbc:TaxAmount currencyID="SEK">290.00</cbc:TaxAmount></cac:TaxTotal>',
    );
    expect(peppolIds(xml)).toEqual([]);
  });
});
