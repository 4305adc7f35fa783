import {
  ALLOWANCE_REASON_CODES,
  CHARGE_REASON_CODES,
  CURRENCY_CODES,
  EAS_CODES,
} from '../en16931/support/code-lists.data';

/*
 * The code lists Peppol BIS Billing 3.0 restricts (release 3.0.19). Where Peppol's list is the EN 16931
 * list without a few entries, it is written as that difference so the two cannot drift apart silently.
 */
const without = (base: ReadonlySet<string>, drop: string) => {
  const out = new Set(base);
  for (const c of drop.split(' ')) out.delete(c);
  return out as ReadonlySet<string>;
};

/** Electronic address schemes (EAS) Peppol accepts: CEF EAS without the schemes Peppol does not route. */
export const PEPPOL_EAS_CODES = without(EAS_CODES, '0219 0220 0242 0244 0246 9901 9955 9956 AN AQ AS AU EM');
/** ISO 4217 as Peppol lists it (withdrawn currencies dropped). */
export const PEPPOL_CURRENCY_CODES = without(CURRENCY_CODES, 'CUC HRK SLL XCG ZWL');
export const PEPPOL_ALLOWANCE_REASON_CODES = ALLOWANCE_REASON_CODES; // UNCL 5189 subset
export const PEPPOL_CHARGE_REASON_CODES = CHARGE_REASON_CODES; // UNCL 7161
/** UNCL 2005 subset for the invoicing period description code (BT-8). */
export const PEPPOL_PERIOD_DESCRIPTION_CODES: ReadonlySet<string> = new Set(['3', '35', '432']);
/** Attachment MIME codes (BT-125-1). */
export const PEPPOL_MIME_CODES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
]);
/** Invoice type codes allowed in billing process 01 (PEPPOL-EN16931-P0100). */
export const PROFILE_01_INVOICE_TYPES: ReadonlySet<string> = new Set(
  '71 80 82 84 102 218 219 326 331 380 382 383 384 386 388 393 395 553 575 623 780 817 870 875 876 877'.split(' '),
);
/** Credit note type codes allowed in billing process 01 (PEPPOL-EN16931-P0101). */
export const PROFILE_01_CREDIT_NOTE_TYPES: ReadonlySet<string> = new Set('381 396 81 83 532'.split(' '));
/** VATEX exemption reason codes that fix the VAT category (PEPPOL-EN16931-P0104…P0111). */
export const VATEX_CATEGORY: [string, string, string][] = [
  ['PEPPOL-EN16931-P0104', 'VATEX-EU-G', 'G'],
  ['PEPPOL-EN16931-P0105', 'VATEX-EU-O', 'O'],
  ['PEPPOL-EN16931-P0106', 'VATEX-EU-IC', 'K'],
  ['PEPPOL-EN16931-P0107', 'VATEX-EU-AE', 'AE'],
  ['PEPPOL-EN16931-P0108', 'VATEX-EU-D', 'E'],
  ['PEPPOL-EN16931-P0109', 'VATEX-EU-F', 'E'],
  ['PEPPOL-EN16931-P0110', 'VATEX-EU-I', 'E'],
  ['PEPPOL-EN16931-P0111', 'VATEX-EU-J', 'E'],
];
