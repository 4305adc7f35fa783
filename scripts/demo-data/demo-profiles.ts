/** What a realistic month looks like: volumes per buying entity, error habits of suppliers, reviewer desks. */

export const COUNTRIES = ['EE', 'FI', 'SE', 'NO', 'DK', 'LV', 'LT', 'PL', 'DE', 'NL'] as const;
export type Country = (typeof COUNTRIES)[number];

/** Share of the invoice volume per buying entity. */
export const COUNTRY_WEIGHT: Record<Country, number> = { EE: 6, FI: 16, SE: 15, NO: 8, DK: 7, LV: 4, LT: 5, PL: 12, DE: 17, NL: 10 };
export const UTC_OFFSET_HOURS: Record<Country, number> = { EE: 2, FI: 2, SE: 1, NO: 1, DK: 1, LV: 2, LT: 2, PL: 1, DE: 1, NL: 1 };
export const LANGUAGE: Record<Country, string> = { EE: 'et', FI: 'fi', SE: 'sv', NO: 'no', DK: 'da', LV: 'lv', LT: 'lt', PL: 'pl', DE: 'de', NL: 'nl' };
export const CURRENCY: Record<Country, string> = { EE: 'EUR', FI: 'EUR', SE: 'SEK', NO: 'NOK', DK: 'DKK', LV: 'EUR', LT: 'EUR', PL: 'PLN', DE: 'EUR', NL: 'EUR' };
export const STANDARD_VAT: Record<Country, string> = { EE: '24', FI: '25.5', SE: '25', NO: '25', DK: '25', LV: '21', LT: '21', PL: '23', DE: '19', NL: '21' };

/** A kind of mistake: its queue (route key, {cc} = buyer country), its rule, the field it touches and the hint a reviewer sees. */
export interface ErrorHabit {
  routeKey: string;
  category: 'regulatory' | 'data-quality' | 'supplier' | 'purchase-order' | 'duplicate';
  ruleId: string;
  fieldPath: string;
  message: string;
  hint: string;
}

export const HABITS: ErrorHabit[] = [
  { routeKey: 'vat.{cc}', category: 'regulatory', ruleId: 'BR-CO-17', fieldPath: 'vatBreakdown[0].taxAmount', message: 'VAT amount is not taxable amount × rate', hint: 'Recompute the VAT amount from the taxable amount and the rate.' },
  { routeKey: 'vat.{cc}', category: 'regulatory', ruleId: 'VAT-RATE-VALID', fieldPath: 'lines[0].vatRate', message: 'VAT rate is not valid on the invoice date', hint: 'Use the standard rate of the buying country on the issue date.' },
  { routeKey: 'vat.{cc}', category: 'regulatory', ruleId: 'VAT-ID-CHECKSUM', fieldPath: 'seller.vatId', message: 'Seller VAT id fails its checksum', hint: 'Ask the supplier for the VAT id printed on their registration.' },
  { routeKey: 'vat.{cc}', category: 'regulatory', ruleId: 'BR-AE-10', fieldPath: 'vatBreakdown[0].exemptionReason', message: 'Reverse charge without exemption wording', hint: 'Reverse-charge invoices must say so (e.g. "Reverse charge").' },
  { routeKey: 'data.{cc}', category: 'data-quality', ruleId: 'BR-CO-15', fieldPath: 'totals.taxInclusive', message: 'Total with VAT ≠ total without VAT + VAT total', hint: 'Correct the totals so that they add up.' },
  { routeKey: 'data.{cc}', category: 'data-quality', ruleId: 'BR-CO-10', fieldPath: 'totals.lineNetTotal', message: 'Sum of line net amounts ≠ line net total', hint: 'Check the line amounts and the total.' },
  { routeKey: 'data.{cc}', category: 'data-quality', ruleId: 'BR-09', fieldPath: 'buyer.address.countryCode', message: 'Buyer country code missing', hint: 'Fill in the country of the buyer address.' },
  { routeKey: 'supplier.bank-account', category: 'supplier', ruleId: 'SUP-BANK-ACCOUNT', fieldPath: 'seller.iban', message: 'Bank account differs from the one on file', hint: 'Call the supplier on a known number before approving a new account.' },
  { routeKey: 'supplier.payment-terms', category: 'supplier', ruleId: 'SUP-PAYMENT-TERMS', fieldPath: 'dueDate', message: 'Due date does not follow agreed payment terms', hint: 'Set the due date from the agreed payment terms.' },
  { routeKey: 'po.missing', category: 'purchase-order', ruleId: 'PO-REQUIRED', fieldPath: 'purchaseOrderReference', message: 'Supplier requires a PO reference', hint: 'Find the PO with the requester and add its number.' },
  { routeKey: 'po.price-variance', category: 'purchase-order', ruleId: 'PO-PRICE-VARIANCE', fieldPath: 'lines[0].unitPrice', message: 'Unit price above PO price beyond tolerance', hint: 'Approve with the buyer or ask for a credit note.' },
  { routeKey: 'po.quantity-variance', category: 'purchase-order', ruleId: 'PO-QUANTITY-VARIANCE', fieldPath: 'lines[0].quantity', message: 'Quantity invoiced exceeds quantity received', hint: 'Wait for the goods receipt or ask for a corrected invoice.' },
  { routeKey: 'duplicate.near', category: 'duplicate', ruleId: 'DUP-NEAR', fieldPath: 'invoiceNumber', message: 'Looks like an invoice already received', hint: 'Compare with the earlier invoice; reject if it is the same.' },
];

/** Work minutes by route family: median handle time of one item. */
export const HANDLE_MEDIAN_MINUTES: Record<string, number> = { vat: 7, data: 4, supplier: 12, po: 9, duplicate: 3 };

export const FIRST_NAMES = ['Anna', 'Mikko', 'Liis', 'Jonas', 'Sofia', 'Lars', 'Ieva', 'Tomas', 'Kasia', 'Jan', 'Emma', 'Nils', 'Marta', 'Pieter', 'Ingrid', 'Rasmus', 'Kristiina', 'Andris', 'Greta', 'Ole', 'Aino', 'Piotr', 'Lena', 'Daan'];
export const SUPPLIER_WORDS = ['Nordic', 'Baltic', 'Metro', 'Polar', 'Amber', 'Fjord', 'Delta', 'Harbor', 'Granite', 'Linden', 'Aurora', 'Vista', 'Pine', 'Cobalt', 'Summit', 'River'];
export const SUPPLIER_TRADES = ['Logistics', 'Office Supply', 'IT Services', 'Cleaning', 'Catering', 'Packaging', 'Electric', 'Consulting', 'Print', 'Security', 'Freight', 'Tools'];
export const COMPANY_SUFFIX: Record<Country, string> = { EE: 'OÜ', FI: 'Oy', SE: 'AB', NO: 'AS', DK: 'ApS', LV: 'SIA', LT: 'UAB', PL: 'Sp. z o.o.', DE: 'GmbH', NL: 'B.V.' };
