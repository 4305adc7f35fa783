import type { RuleCategory } from '../engine/rule';
import { byCountry } from '@app/domain';
import { PACK_COUNTRIES } from './countries/shared/eu-member-states';

export interface RouteKeyDefinition {
  key: string;
  category: RuleCategory;
  description: string;
  country?: string;
}

const COUNTRY_NAMES = byCountry((c) => c.name);

/**
 * Every review queue a finding can be routed to; the seed creates one queue per key. Country keys follow
 * the buying entity; XX catches invoices whose buying country is unknown.
 */
export const ROUTE_KEYS: RouteKeyDefinition[] = [
  ...PACK_COUNTRIES.map((cc) => ({
    key: `vat.${cc}`,
    category: 'regulatory' as const,
    country: cc,
    description: `VAT questions of invoices to our ${COUNTRY_NAMES[cc]} entity: VAT ids, rates, reverse charge, exemptions`,
  })),
  { key: 'vat.XX', category: 'regulatory', description: 'VAT questions of invoices whose buying country is unknown' },
  ...PACK_COUNTRIES.map((cc) => ({
    key: `data.${cc}`,
    category: 'data-quality' as const,
    country: cc,
    description: `Missing or malformed data on invoices to our ${COUNTRY_NAMES[cc]} entity (EN 16931 and national rules)`,
  })),
  {
    key: 'data.XX',
    category: 'data-quality',
    description: 'Missing or malformed data on invoices whose buying country is unknown',
  },
  { key: 'format.syntax', category: 'data-quality', description: 'Documents that break the UBL or CII syntax rules' },
  { key: 'supplier.unknown', category: 'supplier', description: 'Seller matches no supplier in the master data' },
  { key: 'supplier.blocked', category: 'supplier', description: 'Supplier is blocked for payment' },
  {
    key: 'supplier.bank-account',
    category: 'supplier',
    description: 'IBAN not on file or invalid: fraud risk, four eyes',
  },
  {
    key: 'supplier.payment-terms',
    category: 'supplier',
    description: 'Due date differs from the agreed payment terms',
  },
  { key: 'po.missing', category: 'supplier', description: 'Supplier requires a purchase order; none given' },
  {
    key: 'po.unknown',
    category: 'supplier',
    description: 'Purchase order or PO line not found, or of another supplier',
  },
  { key: 'po.price-variance', category: 'supplier', description: 'Unit price differs from the PO beyond tolerance' },
  {
    key: 'po.quantity-variance',
    category: 'supplier',
    description: 'Quantity exceeds ordered or received beyond tolerance',
  },
  { key: 'po.currency', category: 'supplier', description: 'Invoice currency differs from the PO currency' },
  { key: 'duplicate.exact', category: 'supplier', description: 'Same seller and invoice number already received' },
  {
    key: 'duplicate.near',
    category: 'supplier',
    description: 'Same amount, close date and similar number as an earlier invoice',
  },
];
