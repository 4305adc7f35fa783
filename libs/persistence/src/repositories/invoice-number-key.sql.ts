/**
 * An invoice number without case and whitespace, written exactly as `invoices_seller_number_key_idx`
 * indexes it (migration DuplicateLookupIndexes; `status <> 'duplicate'` is its predicate): a look-up must
 * write the same expression for the planner to use the index.
 */
export const invoiceNumberKeySql = (column: string): string => `upper(regexp_replace(${column}, '\\s', '', 'g'))`;
