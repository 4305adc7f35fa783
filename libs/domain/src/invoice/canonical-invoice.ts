/**
 * The canonical invoice: the one shape every intake format (JSON, UBL, CII) is read into and every
 * rule reads. Field names follow the public JSON contract (shared API.md); EN 16931 business terms
 * are given in brackets. Money, quantities and rates are decimal strings, never binary floats.
 * Every field is optional at the type level because rules must be able to report what is missing.
 */
export type DecimalString = string;

export interface CanonicalAddress {
  line1?: string; // BT-35 / BT-50
  line2?: string; // BT-36 / BT-51
  line3?: string; // BT-162 / BT-163
  city?: string; // BT-37 / BT-52
  postalCode?: string; // BT-38 / BT-53
  subdivision?: string; // BT-39 / BT-54
  countryCode?: string; // BT-40 / BT-55 (ISO 3166-1 alpha-2)
}

export interface CanonicalParty {
  name?: string; // BT-27 / BT-44
  tradingName?: string; // BT-28 / BT-45
  vatId?: string; // BT-31 / BT-48
  taxRegistrationId?: string; // BT-32 (seller tax registration, e.g. "FR932874294" / org no)
  legalRegistrationId?: string; // BT-30 / BT-47
  legalRegistrationSchemeId?: string; // BT-30-1 / BT-47-1 (e.g. 0106 KvK, 0184 CVR, 0007 Swedish org. no.)
  identifiers?: { id: string; schemeId?: string }[]; // BT-29 / BT-46
  electronicAddress?: { id: string; schemeId?: string }; // BT-34 / BT-49
  countryCode?: string; // convenience: address country when no address block is given
  address?: CanonicalAddress; // BG-5 / BG-8
  iban?: string; // BT-84 (seller only; first credit-transfer account)
  contact?: { name?: string; phone?: string; email?: string }; // BG-6 / BG-9
}

export interface CanonicalAllowanceCharge {
  chargeIndicator: boolean; // true = charge (BG-21 / BG-28), false = allowance (BG-20 / BG-27)
  amount?: DecimalString; // BT-92 / BT-99 / BT-136 / BT-141
  baseAmount?: DecimalString; // BT-93 / BT-100
  percentage?: DecimalString; // BT-94 / BT-101
  vatCategory?: string; // BT-95 / BT-102 (document level only)
  vatRate?: DecimalString; // BT-96 / BT-103
  reason?: string; // BT-97 / BT-104
  reasonCode?: string; // BT-98 / BT-105
}

export interface CanonicalLine {
  id?: string; // BT-126
  note?: string; // BT-127
  description?: string; // BT-154
  name?: string; // BT-153 item name
  quantity?: DecimalString; // BT-129
  unitCode?: string; // BT-130
  unitPrice?: DecimalString; // BT-146 net price
  grossPrice?: DecimalString; // BT-148
  priceDiscount?: DecimalString; // BT-147
  priceBaseQuantity?: DecimalString; // BT-149
  netAmount?: DecimalString; // BT-131
  vatCategory?: string; // BT-151
  vatRate?: DecimalString; // BT-152
  poLineReference?: string; // BT-132
  allowanceCharges?: CanonicalAllowanceCharge[]; // BG-27 / BG-28
  period?: { startDate?: string; endDate?: string }; // BG-26
  sellerItemId?: string; // BT-155
  standardItemId?: { id: string; schemeId?: string }; // BT-157
  classificationCodes?: { code: string; listId?: string; listVersionId?: string }[]; // BT-158 (-1 scheme, -2 scheme version)
  originCountry?: string; // BT-159
  /** BG-32 item attributes; a name or value given as an empty element is '' (absent: undefined). */
  attributes?: { name?: string; value?: string }[];
  /** BT-128 invoice line object identifier (UBL DocumentReference, CII line AdditionalReferencedDocument). */
  documentReferences?: CanonicalDocumentReference[];
}

/**
 * BG-24 additional supporting document, or another referenced document the syntax carries in the
 * same element (BT-18 invoiced object identifier: typeCode 130; UBL credit note BT-11: typeCode 50).
 * `id` is kept as written (possibly blank) so BR-52 can judge it.
 */
export interface CanonicalDocumentReference {
  id: string; // BT-122 / BT-18 / BT-128
  typeCode?: string; // UNTDID 1001 (130 = invoiced object identifier, 916 = supporting document, 50 = tender)
  schemeId?: string; // BT-18-1 / BT-128-1 (UNTDID 1153)
  description?: string; // BT-123
  uri?: string; // BT-124 external document location
  /** BT-125 attached document: only its declared MIME code (as written, untrimmed) and file name are kept. */
  attachment?: { mimeCode?: string; filename?: string };
}

export interface CanonicalVatBreakdown {
  category?: string; // BT-118
  rate?: DecimalString; // BT-119
  taxableAmount?: DecimalString; // BT-116
  taxAmount?: DecimalString; // BT-117
  exemptionReason?: string; // BT-120
  exemptionReasonCode?: string; // BT-121
}

export interface CanonicalTotals {
  lineNetTotal?: DecimalString; // BT-106
  allowanceTotal?: DecimalString; // BT-107
  chargeTotal?: DecimalString; // BT-108
  taxExclusive?: DecimalString; // BT-109
  taxTotal?: DecimalString; // BT-110
  taxTotalAccountingCurrency?: DecimalString; // BT-111
  taxInclusive?: DecimalString; // BT-112
  prepaid?: DecimalString; // BT-113
  rounding?: DecimalString; // BT-114
  payable?: DecimalString; // BT-115
}

export interface CanonicalPaymentMeans {
  typeCode?: string; // BT-81
  text?: string; // BT-82
  remittanceInfo?: string; // BT-83
  accounts?: { iban?: string; accountId?: string; name?: string; bic?: string }[]; // BG-17
  card?: { primaryAccountNumber?: string; holderName?: string }; // BG-18
  directDebit?: { mandateId?: string; creditorId?: string; debitedAccount?: string }; // BG-19
}

export interface CanonicalInvoice {
  customizationId?: string; // BT-24 specification identifier
  profileId?: string; // BT-23 business process
  documentKind?: 'invoice' | 'credit_note';
  invoiceNumber?: string; // BT-1
  issueDate?: string; // BT-2 (YYYY-MM-DD)
  typeCode?: string; // BT-3
  currency?: string; // BT-5
  taxCurrency?: string; // BT-6
  taxPointDate?: string; // BT-7
  taxPointDateCode?: string; // BT-8 (UBL: UNTDID 2005 3/35/432; CII: UNTDID 2475 5/29/72)
  dueDate?: string; // BT-9
  buyerReference?: string; // BT-10
  projectReference?: string; // BT-11
  contractReference?: string; // BT-12
  purchaseOrderReference?: string; // BT-13
  salesOrderReference?: string; // BT-14
  precedingInvoices?: { number: string; issueDate?: string }[]; // BG-3
  notes?: string[]; // BT-22
  paymentTerms?: string; // BT-20
  invoicePeriod?: { startDate?: string; endDate?: string }; // BG-14
  seller?: CanonicalParty; // BG-4
  buyer?: CanonicalParty; // BG-7
  payee?: CanonicalParty; // BG-10
  sellerTaxRepresentative?: CanonicalParty; // BG-11
  delivery?: { date?: string; locationId?: string; address?: CanonicalAddress; partyName?: string }; // BG-13
  paymentMeans?: CanonicalPaymentMeans[]; // BG-16
  allowanceCharges?: CanonicalAllowanceCharge[]; // BG-20 / BG-21
  lines?: CanonicalLine[]; // BG-25
  additionalDocuments?: CanonicalDocumentReference[]; // BG-24 (and BT-18)
  vatBreakdown?: CanonicalVatBreakdown[]; // BG-23
  totals?: CanonicalTotals; // BG-22
  /**
   * Every VAT total amount as written, with its currency (XML intake: BT-110 and BT-111 share one
   * element). Lets the rules see a duplicated total or one in a foreign currency; totals.taxTotal and
   * totals.taxTotalAccountingCurrency stay the authoritative single values.
   */
  taxTotals?: { amount: DecimalString; currency?: string }[];
  /**
   * XML intake: every distinct currency code written on an amount (UBL currencyID attributes), so
   * BR-CL-03 can judge them; the amounts themselves are read into the fields above.
   */
  amountCurrencyIds?: string[];
}
