/**
 * The planted defects of the generated traffic, each with the rule that must report it. The weights
 * follow what accounts payable teams see most: price variances, wrong VAT, missing POs, changed bank
 * accounts and duplicates well ahead of malformed data.
 */
import type { CanonicalInvoice } from '@app/domain';
import type { SupplierContext } from '@app/rules';
import { ibansOf, type SupplierProfile } from './rules-traffic.fixtures';
import { addDays, applyRate, cents, money, recomputeTotals } from './rules-traffic.amounts';

export interface PlantedDefect {
  kind: string;
  /** The rule whose finding detects the defect (other findings may come along). */
  expectedRuleId: string;
}

interface DefectSpec {
  kind: string;
  weight: number;
  applies?(sp: SupplierProfile, inv: CanonicalInvoice, ctx: SupplierContext): boolean;
  /** Mutates the invoice and/or its supplier context; returns the rule expected to catch it. */
  plant(inv: CanonicalInvoice, ctx: SupplierContext, sp: SupplierProfile, rand: () => number): string;
}

const hasPo = (_sp: SupplierProfile, inv: CanonicalInvoice) => !!inv.purchaseOrderReference;
const pick = <T>(items: T[], rand: () => number) => items[Math.floor(rand() * items.length)];

export const DEFECTS: DefectSpec[] = [
  {
    kind: 'price-over-po',
    weight: 14,
    applies: hasPo,
    plant(inv, _ctx, sp, rand) {
      // 3-15% above the order price: beyond the supplier's 2% tolerance.
      const line = pick(inv.lines!, rand);
      const price = cents(line.unitPrice!);
      const raised = price + Math.max(1, Math.ceil((price * (3 + Math.floor(rand() * 13))) / 100));
      line.unitPrice = money(raised);
      line.netAmount = money(raised * Number(line.quantity));
      recomputeTotals(inv, sp.entity.rate);
      return 'PO-PRICE';
    },
  },
  {
    kind: 'quantity-over-po',
    weight: 6,
    applies: hasPo,
    plant(inv, _ctx, sp, rand) {
      const line = pick(inv.lines!, rand);
      const qty = Number(line.quantity) + 1 + Math.floor(rand() * 3);
      line.quantity = String(qty);
      line.netAmount = money(qty * cents(line.unitPrice!));
      recomputeTotals(inv, sp.entity.rate);
      return 'PO-QTY';
    },
  },
  {
    kind: 'missing-po',
    weight: 10,
    applies: (sp) => sp.record.requiresPo,
    plant(inv, ctx) {
      delete inv.purchaseOrderReference;
      for (const l of inv.lines!) delete l.poLineReference;
      ctx.purchaseOrder = null;
      ctx.goodsReceipts = [];
      return 'PO-REQUIRED';
    },
  },
  {
    kind: 'unknown-po',
    weight: 4,
    applies: hasPo,
    plant(inv, ctx) {
      // A mistyped PO number: the lookup finds nothing.
      inv.purchaseOrderReference = `${inv.purchaseOrderReference}9`;
      ctx.purchaseOrder = null;
      ctx.goodsReceipts = [];
      return 'PO-UNKNOWN';
    },
  },
  {
    kind: 'stale-vat-rate',
    weight: 12,
    applies: (sp) => !!sp.entity.staleRate,
    plant(inv, _ctx, sp) {
      // The supplier's system still charges the rate of before the last change; the sums are consistent.
      applyRate(inv, sp.entity.staleRate!);
      return `${sp.entity.cc}-VAT-RATE`;
    },
  },
  {
    kind: 'payable-mismatch',
    weight: 6,
    plant(inv, _ctx, _sp, rand) {
      inv.totals!.payable = money(cents(inv.totals!.payable!) + 100 * (1 + Math.floor(rand() * 50)));
      return 'BR-CO-16';
    },
  },
  {
    kind: 'vat-amount-mismatch',
    weight: 6,
    plant(inv, _ctx, _sp, rand) {
      // VAT computed per line and rounded there, or simply miscalculated: the breakdown no longer equals base x rate.
      const row = inv.vatBreakdown![0];
      const tax = cents(row.taxAmount!) + 100 + Math.floor(rand() * 1000);
      row.taxAmount = money(tax);
      const exclusive = cents(inv.totals!.taxExclusive!);
      inv.totals = {
        ...inv.totals,
        taxTotal: money(tax),
        taxInclusive: money(exclusive + tax),
        payable: money(exclusive + tax),
      };
      return 'BR-CO-17';
    },
  },
  {
    kind: 'line-total-mismatch',
    weight: 3,
    plant(inv) {
      inv.totals!.lineNetTotal = money(cents(inv.totals!.lineNetTotal!) + 1000);
      return 'BR-CO-10';
    },
  },
  {
    kind: 'unknown-iban',
    weight: 9,
    plant(inv, _ctx, sp, rand) {
      // Payment diverted to an account not on file: valid IBAN, wrong owner.
      const [other] = ibansOf(sp.entity.sampleIban, 1, 5000 + Math.floor(rand() * 4000));
      inv.seller!.iban = other;
      inv.paymentMeans![0].accounts = [{ iban: other }];
      return 'SUP-IBAN';
    },
  },
  {
    kind: 'invalid-iban',
    weight: 3,
    plant(inv, _ctx, sp) {
      // Two digits swapped while typing: the check digits no longer fit.
      const iban = sp.iban;
      const i = iban.length - 3;
      const swapped =
        iban[i] === iban[i + 1]
          ? `${iban.slice(0, i)}${(Number(iban[i]) + 1) % 10}${iban.slice(i + 1)}`
          : `${iban.slice(0, i)}${iban[i + 1]}${iban[i]}${iban.slice(i + 2)}`;
      inv.seller!.iban = swapped;
      inv.paymentMeans![0].accounts = [{ iban: swapped }];
      return 'SUP-IBAN-INVALID';
    },
  },
  {
    kind: 'near-duplicate',
    weight: 7,
    plant(inv, ctx, _sp, rand) {
      // The same invoice sent again a few days later with a retyped number.
      const number = inv.invoiceNumber!;
      const retyped =
        rand() < 0.5 ? number.replace(/-/g, '') : `${number.slice(0, -1)}${(Number(number.slice(-1)) + 1) % 10}`;
      ctx.priorInvoices = [
        ...ctx.priorInvoices,
        {
          id: 'prior-near',
          invoiceNumber: retyped,
          issueDate: addDays(inv.issueDate!, -2),
          payable: inv.totals!.payable!,
          currency: inv.currency!,
        },
      ];
      return 'DUP-NEAR';
    },
  },
  {
    kind: 'exact-duplicate',
    weight: 4,
    plant(inv, ctx) {
      ctx.priorInvoices = [
        ...ctx.priorInvoices,
        {
          id: 'prior-exact',
          invoiceNumber: inv.invoiceNumber!,
          issueDate: addDays(inv.issueDate!, -20),
          payable: inv.totals!.payable!,
          currency: inv.currency!,
        },
      ];
      return 'DUP-EXACT';
    },
  },
  {
    kind: 'vat-id-checksum',
    weight: 5,
    plant(inv, ctx, sp) {
      // A mistyped VAT id also fails the supplier lookup, as it would in the worker.
      inv.seller!.vatId = sp.mistypedVatId;
      ctx.supplier = null;
      return sp.entity.cc === 'NO' ? 'NO-R-001' : `${sp.entity.cc}-VAT-ID`;
    },
  },
  {
    kind: 'unknown-supplier',
    weight: 3,
    plant(_inv, ctx) {
      ctx.supplier = null;
      return 'SUP-UNKNOWN';
    },
  },
  {
    kind: 'blocked-supplier',
    weight: 2,
    plant(_inv, ctx) {
      ctx.supplier = { ...ctx.supplier!, blocked: true, blockedReason: 'insolvency proceedings' };
      return 'SUP-BLOCKED';
    },
  },
  {
    kind: 'short-payment-terms',
    weight: 4,
    plant(inv) {
      inv.dueDate = addDays(inv.issueDate!, 14);
      return 'SUP-PAYMENT-TERMS';
    },
  },
  {
    kind: 'missing-unit-code',
    weight: 2,
    plant(inv) {
      delete inv.lines![0].unitCode;
      return 'BR-23';
    },
  },
];

/** A defect applicable to the invoice, drawn by weight; undefined only if none applies. */
export function pickDefect(
  sp: SupplierProfile,
  inv: CanonicalInvoice,
  ctx: SupplierContext,
  rand: () => number,
):
  | { plant(inv: CanonicalInvoice, ctx: SupplierContext, sp: SupplierProfile, rand: () => number): PlantedDefect }
  | undefined {
  const candidates = DEFECTS.filter((d) => !d.applies || d.applies(sp, inv, ctx));
  const total = candidates.reduce((s, d) => s + d.weight, 0);
  let r = rand() * total;
  const chosen = candidates.find((d) => (r -= d.weight) < 0) ?? candidates[candidates.length - 1];
  if (!chosen) return undefined;
  return { plant: (i, c, s, rd) => ({ kind: chosen.kind, expectedRuleId: chosen.plant(i, c, s, rd) }) };
}
