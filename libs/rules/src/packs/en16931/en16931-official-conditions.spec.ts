import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInvoiceXml } from '@app/formats';
import { EN16931_DIR } from '@app/testing/shared-dir';
import { RuleEngine } from '../../engine/rule-engine';
import { defaultRuleSettings } from '../../settings';
import { EN16931_RULES } from './index';

/**
 * Conditions checked against the letter of the official Schematron (validation artefacts 1.3.16):
 * each case is a complete official example with one edit, and the rule ids the official validation
 * reports for it (or does not report). These are the places where the rule text and the Schematron
 * differ, or where the code lists moved on.
 */
const engine = new RuleEngine(EN16931_RULES, defaultRuleSettings);
const UBL = readFileSync(join(EN16931_DIR, 'examples/ubl/ubl-tc434-example1.xml'), 'utf8');
const CII = readFileSync(join(EN16931_DIR, 'examples/cii/CII_example1.xml'), 'utf8');

function ids(xml: string): string[] {
  const { format, invoice } = readInvoiceXml(xml);
  return [
    ...new Set(
      engine
        .validate(invoice, { format })
        .filter((f) => f.severity === 'blocking')
        .map((f) => f.ruleId),
    ),
  ].sort();
}

function edit(xml: string, from: string | RegExp, to: string): string {
  const out = xml.replace(from, to);
  if (out === xml) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
}

const ublExemption = (code: string) =>
  edit(
    UBL,
    '<cbc:Percent>6</cbc:Percent>',
    `<cbc:Percent>6</cbc:Percent><cbc:TaxExemptionReasonCode>${code}</cbc:TaxExemptionReasonCode>`,
  );
const ublAfterPaymentMeans = (xml: string) => edit(UBL, /(<\/cac:PaymentMeans>\s*)(<cac:TaxTotal>)/, `$1${xml}$2`);
const ublBeforeSupplier = (xml: string) =>
  edit(UBL, '<cac:AccountingSupplierParty>', `${xml}<cac:AccountingSupplierParty>`);
const ciiSettlementPaymentMeans = (xml: string) =>
  edit(CII, /(<ram:InvoiceCurrencyCode>EUR<\/ram:InvoiceCurrencyCode>)/, `$1${xml}`);

describe('EN 16931 rules as the official Schematron words them', () => {
  it.each([['VATEX-EU-153'], ['VATEX-EU-135-1'], ['VATEX-FR-CGI261-1'], ['VATEX-FR-AE']])(
    'BR-CL-22 accepts %s from the current VATEX list',
    (code) => {
      expect(ids(ublExemption(code))).not.toContain('BR-CL-22');
    },
  );

  it('BR-CL-22 upper-cases the code before the look-up, as the Schematron does', () => {
    expect(ids(ublExemption('vatex-eu-ae'))).not.toContain('BR-CL-22');
    expect(ids(ublExemption('VATEX-EU-999'))).toContain('BR-CL-22');
  });

  it('BR-CL-01 / BR-CL-04 / BR-CL-16 use the current lists (type 471, currency CNH, payment means 98)', () => {
    const xml = edit(
      edit(
        edit(UBL, '<cbc:InvoiceTypeCode>380<', '<cbc:InvoiceTypeCode>471<'),
        /<cbc:PaymentMeansCode>30</g,
        '<cbc:PaymentMeansCode>98<',
      ),
      '<cbc:DocumentCurrencyCode>EUR<',
      '<cbc:DocumentCurrencyCode>CNH<',
    );
    const found = ids(xml.replace(/currencyID="EUR"/g, 'currencyID="CNH"'));
    expect(found).not.toContain('BR-CL-01');
    expect(found).not.toContain('BR-CL-04');
    expect(found).not.toContain('BR-CL-16');
    expect(
      ids(
        edit(UBL, '<cbc:DocumentCurrencyCode>EUR<', '<cbc:DocumentCurrencyCode>HRK<').replace(
          /currencyID="EUR"/g,
          'currencyID="HRK"',
        ),
      ),
    ).toContain('BR-CL-04');
  });

  it('BR-61 (UBL) is met by an account id element even when it is empty', () => {
    expect(ids(edit(UBL, '<cbc:ID>NL57 RABO 0107307510</cbc:ID>', '<cbc:ID></cbc:ID>'))).not.toContain('BR-61');
    expect(
      ids(
        edit(
          UBL,
          /<cac:PayeeFinancialAccount>\s*<cbc:ID>NL57 RABO 0107307510<\/cbc:ID>\s*<\/cac:PayeeFinancialAccount>/,
          '',
        ),
      ),
    ).toContain('BR-61');
  });

  it('BR-61 (CII) judges only a creditor account that is present, on codes 30 and 58 as written', () => {
    const noAccount = ciiSettlementPaymentMeans(
      '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>',
    );
    expect(ids(noAccount)).not.toContain('BR-61');
    const emptyAccount = ciiSettlementPaymentMeans(
      '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:AccountName>x</ram:AccountName></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>',
    );
    expect(ids(emptyAccount)).toContain('BR-61');
  });

  it('BR-DEC-13 never fires in UBL (the artefact compares the currency with a child of the amount) and fires in CII', () => {
    const ubl = edit(
      UBL,
      '<cbc:TaxAmount currencyID="EUR">20.73</cbc:TaxAmount>',
      '<cbc:TaxAmount currencyID="EUR">20.731</cbc:TaxAmount>',
    );
    expect(ids(ubl)).not.toContain('BR-DEC-13');
    expect(
      ids(edit(CII, '<ram:TaxTotalAmount currencyID="EUR">20.73<', '<ram:TaxTotalAmount currencyID="EUR">20.731<')),
    ).toContain('BR-DEC-13');
    // CII compares numerically: trailing zeros are not decimals.
    expect(
      ids(edit(CII, '<ram:TaxTotalAmount currencyID="EUR">20.73<', '<ram:TaxTotalAmount currencyID="EUR">20.730<')),
    ).not.toContain('BR-DEC-13');
  });

  it('BR-52 reports an additional supporting document without a reference', () => {
    expect(
      ids(
        ublBeforeSupplier(
          '<cac:AdditionalDocumentReference><cbc:ID> </cbc:ID><cbc:DocumentDescription>Timesheet</cbc:DocumentDescription></cac:AdditionalDocumentReference>',
        ),
      ),
    ).toContain('BR-52');
    expect(
      ids(
        ublBeforeSupplier('<cac:AdditionalDocumentReference><cbc:ID>TS-1</cbc:ID></cac:AdditionalDocumentReference>'),
      ),
    ).not.toContain('BR-52');
  });

  it('BR-CL-24 reports an attachment MIME code outside the list', () => {
    const doc = (mime: string) =>
      ublBeforeSupplier(
        `<cac:AdditionalDocumentReference><cbc:ID>TS-1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="${mime}" filename="ts.x">aGVsbG8=</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`,
      );
    expect(ids(doc('application/xml'))).toContain('BR-CL-24');
    expect(ids(doc('application/pdf'))).not.toContain('BR-CL-24');
  });

  it('BR-54 reports an item attribute without a value', () => {
    const doc = (prop: string) => edit(UBL, /(<cac:Item>[\s\S]*?)(<cac:ClassifiedTaxCategory>)/, `$1${prop}$2`);
    expect(ids(doc('<cac:AdditionalItemProperty><cbc:Name>Colour</cbc:Name></cac:AdditionalItemProperty>'))).toContain(
      'BR-54',
    );
    expect(
      ids(
        doc(
          '<cac:AdditionalItemProperty><cbc:Name>Colour</cbc:Name><cbc:Value>Red</cbc:Value></cac:AdditionalItemProperty>',
        ),
      ),
    ).not.toContain('BR-54');
  });

  it('BR-B-01 and BR-B-02: split payment only in a domestic Italian invoice without standard rate', () => {
    const split = edit(UBL, /(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)S(<\/cbc:ID>)/, '$1B$2');
    const found = ids(split);
    expect(found).toContain('BR-B-01');
    expect(found).toContain('BR-B-02');
  });

  it('BR-CL-07 and BR-CL-11 judge object identifier and legal registration schemes', () => {
    expect(
      ids(
        ublBeforeSupplier(
          '<cac:AdditionalDocumentReference><cbc:ID schemeID="XXX">OBJ-1</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>',
        ),
      ),
    ).toContain('BR-CL-07');
    expect(
      ids(
        ublBeforeSupplier(
          '<cac:AdditionalDocumentReference><cbc:ID schemeID="AAA">OBJ-1</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>',
        ),
      ),
    ).not.toContain('BR-CL-07');
    const legal = edit(
      UBL,
      /(<cac:PartyLegalEntity>\s*<cbc:RegistrationName>[^<]*<\/cbc:RegistrationName>)/,
      '$1<cbc:CompanyID schemeID="9999">123</cbc:CompanyID>',
    );
    expect(ids(legal)).toContain('BR-CL-11');
  });

  it('BR-CL-03 judges the currency of every amount (UBL)', () => {
    expect(ids(edit(UBL, '<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount currencyID="EURO">'))).toContain(
      'BR-CL-03',
    );
  });
});
