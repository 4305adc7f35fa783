import type { CanonicalInvoice } from '@app/domain';
import type { RuleDefinition } from '../../engine/rule';
import { settingOf } from '../../settings/setting-of.util';
import { daysBetween } from './decimal.util';
import { ibanElectronicFormat, ibanValid } from './iban.util';
import { defineSupplierRule, type SupplierFindingDetails } from './supplier-rule.util';

export const SUP_UNKNOWN = defineSupplierRule({
  id: 'SUP-UNKNOWN',
  severity: 'blocking',
  routeKey: 'supplier.unknown',
  description: 'The seller VAT id matches no supplier in the master data',
  check(ctx, sc) {
    if (sc.supplier) return [];
    const seller = ctx.invoice.seller;
    return [
      {
        fieldPath: 'seller.vatId',
        message:
          `No supplier on file matches the seller ${seller?.name ?? ''} (${seller?.vatId ?? 'no VAT id'}).`.replace(
            ' ()',
            '',
          ),
        expected: 'VAT id of a supplier on file',
        actual: seller?.vatId ?? '',
        hint: 'Create the supplier through onboarding (verified VAT id and bank account) or correct its VAT id in the master data; never pay an unknown supplier.',
      },
    ];
  },
});

export const SUP_BLOCKED = defineSupplierRule({
  id: 'SUP-BLOCKED',
  severity: 'blocking',
  routeKey: 'supplier.blocked',
  description: 'The supplier is blocked for payment',
  check(_ctx, sc) {
    if (!sc.supplier?.blocked) return [];
    return [
      {
        fieldPath: 'seller',
        message: `Supplier ${sc.supplier.name} is blocked${sc.supplier.blockedReason ? `: ${sc.supplier.blockedReason}` : ''}.`,
        expected: 'an active supplier',
        actual: 'blocked',
        hint: 'Ask the supplier owner whether the block still applies before anything is paid.',
      },
    ];
  },
});

interface IbanOnInvoice {
  raw: string;
  iban: string;
  fieldPath: string;
}

/** Every IBAN the invoice asks us to pay to, once each, normalised (no spaces, upper case). */
export function invoiceIbans(invoice: CanonicalInvoice): IbanOnInvoice[] {
  const found: IbanOnInvoice[] = [];
  const add = (raw: string | undefined, fieldPath: string) => {
    if (!raw || !raw.trim()) return;
    const iban = ibanElectronicFormat(raw) ?? raw.replace(/\s+/g, '').toUpperCase();
    if (!found.some((f) => f.iban === iban)) found.push({ raw, iban, fieldPath });
  };
  add(invoice.seller?.iban, 'seller.iban');
  (invoice.paymentMeans ?? []).forEach((pm, i) =>
    (pm?.accounts ?? []).forEach((a, j) => add(a?.iban, `paymentMeans[${i}].accounts[${j}].iban`)),
  );
  return found;
}

export const SUP_IBAN_INVALID = defineSupplierRule({
  id: 'SUP-IBAN-INVALID',
  severity: 'blocking',
  routeKey: 'supplier.bank-account',
  description: 'An IBAN on the invoice fails the IBAN check digits or national format',
  check(ctx) {
    return invoiceIbans(ctx.invoice)
      .filter((i) => !ibanValid(i.iban))
      .map((i) => ({
        fieldPath: i.fieldPath,
        message: 'The IBAN on the invoice is not a valid IBAN (check digits or length).',
        expected: 'valid IBAN',
        actual: i.raw,
        hint: 'A mistyped IBAN cannot be paid; ask the supplier for the correct account and confirm it by phone.',
      }));
  },
});

export const SUP_IBAN = defineSupplierRule({
  id: 'SUP-IBAN',
  // Always blocking: a changed bank account is the classic invoice fraud, whatever the settings say.
  severity: 'blocking',
  routeKey: 'supplier.bank-account',
  description: "A (valid) IBAN on the invoice is not among the supplier's bank accounts on file: fraud risk",
  check(ctx, sc) {
    if (!sc.supplier) return [];
    const onFile = new Set(sc.supplier.bankAccounts.map((a) => ibanElectronicFormat(a) ?? a));
    const expected = sc.supplier.bankAccounts.join(', ') || 'no account on file';
    return invoiceIbans(ctx.invoice)
      .filter((i) => ibanValid(i.iban) && !onFile.has(i.iban))
      .map((i) => ({
        fieldPath: i.fieldPath,
        message: `The invoice asks for payment to ${i.iban}, which is not an account of ${sc.supplier!.name} on file.`,
        expected,
        actual: i.raw,
        hint: 'Possible payment fraud. Call the supplier on the phone number in the master data (not the one on the invoice) and have a second reviewer approve any account change.',
      }));
  },
});

export const SUP_PAYMENT_TERMS = defineSupplierRule({
  id: 'SUP-PAYMENT-TERMS',
  severity: 'warning',
  routeKey: 'supplier.payment-terms',
  description: "Due date minus issue date differs from the supplier's agreed payment terms",
  check(ctx, sc) {
    const terms = sc.supplier?.paymentTermsDays;
    const days = daysBetween(ctx.invoice.issueDate, ctx.invoice.dueDate);
    if (terms === undefined || terms === null || days === undefined) return [];
    if (Math.abs(days - terms) <= settingOf(ctx.settings, 'paymentTermsToleranceDays')) return [];
    const out: SupplierFindingDetails = {
      fieldPath: 'dueDate',
      message: `The invoice is due ${days} days after issue; the agreed terms are ${terms} days.`,
      expected: `${terms} days after ${ctx.invoice.issueDate}`,
      actual: `${ctx.invoice.dueDate} (${days} days)`,
      hint:
        days < terms
          ? 'Pay on the agreed terms, not the shorter ones on the invoice; tell the supplier.'
          : 'Longer terms than agreed are in our favour; check whether the agreement changed.',
    };
    return [out];
  },
});

export const MASTER_DATA_RULES: RuleDefinition[] = [
  SUP_UNKNOWN,
  SUP_BLOCKED,
  SUP_IBAN_INVALID,
  SUP_IBAN,
  SUP_PAYMENT_TERMS,
];
