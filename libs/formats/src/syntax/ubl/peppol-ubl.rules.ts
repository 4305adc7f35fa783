import type { Finding } from '@app/rules';
import {
  PEPPOL_CURRENCY_CODES,
  PEPPOL_EAS_CODES,
  PEPPOL_MIME_CODES,
  PEPPOL_UBL_CL008,
  PEPPOL_UBL_RULES_INFO,
} from '@app/rules';
import {
  all,
  allAlong,
  attr,
  child,
  childrenNamed,
  descendants,
  descendantsNamed,
  elementPath,
  text,
  type XmlNode,
} from '../../xml/xml-node';

const INFO = new Map(PEPPOL_UBL_RULES_INFO.map((r) => [r.id, r]));
const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** A UBL document that declares Peppol BIS Billing 3.0 in its CustomizationID (as isPeppolBis on the canonical invoice). */
export function isPeppolUbl(root: XmlNode): boolean {
  return (text(root, 'CustomizationID') ?? '').includes('urn:fdc:peppol.eu:2017:poacc:billing:3.0');
}

const PRICE_ALLOWANCE_CHARGE = ['Price', 'AllowanceCharge'];

/** Amount elements of the Peppol Schematron's currency rules (R051, CL007). */
const AMOUNTS = new Set([
  'Amount',
  'BaseAmount',
  'PriceAmount',
  'TaxAmount',
  'TaxableAmount',
  'LineExtensionAmount',
  'TaxExclusiveAmount',
  'TaxInclusiveAmount',
  'AllowanceTotalAmount',
  'ChargeTotalAmount',
  'PrepaidAmount',
  'PayableRoundingAmount',
  'PayableAmount',
]);
const AMOUNT_NAMES = [...AMOUNTS];

/** BT-111 (a TaxTotal without subtotals) may be in the VAT accounting currency: R051 skips it. */
const r051Applies = (n: XmlNode): boolean =>
  n.name !== 'TaxAmount' ||
  n.parent?.name === 'TaxSubtotal' ||
  (n.parent?.name === 'TaxTotal' && child(n.parent, 'TaxSubtotal') !== undefined);

/**
 * Whether the walk of checkPeppolUbl would report anything (R008, CL007, R051, CL008, CL001): the
 * blank leaves are looked for in one cheap pass, the amounts, endpoints and binary objects through
 * the parser's name index. Most documents have none, and the walk that reports in document order
 * is then not needed.
 */
function walkWouldReport(root: XmlNode, docCurrency: string | undefined): boolean {
  for (const n of descendants(root)) if (n.children.length === 0 && n.text === '') return true;
  for (const name of AMOUNT_NAMES)
    for (const n of descendantsNamed(root, name)) {
      const cur = n.attrs.currencyID;
      if (cur === undefined || !PEPPOL_CURRENCY_CODES.has(cur)) return true;
      if (cur !== docCurrency && r051Applies(n)) return true;
    }
  for (const n of descendantsNamed(root, 'EndpointID'))
    if (n.attrs.schemeID !== undefined && !PEPPOL_EAS_CODES.has(n.attrs.schemeID)) return true;
  for (const n of descendantsNamed(root, 'EmbeddedDocumentBinaryObject'))
    if (n.attrs.mimeCode !== undefined && !PEPPOL_MIME_CODES.has(n.attrs.mimeCode)) return true;
  return false;
}

/**
 * The Peppol BIS Billing 3.0 rules that only the UBL document can show. Runs only on documents that
 * declare Peppol BIS; one walk over the tree.
 */
export function checkPeppolUbl(root: XmlNode): Finding[] {
  if (!isPeppolUbl(root)) return [];
  const out: Finding[] = [];
  const report = (id: string, node: XmlNode | string, actual?: string, expected?: string) => {
    const info = INFO.get(id);
    out.push({
      ruleId: id,
      severity: info?.severity ?? 'blocking',
      category: 'data-quality',
      fieldPath: typeof node === 'string' ? node : elementPath(node),
      message: info?.description ?? 'Electronic address scheme is from the Peppol EAS code list',
      ...(expected !== undefined ? { expected } : {}),
      ...(actual !== undefined ? { actual } : {}),
      hint: info?.hint ?? 'Ask the sender to use a Peppol electronic address scheme.',
      routeKey: 'format.syntax',
    });
  };
  const docCurrency = text(root, 'DocumentCurrencyCode');
  const isCreditNote = root.name === 'CreditNote';

  for (const n of walkWouldReport(root, docCurrency) ? descendants(root) : []) {
    // norm(text) === '' without building the normalised text: the parser keeps an element's text trimmed
    // (XmlNode.text; trim removes what \s matches), so a text of only white space reads as ''.
    if (n.children.length === 0 && n.text === '') report('PEPPOL-EN16931-R008', n);
    if (AMOUNTS.has(n.name)) {
      const cur = n.attrs.currencyID;
      if (cur === undefined || !PEPPOL_CURRENCY_CODES.has(cur))
        report('PEPPOL-EN16931-CL007', n, cur ?? '', 'ISO 4217 code');
      if (r051Applies(n) && cur !== docCurrency) report('PEPPOL-EN16931-R051', n, cur ?? '', docCurrency ?? '');
    }
    if (n.name === 'EndpointID' && n.attrs.schemeID !== undefined && !PEPPOL_EAS_CODES.has(n.attrs.schemeID))
      report(PEPPOL_UBL_CL008, n, n.attrs.schemeID, 'Peppol EAS code');
    if (
      n.name === 'EmbeddedDocumentBinaryObject' &&
      n.attrs.mimeCode !== undefined &&
      !PEPPOL_MIME_CODES.has(n.attrs.mimeCode)
    )
      report('PEPPOL-EN16931-CL001', n, n.attrs.mimeCode);
  }

  // Invoice lines, then credit note lines (a document of one kind may hold lines of the other).
  const lines = all(root, 'InvoiceLine');
  for (const l of all(root, 'CreditNoteLine')) lines.push(l);
  // R043 on the document's allowances and charges, then on each line's, in that order. Loops rather
  // than spread and flatMap, which are slow in V8.
  const r043 = (ac: XmlNode) => {
    const ind = norm(child(ac, 'ChargeIndicator')?.text);
    if (ind !== 'true' && ind !== 'false')
      report('PEPPOL-EN16931-R043', child(ac, 'ChargeIndicator') ?? ac, ind, 'true or false');
  };
  for (const ac of childrenNamed(root, 'AllowanceCharge')) r043(ac);
  for (const line of lines) for (const ac of childrenNamed(line, 'AllowanceCharge')) r043(ac);
  for (const line of lines) {
    for (const ac of allAlong(line, PRICE_ALLOWANCE_CHARGE)) {
      const ind = norm(child(ac, 'ChargeIndicator')?.text);
      if (ind !== 'false') report('PEPPOL-EN16931-R044', child(ac, 'ChargeIndicator') ?? ac, ind, 'false');
    }
    const refs = all(line, 'DocumentReference');
    if (refs.length > 1) report('PEPPOL-EN16931-R100', line, String(refs.length), 'at most 1');
    if (refs.length > 0 && !refs.some((r) => text(r, 'DocumentTypeCode') === '130'))
      report('PEPPOL-EN16931-R101', refs[0], text(refs[0], 'DocumentTypeCode') ?? '', '130');
    const base = child(line, 'Price', 'BaseQuantity');
    const qty = child(line, isCreditNote ? 'CreditedQuantity' : 'InvoicedQuantity');
    const hasQty = child(line, 'InvoicedQuantity') || child(line, 'CreditedQuantity');
    if (base && base.attrs.unitCode !== undefined && hasQty && base.attrs.unitCode !== qty?.attrs.unitCode)
      report('PEPPOL-EN16931-R130', base, attr(base, 'unitCode'), attr(qty, 'unitCode') ?? '');
  }

  const totals = all(root, 'TaxTotal');
  let withSub = 0;
  for (const t of totals) if (child(t, 'TaxSubtotal')) withSub++;
  if (withSub !== 1) report('PEPPOL-EN16931-R053', '/' + root.name + '/TaxTotal', String(withSub), '1');
  const withoutSub = totals.length - withSub;
  const wanted = child(root, 'TaxCurrencyCode') ? 1 : 0;
  if (withoutSub !== wanted)
    report('PEPPOL-EN16931-R054', '/' + root.name + '/TaxTotal', String(withoutSub), String(wanted));

  if (isCreditNote) {
    const projects = all(root, 'AdditionalDocumentReference').filter((r) => text(r, 'DocumentTypeCode') === '50');
    if (projects.length > 1) report('PEPPOL-EN16931-R080', projects[1], String(projects.length), 'at most 1');
  }
  return out;
}
