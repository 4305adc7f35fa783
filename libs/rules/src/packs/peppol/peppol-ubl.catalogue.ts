import type { RuleDefinition, Severity } from '../../engine/rule';
import { PEPPOL_PACK } from './peppol-rule.util';

export interface PeppolUblRuleInfo {
  id: string;
  severity: Severity;
  description: string;
  hint: string;
}

/**
 * Peppol BIS rules that only the UBL document can show (empty elements, currencyID attributes, the
 * number of tax totals, literal charge indicators, …). The UBL reader checks them on the XML of a
 * document that declares Peppol BIS (libs/formats, peppol-ubl.rules.ts) and hands the findings to the
 * engine with the syntax findings; this table gives their catalogue entries and texts.
 */
/** PEPPOL-EN16931-CL008 is also checked there on UBL (every EndpointID); its catalogue entry is the canonical rule's. */
export const PEPPOL_UBL_CL008 = 'PEPPOL-EN16931-CL008';

export const PEPPOL_UBL_RULES_INFO: PeppolUblRuleInfo[] = [
  {
    id: 'PEPPOL-EN16931-R008',
    severity: 'blocking',
    description: 'The document contains no empty elements',
    hint: 'Ask the sender (or its access point) to leave out empty elements.',
  },
  {
    id: 'PEPPOL-EN16931-R043',
    severity: 'blocking',
    description: "Allowance/charge indicator is literally 'true' or 'false'",
    hint: 'Ask the sender to write the charge indicator as true or false.',
  },
  {
    id: 'PEPPOL-EN16931-R044',
    severity: 'blocking',
    description: 'No charge on price level (price allowance indicator is false)',
    hint: 'A price may only carry a discount; ask the supplier to move the charge to the line.',
  },
  {
    id: 'PEPPOL-EN16931-R051',
    severity: 'blocking',
    description: 'Every amount is in the invoice currency (BT-5), except the VAT total in accounting currency (BT-111)',
    hint: 'Ask the supplier for a corrected invoice in one currency.',
  },
  {
    id: 'PEPPOL-EN16931-R053',
    severity: 'blocking',
    description: 'Exactly one tax total with tax subtotals',
    hint: 'Ask the sender for a corrected document (one VAT breakdown).',
  },
  {
    id: 'PEPPOL-EN16931-R054',
    severity: 'blocking',
    description: 'One tax total without subtotals exactly when a VAT accounting currency (BT-6) is given',
    hint: 'Ask the sender for a corrected document (the VAT total in accounting currency).',
  },
  {
    id: 'PEPPOL-EN16931-R080',
    severity: 'blocking',
    description: 'At most one project reference on a credit note',
    hint: 'Ask the supplier to name one project.',
  },
  {
    id: 'PEPPOL-EN16931-R100',
    severity: 'blocking',
    description: 'At most one invoiced object per line',
    hint: 'Ask the supplier to give one invoiced object identifier per line.',
  },
  {
    id: 'PEPPOL-EN16931-R101',
    severity: 'blocking',
    description: 'A line document reference is an invoiced object (document type code 130)',
    hint: 'Ask the supplier for a corrected invoice.',
  },
  {
    id: 'PEPPOL-EN16931-R130',
    severity: 'blocking',
    description: 'The unit of the price base quantity is the unit of the invoiced quantity',
    hint: 'Ask the supplier to use one unit of measure on the line.',
  },
  {
    id: 'PEPPOL-EN16931-CL001',
    severity: 'blocking',
    description: 'Attachment MIME code is one Peppol allows (pdf, png, jpeg, csv, xlsx, ods)',
    hint: 'Ask the supplier to attach the document in an allowed format.',
  },
  {
    id: 'PEPPOL-EN16931-CL007',
    severity: 'blocking',
    description: 'Every amount currency (currencyID) is an ISO 4217 code',
    hint: 'Ask the sender for a corrected document.',
  },
];

const NONE = Object.freeze([]) as unknown as ReturnType<RuleDefinition['evaluate']>;

/** Catalogue entries of the reader-checked rules: the engine receives their findings from the UBL reader. */
export const PEPPOL_UBL_CATALOGUE: RuleDefinition[] = PEPPOL_UBL_RULES_INFO.map((r) => ({
  id: r.id,
  category: 'data-quality',
  severity: r.severity,
  description: `${r.description} (checked on the UBL document by the reader)`,
  pack: PEPPOL_PACK,
  fieldPath: '',
  hint: r.hint,
  scope: { formats: ['ubl'] },
  evaluate: () => NONE,
}));
