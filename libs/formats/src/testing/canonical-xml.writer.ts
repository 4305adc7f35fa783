import type {
  CanonicalAddress,
  CanonicalAllowanceCharge,
  CanonicalInvoice,
  CanonicalLine,
  CanonicalParty,
} from '@app/domain';

/**
 * Writes a canonical invoice as UBL 2.1 and as CII D16B, for tests only: twin documents of one
 * invoice, so a rule can be shown to give the same verdict in both syntaxes. It writes the business
 * terms the EN 16931 rules judge (not every optional term, and not schema-perfect element order).
 */
const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | undefined, attrs: Record<string, string | undefined> = {}) => {
  if (value === undefined) return '';
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(v!)}"`)
    .join('');
  return `<${name}${a}>${esc(value)}</${name}>`;
};
const group = (name: string, inner: string) => (inner ? `<${name}>${inner}</${name}>` : '');
const ciiDate = (d: string | undefined) =>
  d ? `<udt:DateTimeString format="102">${d.replace(/-/g, '')}</udt:DateTimeString>` : undefined;

// ---------------------------------------------------------------- UBL

function ublAddress(a: CanonicalAddress | undefined, tag = 'cac:PostalAddress'): string {
  if (!a) return '';
  return `<${tag}>${el('cbc:StreetName', a.line1)}${el('cbc:AdditionalStreetName', a.line2)}${el('cbc:CityName', a.city)}${el('cbc:PostalZone', a.postalCode)}${el('cbc:CountrySubentity', a.subdivision)}${a.line3 !== undefined ? `<cac:AddressLine>${el('cbc:Line', a.line3)}</cac:AddressLine>` : ''}${a.countryCode !== undefined ? `<cac:Country>${el('cbc:IdentificationCode', a.countryCode)}</cac:Country>` : ''}</${tag}>`;
}

function ublParty(p: CanonicalParty, legal: boolean): string {
  const address = p.address ?? (p.countryCode ? { countryCode: p.countryCode } : undefined);
  return (
    '<cac:Party>' +
    (p.electronicAddress
      ? el('cbc:EndpointID', p.electronicAddress.id, { schemeID: p.electronicAddress.schemeId })
      : '') +
    (p.identifiers ?? [])
      .map((i) => `<cac:PartyIdentification>${el('cbc:ID', i.id, { schemeID: i.schemeId })}</cac:PartyIdentification>`)
      .join('') +
    (legal ? group('cac:PartyName', el('cbc:Name', p.tradingName)) : group('cac:PartyName', el('cbc:Name', p.name))) +
    ublAddress(address) +
    (p.vatId !== undefined
      ? `<cac:PartyTaxScheme>${el('cbc:CompanyID', p.vatId)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`
      : '') +
    (p.taxRegistrationId !== undefined
      ? `<cac:PartyTaxScheme>${el('cbc:CompanyID', p.taxRegistrationId)}<cac:TaxScheme><cbc:ID>TAX</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`
      : '') +
    (legal
      ? group(
          'cac:PartyLegalEntity',
          el('cbc:RegistrationName', p.name) +
            el('cbc:CompanyID', p.legalRegistrationId, { schemeID: p.legalRegistrationSchemeId }),
        )
      : '') +
    (p.contact
      ? group(
          'cac:Contact',
          el('cbc:Name', p.contact.name) +
            el('cbc:Telephone', p.contact.phone) +
            el('cbc:ElectronicMail', p.contact.email),
        )
      : '') +
    '</cac:Party>'
  );
}

function ublAllowanceCharge(ac: CanonicalAllowanceCharge, currency: string, docLevel: boolean): string {
  return (
    '<cac:AllowanceCharge>' +
    `<cbc:ChargeIndicator>${ac.chargeIndicator}</cbc:ChargeIndicator>` +
    el('cbc:AllowanceChargeReasonCode', ac.reasonCode) +
    el('cbc:AllowanceChargeReason', ac.reason) +
    el('cbc:MultiplierFactorNumeric', ac.percentage) +
    el('cbc:Amount', ac.amount, { currencyID: currency }) +
    el('cbc:BaseAmount', ac.baseAmount, { currencyID: currency }) +
    (docLevel && ac.vatCategory !== undefined
      ? `<cac:TaxCategory>${el('cbc:ID', ac.vatCategory)}${el('cbc:Percent', ac.vatRate)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>`
      : '') +
    '</cac:AllowanceCharge>'
  );
}

function ublLine(l: CanonicalLine, currency: string, credit: boolean): string {
  const tag = credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  return (
    `<${tag}>` +
    el('cbc:ID', l.id) +
    el('cbc:Note', l.note) +
    el(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', l.quantity ?? '', { unitCode: l.unitCode }) +
    el('cbc:LineExtensionAmount', l.netAmount, { currencyID: currency }) +
    group('cac:InvoicePeriod', el('cbc:StartDate', l.period?.startDate) + el('cbc:EndDate', l.period?.endDate)) +
    group('cac:OrderLineReference', el('cbc:LineID', l.poLineReference)) +
    (l.allowanceCharges ?? []).map((ac) => ublAllowanceCharge(ac, currency, false)).join('') +
    '<cac:Item>' +
    el('cbc:Description', l.description) +
    el('cbc:Name', l.name) +
    group('cac:SellersItemIdentification', el('cbc:ID', l.sellerItemId)) +
    (l.standardItemId
      ? `<cac:StandardItemIdentification>${el('cbc:ID', l.standardItemId.id, { schemeID: l.standardItemId.schemeId })}</cac:StandardItemIdentification>`
      : '') +
    (l.originCountry !== undefined
      ? `<cac:OriginCountry>${el('cbc:IdentificationCode', l.originCountry)}</cac:OriginCountry>`
      : '') +
    (l.classificationCodes ?? [])
      .map(
        (c) =>
          `<cac:CommodityClassification>${el('cbc:ItemClassificationCode', c.code, { listID: c.listId, listVersionID: c.listVersionId })}</cac:CommodityClassification>`,
      )
      .join('') +
    `<cac:ClassifiedTaxCategory>${el('cbc:ID', l.vatCategory)}${el('cbc:Percent', l.vatRate)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>` +
    (l.attributes ?? [])
      .map(
        (a) =>
          `<cac:AdditionalItemProperty>${el('cbc:Name', a.name)}${el('cbc:Value', a.value)}</cac:AdditionalItemProperty>`,
      )
      .join('') +
    '</cac:Item>' +
    '<cac:Price>' +
    el('cbc:PriceAmount', l.unitPrice ?? '', { currencyID: currency }) +
    el('cbc:BaseQuantity', l.priceBaseQuantity) +
    (l.grossPrice !== undefined || l.priceDiscount !== undefined
      ? `<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator>${el('cbc:Amount', l.priceDiscount ?? '0.00', { currencyID: currency })}${el('cbc:BaseAmount', l.grossPrice, { currencyID: currency })}</cac:AllowanceCharge>`
      : '') +
    '</cac:Price>' +
    `</${tag}>`
  );
}

export function toUbl(inv: CanonicalInvoice): string {
  const credit = inv.documentKind === 'credit_note';
  const root = credit ? 'CreditNote' : 'Invoice';
  const cur = inv.currency ?? '';
  const t = inv.totals ?? {};
  const ns = `xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${ns}>` +
    el('cbc:CustomizationID', inv.customizationId) +
    el('cbc:ProfileID', inv.profileId) +
    el('cbc:ID', inv.invoiceNumber) +
    el('cbc:IssueDate', inv.issueDate) +
    (credit ? '' : el('cbc:DueDate', inv.dueDate)) +
    el(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', inv.typeCode) +
    (inv.notes ?? []).map((n) => el('cbc:Note', n)).join('') +
    el('cbc:TaxPointDate', inv.taxPointDate) +
    el('cbc:DocumentCurrencyCode', inv.currency) +
    el('cbc:TaxCurrencyCode', inv.taxCurrency) +
    el('cbc:BuyerReference', inv.buyerReference) +
    group(
      'cac:InvoicePeriod',
      el('cbc:StartDate', inv.invoicePeriod?.startDate) +
        el('cbc:EndDate', inv.invoicePeriod?.endDate) +
        el('cbc:DescriptionCode', inv.taxPointDateCode),
    ) +
    group(
      'cac:OrderReference',
      el('cbc:ID', inv.purchaseOrderReference) + el('cbc:SalesOrderID', inv.salesOrderReference),
    ) +
    (inv.precedingInvoices ?? [])
      .map(
        (p) =>
          `<cac:BillingReference><cac:InvoiceDocumentReference>${el('cbc:ID', p.number)}${el('cbc:IssueDate', p.issueDate)}</cac:InvoiceDocumentReference></cac:BillingReference>`,
      )
      .join('') +
    group('cac:ContractDocumentReference', el('cbc:ID', inv.contractReference)) +
    (inv.additionalDocuments ?? [])
      .map(
        (d) =>
          '<cac:AdditionalDocumentReference>' +
          el('cbc:ID', d.id, { schemeID: d.schemeId }) +
          el('cbc:DocumentTypeCode', d.typeCode) +
          el('cbc:DocumentDescription', d.description) +
          (d.attachment || d.uri !== undefined
            ? `<cac:Attachment>${d.attachment ? el('cbc:EmbeddedDocumentBinaryObject', 'aGVsbG8=', { mimeCode: d.attachment.mimeCode, filename: d.attachment.filename }) : ''}${d.uri !== undefined ? `<cac:ExternalReference>${el('cbc:URI', d.uri)}</cac:ExternalReference>` : ''}</cac:Attachment>`
            : '') +
          '</cac:AdditionalDocumentReference>',
      )
      .join('') +
    group('cac:ProjectReference', el('cbc:ID', inv.projectReference)) +
    (inv.seller ? `<cac:AccountingSupplierParty>${ublParty(inv.seller, true)}</cac:AccountingSupplierParty>` : '') +
    (inv.buyer ? `<cac:AccountingCustomerParty>${ublParty(inv.buyer, true)}</cac:AccountingCustomerParty>` : '') +
    (inv.payee
      ? `<cac:PayeeParty>${ublParty(inv.payee, false).replace(/^<cac:Party>|<\/cac:Party>$/g, '')}</cac:PayeeParty>`
      : '') +
    (inv.sellerTaxRepresentative
      ? `<cac:TaxRepresentativeParty>${ublParty(inv.sellerTaxRepresentative, false).replace(/^<cac:Party>|<\/cac:Party>$/g, '')}</cac:TaxRepresentativeParty>`
      : '') +
    (inv.delivery
      ? group(
          'cac:Delivery',
          el('cbc:ActualDeliveryDate', inv.delivery.date) +
            group(
              'cac:DeliveryLocation',
              el('cbc:ID', inv.delivery.locationId) + ublAddress(inv.delivery.address, 'cac:Address'),
            ) +
            group('cac:DeliveryParty', group('cac:PartyName', el('cbc:Name', inv.delivery.partyName))),
        )
      : '') +
    (inv.paymentMeans ?? [])
      .map(
        (pm) =>
          '<cac:PaymentMeans>' +
          el('cbc:PaymentMeansCode', pm.typeCode ?? '', { name: pm.text }) +
          (credit ? el('cbc:PaymentDueDate', inv.dueDate) : '') +
          el('cbc:PaymentID', pm.remittanceInfo) +
          (pm.card
            ? group(
                'cac:CardAccount',
                el('cbc:PrimaryAccountNumberID', pm.card.primaryAccountNumber ?? '') +
                  el('cbc:NetworkID', 'VISA') +
                  el('cbc:HolderName', pm.card.holderName),
              )
            : '') +
          (pm.accounts ?? [])
            .slice(0, 1)
            .map(
              (a) =>
                `<cac:PayeeFinancialAccount>${el('cbc:ID', a.iban ?? a.accountId)}${el('cbc:Name', a.name)}${a.bic !== undefined ? `<cac:FinancialInstitutionBranch>${el('cbc:ID', a.bic)}</cac:FinancialInstitutionBranch>` : ''}</cac:PayeeFinancialAccount>`,
            )
            .join('') +
          (pm.directDebit
            ? group(
                'cac:PaymentMandate',
                el('cbc:ID', pm.directDebit.mandateId) +
                  group('cac:PayerFinancialAccount', el('cbc:ID', pm.directDebit.debitedAccount)),
              )
            : '') +
          '</cac:PaymentMeans>',
      )
      .join('') +
    group('cac:PaymentTerms', el('cbc:Note', inv.paymentTerms)) +
    (inv.allowanceCharges ?? []).map((ac) => ublAllowanceCharge(ac, cur, true)).join('') +
    '<cac:TaxTotal>' +
    el('cbc:TaxAmount', t.taxTotal ?? '0', { currencyID: cur }) +
    (inv.vatBreakdown ?? [])
      .map(
        (b) =>
          '<cac:TaxSubtotal>' +
          el('cbc:TaxableAmount', b.taxableAmount, { currencyID: cur }) +
          el('cbc:TaxAmount', b.taxAmount, { currencyID: cur }) +
          `<cac:TaxCategory>${el('cbc:ID', b.category)}${el('cbc:Percent', b.rate)}${el('cbc:TaxExemptionReasonCode', b.exemptionReasonCode)}${el('cbc:TaxExemptionReason', b.exemptionReason)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>` +
          '</cac:TaxSubtotal>',
      )
      .join('') +
    '</cac:TaxTotal>' +
    (t.taxTotalAccountingCurrency !== undefined && inv.taxCurrency
      ? `<cac:TaxTotal>${el('cbc:TaxAmount', t.taxTotalAccountingCurrency, { currencyID: inv.taxCurrency })}</cac:TaxTotal>`
      : '') +
    '<cac:LegalMonetaryTotal>' +
    el('cbc:LineExtensionAmount', t.lineNetTotal, { currencyID: cur }) +
    el('cbc:TaxExclusiveAmount', t.taxExclusive, { currencyID: cur }) +
    el('cbc:TaxInclusiveAmount', t.taxInclusive, { currencyID: cur }) +
    el('cbc:AllowanceTotalAmount', t.allowanceTotal, { currencyID: cur }) +
    el('cbc:ChargeTotalAmount', t.chargeTotal, { currencyID: cur }) +
    el('cbc:PrepaidAmount', t.prepaid, { currencyID: cur }) +
    el('cbc:PayableRoundingAmount', t.rounding, { currencyID: cur }) +
    el('cbc:PayableAmount', t.payable, { currencyID: cur }) +
    '</cac:LegalMonetaryTotal>' +
    (inv.lines ?? []).map((l) => ublLine(l, cur, credit)).join('') +
    `</${root}>`
  );
}

// ---------------------------------------------------------------- CII

function ciiAddress(a: CanonicalAddress | undefined): string {
  if (!a) return '';
  return `<ram:PostalTradeAddress>${el('ram:PostcodeCode', a.postalCode)}${el('ram:LineOne', a.line1)}${el('ram:LineTwo', a.line2)}${el('ram:LineThree', a.line3)}${el('ram:CityName', a.city)}${el('ram:CountryID', a.countryCode)}${el('ram:CountrySubDivisionName', a.subdivision)}</ram:PostalTradeAddress>`;
}

function ciiParty(tag: string, p: CanonicalParty): string {
  const address = p.address ?? (p.countryCode ? { countryCode: p.countryCode } : undefined);
  return (
    `<${tag}>` +
    (p.identifiers ?? [])
      .map((i) => (i.schemeId === undefined ? el('ram:ID', i.id) : el('ram:GlobalID', i.id, { schemeID: i.schemeId })))
      .join('') +
    el('ram:Name', p.name) +
    group(
      'ram:SpecifiedLegalOrganization',
      el('ram:ID', p.legalRegistrationId, { schemeID: p.legalRegistrationSchemeId }) +
        el('ram:TradingBusinessName', p.tradingName),
    ) +
    (p.contact
      ? group(
          'ram:DefinedTradeContact',
          el('ram:PersonName', p.contact.name) +
            group('ram:TelephoneUniversalCommunication', el('ram:CompleteNumber', p.contact.phone)) +
            group('ram:EmailURIUniversalCommunication', el('ram:URIID', p.contact.email)),
        )
      : '') +
    ciiAddress(address) +
    (p.electronicAddress
      ? `<ram:URIUniversalCommunication>${el('ram:URIID', p.electronicAddress.id, { schemeID: p.electronicAddress.schemeId })}</ram:URIUniversalCommunication>`
      : '') +
    (p.vatId !== undefined
      ? `<ram:SpecifiedTaxRegistration>${el('ram:ID', p.vatId, { schemeID: 'VA' })}</ram:SpecifiedTaxRegistration>`
      : '') +
    (p.taxRegistrationId !== undefined
      ? `<ram:SpecifiedTaxRegistration>${el('ram:ID', p.taxRegistrationId, { schemeID: 'FC' })}</ram:SpecifiedTaxRegistration>`
      : '') +
    `</${tag}>`
  );
}

function ciiAllowanceCharge(ac: CanonicalAllowanceCharge, docLevel: boolean): string {
  return (
    '<ram:SpecifiedTradeAllowanceCharge>' +
    `<ram:ChargeIndicator><udt:Indicator>${ac.chargeIndicator}</udt:Indicator></ram:ChargeIndicator>` +
    el('ram:CalculationPercent', ac.percentage) +
    el('ram:BasisAmount', ac.baseAmount) +
    el('ram:ActualAmount', ac.amount) +
    el('ram:ReasonCode', ac.reasonCode) +
    el('ram:Reason', ac.reason) +
    (docLevel && ac.vatCategory !== undefined
      ? `<ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode>${el('ram:CategoryCode', ac.vatCategory)}${el('ram:RateApplicablePercent', ac.vatRate)}</ram:CategoryTradeTax>`
      : '') +
    '</ram:SpecifiedTradeAllowanceCharge>'
  );
}

function ciiLine(l: CanonicalLine): string {
  return (
    '<ram:IncludedSupplyChainTradeLineItem>' +
    `<ram:AssociatedDocumentLineDocument>${el('ram:LineID', l.id)}${l.note !== undefined ? `<ram:IncludedNote>${el('ram:Content', l.note)}</ram:IncludedNote>` : ''}</ram:AssociatedDocumentLineDocument>` +
    '<ram:SpecifiedTradeProduct>' +
    (l.standardItemId ? el('ram:GlobalID', l.standardItemId.id, { schemeID: l.standardItemId.schemeId }) : '') +
    el('ram:SellerAssignedID', l.sellerItemId) +
    el('ram:Name', l.name) +
    el('ram:Description', l.description) +
    (l.attributes ?? [])
      .map(
        (a) =>
          `<ram:ApplicableProductCharacteristic>${el('ram:Description', a.name)}${el('ram:Value', a.value)}</ram:ApplicableProductCharacteristic>`,
      )
      .join('') +
    (l.classificationCodes ?? [])
      .map(
        (c) =>
          `<ram:DesignatedProductClassification>${el('ram:ClassCode', c.code, { listID: c.listId, listVersionID: c.listVersionId })}</ram:DesignatedProductClassification>`,
      )
      .join('') +
    (l.originCountry !== undefined
      ? `<ram:OriginTradeCountry>${el('ram:ID', l.originCountry)}</ram:OriginTradeCountry>`
      : '') +
    '</ram:SpecifiedTradeProduct>' +
    '<ram:SpecifiedLineTradeAgreement>' +
    group('ram:BuyerOrderReferencedDocument', el('ram:LineID', l.poLineReference)) +
    (l.grossPrice !== undefined || l.priceDiscount !== undefined
      ? `<ram:GrossPriceProductTradePrice>${el('ram:ChargeAmount', l.grossPrice)}${l.priceDiscount !== undefined ? `<ram:AppliedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator>${el('ram:ActualAmount', l.priceDiscount)}</ram:AppliedTradeAllowanceCharge>` : ''}</ram:GrossPriceProductTradePrice>`
      : '') +
    `<ram:NetPriceProductTradePrice>${el('ram:ChargeAmount', l.unitPrice ?? '')}${el('ram:BasisQuantity', l.priceBaseQuantity)}</ram:NetPriceProductTradePrice>` +
    '</ram:SpecifiedLineTradeAgreement>' +
    `<ram:SpecifiedLineTradeDelivery>${el('ram:BilledQuantity', l.quantity ?? '', { unitCode: l.unitCode })}</ram:SpecifiedLineTradeDelivery>` +
    '<ram:SpecifiedLineTradeSettlement>' +
    `<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>${el('ram:CategoryCode', l.vatCategory)}${el('ram:RateApplicablePercent', l.vatRate)}</ram:ApplicableTradeTax>` +
    group(
      'ram:BillingSpecifiedPeriod',
      (l.period?.startDate ? `<ram:StartDateTime>${ciiDate(l.period.startDate)}</ram:StartDateTime>` : '') +
        (l.period?.endDate ? `<ram:EndDateTime>${ciiDate(l.period.endDate)}</ram:EndDateTime>` : ''),
    ) +
    (l.allowanceCharges ?? []).map((ac) => ciiAllowanceCharge(ac, false)).join('') +
    `<ram:SpecifiedTradeSettlementLineMonetarySummation>${el('ram:LineTotalAmount', l.netAmount)}</ram:SpecifiedTradeSettlementLineMonetarySummation>` +
    '</ram:SpecifiedLineTradeSettlement>' +
    '</ram:IncludedSupplyChainTradeLineItem>'
  );
}

export function toCii(inv: CanonicalInvoice): string {
  const t = inv.totals ?? {};
  const ns =
    'xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100"';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rsm:CrossIndustryInvoice ${ns}>` +
    '<rsm:ExchangedDocumentContext>' +
    group('ram:BusinessProcessSpecifiedDocumentContextParameter', el('ram:ID', inv.profileId)) +
    group('ram:GuidelineSpecifiedDocumentContextParameter', el('ram:ID', inv.customizationId)) +
    '</rsm:ExchangedDocumentContext>' +
    '<rsm:ExchangedDocument>' +
    el('ram:ID', inv.invoiceNumber) +
    el('ram:TypeCode', inv.typeCode) +
    (inv.issueDate ? `<ram:IssueDateTime>${ciiDate(inv.issueDate)}</ram:IssueDateTime>` : '') +
    (inv.notes ?? []).map((n) => `<ram:IncludedNote>${el('ram:Content', n)}</ram:IncludedNote>`).join('') +
    '</rsm:ExchangedDocument>' +
    '<rsm:SupplyChainTradeTransaction>' +
    (inv.lines ?? []).map(ciiLine).join('') +
    '<ram:ApplicableHeaderTradeAgreement>' +
    el('ram:BuyerReference', inv.buyerReference) +
    (inv.seller ? ciiParty('ram:SellerTradeParty', inv.seller) : '') +
    (inv.buyer ? ciiParty('ram:BuyerTradeParty', inv.buyer) : '') +
    (inv.sellerTaxRepresentative
      ? ciiParty('ram:SellerTaxRepresentativeTradeParty', inv.sellerTaxRepresentative)
      : '') +
    group('ram:SellerOrderReferencedDocument', el('ram:IssuerAssignedID', inv.salesOrderReference)) +
    group('ram:BuyerOrderReferencedDocument', el('ram:IssuerAssignedID', inv.purchaseOrderReference)) +
    group('ram:ContractReferencedDocument', el('ram:IssuerAssignedID', inv.contractReference)) +
    (inv.additionalDocuments ?? [])
      .map(
        (d) =>
          '<ram:AdditionalReferencedDocument>' +
          el('ram:IssuerAssignedID', d.id) +
          el('ram:URIID', d.uri) +
          el('ram:TypeCode', d.typeCode ?? '916') +
          el('ram:Name', d.description) +
          (d.attachment
            ? el('ram:AttachmentBinaryObject', 'aGVsbG8=', {
                mimeCode: d.attachment.mimeCode,
                filename: d.attachment.filename,
              })
            : '') +
          el('ram:ReferenceTypeCode', d.schemeId) +
          '</ram:AdditionalReferencedDocument>',
      )
      .join('') +
    group(
      'ram:SpecifiedProcuringProject',
      el('ram:ID', inv.projectReference) + (inv.projectReference !== undefined ? el('ram:Name', 'Project') : ''),
    ) +
    '</ram:ApplicableHeaderTradeAgreement>' +
    '<ram:ApplicableHeaderTradeDelivery>' +
    (inv.delivery &&
    (inv.delivery.locationId !== undefined || inv.delivery.address || inv.delivery.partyName !== undefined)
      ? `<ram:ShipToTradeParty>${el('ram:ID', inv.delivery.locationId)}${el('ram:Name', inv.delivery.partyName)}${ciiAddress(inv.delivery.address)}</ram:ShipToTradeParty>`
      : '') +
    (inv.delivery?.date
      ? `<ram:ActualDeliverySupplyChainEvent><ram:OccurrenceDateTime>${ciiDate(inv.delivery.date)}</ram:OccurrenceDateTime></ram:ActualDeliverySupplyChainEvent>`
      : '') +
    '</ram:ApplicableHeaderTradeDelivery>' +
    '<ram:ApplicableHeaderTradeSettlement>' +
    el('ram:PaymentReference', inv.paymentMeans?.find((p) => p.remittanceInfo !== undefined)?.remittanceInfo) +
    el('ram:TaxCurrencyCode', inv.taxCurrency) +
    el('ram:InvoiceCurrencyCode', inv.currency) +
    (inv.payee ? ciiParty('ram:PayeeTradeParty', inv.payee) : '') +
    (inv.paymentMeans ?? [])
      .map(
        (pm) =>
          '<ram:SpecifiedTradeSettlementPaymentMeans>' +
          el('ram:TypeCode', pm.typeCode ?? '') +
          el('ram:Information', pm.text) +
          (pm.card
            ? group(
                'ram:ApplicableTradeSettlementFinancialCard',
                el('ram:ID', pm.card.primaryAccountNumber ?? '') + el('ram:CardholderName', pm.card.holderName),
              )
            : '') +
          (pm.directDebit?.debitedAccount !== undefined
            ? `<ram:PayerPartyDebtorFinancialAccount>${el('ram:IBANID', pm.directDebit.debitedAccount)}</ram:PayerPartyDebtorFinancialAccount>`
            : '') +
          (pm.accounts ?? [])
            .slice(0, 1)
            .map(
              (a) =>
                `<ram:PayeePartyCreditorFinancialAccount>${a.iban !== undefined ? el('ram:IBANID', a.iban) : el('ram:ProprietaryID', a.accountId)}${el('ram:AccountName', a.name)}</ram:PayeePartyCreditorFinancialAccount>${a.bic !== undefined ? `<ram:PayeeSpecifiedCreditorFinancialInstitution>${el('ram:BICID', a.bic)}</ram:PayeeSpecifiedCreditorFinancialInstitution>` : ''}`,
            )
            .join('') +
          '</ram:SpecifiedTradeSettlementPaymentMeans>',
      )
      .join('') +
    (inv.vatBreakdown ?? [])
      .map(
        (b, i) =>
          '<ram:ApplicableTradeTax>' +
          el('ram:CalculatedAmount', b.taxAmount) +
          '<ram:TypeCode>VAT</ram:TypeCode>' +
          el('ram:ExemptionReason', b.exemptionReason) +
          el('ram:BasisAmount', b.taxableAmount) +
          el('ram:CategoryCode', b.category) +
          el('ram:ExemptionReasonCode', b.exemptionReasonCode) +
          (i === 0 && inv.taxPointDate
            ? `<ram:TaxPointDate>${ciiDate(inv.taxPointDate)!.replace(/udt:DateTimeString/g, 'udt:DateString')}</ram:TaxPointDate>`
            : '') +
          (i === 0
            ? el(
                'ram:DueDateTypeCode',
                inv.taxPointDateCode === undefined
                  ? undefined
                  : (({ '3': '5', '35': '29', '432': '72' } as Record<string, string>)[inv.taxPointDateCode] ??
                      inv.taxPointDateCode),
              )
            : '') +
          el('ram:RateApplicablePercent', b.rate) +
          '</ram:ApplicableTradeTax>',
      )
      .join('') +
    group(
      'ram:BillingSpecifiedPeriod',
      (inv.invoicePeriod?.startDate
        ? `<ram:StartDateTime>${ciiDate(inv.invoicePeriod.startDate)}</ram:StartDateTime>`
        : '') +
        (inv.invoicePeriod?.endDate ? `<ram:EndDateTime>${ciiDate(inv.invoicePeriod.endDate)}</ram:EndDateTime>` : ''),
    ) +
    (inv.allowanceCharges ?? []).map((ac) => ciiAllowanceCharge(ac, true)).join('') +
    (inv.paymentTerms !== undefined ||
    inv.dueDate !== undefined ||
    inv.paymentMeans?.some((p) => p.directDebit?.mandateId)
      ? `<ram:SpecifiedTradePaymentTerms>${el('ram:Description', inv.paymentTerms)}${inv.dueDate ? `<ram:DueDateDateTime>${ciiDate(inv.dueDate)}</ram:DueDateDateTime>` : ''}${el('ram:DirectDebitMandateID', inv.paymentMeans?.find((p) => p.directDebit?.mandateId)?.directDebit?.mandateId)}</ram:SpecifiedTradePaymentTerms>`
      : '') +
    '<ram:SpecifiedTradeSettlementHeaderMonetarySummation>' +
    el('ram:LineTotalAmount', t.lineNetTotal) +
    el('ram:ChargeTotalAmount', t.chargeTotal) +
    el('ram:AllowanceTotalAmount', t.allowanceTotal) +
    el('ram:TaxBasisTotalAmount', t.taxExclusive) +
    el('ram:TaxTotalAmount', t.taxTotal, { currencyID: inv.currency }) +
    (t.taxTotalAccountingCurrency !== undefined && inv.taxCurrency
      ? el('ram:TaxTotalAmount', t.taxTotalAccountingCurrency, { currencyID: inv.taxCurrency })
      : '') +
    el('ram:RoundingAmount', t.rounding) +
    el('ram:GrandTotalAmount', t.taxInclusive) +
    el('ram:TotalPrepaidAmount', t.prepaid) +
    el('ram:DuePayableAmount', t.payable) +
    '</ram:SpecifiedTradeSettlementHeaderMonetarySummation>' +
    (inv.precedingInvoices ?? [])
      .map(
        (p) =>
          `<ram:InvoiceReferencedDocument>${el('ram:IssuerAssignedID', p.number)}${p.issueDate ? `<ram:FormattedIssueDateTime>${ciiDate(p.issueDate)!.replace(/udt:DateTimeString/g, 'qdt:DateTimeString')}</ram:FormattedIssueDateTime>` : ''}</ram:InvoiceReferencedDocument>`,
      )
      .join('') +
    '</ram:ApplicableHeaderTradeSettlement>' +
    '</rsm:SupplyChainTradeTransaction>' +
    '</rsm:CrossIndustryInvoice>'
  );
}
