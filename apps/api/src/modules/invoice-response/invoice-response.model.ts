import type { ResponseCode, StatusAction, StatusReason } from './invoice-response.code-lists';
import type { Language } from '@app/rules';
import { supplierText, type SupplierTextFinding } from './supplier-text';

/** The facts of one invoice that its Invoice Response is derived from (read by InvoiceResponseRepository). */
export interface ResponseFacts {
  invoiceId: string;
  invoiceNumber: string;
  issueDate: string | null;
  typeCode: string | null;
  documentKind: string;
  status: string;
  /** The audit event that moved the invoice to its current status: the response's id and date. */
  statusEvent: { id: string; at: Date } | null;
  duplicateOfNumber: string | null;
  seller: PartyFacts;
  buyer: PartyFacts;
  supplier: { language: string | null; countryCode: string | null } | null;
  exceptions: ExceptionFacts[];
}

export interface PartyFacts {
  name: string | null;
  vatId: string | null;
  country: string | null;
  electronicAddress: { id: string; schemeId?: string } | null;
}

export interface ExceptionFacts {
  id: string;
  routeKey: string;
  status: string;
  decision: string | null;
  reasonCode: string | null;
  /** What the reviewer's reason code says in Invoice Response terms (decision_reason_codes). */
  responseReason: StatusReason | null;
  responseAction: StatusAction | null;
  findings: SupplierTextFinding[];
}

export interface ResponseParty {
  name: string;
  endpoint: { schemeId: string; id: string } | null;
}

export interface ResponseStatus {
  listId: 'OPStatusReason' | 'OPStatusAction';
  code: StatusReason | StatusAction;
  /** Text for the supplier, in `InvoiceResponse.language`. */
  reason?: string;
  conditions?: { attributeId: string; description: string }[];
  exceptionId?: string;
}

/** The JSON view of an Invoice Response; the XML is written from exactly this. */
export interface InvoiceResponse {
  id: string;
  invoiceId: string;
  issueDate: string;
  responseCode: ResponseCode;
  language: string;
  sender: ResponseParty;
  receiver: ResponseParty;
  documentReference: { id: string; issueDate: string | null; typeCode: string };
  statuses: ResponseStatus[];
}

/** Which clarification reason a route key stands for (OPStatusReason). */
const REASON_OF_ROUTE: [RegExp, StatusReason][] = [
  [/^vat\./, 'LEG'],
  [/^data\./, 'LEG'],
  [/^format\./, 'UNR'],
  [/^supplier\.unknown$/, 'UNR'],
  [/^supplier\.bank-account$/, 'FIN'],
  [/^supplier\.payment-terms$/, 'PAY'],
  [/^po\.(missing|unknown)$/, 'REF'],
  [/^po\.price-variance$/, 'PRI'],
  [/^po\.currency$/, 'PRI'],
  [/^po\.quantity-variance$/, 'QTY'],
];
export const reasonOfRoute = (routeKey: string): StatusReason =>
  REASON_OF_ROUTE.find(([re]) => re.test(routeKey))?.[1] ?? 'OTH';

/** EN 16931 business terms of the canonical field paths a finding points at (the response's AttributeID). */
const TERM_OF_PATH: Record<string, string> = {
  invoiceNumber: 'BT-1',
  issueDate: 'BT-2',
  typeCode: 'BT-3',
  currency: 'BT-5',
  dueDate: 'BT-9',
  buyerReference: 'BT-10',
  purchaseOrderReference: 'BT-13',
  paymentTerms: 'BT-20',
  'seller.name': 'BT-27',
  'seller.vatId': 'BT-31',
  'seller.iban': 'BT-84',
  'buyer.name': 'BT-44',
  'buyer.vatId': 'BT-48',
  'totals.lineNetTotal': 'BT-106',
  'totals.taxExclusive': 'BT-109',
  'totals.taxTotal': 'BT-110',
  'totals.taxInclusive': 'BT-112',
  'totals.payable': 'BT-115',
  'lines[].quantity': 'BT-129',
  'lines[].netAmount': 'BT-131',
  'lines[].poLineReference': 'BT-132',
  'lines[].unitPrice': 'BT-146',
  'lines[].vatCategory': 'BT-151',
  'lines[].vatRate': 'BT-152',
};
export const termOfPath = (path: string): string => TERM_OF_PATH[path.replace(/\[\d+\]/g, '[]')] ?? path;

/** Countries whose VAT id is itself a Peppol electronic address (EAS), and those with a national id in the VAT id. */
const VAT_SCHEME: Record<string, string> = {
  DE: '9930',
  EE: '9931',
  LT: '9937',
  LV: '9939',
  NL: '9944',
  PL: '9945',
  FI: '0213',
};
const NATIONAL_ID: Record<string, { scheme: string; id: (vat: string) => string | null }> = {
  NO: { scheme: '0192', id: (v) => /^NO(\d{9})(MVA)?$/.exec(v)?.[1] ?? null },
  SE: { scheme: '0007', id: (v) => /^SE(\d{10})01$/.exec(v)?.[1] ?? null },
  DK: { scheme: '0184', id: (v) => /^DK(\d{8})$/.exec(v)?.[1] ?? null },
};

/** The party's Peppol address: the one on the invoice (BT-34 / BT-49), else one derived from its VAT id. */
export function endpointOf(p: PartyFacts): ResponseParty['endpoint'] {
  if (p.electronicAddress?.id && p.electronicAddress.schemeId)
    return { schemeId: p.electronicAddress.schemeId, id: p.electronicAddress.id };
  const vat = p.vatId?.replace(/\s/g, '').toUpperCase();
  const cc = (vat?.slice(0, 2) ?? p.country ?? '').toUpperCase();
  if (!vat) return null;
  if (VAT_SCHEME[cc]) return { schemeId: VAT_SCHEME[cc], id: vat };
  const national = NATIONAL_ID[cc];
  const id = national?.id(vat);
  return national && id ? { schemeId: national.scheme, id } : null;
}

/**
 * The status of the invoice for its seller: acknowledged while it is read, in process while validated or
 * reviewed (or held after a failure), accepted when ready (conditionally when a reviewer corrected it), under
 * query when returned to the supplier, rejected when rejected or a duplicate. PD (paid) does not apply: the
 * payment is not ours to see.
 */
export function responseCodeOf(f: Pick<ResponseFacts, 'status' | 'exceptions'>): ResponseCode {
  switch (f.status) {
    case 'received':
      return 'AB';
    case 'ready':
      return decided(f.exceptions, 'correct').length ? 'CA' : 'AP';
    case 'returned_to_supplier':
      return 'UQ';
    case 'rejected':
    case 'duplicate':
      return 'RE';
    default:
      return 'IP'; // validating, in_review, failed
  }
}

const decided = (exceptions: ExceptionFacts[], decision: string) =>
  exceptions.filter((e) => e.status === 'resolved' && e.decision === decision);

/** The default action asked of the seller, per status: issue a new invoice, provide information, nothing. */
const ACTION_OF: Partial<Record<ResponseCode, StatusAction>> = { RE: 'NIN', UQ: 'PIN', CA: 'NOA' };

function clarifications(f: ResponseFacts, code: ResponseCode, lang: Language): ResponseStatus[] {
  const why = code === 'RE' ? 'reject' : code === 'UQ' ? 'return_to_supplier' : code === 'CA' ? 'correct' : null;
  if (!why) return [];
  if (f.status === 'duplicate') {
    const reason = supplierText({ kind: 'duplicate', duplicateOf: f.duplicateOfNumber }, lang);
    return [
      { listId: 'OPStatusReason', code: 'OTH', reason },
      { listId: 'OPStatusAction', code: 'NOA' },
    ];
  }
  const items = decided(f.exceptions, why);
  const statuses: ResponseStatus[] = items.map((e) => {
    const texts = e.findings.map((x) => supplierText({ kind: 'finding', finding: x }, lang));
    const conditions = e.findings
      .filter((x) => x.expected || x.actual)
      .map((x) => ({ attributeId: termOfPath(x.fieldPath), description: x.expected ?? x.actual! }));
    const reason = e.responseReason ?? reasonOfRoute(e.routeKey);
    return {
      listId: 'OPStatusReason' as const,
      code: reason,
      exceptionId: e.id,
      ...(texts.length || reason === 'OTH' ? { reason: texts.join(' ') || supplierText({ kind: 'other' }, lang) } : {}),
      ...(conditions.length ? { conditions } : {}),
    };
  });
  const actions = new Set<StatusAction>(items.map((e) => e.responseAction).filter((a): a is StatusAction => !!a));
  if (!actions.size && ACTION_OF[code]) actions.add(ACTION_OF[code]);
  return [...statuses, ...[...actions].map((a) => ({ listId: 'OPStatusAction' as const, code: a }))];
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The Invoice Response of an invoice as it stands, derived from its recorded facts only (same facts, same response). */
export function buildInvoiceResponse(f: ResponseFacts, lang: Language): InvoiceResponse {
  const code = responseCodeOf(f);
  const party = (p: PartyFacts, fallback: string): ResponseParty => ({
    name: p.name ?? fallback,
    endpoint: endpointOf(p),
  });
  return {
    id: `IR-${f.invoiceId}-${f.statusEvent?.id ?? '0'}`,
    invoiceId: f.invoiceId,
    issueDate: isoDate(f.statusEvent?.at ?? new Date()),
    responseCode: code,
    language: lang,
    sender: party(f.buyer, 'Buyer'),
    receiver: party(f.seller, 'Seller'),
    documentReference: {
      id: f.invoiceNumber,
      issueDate: f.issueDate,
      typeCode: f.typeCode ?? (f.documentKind === 'credit_note' ? '381' : '380'),
    },
    statuses: clarifications(f, code, lang),
  };
}
