import type { CanonicalAllowanceCharge } from '@app/domain';
import type { RuleDefinition } from '../../engine/rule';
import { en16931Rule, type Report } from './support/en16931-rule.util';
import { type InvoiceFacts, present } from './support/invoice-facts.util';
import { itemName, postalAddress } from './support/party.util';
import { isNegativeDec } from './support/decimal.util';

/** BR-01..BR-65: elements the standard requires (data quality: the invoice is incomplete). */

type Getter = (f: InvoiceFacts) => string | undefined;

function required(
  id: string,
  description: string,
  fieldPath: string,
  get: Getter,
  hint: string,
  formats?: ('json' | 'ubl' | 'cii')[],
): RuleDefinition {
  return en16931Rule({
    id,
    category: 'data-quality',
    description,
    hint,
    formats,
    check(f, report) {
      if (!present(get(f))) report({ fieldPath, expected: 'a value', actual: '(missing)' });
    },
  });
}

function forEachDocAc(
  list: InvoiceFacts['docAllowances'],
  report: Report,
  test: (ac: CanonicalAllowanceCharge) => string | null,
) {
  for (const { ac, index } of list) {
    const path = test(ac);
    if (path !== null)
      report({ fieldPath: `allowanceCharges[${index}]${path}`, expected: 'a value', actual: '(missing)' });
  }
}

function forEachLineAc(
  f: InvoiceFacts,
  charge: boolean,
  report: Report,
  test: (ac: CanonicalAllowanceCharge) => string | null,
) {
  for (let li = 0; li < f.lines.length; li++) {
    const acs = f.lines[li].allowanceCharges;
    if (!acs) continue;
    for (let ai = 0; ai < acs.length; ai++) {
      if (acs[ai].chargeIndicator !== charge) continue;
      const path = test(acs[ai]);
      if (path !== null)
        report({ fieldPath: `lines[${li}].allowanceCharges[${ai}]${path}`, expected: 'a value', actual: '(missing)' });
    }
  }
}

const hasReason = (ac: CanonicalAllowanceCharge) => present(ac.reason) || present(ac.reasonCode);

export const MANDATORY_ELEMENT_RULES: RuleDefinition[] = [
  required(
    'BR-01',
    'An invoice shall have a specification identifier (BT-24).',
    'customizationId',
    (f) => f.inv.customizationId,
    'Ask the supplier to send the specification identifier (e.g. urn:cen.eu:en16931:2017).',
    ['ubl', 'cii'],
  ),
  required(
    'BR-02',
    'An invoice shall have an invoice number (BT-1).',
    'invoiceNumber',
    (f) => f.inv.invoiceNumber,
    'Take the invoice number from the PDF or ask the supplier; without it the invoice cannot be booked.',
  ),
  required(
    'BR-03',
    'An invoice shall have an issue date (BT-2).',
    'issueDate',
    (f) => f.inv.issueDate,
    'Enter the issue date printed on the invoice or return it to the supplier.',
  ),
  required(
    'BR-04',
    'An invoice shall have an invoice type code (BT-3).',
    'typeCode',
    (f) => f.inv.typeCode,
    'Set the type code: 380 for a commercial invoice, 381 for a credit note.',
  ),
  required(
    'BR-05',
    'An invoice shall have an invoice currency code (BT-5).',
    'currency',
    (f) => f.inv.currency,
    'Set the ISO 4217 currency of the invoice amounts (e.g. EUR).',
  ),
  required(
    'BR-06',
    'An invoice shall contain the seller name (BT-27).',
    'seller.name',
    (f) => f.inv.seller?.name,
    "Add the seller's legal name as registered.",
  ),
  required(
    'BR-07',
    'An invoice shall contain the buyer name (BT-44).',
    'buyer.name',
    (f) => f.inv.buyer?.name,
    'Add the name of our buying entity as the buyer.',
  ),
  en16931Rule({
    id: 'BR-08',
    category: 'data-quality',
    description: 'An invoice shall contain the seller postal address (BG-5).',
    hint: 'Add the seller postal address (at least the country code).',
    check(f, report) {
      if (!postalAddress(f, f.inv.seller))
        report({ fieldPath: 'seller.address', expected: 'an address', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-09',
    category: 'data-quality',
    description: 'The seller postal address shall contain a seller country code (BT-40).',
    hint: 'Add the ISO 3166-1 country code of the seller address.',
    check(f, report) {
      const a = postalAddress(f, f.inv.seller);
      if (a && !present(a.countryCode))
        report({ fieldPath: 'seller.address.countryCode', expected: 'ISO 3166-1 alpha-2 code', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-10',
    category: 'data-quality',
    description: 'An invoice shall contain the buyer postal address (BG-8).',
    hint: 'Add the buyer postal address (at least the country code) of our buying entity.',
    check(f, report) {
      if (!postalAddress(f, f.inv.buyer))
        report({ fieldPath: 'buyer.address', expected: 'an address', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-11',
    category: 'data-quality',
    description: 'The buyer postal address shall contain a buyer country code (BT-55).',
    hint: 'Add the ISO 3166-1 country code of the buyer address.',
    check(f, report) {
      const a = postalAddress(f, f.inv.buyer);
      if (a && !present(a.countryCode))
        report({ fieldPath: 'buyer.address.countryCode', expected: 'ISO 3166-1 alpha-2 code', actual: '(missing)' });
    },
  }),
  required(
    'BR-12',
    'An invoice shall have the sum of invoice line net amounts (BT-106).',
    'totals.lineNetTotal',
    (f) => f.inv.totals?.lineNetTotal,
    'Add the sum of the line net amounts to the totals.',
  ),
  required(
    'BR-13',
    'An invoice shall have the invoice total amount without VAT (BT-109).',
    'totals.taxExclusive',
    (f) => f.inv.totals?.taxExclusive,
    'Add the total without VAT to the totals.',
  ),
  required(
    'BR-14',
    'An invoice shall have the invoice total amount with VAT (BT-112).',
    'totals.taxInclusive',
    (f) => f.inv.totals?.taxInclusive,
    'Add the total with VAT to the totals.',
  ),
  required(
    'BR-15',
    'An invoice shall have the amount due for payment (BT-115).',
    'totals.payable',
    (f) => f.inv.totals?.payable,
    'Add the amount due for payment to the totals.',
  ),
  en16931Rule({
    id: 'BR-16',
    category: 'data-quality',
    description: 'An invoice shall have at least one invoice line (BG-25).',
    hint: 'An invoice without lines cannot be matched or booked; ask the supplier for the itemised invoice.',
    check(f, report) {
      if (f.lines.length === 0) report({ fieldPath: 'lines', expected: 'at least 1 line', actual: '0 lines' });
    },
  }),
  en16931Rule({
    id: 'BR-17',
    category: 'data-quality',
    description: 'The payee name (BT-59) shall be provided if the payee (BG-10) is different from the seller.',
    hint: 'Give the payee a name different from the seller, or remove the payee when the seller is paid.',
    check(f, report) {
      const payee = f.inv.payee;
      if (!payee) return;
      const seller = f.inv.seller ?? {};
      const sameName = present(payee.name) && (payee.name === seller.name || payee.name === seller.tradingName);
      const sameId = (payee.identifiers ?? []).some((p) => (seller.identifiers ?? []).some((s) => s.id === p.id));
      if (!present(payee.name) || sameName || sameId) {
        report({
          fieldPath: 'payee.name',
          expected: 'a payee name different from the seller',
          actual: payee.name ?? '(missing)',
        });
      }
    },
  }),
  required(
    'BR-18',
    'The seller tax representative name (BT-62) shall be provided if the seller has a tax representative (BG-11).',
    'sellerTaxRepresentative.name',
    (f) => (f.inv.sellerTaxRepresentative ? f.inv.sellerTaxRepresentative.name : 'n/a'),
    "Add the name of the seller's tax representative.",
  ),
  en16931Rule({
    id: 'BR-19',
    category: 'data-quality',
    description:
      'The seller tax representative postal address (BG-12) shall be provided if the seller has a tax representative.',
    hint: "Add the postal address of the seller's tax representative.",
    check(f, report) {
      const rep = f.inv.sellerTaxRepresentative;
      if (rep && !postalAddress(f, rep))
        report({ fieldPath: 'sellerTaxRepresentative.address', expected: 'an address', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-20',
    category: 'data-quality',
    description: 'The seller tax representative postal address shall contain a country code (BT-69).',
    hint: 'Add the country code of the tax representative address.',
    check(f, report) {
      const a = postalAddress(f, f.inv.sellerTaxRepresentative);
      if (a && !present(a.countryCode))
        report({
          fieldPath: 'sellerTaxRepresentative.address.countryCode',
          expected: 'ISO 3166-1 alpha-2 code',
          actual: '(missing)',
        });
    },
  }),
  ...lineRequired(
    'BR-21',
    'Each invoice line shall have an invoice line identifier (BT-126).',
    'id',
    (l) => l.id,
    'Number the invoice lines.',
  ),
  ...lineRequired(
    'BR-22',
    'Each invoice line shall have an invoiced quantity (BT-129).',
    'quantity',
    (l) => l.quantity,
    'Add the invoiced quantity to the line.',
  ),
  ...lineRequired(
    'BR-23',
    'An invoice line shall have an invoiced quantity unit of measure code (BT-130).',
    'unitCode',
    (l) => l.unitCode,
    'Add the UN/ECE Rec 20 unit code (e.g. C62 for pieces, HUR for hours).',
  ),
  ...lineRequired(
    'BR-24',
    'Each invoice line shall have an invoice line net amount (BT-131).',
    'netAmount',
    (l) => l.netAmount,
    'Add the line net amount.',
  ),
  en16931Rule({
    id: 'BR-25',
    category: 'data-quality',
    description: 'Each invoice line shall contain the item name (BT-153).',
    hint: 'Add the item name so the line can be coded and matched.',
    check(f, report) {
      f.lines.forEach((l, i) => {
        if (!present(itemName(f, l)))
          report({ fieldPath: `lines[${i}].name`, expected: 'an item name', actual: '(missing)' });
      });
    },
  }),
  ...lineRequired(
    'BR-26',
    'Each invoice line shall contain the item net price (BT-146).',
    'unitPrice',
    (l) => l.unitPrice,
    'Add the net unit price to the line.',
  ),
  en16931Rule({
    id: 'BR-27',
    category: 'data-quality',
    description: 'The item net price (BT-146) shall not be negative.',
    hint: 'Put the sign on the quantity (or issue a credit note), never on the price.',
    check(f, report) {
      f.lines.forEach((l, i) => {
        // The sign is all BR-27 needs: read it from the text instead of parsing the price.
        const negative = l.unitPrice === undefined ? null : isNegativeDec(l.unitPrice);
        if (negative !== false)
          report({ fieldPath: `lines[${i}].unitPrice`, expected: '>= 0', actual: l.unitPrice ?? '(missing)' });
      });
    },
  }),
  en16931Rule({
    id: 'BR-28',
    category: 'data-quality',
    description: 'The item gross price (BT-148) shall not be negative.',
    hint: 'Correct the gross price; discounts belong in the price discount, not in a negative price.',
    check(f, report) {
      f.lines.forEach((l, i) => {
        if (l.grossPrice === undefined) return;
        if (isNegativeDec(l.grossPrice) !== false)
          report({ fieldPath: `lines[${i}].grossPrice`, expected: '>= 0', actual: l.grossPrice });
      });
    },
  }),
  en16931Rule({
    id: 'BR-29',
    category: 'data-quality',
    description: 'The invoicing period end date (BT-74) shall be later or equal to the start date (BT-73).',
    hint: 'Check the invoicing period dates; start and end look swapped.',
    check(f, report) {
      const p = f.inv.invoicePeriod;
      if (p && present(p.startDate) && present(p.endDate) && p.endDate < p.startDate) {
        report({ fieldPath: 'invoicePeriod.endDate', expected: `>= ${p.startDate}`, actual: p.endDate });
      }
    },
  }),
  en16931Rule({
    id: 'BR-30',
    category: 'data-quality',
    description: 'The invoice line period end date (BT-135) shall be later or equal to the start date (BT-134).',
    hint: 'Check the line period dates; start and end look swapped.',
    check(f, report) {
      f.lines.forEach((l, i) => {
        const p = l.period;
        if (p && present(p.startDate) && present(p.endDate) && p.endDate < p.startDate) {
          report({ fieldPath: `lines[${i}].period.endDate`, expected: `>= ${p.startDate}`, actual: p.endDate });
        }
      });
    },
  }),
  docAcRule(
    'BR-31',
    false,
    'Each document level allowance (BG-20) shall have an allowance amount (BT-92).',
    (ac) => (present(ac.amount) ? null : '.amount'),
    'Add the allowance amount.',
  ),
  docAcRule(
    'BR-32',
    false,
    'Each document level allowance (BG-20) shall have a VAT category code (BT-95).',
    (ac) => (present(ac.vatCategory) ? null : '.vatCategory'),
    'Add the VAT category of the allowance (the category of the goods it reduces).',
  ),
  docAcRule(
    'BR-33',
    false,
    'Each document level allowance (BG-20) shall have a reason (BT-97) or a reason code (BT-98).',
    (ac) => (hasReason(ac) ? null : '.reason'),
    'Add why the allowance is given.',
  ),
  docAcRule(
    'BR-36',
    true,
    'Each document level charge (BG-21) shall have a charge amount (BT-99).',
    (ac) => (present(ac.amount) ? null : '.amount'),
    'Add the charge amount.',
  ),
  docAcRule(
    'BR-37',
    true,
    'Each document level charge (BG-21) shall have a VAT category code (BT-102).',
    (ac) => (present(ac.vatCategory) ? null : '.vatCategory'),
    'Add the VAT category of the charge.',
  ),
  docAcRule(
    'BR-38',
    true,
    'Each document level charge (BG-21) shall have a reason (BT-104) or a reason code (BT-105).',
    (ac) => (hasReason(ac) ? null : '.reason'),
    'Add what the charge is for.',
  ),
  lineAcRule(
    'BR-41',
    false,
    'Each invoice line allowance (BG-27) shall have an allowance amount (BT-136).',
    (ac) => (present(ac.amount) ? null : '.amount'),
    'Add the line allowance amount.',
  ),
  lineAcRule(
    'BR-42',
    false,
    'Each invoice line allowance (BG-27) shall have a reason (BT-139) or a reason code (BT-140).',
    (ac) => (hasReason(ac) ? null : '.reason'),
    'Add why the line allowance is given.',
  ),
  lineAcRule(
    'BR-43',
    true,
    'Each invoice line charge (BG-28) shall have a charge amount (BT-141).',
    (ac) => (present(ac.amount) ? null : '.amount'),
    'Add the line charge amount.',
  ),
  lineAcRule(
    'BR-44',
    true,
    'Each invoice line charge (BG-28) shall have a reason (BT-144) or a reason code (BT-145).',
    (ac) => (hasReason(ac) ? null : '.reason'),
    'Add what the line charge is for.',
  ),
  ...breakdownRequired(
    'BR-45',
    'Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).',
    'taxableAmount',
    (b) => b.taxableAmount,
    'Add the taxable amount of the VAT breakdown.',
  ),
  ...breakdownRequired(
    'BR-46',
    'Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).',
    'taxAmount',
    (b) => b.taxAmount,
    'Add the VAT amount of the VAT breakdown.',
  ),
  ...breakdownRequired(
    'BR-47',
    'Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).',
    'category',
    (b) => b.category,
    'Add the VAT category code (S, Z, E, AE, K, G, O, L, M).',
  ),
  ...breakdownRequired(
    'BR-48',
    'Each VAT breakdown (BG-23) shall have a VAT category rate (BT-119), except if the invoice is not subject to VAT.',
    'rate',
    (b) => (b.category?.trim() === 'O' ? 'n/a' : b.rate),
    'Add the VAT rate of the breakdown (0 for zero-rated, exempt and reverse-charge categories).',
  ),
  en16931Rule({
    id: 'BR-49',
    category: 'data-quality',
    description: 'A payment instruction (BG-16) shall specify the payment means type code (BT-81).',
    hint: 'Add the UNCL 4461 payment means code (e.g. 30 or 58 for credit transfer).',
    check(f, report) {
      (f.inv.paymentMeans ?? []).forEach((pm, i) => {
        if (!present(pm.typeCode))
          report({ fieldPath: `paymentMeans[${i}].typeCode`, expected: 'UNCL 4461 code', actual: '(missing)' });
      });
    },
  }),
  en16931Rule({
    id: 'BR-50',
    category: 'data-quality',
    description:
      'A payment account identifier (BT-84) shall be present if credit transfer (BG-17) information is provided.',
    hint: 'Add the IBAN (or account number) of the credit transfer account.',
    check(f, report) {
      (f.inv.paymentMeans ?? []).forEach((pm, i) => {
        const code = pm.typeCode?.trim();
        if (code !== '30' && code !== '58') return;
        (pm.accounts ?? []).forEach((a, j) => {
          if (!present(a.iban) && !present(a.accountId))
            report({
              fieldPath: `paymentMeans[${i}].accounts[${j}].iban`,
              expected: 'an account identifier',
              actual: '(missing)',
            });
        });
      });
    },
  }),
  en16931Rule({
    id: 'BR-51',
    category: 'data-quality',
    severity: 'warning',
    description:
      'The last 4 to 6 digits of the payment card primary account number (BT-87) shall be present if card information (BG-18) is provided.',
    hint: 'Give only the last 4 to 6 digits of the card number, never the full number.',
    check(f, report) {
      (f.inv.paymentMeans ?? []).forEach((pm, i) => {
        if (!pm.card) return;
        const n = pm.card.primaryAccountNumber ?? '';
        if (n.length < 4 || n.length > 6)
          report({
            fieldPath: `paymentMeans[${i}].card.primaryAccountNumber`,
            expected: '4 to 6 characters',
            actual: n || '(missing)',
          });
      });
    },
  }),
  en16931Rule({
    id: 'BR-52',
    category: 'data-quality',
    description: 'Each additional supporting document (BG-24) shall contain a supporting document reference (BT-122).',
    hint: 'Give each supporting document its reference (document number or name), or remove the empty reference.',
    check(f, report) {
      (f.inv.additionalDocuments ?? []).forEach((d, i) => {
        if (!present(d.id))
          report({ fieldPath: `additionalDocuments[${i}].id`, expected: 'a document reference', actual: '(missing)' });
      });
      // In CII the line's referenced documents (BT-128) are the same element and are judged too.
      if (f.format !== 'cii') return;
      f.lines.forEach((l, li) =>
        (l.documentReferences ?? []).forEach((d, i) => {
          if (!present(d.id))
            report({
              fieldPath: `lines[${li}].documentReferences[${i}].id`,
              expected: 'a document reference',
              actual: '(missing)',
            });
        }),
      );
    },
  }),
  en16931Rule({
    id: 'BR-53',
    category: 'data-quality',
    description:
      'If the VAT accounting currency code (BT-6) is present, the invoice total VAT amount in accounting currency (BT-111) shall be provided.',
    hint: 'Add the total VAT in the accounting currency, or remove the accounting currency code.',
    check(f, report) {
      const taxCurrency = f.inv.taxCurrency?.trim();
      if (!taxCurrency) return;
      // A VAT total in the invoice currency already is the VAT total in that currency.
      const given =
        taxCurrency === f.inv.currency?.trim()
          ? (f.inv.totals?.taxTotal ?? f.inv.totals?.taxTotalAccountingCurrency)
          : f.inv.totals?.taxTotalAccountingCurrency;
      if (!present(given)) {
        report({
          fieldPath: 'totals.taxTotalAccountingCurrency',
          expected: `VAT total in ${f.inv.taxCurrency}`,
          actual: '(missing)',
        });
      }
    },
  }),
  en16931Rule({
    id: 'BR-54',
    category: 'data-quality',
    description:
      'Each item attribute (BG-32) shall contain an item attribute name (BT-160) and an item attribute value (BT-161).',
    hint: 'Give each item attribute both a name and a value, or remove it.',
    check(f, report) {
      for (let li = 0; li < f.lines.length; li++) {
        const attributes = f.lines[li].attributes;
        if (!attributes) continue;
        for (let i = 0; i < attributes.length; i++) {
          const a = attributes[i];
          if (a.name === undefined)
            report({
              fieldPath: `lines[${li}].attributes[${i}].name`,
              expected: 'an attribute name',
              actual: '(missing)',
            });
          else if (a.value === undefined)
            report({
              fieldPath: `lines[${li}].attributes[${i}].value`,
              expected: 'an attribute value',
              actual: '(missing)',
            });
        }
      }
    },
  }),
  en16931Rule({
    id: 'BR-55',
    category: 'data-quality',
    description: 'Each preceding invoice reference (BG-3) shall contain a preceding invoice number (BT-25).',
    hint: 'Add the number of the invoice being corrected or credited.',
    check(f, report) {
      (f.inv.precedingInvoices ?? []).forEach((p, i) => {
        if (!present(p.number))
          report({ fieldPath: `precedingInvoices[${i}].number`, expected: 'an invoice number', actual: '(missing)' });
      });
    },
  }),
  en16931Rule({
    id: 'BR-56',
    category: 'data-quality',
    description: 'Each seller tax representative party (BG-11) shall have a VAT identifier (BT-63).',
    hint: "Add the VAT identifier of the seller's tax representative.",
    check(f, report) {
      if (f.inv.sellerTaxRepresentative && !f.taxRepVatId)
        report({ fieldPath: 'sellerTaxRepresentative.vatId', expected: 'a VAT identifier', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-57',
    category: 'data-quality',
    description: 'Each deliver-to address (BG-15) shall contain a deliver-to country code (BT-80).',
    hint: 'Add the country code of the delivery address.',
    check(f, report) {
      const a = f.inv.delivery?.address;
      if (a && !present(a.countryCode))
        report({ fieldPath: 'delivery.address.countryCode', expected: 'ISO 3166-1 alpha-2 code', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-61',
    category: 'data-quality',
    description:
      'If the payment means is a credit transfer (30, 58), the payment account identifier (BT-84) shall be present.',
    hint: 'Add the IBAN the supplier wants to be paid to.',
    check(f, report) {
      (f.inv.paymentMeans ?? []).forEach((pm, i) => {
        const code = pm.typeCode?.trim();
        if (code !== '30' && code !== '58') return;
        const accounts = pm.accounts ?? [];
        // The Schematron asks for the element: an account id written empty meets BR-61 (BR-50 reports it).
        const hasId = (a: (typeof accounts)[number]) => a.iban !== undefined || a.accountId !== undefined;
        if (f.format === 'cii') {
          // CII judges each creditor account that is given (a credit transfer without one passes).
          accounts.forEach((a, j) => {
            if (!hasId(a))
              report({
                fieldPath: `paymentMeans[${i}].accounts[${j}].iban`,
                expected: 'an IBAN or proprietary account id',
                actual: '(missing)',
              });
          });
        } else if (!accounts.some(hasId)) {
          report({ fieldPath: `paymentMeans[${i}].accounts`, expected: 'an account identifier', actual: '(missing)' });
        }
      });
    },
  }),
  en16931Rule({
    id: 'BR-62',
    category: 'data-quality',
    description: 'The seller electronic address (BT-34) shall have a scheme identifier.',
    hint: 'Add the EAS scheme of the seller electronic address (e.g. 0088 for GLN, EM for e-mail).',
    check(f, report) {
      const e = f.inv.seller?.electronicAddress;
      if (e && !present(e.schemeId))
        report({ fieldPath: 'seller.electronicAddress.schemeId', expected: 'an EAS code', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-63',
    category: 'data-quality',
    description: 'The buyer electronic address (BT-49) shall have a scheme identifier.',
    hint: 'Add the EAS scheme of the buyer electronic address.',
    check(f, report) {
      const e = f.inv.buyer?.electronicAddress;
      if (e && !present(e.schemeId))
        report({ fieldPath: 'buyer.electronicAddress.schemeId', expected: 'an EAS code', actual: '(missing)' });
    },
  }),
  en16931Rule({
    id: 'BR-64',
    category: 'data-quality',
    description: 'The item standard identifier (BT-157) shall have a scheme identifier.',
    hint: 'Add the scheme of the item identifier (e.g. 0160 for GTIN).',
    check(f, report) {
      f.lines.forEach((l, i) => {
        if (l.standardItemId && !present(l.standardItemId.schemeId))
          report({ fieldPath: `lines[${i}].standardItemId.schemeId`, expected: 'an ICD scheme', actual: '(missing)' });
      });
    },
  }),
  en16931Rule({
    id: 'BR-65',
    category: 'data-quality',
    description: 'The item classification identifier (BT-158) shall have a scheme identifier.',
    hint: 'Add the list id of the classification code (e.g. STI for CPV, TST for UNSPSC).',
    check(f, report) {
      f.lines.forEach((l, i) =>
        (l.classificationCodes ?? []).forEach((c, j) => {
          if (!present(c.listId))
            report({
              fieldPath: `lines[${i}].classificationCodes[${j}].listId`,
              expected: 'a UNTDID 7143 list id',
              actual: '(missing)',
            });
        }),
      );
    },
  }),
];

function lineRequired(
  id: string,
  description: string,
  field: string,
  get: (l: InvoiceFacts['lines'][number]) => string | undefined,
  hint: string,
): RuleDefinition[] {
  return [
    en16931Rule({
      id,
      category: 'data-quality',
      description,
      hint,
      check(f, report) {
        f.lines.forEach((l, i) => {
          if (!present(get(l))) report({ fieldPath: `lines[${i}].${field}`, expected: 'a value', actual: '(missing)' });
        });
      },
    }),
  ];
}

function breakdownRequired(
  id: string,
  description: string,
  field: string,
  get: (b: InvoiceFacts['breakdown'][number]) => string | undefined,
  hint: string,
): RuleDefinition[] {
  return [
    en16931Rule({
      id,
      category: 'data-quality',
      description,
      hint,
      check(f, report) {
        f.breakdown.forEach((b, i) => {
          if (!present(get(b)))
            report({ fieldPath: `vatBreakdown[${i}].${field}`, expected: 'a value', actual: '(missing)' });
        });
      },
    }),
  ];
}

function docAcRule(
  id: string,
  charge: boolean,
  description: string,
  test: (ac: CanonicalAllowanceCharge) => string | null,
  hint: string,
): RuleDefinition {
  return en16931Rule({
    id,
    category: 'data-quality',
    description,
    hint,
    check(f, report) {
      forEachDocAc(charge ? f.docCharges : f.docAllowances, report, test);
    },
  });
}

function lineAcRule(
  id: string,
  charge: boolean,
  description: string,
  test: (ac: CanonicalAllowanceCharge) => string | null,
  hint: string,
): RuleDefinition {
  return en16931Rule({
    id,
    category: 'data-quality',
    description,
    hint,
    check(f, report) {
      forEachLineAc(f, charge, report, test);
    },
  });
}
