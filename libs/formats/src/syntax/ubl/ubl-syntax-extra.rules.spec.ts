import { readInvoiceXml } from '../../read-invoice-xml';

const NS = `xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"`;
const findings = (body: string) => readInvoiceXml(`<Invoice ${NS}>${body}</Invoice>`).syntaxFindings;
const ids = (body: string) =>
  findings(body)
    .map((f) => `${f.ruleId}:${f.severity}`)
    .sort();
const line = (item: string) =>
  `<cac:InvoiceLine><cbc:ID>1</cbc:ID><cac:Item><cbc:Name>x</cbc:Name>${item}</cac:Item></cac:InvoiceLine>`;
const category = '<cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID></cac:ClassifiedTaxCategory>';

describe('UBL syntax rules without an official unit test', () => {
  it('UBL-SR-48: each line has exactly one classified tax category', () => {
    expect(ids(line(category))).toEqual([]);
    expect(ids(line(''))).toEqual(['UBL-SR-48:blocking']);
    expect(ids(line(category + category))).toEqual(['UBL-SR-48:blocking']);
  });

  it('UBL-CR-001 / UBL-CR-002 / UBL-CR-005: unused header elements are warnings', () => {
    expect(ids('<ext:UBLExtensions/><cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:UUID>u</cbc:UUID>')).toEqual([
      'UBL-CR-001:warning',
      'UBL-CR-002:warning',
      'UBL-CR-005:warning',
    ]);
    expect(ids('<cbc:UBLVersionID>2.1</cbc:UBLVersionID>')).toEqual([]);
  });

  it('UBL-DT-18 and UBL-DT-08: unused attributes are warnings, payment means name is allowed', () => {
    expect(
      ids(
        '<cac:PaymentMeans><cbc:PaymentMeansCode name="Credit transfer">30</cbc:PaymentMeansCode></cac:PaymentMeans>',
      ),
    ).toEqual([]);
    expect(ids('<cbc:ID schemeName="x">1</cbc:ID><cbc:Note name="n">a</cbc:Note>')).toEqual([
      'UBL-DT-08:warning',
      'UBL-DT-18:warning',
    ]);
  });

  it('UBL-DT-01 reports every amount with more than two decimals, but not item prices', () => {
    const body = `<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">1.005</cbc:PayableAmount></cac:LegalMonetaryTotal>
      <cac:InvoiceLine><cbc:LineExtensionAmount currencyID="EUR">1.001</cbc:LineExtensionAmount>${'<cac:Item>' + category + '</cac:Item>'}
      <cac:Price><cbc:PriceAmount currencyID="EUR">0.1234</cbc:PriceAmount></cac:Price></cac:InvoiceLine>`;
    const dt01 = findings(body).filter((f) => f.ruleId === 'UBL-DT-01');
    expect(dt01.map((f) => f.actual)).toEqual(['1.005', '1.001']);
    expect(dt01[0].fieldPath).toBe('/Invoice/LegalMonetaryTotal/PayableAmount');
  });

  it('UBL-CR-666: an invoiced object reference must not carry an attachment', () => {
    expect(
      ids(
        '<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode><cac:Attachment/></cac:AdditionalDocumentReference>',
      ),
    ).toEqual(['UBL-CR-666:blocking']);
  });

  it('UBL-SR-07: a preceding invoice reference needs its number', () => {
    expect(
      ids(
        '<cac:BillingReference><cac:InvoiceDocumentReference><cbc:IssueDate>2026-01-01</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>',
      ),
    ).toEqual(['UBL-SR-07:blocking']);
  });
});
