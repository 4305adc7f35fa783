import type { RuleDefinition } from '../../engine/rule';
import { settingOf } from '../../settings/setting-of.util';
import { toCents } from '../shared/cents.util';
import { daysBetween, dec } from './decimal.util';
import { editDistance, normaliseInvoiceNumber } from './invoice-number.util';
import { defineSupplierRule } from './supplier-rule.util';

const exactKey = (n: string) => n.trim().toUpperCase();

export const DUP_EXACT = defineSupplierRule({
  id: 'DUP-EXACT',
  severity: 'blocking',
  routeKey: 'duplicate.exact',
  description: 'The seller already sent an invoice with this number',
  check(ctx, sc) {
    const number = ctx.invoice.invoiceNumber;
    if (!number?.trim()) return [];
    const key = exactKey(number);
    const prior = sc.priorInvoices.find((p) => exactKey(p.invoiceNumber) === key);
    if (!prior) return [];
    return [
      {
        fieldPath: 'invoiceNumber',
        message: `Invoice ${number} was already received on ${prior.issueDate} (${prior.payable} ${prior.currency}).`,
        expected: 'a new invoice number',
        actual: number,
        hint: 'Compare with the earlier invoice shown beside this item; reject this one as a duplicate unless the first was cancelled.',
      },
    ];
  },
});

/**
 * DUP-NEAR is blocking by default (setting nearDuplicateSeverity): paying an invoice twice loses cash
 * that is slow to recover, while a false alarm costs one look. The match is narrow (same amount and
 * currency, dates within the window, number equal after normalising or within a small edit distance);
 * its known false alarm is a weekly fixed fee with consecutive numbers, which a reviewer clears in seconds.
 */
export const DUP_NEAR = defineSupplierRule({
  id: 'DUP-NEAR',
  severity: 'blocking',
  routeKey: 'duplicate.near',
  description: 'The seller sent an invoice with the same amount, currency, a close date and a similar number',
  check(ctx, sc) {
    const inv = ctx.invoice;
    // Plain two-decimal amounts compare exactly as whole cents; a decimal is parsed only otherwise.
    const payableCents = toCents(inv.totals?.payable);
    let payable = payableCents === null ? dec(inv.totals?.payable) : undefined;
    const number = inv.invoiceNumber?.trim();
    if ((payableCents === null && !payable) || !number || !inv.currency) return [];
    const payableDec = () => (payable ??= dec(inv.totals!.payable)!);
    const sameAmount = (other: string) => {
      const otherCents = payableCents === null ? null : toCents(other);
      return otherCents !== null ? otherCents === payableCents : !!dec(other)?.eq(payableDec());
    };
    const window = settingOf(ctx.settings, 'duplicateWindowDays');
    const maxDistance = settingOf(ctx.settings, 'nearDuplicateMaxEditDistance');
    let normalised: string | undefined;
    const key = exactKey(number);
    const currency = typeof inv.currency === 'string' ? inv.currency.toUpperCase() : undefined;
    const near = sc.priorInvoices.find((p) => {
      if (exactKey(p.invoiceNumber) === key) return false; // DUP-EXACT's case
      if (p.currency.toUpperCase() !== (currency ?? inv.currency!.toUpperCase()) || !sameAmount(p.payable))
        return false;
      const days = daysBetween(p.issueDate, inv.issueDate);
      if (days === undefined || Math.abs(days) > window) return false;
      normalised ??= normaliseInvoiceNumber(number);
      const other = normaliseInvoiceNumber(p.invoiceNumber);
      // Very short numbers ("7" vs "8") are too easily close to mean anything beyond normalised equality.
      return (
        other === normalised ||
        (Math.min(other.length, normalised.length) >= 4 && editDistance(other, normalised, maxDistance) <= maxDistance)
      );
    });
    if (!near) return [];
    return [
      {
        severity: settingOf(ctx.settings, 'nearDuplicateSeverity'),
        fieldPath: 'invoiceNumber',
        message: `Invoice ${number} looks like ${near.invoiceNumber} of ${near.issueDate}: same amount ${near.payable} ${near.currency}, similar number.`,
        expected: 'no earlier invoice with the same amount and a similar number',
        actual: `${number} (${inv.issueDate}, ${payableDec().toString()} ${inv.currency})`,
        hint: 'Open the earlier invoice side by side (shown beside this item); reject as duplicate if it is the same supply, otherwise approve.',
      },
    ];
  },
});

export const DUPLICATE_RULES: RuleDefinition[] = [DUP_EXACT, DUP_NEAR];
