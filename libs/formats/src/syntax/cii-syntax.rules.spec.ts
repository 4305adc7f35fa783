import { readInvoiceXml } from '../read-invoice-xml';

const doc = (
  body: string,
) => `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">${body}</rsm:CrossIndustryInvoice>`;
const ids = (xml: string) => readInvoiceXml(xml).syntaxFindings.map((f) => `${f.ruleId}:${f.severity}`);

const context = (inner: string) =>
  `<rsm:ExchangedDocumentContext>${inner}<ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>`;

describe('checkCiiSyntax', () => {
  it('is silent on a minimal well-formed header', () => {
    expect(
      ids(
        doc(
          context('') +
            '<rsm:ExchangedDocument><ram:ID>1</ram:ID><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument>',
        ),
      ),
    ).toEqual([]);
  });

  it('flags a missing specification identifier and type code as fatal', () => {
    expect(
      ids(doc('<rsm:ExchangedDocumentContext/><rsm:ExchangedDocument><ram:ID>1</ram:ID></rsm:ExchangedDocument>')),
    ).toEqual(expect.arrayContaining(['CII-SR-009:blocking', 'CII-SR-010:blocking', 'CII-SR-014:blocking']));
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
      doc(
        context('') +
          `<rsm:ExchangedDocument><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument><rsm:SupplyChainTradeTransaction><ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedTradeProduct><ram:GlobalID${attr}>4012345678901</ram:GlobalID></ram:SpecifiedTradeProduct></ram:IncludedSupplyChainTradeLineItem></rsm:SupplyChainTradeTransaction>`,
      );
    expect(ids(line(''))).toEqual(['CII-SR-046:blocking']);
    expect(ids(line(' schemeID="0160"'))).toEqual([]);
  });

  describe('data types (CII-DT-*)', () => {
    const tx = (inner: string) =>
      doc(
        context('') +
          `<rsm:ExchangedDocument><ram:TypeCode>380</ram:TypeCode></rsm:ExchangedDocument><rsm:SupplyChainTradeTransaction>${inner}</rsm:SupplyChainTradeTransaction>`,
      );
    const settlement = (inner: string) =>
      tx(`<ram:ApplicableHeaderTradeSettlement>${inner}</ram:ApplicableHeaderTradeSettlement>`);

    it('allows a currency on the VAT total only', () => {
      expect(
        ids(
          settlement(
            '<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:TaxTotalAmount currencyID="EUR">1</ram:TaxTotalAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
          ),
        ),
      ).toEqual([]);
      expect(
        ids(
          settlement(
            '<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:DuePayableAmount currencyID="EUR">1</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
          ),
        ),
      ).toEqual(['CII-DT-031:blocking']);
    });

    it('requires 102 dates as YYYYMMDD with a real month and day', () => {
      const issued = (value: string, format = '102') =>
        doc(
          context('') +
            `<rsm:ExchangedDocument><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString xmlns:udt="u" format="${format}">${value}</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>`,
        );
      expect(ids(issued('20240115'))).toEqual([]);
      expect(ids(issued('2024-01-15'))).toEqual(['CII-DT-097:blocking']);
      expect(ids(issued('20241315'))).toEqual(['CII-DT-097:blocking']);
      expect(ids(issued('2024-01-15', '610'))).toEqual([]);
    });

    it('requires the VAT tax type code', () => {
      const tax = (code: string) =>
        settlement(
          `<ram:ApplicableTradeTax><ram:TypeCode>${code}</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode></ram:ApplicableTradeTax>`,
        );
      expect(ids(tax('VAT'))).toEqual([]);
      expect(ids(tax('GST'))).toEqual(['CII-DT-037:blocking']);
    });

    it('forbids address parts and period parts outside the binding', () => {
      expect(
        ids(
          tx(
            '<ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:PostalTradeAddress><ram:StreetName>Main</ram:StreetName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress></ram:SellerTradeParty></ram:ApplicableHeaderTradeAgreement>',
          ),
        ),
      ).toEqual(['CII-DT-088:blocking']);
      expect(
        ids(
          settlement(
            '<ram:BillingSpecifiedPeriod><ram:Description>March</ram:Description></ram:BillingSpecifiedPeriod>',
          ),
        ),
      ).toEqual(['CII-DT-071:blocking']);
    });

    it('forbids a type code on references except the allowed additional documents', () => {
      expect(
        ids(
          tx(
            '<ram:ApplicableHeaderTradeAgreement><ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO1</ram:IssuerAssignedID><ram:TypeCode>220</ram:TypeCode></ram:BuyerOrderReferencedDocument></ram:ApplicableHeaderTradeAgreement>',
          ),
        ),
      ).toEqual(['CII-DT-018:blocking']);
      expect(
        ids(
          tx(
            '<ram:ApplicableHeaderTradeAgreement><ram:AdditionalReferencedDocument><ram:IssuerAssignedID>A1</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:Name>Timesheet</ram:Name></ram:AdditionalReferencedDocument></ram:ApplicableHeaderTradeAgreement>',
          ),
        ),
      ).toEqual([]);
      expect(
        ids(
          settlement(
            '<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>I1</ram:IssuerAssignedID><ram:FormattedIssueDateTime><qdt:DateTimeString xmlns:qdt="q" format="102">20240101</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>',
          ),
        ),
      ).toEqual([]);
    });

    it('requires exactly one net price amount per line', () => {
      const line = (prices: string) =>
        tx(
          `<ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeAgreement>${prices}</ram:SpecifiedLineTradeAgreement></ram:IncludedSupplyChainTradeLineItem>`,
        );
      expect(
        ids(
          line('<ram:NetPriceProductTradePrice><ram:ChargeAmount>1</ram:ChargeAmount></ram:NetPriceProductTradePrice>'),
        ),
      ).toEqual([]);
      expect(
        ids(
          line(
            '<ram:NetPriceProductTradePrice><ram:ChargeAmount>1</ram:ChargeAmount><ram:ChargeAmount>2</ram:ChargeAmount></ram:NetPriceProductTradePrice>',
          ),
        ).sort(),
      ).toEqual(['CII-SR-439:blocking', 'CII-SR-441:blocking']);
    });
  });
});
