import type { RuleDefinition } from '../../engine/rule';
import { DUPLICATE_RULES } from './duplicate.rules';
import { MASTER_DATA_RULES } from './master-data.rules';
import { PURCHASE_ORDER_RULES } from './purchase-order.rules';

/** Master-data checks against ctx.supplier: supplier, bank account, purchase order, duplicates, terms. */
export const SUPPLIER_RULES: RuleDefinition[] = [...MASTER_DATA_RULES, ...PURCHASE_ORDER_RULES, ...DUPLICATE_RULES];

export { normaliseInvoiceNumber, editDistance } from './invoice-number.util';
