import type { DocumentLine, DocumentView } from '@app/contracts';

/**
 * The original document, pretty-printed line by line, with the lines of the elements that findings
 * point at marked (the HTTP contract's DocumentView). XML is tokenised (it was parsed safely at intake:
 * no DTD, no entities); JSON is re-serialised with each line's canonical path.
 */
export type { DocumentLine, DocumentView };

interface Tagged {
  text: string;
  stack: string[];
  line: number | null;
  vat: number | null;
}

const LINE_ELEMENTS = new Set(['InvoiceLine', 'CreditNoteLine', 'IncludedSupplyChainTradeLineItem']);
const local = (qname: string) => qname.replace(/^.*:/, '');

/** Where each canonical field lives: alternative ancestor chains ending at the element (UBL, then CII). */
const FIELD_ELEMENTS: Record<string, string[][]> = {
  invoiceNumber: [
    ['^', '*', 'ID'],
    ['ExchangedDocument', 'ID'],
  ],
  issueDate: [
    ['^', '*', 'IssueDate'],
    ['ExchangedDocument', 'IssueDateTime', 'DateTimeString'],
  ],
  dueDate: [
    ['^', '*', 'DueDate'],
    ['PaymentMeans', 'PaymentDueDate'],
    ['SpecifiedTradePaymentTerms', 'DueDateDateTime', 'DateTimeString'],
  ],
  typeCode: [['InvoiceTypeCode'], ['CreditNoteTypeCode'], ['ExchangedDocument', 'TypeCode']],
  currency: [['DocumentCurrencyCode'], ['InvoiceCurrencyCode']],
  purchaseOrderReference: [
    ['OrderReference', 'ID'],
    ['BuyerOrderReferencedDocument', 'IssuerAssignedID'],
  ],
  'seller.name': [
    ['AccountingSupplierParty', 'RegistrationName'],
    ['SellerTradeParty', 'Name'],
  ],
  'seller.vatId': [
    ['AccountingSupplierParty', 'PartyTaxScheme', 'CompanyID'],
    ['SellerTradeParty', 'SpecifiedTaxRegistration', 'ID'],
  ],
  'seller.countryCode': [
    ['AccountingSupplierParty', 'Country', 'IdentificationCode'],
    ['SellerTradeParty', 'CountryID'],
  ],
  'seller.iban': [
    ['PayeeFinancialAccount', 'ID'],
    ['PayeePartyCreditorFinancialAccount', 'IBANID'],
  ],
  'buyer.name': [
    ['AccountingCustomerParty', 'RegistrationName'],
    ['BuyerTradeParty', 'Name'],
  ],
  'buyer.vatId': [
    ['AccountingCustomerParty', 'PartyTaxScheme', 'CompanyID'],
    ['BuyerTradeParty', 'SpecifiedTaxRegistration', 'ID'],
  ],
  'buyer.countryCode': [
    ['AccountingCustomerParty', 'Country', 'IdentificationCode'],
    ['BuyerTradeParty', 'CountryID'],
  ],
  'line.quantity': [['InvoicedQuantity'], ['CreditedQuantity'], ['BilledQuantity']],
  'line.unitPrice': [
    ['Price', 'PriceAmount'],
    ['NetPriceProductTradePrice', 'ChargeAmount'],
  ],
  'line.netAmount': [
    ['InvoiceLine', 'LineExtensionAmount'],
    ['CreditNoteLine', 'LineExtensionAmount'],
    ['SpecifiedTradeSettlementLineMonetarySummation', 'LineTotalAmount'],
  ],
  'line.vatCategory': [
    ['ClassifiedTaxCategory', 'ID'],
    ['SpecifiedLineTradeSettlement', 'ApplicableTradeTax', 'CategoryCode'],
  ],
  'line.vatRate': [
    ['ClassifiedTaxCategory', 'Percent'],
    ['SpecifiedLineTradeSettlement', 'ApplicableTradeTax', 'RateApplicablePercent'],
  ],
  'line.description': [
    ['Item', 'Description'],
    ['Item', 'Name'],
    ['SpecifiedTradeProduct', 'Name'],
  ],
  'line.poLineReference': [
    ['OrderLineReference', 'LineID'],
    ['BuyerOrderReferencedDocument', 'LineID'],
  ],
  'line.id': [
    ['InvoiceLine', 'ID'],
    ['CreditNoteLine', 'ID'],
    ['AssociatedDocumentLineDocument', 'LineID'],
  ],
  'vat.taxableAmount': [
    ['TaxSubtotal', 'TaxableAmount'],
    ['ApplicableHeaderTradeSettlement', 'ApplicableTradeTax', 'BasisAmount'],
  ],
  'vat.taxAmount': [
    ['TaxSubtotal', 'TaxAmount'],
    ['ApplicableHeaderTradeSettlement', 'ApplicableTradeTax', 'CalculatedAmount'],
  ],
  'vat.category': [
    ['TaxSubtotal', 'TaxCategory', 'ID'],
    ['ApplicableHeaderTradeSettlement', 'ApplicableTradeTax', 'CategoryCode'],
  ],
  'vat.rate': [
    ['TaxSubtotal', 'TaxCategory', 'Percent'],
    ['ApplicableHeaderTradeSettlement', 'ApplicableTradeTax', 'RateApplicablePercent'],
  ],
  'totals.lineNetTotal': [
    ['LegalMonetaryTotal', 'LineExtensionAmount'],
    ['SpecifiedTradeSettlementHeaderMonetarySummation', 'LineTotalAmount'],
  ],
  'totals.taxExclusive': [
    ['LegalMonetaryTotal', 'TaxExclusiveAmount'],
    ['SpecifiedTradeSettlementHeaderMonetarySummation', 'TaxBasisTotalAmount'],
  ],
  'totals.taxInclusive': [
    ['LegalMonetaryTotal', 'TaxInclusiveAmount'],
    ['SpecifiedTradeSettlementHeaderMonetarySummation', 'GrandTotalAmount'],
  ],
  'totals.payable': [
    ['LegalMonetaryTotal', 'PayableAmount'],
    ['SpecifiedTradeSettlementHeaderMonetarySummation', 'DuePayableAmount'],
  ],
  'totals.taxTotal': [
    ['^', '*', 'TaxTotal', 'TaxAmount'],
    ['SpecifiedTradeSettlementHeaderMonetarySummation', 'TaxTotalAmount'],
  ],
  'totals.allowanceTotal': [
    ['LegalMonetaryTotal', 'AllowanceTotalAmount'],
    ['SpecifiedTradeSettlementHeaderMonetarySummation', 'AllowanceTotalAmount'],
  ],
  'totals.chargeTotal': [
    ['LegalMonetaryTotal', 'ChargeTotalAmount'],
    ['SpecifiedTradeSettlementHeaderMonetarySummation', 'ChargeTotalAmount'],
  ],
};

function endsWithChain(stack: string[], chain: string[]): boolean {
  if (chain[0] === '^')
    return stack.length === chain.length - 1 && chain.slice(1).every((c, i) => c === '*' || c === stack[i]);
  if (stack[stack.length - 1] !== chain[chain.length - 1]) return false;
  let j = chain.length - 2;
  for (let i = stack.length - 2; i >= 0 && j >= 0; i--) if (stack[i] === chain[j]) j--;
  return j < 0;
}

/** `lines[2].unitPrice` → {key: 'line.unitPrice', line: 2}; unknown paths → null. */
function fieldKey(path: string): { key: string; line?: number; vat?: number } | null {
  const line = /^lines\[(\d+)\]\.(\w+)/.exec(path);
  if (line) return { key: `line.${line[2]}`, line: Number(line[1]) };
  const vat = /^vatBreakdown\[(\d+)\]\.(\w+)/.exec(path);
  if (vat) return { key: `vat.${vat[2]}`, vat: Number(vat[1]) };
  const plain = path.replace(/\[\d+\]/g, '');
  return FIELD_ELEMENTS[plain]
    ? { key: plain }
    : FIELD_ELEMENTS[plain.split('.').slice(0, 2).join('.')]
      ? { key: plain.split('.').slice(0, 2).join('.') }
      : null;
}

function prettyXml(raw: string): Tagged[] {
  const tokens =
    raw.replace(/^\uFEFF/, '').match(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<[^>]+>|[^<]+/g) ?? [];
  const out: Tagged[] = [];
  const stack: string[] = [];
  let lineCount = -1;
  let vatCount = -1;
  let inLine: number | null = null;
  let inVat: number | null = null;
  const indent = () => '  '.repeat(stack.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.startsWith('<')) {
      if (t.trim()) out.push({ text: indent() + t.trim(), stack: [...stack], line: inLine, vat: inVat });
      continue;
    }
    if (t.startsWith('<?') || t.startsWith('<!')) {
      out.push({ text: indent() + t, stack: [...stack], line: inLine, vat: inVat });
      continue;
    }
    if (t.startsWith('</')) {
      const name = stack.pop();
      if (name && LINE_ELEMENTS.has(name)) inLine = null;
      if (
        name === 'TaxSubtotal' ||
        (name === 'ApplicableTradeTax' && stack[stack.length - 1] === 'ApplicableHeaderTradeSettlement')
      )
        inVat = null;
      out.push({ text: indent() + t, stack: [...stack, name ?? ''], line: inLine, vat: inVat });
      continue;
    }
    const name = local(/^<([^\s/>]+)/.exec(t)?.[1] ?? '');
    const selfClosing = t.endsWith('/>');
    if (LINE_ELEMENTS.has(name)) inLine = ++lineCount;
    if (
      name === 'TaxSubtotal' ||
      (name === 'ApplicableTradeTax' && stack[stack.length - 1] === 'ApplicableHeaderTradeSettlement')
    )
      inVat = ++vatCount;
    const here = [...stack, name];
    if (selfClosing) {
      out.push({ text: indent() + t, stack: here, line: inLine, vat: inVat });
      continue;
    }
    // <a>text</a> on one line
    const text = tokens[i + 1];
    const close = tokens[i + 2];
    if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
      out.push({ text: indent() + t + text.trim() + close, stack: here, line: inLine, vat: inVat });
      i += 2;
      continue;
    }
    if (close === undefined && text?.startsWith('</')) {
      out.push({ text: indent() + t + text, stack: here, line: inLine, vat: inVat });
      i += 1;
      continue;
    }
    out.push({ text: indent() + t, stack: here, line: inLine, vat: inVat });
    stack.push(name);
  }
  return out;
}

function prettyJson(value: unknown): { text: string; path: string }[] {
  const out: { text: string; path: string }[] = [];
  const walk = (v: unknown, path: string, depth: number, prefix: string, comma: string) => {
    const pad = '  '.repeat(depth);
    if (Array.isArray(v)) {
      out.push({ text: `${pad}${prefix}[`, path });
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1, '', i < v.length - 1 ? ',' : ''));
      out.push({ text: `${pad}]${comma}`, path });
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      out.push({ text: `${pad}${prefix}{`, path });
      entries.forEach(([k, x], i) =>
        walk(x, path ? `${path}.${k}` : k, depth + 1, `${JSON.stringify(k)}: `, i < entries.length - 1 ? ',' : ''),
      );
      out.push({ text: `${pad}}${comma}`, path });
    } else out.push({ text: `${pad}${prefix}${JSON.stringify(v)}${comma}`, path });
  };
  walk(value, '', 0, '', '');
  return out;
}

export function documentView(
  raw: string | null,
  contentType: string | null,
  format: string,
  canonical: unknown,
  fieldPaths: string[],
): DocumentView {
  const paths = [...new Set(fieldPaths.filter(Boolean))];
  const located = new Set<string>();
  if (format === 'json' || !raw) {
    let parsed: unknown = canonical;
    try {
      if (raw) parsed = JSON.parse(raw);
    } catch {
      /* keep the canonical form */
    }
    const lines = prettyJson(parsed).map((l, i) => {
      const hit = paths.filter((p) => l.path === p || (l.path.startsWith(`${p}.`) && !l.text.trim().match(/^[\]}]/)));
      hit.forEach((p) => located.add(p));
      return { n: i + 1, text: l.text, highlight: hit.length > 0 && l.path !== '' };
    });
    return { format, contentType, lines, located: [...located], notLocated: paths.filter((p) => !located.has(p)) };
  }
  const keys = paths.map((p) => ({ p, k: fieldKey(p) }));
  const lines = prettyXml(raw).map((t, i) => {
    const isOpenOrLeaf = !t.text.trim().startsWith('</');
    const hit = isOpenOrLeaf
      ? keys.filter(
          ({ k }) =>
            k &&
            (k.line === undefined || k.line === t.line) &&
            (k.vat === undefined || k.vat === t.vat) &&
            FIELD_ELEMENTS[k.key].some((chain) => endsWithChain(t.stack, chain)),
        )
      : [];
    hit.forEach(({ p }) => located.add(p));
    return { n: i + 1, text: t.text, highlight: hit.length > 0 };
  });
  return { format, contentType, lines, located: [...located], notLocated: paths.filter((p) => !located.has(p)) };
}
