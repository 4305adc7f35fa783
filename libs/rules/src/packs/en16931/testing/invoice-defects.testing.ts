import Decimal from 'decimal.js';
import type { CanonicalInvoice } from '@app/domain';
import {
  type ElementSpan,
  findChild,
  findElement,
  findPath,
  removeElement,
  replaceContent,
  setAttribute,
  textOf,
} from './xml-edit.testing';

/**
 * Typical single defects of real supplier invoices, applied to a complete, valid invoice. Each says
 * which blocking EN 16931 rules the official validation reports for it; `apply` returns null when
 * the invoice has nothing the defect could touch.
 */
export interface InvoiceDefect {
  name: string;
  ubl?: (xml: string) => string | null;
  cii?: (xml: string) => string | null;
  expect: string[] | ((original: CanonicalInvoice, format: 'ubl' | 'cii') => string[]);
}

/** VAT category code → the rule-id stem of its category rules (BR-S-08, BR-IC-08, ...). */
const CATEGORY_STEM: Record<string, string> = {
  S: 'S',
  Z: 'Z',
  E: 'E',
  AE: 'AE',
  K: 'IC',
  G: 'G',
  O: 'O',
  L: 'AF',
  M: 'AG',
};

function rootOf(xml: string): ElementSpan {
  const name = /<((?:[\w.-]+:)?(?:Invoice|CreditNote|CrossIndustryInvoice))[\s>]/.exec(xml)![1];
  return findElement(xml, name)!;
}

function ublLines(xml: string): ElementSpan[] {
  const root = rootOf(xml);
  const out: ElementSpan[] = [];
  for (const tag of ['cac:InvoiceLine', 'cac:CreditNoteLine']) {
    for (let el = findElement(xml, tag, root.contentStart); el; el = findElement(xml, tag, el.end)) out.push(el);
  }
  return out.sort((a, b) => a.start - b.start);
}

function ciiLines(xml: string): ElementSpan[] {
  const out: ElementSpan[] = [];
  for (
    let el = findElement(xml, 'ram:IncludedSupplyChainTradeLineItem');
    el;
    el = findElement(xml, 'ram:IncludedSupplyChainTradeLineItem', el.end)
  )
    out.push(el);
  return out;
}

function allIn(xml: string, parent: ElementSpan, tag: string): ElementSpan[] {
  const out: ElementSpan[] = [];
  for (
    let el = findElement(xml, tag, parent.contentStart, parent.contentEnd);
    el && el.end <= parent.contentEnd;
    el = findElement(xml, tag, el.end, parent.contentEnd)
  )
    out.push(el);
  return out;
}

function path(xml: string, ...tags: string[]): ElementSpan | null {
  return findPath(xml, tags);
}

function remove(el: ElementSpan | null, xml: string): string | null {
  return el ? removeElement(xml, el) : null;
}

function setText(el: ElementSpan | null, xml: string, value: string): string | null {
  return el ? replaceContent(xml, el, value) : null;
}

/** Adds `delta` to a decimal element, keeping the number of decimals as written. */
function shift(el: ElementSpan | null, xml: string, delta: number): string | null {
  if (!el) return null;
  const value = textOf(xml, el);
  const decimals = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  return replaceContent(xml, el, new Decimal(value).plus(delta).toFixed(decimals));
}

function removeAll(xml: string, tag: string, within?: (x: string) => ElementSpan | null): string {
  let out = xml;
  for (;;) {
    const scope = within ? within(out) : rootOf(out);
    if (!scope) return out;
    const el = findElement(out, tag, scope.contentStart, scope.contentEnd);
    if (!el) return out;
    out = removeElement(out, el);
  }
}

const ciiSettlement = (xml: string) =>
  path(xml, 'rsm:SupplyChainTradeTransaction', 'ram:ApplicableHeaderTradeSettlement');
const ciiAgreement = (xml: string) =>
  path(xml, 'rsm:SupplyChainTradeTransaction', 'ram:ApplicableHeaderTradeAgreement');
const ciiSummation = (xml: string) => {
  const s = ciiSettlement(xml);
  return s && findChild(xml, s, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
};
const ciiParty = (xml: string, party: string) => {
  const a = ciiAgreement(xml);
  return a && findChild(xml, a, party);
};
const ublParty = (xml: string, role: string) => path(xml, role, 'cac:Party');
const ublRootChild = (xml: string, tag: string) => findChild(xml, rootOf(xml), tag);

/** The first line (UBL or CII) whose VAT category is S with a non-zero net amount. */
function firstStandardLine(xml: string, format: 'ubl' | 'cii'): { line: ElementSpan; category: ElementSpan } | null {
  for (const line of format === 'ubl' ? ublLines(xml) : ciiLines(xml)) {
    const holder =
      format === 'ubl'
        ? findElement(xml, 'cac:ClassifiedTaxCategory', line.contentStart, line.contentEnd)
        : findElement(xml, 'ram:ApplicableTradeTax', line.contentStart, line.contentEnd);
    const category = holder && findChild(xml, holder, format === 'ubl' ? 'cbc:ID' : 'ram:CategoryCode');
    const net =
      format === 'ubl'
        ? findChild(xml, line, 'cbc:LineExtensionAmount')
        : findElement(xml, 'ram:LineTotalAmount', line.contentStart, line.contentEnd);
    if (category && net && textOf(xml, category) === 'S' && !new Decimal(textOf(xml, net)).isZero())
      return { line, category };
  }
  return null;
}

function usesCategory(inv: CanonicalInvoice, category: string): boolean {
  return [
    ...(inv.lines ?? []),
    ...(inv.allowanceCharges ?? []),
    ...(inv.vatBreakdown ?? []).map((b) => ({ vatCategory: b.category })),
  ].some((x) => x.vatCategory?.trim() === category);
}

function categoryOfFirstLine(inv: CanonicalInvoice): string {
  return (inv.lines?.[0]?.vatCategory ?? '').trim();
}

function docAllowanceCharge(xml: string, format: 'ubl' | 'cii'): { el: ElementSpan; charge: boolean } | null {
  const parent = format === 'ubl' ? rootOf(xml) : ciiSettlement(xml);
  if (!parent) return null;
  const el = findChild(xml, parent, format === 'ubl' ? 'cac:AllowanceCharge' : 'ram:SpecifiedTradeAllowanceCharge');
  if (!el) return null;
  const indicator = findElement(
    xml,
    format === 'ubl' ? 'cbc:ChargeIndicator' : 'udt:Indicator',
    el.contentStart,
    el.contentEnd,
  );
  return { el, charge: !!indicator && textOf(xml, indicator).toLowerCase() === 'true' };
}

function withoutReasons(xml: string, format: 'ubl' | 'cii'): string | null {
  const ac = docAllowanceCharge(xml, format);
  if (!ac) return null;
  let out = xml;
  for (const tag of format === 'ubl'
    ? ['cbc:AllowanceChargeReasonCode', 'cbc:AllowanceChargeReason']
    : ['ram:ReasonCode', 'ram:Reason']) {
    for (;;) {
      const current = docAllowanceCharge(out, format)!.el;
      const el = findChild(out, current, tag);
      if (!el) break;
      out = removeElement(out, el);
    }
  }
  return out;
}

/** Rules that need the buyer's VAT id for reverse charge (AE) and intra-community (K) supplies. */
function buyerIdRules(inv: CanonicalInvoice): string[] {
  const out = new Set<string>();
  const lineCats = new Set((inv.lines ?? []).map((l) => l.vatCategory?.trim()));
  const acs = inv.allowanceCharges ?? [];
  for (const [cat, stem] of [
    ['AE', 'AE'],
    ['K', 'IC'],
  ]) {
    if (lineCats.has(cat)) out.add(`BR-${stem}-02`);
    if (acs.some((a) => !a.chargeIndicator && a.vatCategory?.trim() === cat)) out.add(`BR-${stem}-03`);
    if (acs.some((a) => a.chargeIndicator && a.vatCategory?.trim() === cat)) out.add(`BR-${stem}-04`);
  }
  return [...out];
}

export const INVOICE_DEFECTS: InvoiceDefect[] = [
  {
    name: 'seller name removed',
    ubl: (x) =>
      remove(path(x, 'cac:AccountingSupplierParty', 'cac:Party', 'cac:PartyLegalEntity', 'cbc:RegistrationName'), x),
    cii: (x) => {
      const p = ciiParty(x, 'ram:SellerTradeParty');
      return remove(p && findChild(x, p, 'ram:Name'), x);
    },
    // UBL: the payee cardinality rules compare payee and seller names, which fails with no seller name.
    expect: (inv, format) =>
      format === 'ubl' && inv.payee ? ['BR-06', 'UBL-SR-19', 'UBL-SR-20', 'UBL-SR-21'] : ['BR-06'],
  },
  {
    name: 'buyer name removed',
    ubl: (x) =>
      remove(path(x, 'cac:AccountingCustomerParty', 'cac:Party', 'cac:PartyLegalEntity', 'cbc:RegistrationName'), x),
    cii: (x) => {
      const p = ciiParty(x, 'ram:BuyerTradeParty');
      return remove(p && findChild(x, p, 'ram:Name'), x);
    },
    expect: ['BR-07'],
  },
  {
    name: 'buyer missing',
    ubl: (x) => remove(ublRootChild(x, 'cac:AccountingCustomerParty'), x),
    cii: (x) => remove(ciiParty(x, 'ram:BuyerTradeParty'), x),
    expect: (inv) => ['BR-07', 'BR-10', ...buyerIdRules(inv)],
  },
  {
    name: 'invoice number removed',
    ubl: (x) => remove(ublRootChild(x, 'cbc:ID'), x),
    cii: (x) => remove(path(x, 'rsm:ExchangedDocument', 'ram:ID'), x),
    expect: ['BR-02'],
  },
  {
    name: 'issue date removed',
    ubl: (x) => remove(ublRootChild(x, 'cbc:IssueDate'), x),
    cii: (x) => remove(path(x, 'rsm:ExchangedDocument', 'ram:IssueDateTime'), x),
    expect: ['BR-03'],
  },
  {
    name: 'currency code removed',
    ubl: (x) => remove(ublRootChild(x, 'cbc:DocumentCurrencyCode'), x),
    cii: (x) => {
      const s = ciiSettlement(x);
      return remove(s && findChild(x, s, 'ram:InvoiceCurrencyCode'), x);
    },
    expect: ['BR-05'],
  },
  {
    name: 'amount due off by one',
    ubl: (x) => shift(path(x, 'cac:LegalMonetaryTotal', 'cbc:PayableAmount'), x, 1),
    cii: (x) => {
      const s = ciiSummation(x);
      return shift(s && findChild(x, s, 'ram:DuePayableAmount'), x, 1);
    },
    expect: ['BR-CO-16'],
  },
  {
    name: 'sum of line net amounts off by ten',
    ubl: (x) => shift(path(x, 'cac:LegalMonetaryTotal', 'cbc:LineExtensionAmount'), x, 10),
    cii: (x) => {
      const s = ciiSummation(x);
      return shift(s && findChild(x, s, 'ram:LineTotalAmount'), x, 10);
    },
    expect: ['BR-CO-10', 'BR-CO-13'],
  },
  {
    name: 'first line net amount off by ten',
    ubl: (x) => {
      const l = ublLines(x)[0];
      return shift(l && findChild(x, l, 'cbc:LineExtensionAmount'), x, 10);
    },
    cii: (x) => {
      const l = ciiLines(x)[0];
      return shift(l && findElement(x, 'ram:LineTotalAmount', l.contentStart, l.contentEnd), x, 10);
    },
    // Categories without a taxable-amount rule (e.g. B, split payment) only break the line total.
    expect: (inv) => {
      const stem = CATEGORY_STEM[categoryOfFirstLine(inv)];
      return stem ? ['BR-CO-10', `BR-${stem}-08`] : ['BR-CO-10'];
    },
  },
  {
    name: 'standard-rated VAT amount off by five',
    ubl: (x) => {
      for (const sub of allIn(x, rootOf(x), 'cac:TaxSubtotal')) {
        const id = findElement(
          x,
          'cbc:ID',
          (findElement(x, 'cac:TaxCategory', sub.contentStart, sub.contentEnd) ?? sub).contentStart,
          sub.contentEnd,
        );
        if (id && textOf(x, id) === 'S') return shift(findChild(x, sub, 'cbc:TaxAmount'), x, 5);
      }
      return null;
    },
    cii: (x) => {
      const s = ciiSettlement(x);
      if (!s) return null;
      for (
        let t = findChild(x, s, 'ram:ApplicableTradeTax');
        t;
        t = findElement(x, 'ram:ApplicableTradeTax', t.end, s.contentEnd)
      ) {
        const code = findChild(x, t, 'ram:CategoryCode');
        if (code && textOf(x, code) === 'S') return shift(findChild(x, t, 'ram:CalculatedAmount'), x, 5);
      }
      return null;
    },
    expect: ['BR-CO-14', 'BR-CO-17', 'BR-S-09'],
  },
  {
    name: 'standard-rated line marked zero-rated',
    ubl: (x) => {
      const l = firstStandardLine(x, 'ubl');
      return l ? replaceContent(x, l.category, 'Z') : null;
    },
    cii: (x) => {
      const l = firstStandardLine(x, 'cii');
      return l ? replaceContent(x, l.category, 'Z') : null;
    },
    // BR-S-01 too when that line was the only standard-rated line or document allowance/charge.
    expect: (inv) => {
      const standard = [...(inv.lines ?? []), ...(inv.allowanceCharges ?? [])].filter(
        (x) => x.vatCategory?.trim() === 'S',
      ).length;
      // With a zero-rated breakdown already there, its taxable amount no longer matches instead.
      const zeroBreakdown = (inv.vatBreakdown ?? []).some((b) => b.category?.trim() === 'Z');
      return [zeroBreakdown ? 'BR-Z-08' : 'BR-Z-01', 'BR-Z-05', 'BR-S-08', ...(standard > 1 ? [] : ['BR-S-01'])];
    },
  },
  {
    name: 'invalid currency code',
    ubl: (x) => setText(ublRootChild(x, 'cbc:DocumentCurrencyCode'), x, 'EUX'),
    cii: (x) => {
      const s = ciiSettlement(x);
      return setText(s && findChild(x, s, 'ram:InvoiceCurrencyCode'), x, 'EUX');
    },
    // The VAT total is then in no document currency, so BT-112 = BT-109 + BT-110 cannot hold either,
    // except in CII when the totals with and without VAT are equal.
    expect: (inv, format) =>
      format === 'cii' &&
      inv.totals?.taxInclusive !== undefined &&
      new Decimal(inv.totals.taxInclusive).eq(inv.totals.taxExclusive ?? NaN)
        ? ['BR-CL-04']
        : ['BR-CL-04', 'BR-CO-15'],
  },
  {
    name: 'invalid seller country code',
    ubl: (x) => {
      const p = ublParty(x, 'cac:AccountingSupplierParty');
      return setText(
        p &&
          findElement(
            x,
            'cbc:IdentificationCode',
            (findChild(x, p, 'cac:PostalAddress') ?? p).contentStart,
            p.contentEnd,
          ),
        x,
        'XX',
      );
    },
    cii: (x) => {
      const p = ciiParty(x, 'ram:SellerTradeParty');
      const a = p && findChild(x, p, 'ram:PostalTradeAddress');
      return setText(a && findChild(x, a, 'ram:CountryID'), x, 'XX');
    },
    // A split-payment (B) invoice is then no longer domestic Italian either.
    expect: (inv) => (usesCategory(inv, 'B') ? ['BR-CL-14', 'BR-B-01'] : ['BR-CL-14']),
  },
  {
    name: 'invalid unit code',
    ubl: (x) => {
      const l = ublLines(x)[0];
      const q = l && (findChild(x, l, 'cbc:InvoicedQuantity') ?? findChild(x, l, 'cbc:CreditedQuantity'));
      return q ? setAttribute(x, q, 'unitCode', 'XYZ1') : null;
    },
    cii: (x) => {
      const l = ciiLines(x)[0];
      const q = l && findElement(x, 'ram:BilledQuantity', l.contentStart, l.contentEnd);
      return q ? setAttribute(x, q, 'unitCode', 'XYZ1') : null;
    },
    expect: ['BR-CL-23'],
  },
  {
    name: 'invalid payment means code',
    ubl: (x) => setText(path(x, 'cac:PaymentMeans', 'cbc:PaymentMeansCode'), x, '999'),
    cii: (x) => {
      const s = ciiSettlement(x);
      const m = s && findChild(x, s, 'ram:SpecifiedTradeSettlementPaymentMeans');
      return setText(m && findChild(x, m, 'ram:TypeCode'), x, '999');
    },
    // UBL: with several payment means, their codes then differ.
    expect: (inv, format) =>
      format === 'ubl' && (inv.paymentMeans ?? []).length > 1 ? ['BR-CL-16', 'UBL-SR-47'] : ['BR-CL-16'],
  },
  {
    name: 'item name removed',
    ubl: (x) => {
      const l = ublLines(x)[0];
      const item = l && findChild(x, l, 'cac:Item');
      return remove(item && findChild(x, item, 'cbc:Name'), x);
    },
    cii: (x) => {
      const l = ciiLines(x)[0];
      const p = l && findChild(x, l, 'ram:SpecifiedTradeProduct');
      return remove(p && findChild(x, p, 'ram:Name'), x);
    },
    expect: ['BR-25'],
  },
  {
    name: 'negative net price',
    ubl: (x) => {
      const l = ublLines(x)[0];
      const p = l && findChild(x, l, 'cac:Price');
      const a = p && findChild(x, p, 'cbc:PriceAmount');
      return a && !new Decimal(textOf(x, a)).isZero()
        ? replaceContent(x, a, new Decimal(textOf(x, a)).abs().neg().toString())
        : null;
    },
    cii: (x) => {
      const l = ciiLines(x)[0];
      const p = l && findElement(x, 'ram:NetPriceProductTradePrice', l.contentStart, l.contentEnd);
      const a = p && findChild(x, p, 'ram:ChargeAmount');
      return a && !new Decimal(textOf(x, a)).isZero()
        ? replaceContent(x, a, new Decimal(textOf(x, a)).abs().neg().toString())
        : null;
    },
    expect: ['BR-27'],
  },
  {
    name: 'seller electronic address without scheme',
    ubl: (x) => {
      const p = ublParty(x, 'cac:AccountingSupplierParty');
      const e = p && findChild(x, p, 'cbc:EndpointID');
      return e ? setAttribute(x, e, 'schemeID', null) : null;
    },
    cii: (x) => {
      const p = ciiParty(x, 'ram:SellerTradeParty');
      const u = p && findChild(x, p, 'ram:URIUniversalCommunication');
      const id = u && findChild(x, u, 'ram:URIID');
      return id ? setAttribute(x, id, 'schemeID', null) : null;
    },
    expect: ['BR-62'],
  },
  {
    name: 'invoicing period ends before it starts',
    ubl: (x) => {
      const p = ublRootChild(x, 'cac:InvoicePeriod');
      return p && findChild(x, p, 'cbc:StartDate') ? setText(findChild(x, p, 'cbc:EndDate'), x, '2000-01-01') : null;
    },
    cii: (x) => {
      const s = ciiSettlement(x);
      const p = s && findChild(x, s, 'ram:BillingSpecifiedPeriod');
      if (!p || !findChild(x, p, 'ram:StartDateTime')) return null;
      const end = findChild(x, p, 'ram:EndDateTime');
      return setText(end && findElement(x, 'udt:DateTimeString', end.contentStart, end.contentEnd), x, '20000101');
    },
    expect: ['BR-29'],
  },
  {
    name: 'due date and payment terms removed',
    ubl: (x) => {
      if (!/^<(?:[\w.-]+:)?Invoice[\s>]/.test(x.slice(rootOf(x).start))) return null; // credit notes are not asked for a due date
      let out = removeAll(x, 'cac:PaymentTerms');
      out = removeAll(out, 'cbc:PaymentDueDate');
      const due = ublRootChild(out, 'cbc:DueDate');
      return due ? removeElement(out, due) : out;
    },
    cii: (x) => {
      let out = removeAll(x, 'ram:DueDateDateTime');
      out = removeAll(out, 'ram:Description', (o) => {
        const s = ciiSettlement(o);
        return s && findChild(o, s, 'ram:SpecifiedTradePaymentTerms');
      });
      return out;
    },
    expect: (inv) =>
      inv.documentKind !== 'credit_note' && inv.totals?.payable !== undefined && new Decimal(inv.totals.payable).gt(0)
        ? ['BR-CO-25']
        : [],
  },
  {
    name: 'amount with a currency attribute (CII)',
    cii: (x) => {
      const s = ciiSummation(x);
      const due = s && findChild(x, s, 'ram:DuePayableAmount');
      return due ? setAttribute(x, due, 'currencyID', 'EUR') : null;
    },
    expect: ['CII-DT-031'],
  },
  {
    name: 'issue date written as ISO date (CII)',
    cii: (x) => {
      const d = path(x, 'rsm:ExchangedDocument', 'ram:IssueDateTime', 'udt:DateTimeString');
      return d ? replaceContent(x, d, '2024-01-15') : null;
    },
    expect: ['CII-DT-097'],
  },
  {
    name: 'tax type code other than VAT (CII)',
    cii: (x) => {
      const s = ciiSettlement(x);
      const t = s && findChild(x, s, 'ram:ApplicableTradeTax');
      return setText(t && findChild(x, t, 'ram:TypeCode'), x, 'GST');
    },
    expect: ['CII-DT-037'],
  },
  {
    name: 'document allowance or charge without reason',
    ubl: (x) => withoutReasons(x, 'ubl'),
    cii: (x) => withoutReasons(x, 'cii'),
    expect: (inv) => ((inv.allowanceCharges ?? [])[0]?.chargeIndicator ? ['BR-38', 'BR-CO-22'] : ['BR-33', 'BR-CO-21']),
  },
];
