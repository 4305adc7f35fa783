/** UNTDID 1001 codes EN 16931 treats as credit notes (CII carries both kinds under one root). */
export const CREDIT_NOTE_TYPE_CODES = new Set([
  '81',
  '83',
  '261',
  '262',
  '296',
  '308',
  '381',
  '396',
  '420',
  '458',
  '532',
]);

/** Payment means codes (UNTDID 4461) that are transfers to the payee's account. */
export const CREDIT_TRANSFER_MEANS_CODES = new Set(['30', '31', '42', '58']);

/** An IBAN-shaped string (letters, check digits, BBAN), spaces removed; checksum left to the rules. */
export function looksLikeIban(value: string): boolean {
  return /^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/.test(value.replace(/\s+/g, '').toUpperCase());
}
