import { readInvoiceXml } from '../read-invoice-xml';

const doc = (body: string) => `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">${body}</rsm:CrossIndustryInvoice>`;
const ids = (xml: string) => readInvoiceXml(xml).syntaxFindings.map((f) => `${f.ruleId}:${f.severity}`);

const context = (inner: string) =>
  `<rsm:ExchangedDocumentContext>${inner}<ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>`;

describe('checkCiiSyntax', () => {
  it('is silent on a minimal well-formed header', () => {
    expect(ids(doc(context('') + '<rsm:ExchangedDocument><ram:ID>1</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument>'))).toEqual([]);
  });

  it('flags a missing specification identifier and type code as fatal', () => {
    expect(ids(doc('<rsm:ExchangedDocumentContext/><rsm:ExchangedDocument><ram:ID>1</ram:ID></rsm:ExchangedDocument>'))).toEqual(
      expect.arrayContaining(['CII-SR-009:blocking', 'CII-SR-010:blocking', 'CII-SR-014:blocking']),
    );
  });

  it('warns about unused elements and repeated ones', () => {
    const xml = doc(
      context('<ram:TestIndicator><udt:Indicator xmlns:udt="u">true</udt:Indicator></ram:TestIndicator>') +
        '<rsm:ExchangedDocument><ram:TypeCode>380</ram:TypeCode><ram:CopyIndicator/><ram:IncludedNote><ram:Content>a</ram:Content><ram:Content>b</ram:Content></ram:IncludedNote></rsm:ExchangedDocument>',
    );
    expect(ids(xml).sort()).toEqual(['CII-SR-002:warning', 'CII-SR-016:warning', 'CII-SR-030:warning']);
  });

  it('requires a scheme on item standard identifiers', () => {
    const line = (attr: string) =>
      doc(context('') + `<rsm:ExchangedDocument><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument><rsm:SupplyChainTradeTransaction><ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedTradeProduct><ram:GlobalID${attr}>4012345678901</ram:GlobalID></ram:SpecifiedTradeProduct></ram:IncludedSupplyChainTradeLineItem></rsm:SupplyChainTradeTransaction>`);
    expect(ids(line(''))).toEqual(['CII-SR-046:blocking']);
    expect(ids(line(' schemeID="0160"'))).toEqual([]);
  });
});
