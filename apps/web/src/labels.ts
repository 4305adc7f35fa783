/**
 * One source of the words the pages show for codes: queues, categories, statuses, decisions, VAT
 * categories, document types, field paths; rule descriptions come from GET /v1/rules (loaded once).
 */
import { useEffect, useState } from 'preact/hooks';
import { COUNTRY_CODES, UNKNOWN_COUNTRY, byCountry, parseRouteKey } from '@app/domain/vocabulary';
import type { RuleCatalogue, RuleInfo } from '@app/contracts';
import { api } from './api';

export const COUNTRY_NAMES: Record<string, string> = {
  ...byCountry((c) => c.name),
  [UNKNOWN_COUNTRY]: 'unknown country',
};
export const COUNTRIES: string[] = [...COUNTRY_CODES];

const QUEUE_NAMES: Record<string, string> = {
  'format.syntax': 'Document syntax',
  'supplier.unknown': 'Unknown supplier',
  'supplier.blocked': 'Blocked supplier',
  'supplier.bank-account': 'Bank account not on file',
  'supplier.payment-terms': 'Payment terms',
  'po.missing': 'Purchase order missing',
  'po.unknown': 'Unknown purchase order',
  'po.price-variance': 'PO price variance',
  'po.quantity-variance': 'PO quantity variance',
  'po.currency': 'PO currency mismatch',
  'duplicate.exact': 'Exact duplicate',
  'duplicate.near': 'Possible duplicate',
};

export function queueLabel(key: string | null | undefined): string {
  if (!key) return '—';
  if (QUEUE_NAMES[key]) return QUEUE_NAMES[key];
  const { family, subject, isCountryFamily } = parseRouteKey(key);
  if (isCountryFamily && /^[A-Z]{2}$/.test(subject))
    return `${family === 'vat' ? 'VAT' : 'Data quality'} · ${COUNTRY_NAMES[subject] ?? subject}`;
  return key.replace(/[.-]/g, ' ');
}

export const STATUS_LABELS: Record<string, string> = {
  open: 'Waiting',
  assigned: 'In review',
  awaiting_second_approval: 'Awaiting second approval',
  second_review: 'Second review',
  escalated: 'Escalated',
  resolved: 'Resolved',
  superseded: 'Superseded (re-checked)',
};
export const statusLabel = (s: string | null | undefined) => (s ? (STATUS_LABELS[s] ?? s) : '—');

export const DECISION_LABELS: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  return_to_supplier: 'Returned to supplier',
  correct: 'Corrected',
};
export const decisionLabel = (d: string | null | undefined) => (d ? (DECISION_LABELS[d] ?? d) : '—');

export const CATEGORY_LABELS: Record<string, string> = {
  regulatory: 'Regulatory (VAT)',
  'data-quality': 'Data quality',
  supplier: 'Supplier and PO',
  syntax: 'Syntax',
};
export const categoryLabel = (c: string | null | undefined) => (c ? (CATEGORY_LABELS[c] ?? c) : '—');

/** VAT category codes (UNCL5305, EN 16931). */
export const VAT_CATEGORY_LABELS: Record<string, string> = {
  S: 'Standard rate',
  Z: 'Zero rated',
  E: 'Exempt',
  AE: 'Reverse charge',
  K: 'Intra-community supply',
  G: 'Export outside the EU',
  O: 'Outside the scope of VAT',
  L: 'Canary Islands (IGIC)',
  M: 'Ceuta and Melilla (IPSI)',
};
export const vatCategoryLabel = (c: string | null | undefined) => (c ? `${VAT_CATEGORY_LABELS[c] ?? c} (${c})` : '—');

/** Document type codes (UNCL1001) seen on invoices. */
export const TYPE_CODE_LABELS: Record<string, string> = {
  '380': 'Commercial invoice',
  '381': 'Credit note',
  '383': 'Debit note',
  '384': 'Corrected invoice',
  '389': 'Self-billed invoice',
  '326': 'Partial invoice',
  '751': 'Invoice information',
};
export const typeCodeLabel = (c: string | null | undefined) => (c ? `${TYPE_CODE_LABELS[c] ?? 'Type'} (${c})` : '—');

export const ACTION_LABELS: Record<string, string> = {
  opened: 'opened',
  claimed: 'claimed',
  assigned: 'assigned',
  released: 'released',
  timed_out: 'returned to the queue (no activity)',
  commented: 'commented',
  resolved: 'resolved',
  escalated: 'escalated',
  reassigned: 'reassigned',
  superseded: 'superseded by a re-check',
  reopened: 'reopened by the re-check',
  first_approval: 'gave the first approval',
  second_approval: 'gave the second approval',
  sla_warning: 'SLA warning',
  sla_breached: 'SLA breached',
};
export const actionLabel = (a: string) => ACTION_LABELS[a] ?? a.replace(/_/g, ' ');

const FIELD_WORDS: Record<string, string> = {
  invoiceNumber: 'invoice number',
  issueDate: 'issue date',
  dueDate: 'due date',
  currency: 'currency',
  typeCode: 'document type',
  purchaseOrderReference: 'PO reference',
  seller: 'seller',
  buyer: 'buyer',
  name: 'name',
  vatId: 'VAT id',
  countryCode: 'country',
  iban: 'IBAN',
  address: 'address',
  lines: 'line',
  description: 'description',
  quantity: 'quantity',
  unitPrice: 'unit price',
  netAmount: 'net amount',
  vatCategory: 'VAT category',
  vatRate: 'VAT rate',
  vatBreakdown: 'VAT breakdown',
  category: 'category',
  rate: 'rate',
  taxableAmount: 'taxable amount',
  taxAmount: 'VAT amount',
  totals: 'totals',
  lineNetTotal: 'line net total',
  taxExclusive: 'total without VAT',
  taxTotal: 'VAT total',
  taxInclusive: 'total with VAT',
  payable: 'amount payable',
  unitCode: 'unit',
  id: 'number',
};
/** `lines[0].unitPrice` → "line 1 · unit price". */
export function fieldLabel(path: string | null | undefined): string {
  if (!path) return '';
  if (/^totals\.\w+$/.test(path)) path = path.slice(7); // "VAT total", not "totals · VAT total"
  return path
    .split('.')
    .map((part) => {
      const m = /^([A-Za-z]+)(?:\[(\d+)\])?$/.exec(part);
      if (!m) return part;
      const word = FIELD_WORDS[m[1]] ?? m[1].replace(/([A-Z])/g, ' $1').toLowerCase();
      return m[2] !== undefined ? `${word} ${Number(m[2]) + 1}` : word;
    })
    .join(' · ');
}

let rules: Promise<Map<string, RuleInfo>> | null = null;
/** Rule descriptions from the rule catalogue (GET /v1/rules), fetched once per page. */
export function loadRules(): Promise<Map<string, RuleInfo>> {
  rules ??= api<RuleCatalogue>('GET', '/v1/rules')
    .then((r) => new Map(r.items.map((x) => [x.id, x])))
    .catch(() => new Map());
  return rules;
}
export function useRules(): Map<string, RuleInfo> {
  const [m, setM] = useState<Map<string, RuleInfo>>(new Map());
  useEffect(() => {
    void loadRules().then(setM);
  }, []);
  return m;
}
