import type { Finding } from '@app/rules';
import {
  all,
  allAlong,
  descendantsNamed,
  elementPath,
  internalized,
  localNamesIn,
  text,
  type XmlNode,
} from '../../xml/xml-node';
import { syntaxFinding } from '../syntax-finding.factory';

/** "Shall occur maximum N times" within one context element (UBL-SR-*, all fatal in EN 16931). */
export interface CardinalityRule {
  id: string;
  path: string; // slash-separated local names below the context element
  max: number;
  message: string;
  where?: (node: XmlNode) => boolean; // filter on the counted element
}

const ASP = 'AccountingSupplierParty/Party';
const ACP = 'AccountingCustomerParty/Party';
const isVatScheme = (companyId: XmlNode) => text(companyId.parent, 'TaxScheme', 'ID')?.toUpperCase() === 'VAT';

export const DOCUMENT_RULES: CardinalityRule[] = [
  {
    id: 'UBL-SR-01',
    path: 'ContractDocumentReference/ID',
    max: 1,
    message: 'Contract identifier shall occur maximum once',
  },
  {
    id: 'UBL-SR-02',
    path: 'ReceiptDocumentReference/ID',
    max: 1,
    message: 'Receive advice identifier shall occur maximum once',
  },
  {
    id: 'UBL-SR-03',
    path: 'DespatchDocumentReference/ID',
    max: 1,
    message: 'Despatch advice identifier shall occur maximum once',
  },
  {
    id: 'UBL-SR-04',
    path: 'AdditionalDocumentReference/ID',
    max: 1,
    message: 'Invoice object identifier shall occur maximum once',
    where: (id) => text(id.parent, 'DocumentTypeCode') === '130',
  },
  { id: 'UBL-SR-05', path: 'PaymentTerms/Note', max: 1, message: 'Payment terms shall occur maximum once' },
  { id: 'UBL-SR-08', path: 'InvoicePeriod', max: 1, message: 'Invoice period shall occur maximum once' },
  {
    id: 'UBL-SR-09',
    path: `${ASP}/PartyLegalEntity/RegistrationName`,
    max: 1,
    message: 'Seller name shall occur maximum once',
  },
  { id: 'UBL-SR-10', path: `${ASP}/PartyName/Name`, max: 1, message: 'Seller trader name shall occur maximum once' },
  {
    id: 'UBL-SR-11',
    path: `${ASP}/PartyLegalEntity/CompanyID`,
    max: 1,
    message: 'Seller legal registration identifier shall occur maximum once',
  },
  {
    id: 'UBL-SR-12',
    path: `${ASP}/PartyTaxScheme/CompanyID`,
    max: 1,
    message: 'Seller VAT identifier shall occur maximum once',
    where: isVatScheme,
  },
  {
    id: 'UBL-SR-13',
    path: `${ASP}/PartyTaxScheme/CompanyID`,
    max: 1,
    message: 'Seller tax registration shall occur maximum once',
    where: (c) => !isVatScheme(c),
  },
  {
    id: 'UBL-SR-14',
    path: `${ASP}/PartyLegalEntity/CompanyLegalForm`,
    max: 1,
    message: 'Seller additional legal information shall occur maximum once',
  },
  {
    id: 'UBL-SR-15',
    path: `${ACP}/PartyLegalEntity/RegistrationName`,
    max: 1,
    message: 'Buyer name shall occur maximum once',
  },
  {
    id: 'UBL-SR-16',
    path: `${ACP}/PartyIdentification/ID`,
    max: 1,
    message: 'Buyer identifier shall occur maximum once',
  },
  {
    id: 'UBL-SR-17',
    path: `${ACP}/PartyLegalEntity/CompanyID`,
    max: 1,
    message: 'Buyer legal registration identifier shall occur maximum once',
  },
  {
    id: 'UBL-SR-18',
    path: `${ACP}/PartyTaxScheme/CompanyID`,
    max: 1,
    message: 'Buyer VAT identifier shall occur maximum once',
    where: isVatScheme,
  },
  { id: 'UBL-SR-24', path: 'Delivery', max: 1, message: 'Deliver to information shall occur maximum once' },
  { id: 'UBL-SR-39', path: 'ProjectReference/ID', max: 1, message: 'Project reference shall occur maximum once' },
  { id: 'UBL-SR-40', path: `${ACP}/PartyName/Name`, max: 1, message: 'Buyer trade name shall occur maximum once' },
  {
    id: 'UBL-SR-42',
    path: `${ASP}/PartyTaxScheme`,
    max: 2,
    message: 'Party tax scheme shall occur maximum twice in accounting supplier party',
  },
  { id: 'UBL-SR-45', path: 'PaymentMeans/PaymentDueDate', max: 1, message: 'Due Date shall occur maximum once' },
  {
    id: 'UBL-SR-49',
    path: 'InvoicePeriod/DescriptionCode',
    max: 1,
    message: 'Value tax point date shall occur maximum once',
  },
];

export const LINE_RULES: CardinalityRule[] = [
  { id: 'UBL-SR-34', path: 'Note', max: 1, message: 'Invoice line note shall occur maximum once' },
  {
    id: 'UBL-SR-35',
    path: 'OrderLineReference/LineID',
    max: 1,
    message: 'Referenced purchase order line identifier shall occur maximum once',
  },
  { id: 'UBL-SR-36', path: 'InvoicePeriod', max: 1, message: 'Invoice line period shall occur maximum once' },
  {
    id: 'UBL-SR-37',
    path: 'Price/AllowanceCharge/Amount',
    max: 1,
    message: 'Item price discount shall occur maximum once',
  },
  { id: 'UBL-SR-50', path: 'Item/Description', max: 1, message: 'Item description shall occur maximum once' },
  { id: 'UBL-SR-52', path: 'DocumentReference', max: 1, message: 'Document reference shall occur maximum once' },
];

/** Rules whose context is some element below the document root: [context path, rules]. */
export const NESTED_RULES: [string, CardinalityRule[]][] = [
  [
    'PaymentMeans',
    [
      { id: 'UBL-SR-26', path: 'PaymentID', max: 1, message: 'Payment reference shall occur maximum once' },
      { id: 'UBL-SR-27', path: 'InstructionNote', max: 1, message: 'Payment means text shall occur maximum once' },
      {
        id: 'UBL-SR-28',
        path: 'PaymentMandate/ID',
        max: 1,
        message: 'Mandate reference identifier shall occur maximum once',
      },
    ],
  ],
  [
    'BillingReference',
    [
      {
        id: 'UBL-SR-06',
        path: 'InvoiceDocumentReference',
        max: 1,
        message: 'Preceding invoice reference shall occur maximum once',
      },
    ],
  ],
  [
    'TaxRepresentativeParty',
    [
      {
        id: 'UBL-SR-22',
        path: 'PartyName/Name',
        max: 1,
        message: 'Seller tax representative name shall occur maximum once',
      },
      {
        id: 'UBL-SR-23',
        path: 'PartyTaxScheme/CompanyID',
        max: 1,
        message: 'Seller tax representative VAT identifier shall occur maximum once',
      },
    ],
  ],
  [
    'TaxTotal/TaxSubtotal',
    [
      {
        id: 'UBL-SR-32',
        path: 'TaxCategory/TaxExemptionReason',
        max: 1,
        message: 'VAT exemption reason text shall occur maximum once',
      },
    ],
  ],
  [
    'AdditionalDocumentReference',
    [
      {
        id: 'UBL-SR-33',
        path: 'DocumentDescription',
        max: 1,
        message: 'Supporting document description shall occur maximum once',
      },
    ],
  ],
  [
    'Delivery',
    [
      {
        id: 'UBL-SR-25',
        path: 'DeliveryParty/PartyName/Name',
        max: 1,
        message: 'Deliver to party name shall occur maximum once',
      },
    ],
  ],
];

/** A rule with its path split into internalized steps once, when the module loads. */
interface CompiledRule {
  rule: CardinalityRule;
  steps: string[];
  last: string;
}

// Internalized, as the parser's names are: compared with them and looked up in the per-name index.
const stepsOf = (path: string): string[] => path.split('/').map(internalized);
const compileRules = (rules: CardinalityRule[]): CompiledRule[] =>
  rules.map((rule) => {
    const steps = stepsOf(rule.path);
    return { rule, steps, last: steps[steps.length - 1] };
  });

const COMPILED_DOCUMENT_RULES = compileRules(DOCUMENT_RULES);
const COMPILED_LINE_RULES = compileRules(LINE_RULES);
/** The context elements' path and their rules, as an object (an array destructured per use is slower). */
const COMPILED_NESTED_RULES: { contextSteps: string[]; rules: CompiledRule[] }[] = NESTED_RULES.map(
  ([context, rules]) => ({ contextSteps: stepsOf(context), rules: compileRules(rules) }),
);
const [CHARGE_REASON_RULE, ALLOWANCE_REASON_RULE] = compileRules([
  {
    id: 'UBL-SR-31',
    path: 'AllowanceChargeReason',
    max: 1,
    message: 'Document level charge reason shall occur maximum once',
  },
  {
    id: 'UBL-SR-30',
    path: 'AllowanceChargeReason',
    max: 1,
    message: 'Document level allowance reason shall occur maximum once',
  },
]);

/** How many elements `allAlong(node, steps)` would return, without collecting them. */
function countAlong(node: XmlNode, steps: readonly string[], step = 0): number {
  const name = steps[step];
  const last = step === steps.length - 1;
  const kids = node.children;
  let count = 0;
  for (let i = 0; i < kids.length; i++)
    if (kids[i].name === name) count += last ? 1 : countAlong(kids[i], steps, step + 1);
  return count;
}

/**
 * The rules some context of the document could break: a path whose last element occurs at most `max`
 * times in the whole document (the parser's index) cannot be over in any one context. Decided once per
 * document and rule list, not once per context (per line of the invoice): for most documents no line
 * rule is left, and the lines are not looked at. A tree the parser did not build keeps every rule.
 */
function rulesThatMayFail(root: XmlNode, indexed: boolean, rules: CompiledRule[]): CompiledRule[] {
  if (!indexed) return rules;
  let kept: CompiledRule[] | undefined;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (descendantsNamed(root, r.last).length > r.rule.max) (kept ??= []).push(r);
  }
  return kept ?? NO_RULES;
}
const NO_RULES: CompiledRule[] = [];
const ITEM_CATEGORY = stepsOf('Item/ClassifiedTaxCategory');

function countViolations(context: XmlNode, rules: CompiledRule[], findings: Finding[]): void {
  for (let i = 0; i < rules.length; i++) {
    const { rule, steps } = rules[i];
    // Most rules find at most `max` elements: counted first, collected only when over (or filtered).
    if (!rule.where && countAlong(context, steps) <= rule.max) continue;
    const found = allAlong(context, steps);
    const matches = rule.where ? found.filter(rule.where) : found;
    if (matches.length > rule.max) {
      findings.push(
        syntaxFinding(rule.id, 'blocking', elementPath(matches[rule.max]), rule.message, String(matches.length)),
      );
    }
  }
}

export function checkUblCardinality(root: XmlNode): Finding[] {
  const lineName = root.name === 'CreditNote' ? 'CreditNoteLine' : 'InvoiceLine';
  const indexed = localNamesIn(root) !== undefined;
  const findings: Finding[] = [];
  countViolations(root, rulesThatMayFail(root, indexed, COMPILED_DOCUMENT_RULES), findings);
  for (let g = 0; g < COMPILED_NESTED_RULES.length; g++) {
    const mayFail = rulesThatMayFail(root, indexed, COMPILED_NESTED_RULES[g].rules);
    if (mayFail.length === 0) continue;
    for (const context of allAlong(root, COMPILED_NESTED_RULES[g].contextSteps))
      countViolations(context, mayFail, findings);
  }
  const lineRules = rulesThatMayFail(root, indexed, COMPILED_LINE_RULES);
  for (const line of all(root, lineName)) {
    countViolations(line, lineRules, findings);
    // UBL-SR-48 is the one "exactly once" rule: a line without its VAT category is as wrong as one with two.
    const categories = countAlong(line, ITEM_CATEGORY);
    if (categories !== 1) {
      findings.push(
        syntaxFinding(
          'UBL-SR-48',
          'blocking',
          elementPath(line),
          'Invoice lines shall have one and only one classified tax category',
          String(categories),
        ),
      );
    }
  }
  const charges = all(root, 'AllowanceCharge');
  if (charges.length > 0) {
    const chargeRules = rulesThatMayFail(root, indexed, [CHARGE_REASON_RULE]);
    const allowanceRules = rulesThatMayFail(root, indexed, [ALLOWANCE_REASON_RULE]);
    for (const charge of charges) {
      const isCharge = text(charge, 'ChargeIndicator')?.toLowerCase() === 'true';
      countViolations(charge, isCharge ? chargeRules : allowanceRules, findings);
    }
  }
  return findings;
}
