import Decimal from 'decimal.js';
import type { CanonicalInvoice } from '@app/domain';
import type { RuleContext, RuleDefinition } from '../../engine/rule';
import type { PurchaseOrderRecord, SupplierContext } from '../../engine/supplier-context';
import { settingOf } from '../../settings/setting-of.util';
import { addCents, toCents } from '../shared/cents.util';
import { dec } from './decimal.util';
import { defineSupplierRule, type SupplierFindingDetails } from './supplier-rule.util';

const isCreditNote = (inv: CanonicalInvoice) => inv.documentKind === 'credit_note' || inv.typeCode === '381';
const hasPoReference = (inv: CanonicalInvoice) => !!inv.purchaseOrderReference?.trim();

/** The PO the invoice names, when it exists and belongs to the invoicing supplier (ownership unknown for an unknown supplier). */
function matchedPo(ctx: RuleContext, sc: SupplierContext): PurchaseOrderRecord | undefined {
  if (!hasPoReference(ctx.invoice) || !sc.purchaseOrder) return undefined;
  if (sc.supplier && sc.purchaseOrder.supplierId !== sc.supplier.id) return undefined;
  return sc.purchaseOrder;
}

/** Invoice lines paired with their PO line: by order line reference (BT-132), or the only PO line. */
function pairedLines(invoice: CanonicalInvoice, po: PurchaseOrderRecord) {
  return (invoice.lines ?? []).flatMap((line, index) => {
    const ref = line?.poLineReference?.trim();
    const poLine = ref ? po.lines.find((l) => l.lineNumber === ref) : po.lines.length === 1 ? po.lines[0] : undefined;
    return poLine ? [{ line, index, poLine }] : [];
  });
}

const pct = (value: string | undefined, fallback: string) => dec(value) ?? dec(fallback) ?? new Decimal(0);

export const PO_REQUIRED = defineSupplierRule({
  id: 'PO-REQUIRED',
  severity: 'blocking',
  routeKey: 'po.missing',
  description: 'The supplier invoices against purchase orders but the invoice names none',
  check(ctx, sc) {
    if (!sc.supplier?.requiresPo || hasPoReference(ctx.invoice)) return [];
    return [
      {
        fieldPath: 'purchaseOrderReference',
        message: `${sc.supplier.name} must invoice against a purchase order; the invoice names none.`,
        expected: 'purchase order number',
        actual: '',
        hint: 'Find the PO with the requester and add it, or return the invoice to the supplier asking for the PO number.',
      },
    ];
  },
});

export const PO_UNKNOWN = defineSupplierRule({
  id: 'PO-UNKNOWN',
  severity: 'blocking',
  routeKey: 'po.unknown',
  description: 'The purchase order (or PO line) on the invoice does not exist or belongs to another supplier',
  check(ctx, sc) {
    const ref = ctx.invoice.purchaseOrderReference?.trim();
    if (!ref) return [];
    const po = sc.purchaseOrder;
    if (!po)
      return [
        {
          fieldPath: 'purchaseOrderReference',
          message: `Purchase order ${ref} does not exist.`,
          expected: 'an open purchase order of the supplier',
          actual: ref,
          hint: 'Check for a typo with the requester or ask the supplier for the right PO number.',
        },
      ];
    if (sc.supplier && po.supplierId !== sc.supplier.id)
      return [
        {
          fieldPath: 'purchaseOrderReference',
          message: `Purchase order ${ref} belongs to another supplier.`,
          expected: `a purchase order of ${sc.supplier.name}`,
          actual: ref,
          hint: "Invoicing against another supplier's PO may be an error or fraud; ask the buyer who placed the order.",
        },
      ];
    return (ctx.invoice.lines ?? []).flatMap((line, i) => {
      const lineRef = line?.poLineReference?.trim();
      if (!lineRef || po.lines.some((l) => l.lineNumber === lineRef)) return [];
      return [
        {
          fieldPath: `lines[${i}].poLineReference`,
          message: `Purchase order ${po.number} has no line ${lineRef}.`,
          expected: po.lines.map((l) => l.lineNumber).join(', '),
          actual: lineRef,
          hint: 'Match the invoice line to the right PO line.',
        },
      ];
    });
  },
});

export const PO_CURRENCY = defineSupplierRule({
  id: 'PO-CURRENCY',
  severity: 'blocking',
  routeKey: 'po.currency',
  description: 'The invoice currency differs from the purchase order currency',
  check(ctx, sc) {
    const po = matchedPo(ctx, sc);
    const currency = ctx.invoice.currency?.trim().toUpperCase();
    if (!po || !currency || po.currency.toUpperCase() === currency) return [];
    return [
      {
        fieldPath: 'currency',
        message: `The invoice is in ${currency} but purchase order ${po.number} is in ${po.currency}.`,
        expected: po.currency,
        actual: currency,
        hint: 'Ask the supplier to invoice in the order currency, or have the buyer amend the PO.',
      },
    ];
  },
});

export const PO_PRICE = defineSupplierRule({
  id: 'PO-PRICE',
  severity: 'blocking',
  routeKey: 'po.price-variance',
  description: "Unit price differs from the purchase order line beyond the supplier's price tolerance",
  check(ctx, sc) {
    const po = matchedPo(ctx, sc);
    if (!po || isCreditNote(ctx.invoice)) return [];
    const tolerance = pct(sc.supplier?.priceTolerancePct, settingOf(ctx.settings, 'defaultPriceTolerancePct'));
    const out: SupplierFindingDetails[] = [];
    for (const { line, index, poLine } of pairedLines(ctx.invoice, po)) {
      // The usual case, the order price to the cent per one unit, needs no decimals: equal cents is no variance.
      if (line.priceBaseQuantity === undefined) {
        const priceCents = toCents(line.unitPrice);
        if (priceCents !== null && priceCents === toCents(poLine.unitPrice)) continue;
      }
      const price = dec(line.unitPrice);
      const ordered = dec(poLine.unitPrice);
      if (!price || !ordered) continue;
      const base = dec(line.priceBaseQuantity);
      const unit = base && base.gt(0) ? price.div(base) : price; // BT-149: price per base quantity
      if (unit.eq(ordered)) continue;
      const variance = ordered.isZero() ? new Decimal(100) : unit.minus(ordered).div(ordered).mul(100);
      if (variance.abs().lte(tolerance)) continue;
      // Over the order price we would overpay: blocking. Under it usually means a wrong item or unit: worth a look.
      const over = variance.gt(0);
      out.push({
        severity: over ? 'blocking' : 'warning',
        fieldPath: `lines[${index}].unitPrice`,
        message: `Unit price ${unit.toString()} is ${variance.abs().toDecimalPlaces(2).toString()}% ${over ? 'above' : 'below'} the price ${ordered.toString()} on PO ${po.number} line ${poLine.lineNumber} (tolerance ${tolerance.toString()}%).`,
        expected: `${ordered.toString()} ± ${tolerance.toString()}%`,
        actual: unit.toString(),
        hint: over
          ? 'Pay the order price: ask the supplier for a credit note or the buyer for a PO change.'
          : 'Check that the item and unit match the order.',
      });
    }
    return out;
  },
});

export const PO_QTY = defineSupplierRule({
  id: 'PO-QTY',
  severity: 'blocking',
  routeKey: 'po.quantity-variance',
  description:
    'Invoiced quantity exceeds the ordered quantity (2-way) or the received quantity (3-way) beyond tolerance',
  check(ctx, sc) {
    const po = matchedPo(ctx, sc);
    if (!po || isCreditNote(ctx.invoice)) return [];
    const tolerance = pct(sc.supplier?.quantityTolerancePct, settingOf(ctx.settings, 'defaultQuantityTolerancePct'));
    const allowance = tolerance.div(100).plus(1);
    const receipts = sc.goodsReceipts.filter((g) => g.poNumber === po.number);
    // Several invoice lines may draw on one PO line: compare their sum.
    // Quantities are usually plain (whole or two decimals): their sums are then compared in exact cents,
    // and decimals are summed, as before, only for a PO line the cent check cannot clear.
    const tolerated = tolerance.gte(0); // allowance >= 1: at most the ordered/received quantity always passes
    const byPoLine = new Map<
      string,
      { index: number; quantities: string[]; cents: number | null; orderedQuantity: string | undefined }
    >();
    for (const { line, index, poLine } of pairedLines(ctx.invoice, po)) {
      const cents = toCents(line.quantity);
      if (cents === null && !dec(line.quantity)) continue;
      const entry = byPoLine.get(poLine.lineNumber) ?? {
        index,
        quantities: [],
        cents: 0,
        orderedQuantity: poLine.quantity,
      };
      entry.quantities.push(line.quantity!);
      entry.cents = addCents(entry.cents, cents);
      byPoLine.set(poLine.lineNumber, entry);
    }
    const out: SupplierFindingDetails[] = [];
    for (const [poLineNumber, entry] of byPoLine) {
      if (tolerated && entry.cents !== null) {
        const orderedCents = toCents(entry.orderedQuantity);
        if (orderedCents !== null && orderedCents >= 0 && entry.cents <= orderedCents) {
          if (receipts.length === 0) continue;
          const receivedCents = receivedCentsOf(receipts, poLineNumber);
          if (receivedCents !== null && receivedCents >= 0 && entry.cents <= receivedCents) continue;
        }
      }
      const { index } = entry;
      const qty = entry.quantities.reduce((sum, q) => sum.plus(dec(q)!), new Decimal(0));
      const ordered = dec(entry.orderedQuantity);
      if (ordered && qty.gt(ordered.mul(allowance))) {
        out.push({
          fieldPath: `lines[${index}].quantity`,
          message: `Invoiced quantity ${qty} exceeds the ${ordered} ordered on PO ${po.number} line ${poLineNumber} (tolerance ${tolerance}%).`,
          expected: `<= ${ordered.mul(allowance).toString()}`,
          actual: qty.toString(),
          hint: 'Pay only what was ordered: ask the supplier for a credit note or the buyer for a PO change.',
        });
        continue;
      }
      if (receipts.length === 0) continue; // 2-way match only: no goods receipt recorded for this PO yet
      const received = receipts.reduce(
        (sum, g) =>
          g.lines
            .filter((l) => l.poLineNumber === poLineNumber)
            .reduce((s, l) => s.plus(dec(l.quantityReceived) ?? 0), sum),
        new Decimal(0),
      );
      if (qty.gt(received.mul(allowance))) {
        out.push({
          fieldPath: `lines[${index}].quantity`,
          message: `Invoiced quantity ${qty} exceeds the ${received} received against PO ${po.number} line ${poLineNumber} (tolerance ${tolerance}%).`,
          expected: `<= ${received.mul(allowance).toString()} (received)`,
          actual: qty.toString(),
          hint: 'Wait for the goods receipt or ask the warehouse; pay only what was received.',
        });
      }
    }
    return out;
  },
});

/** Σ received quantity of a PO line in cents, or null when a received quantity is not plain. */
function receivedCentsOf(receipts: SupplierContext['goodsReceipts'], poLineNumber: string): number | null {
  let sum: number | null = 0;
  for (const g of receipts) {
    for (const l of g.lines) {
      if (l.poLineNumber !== poLineNumber) continue;
      // As dec(..) ?? 0: an absent received quantity adds nothing.
      const c = l.quantityReceived === undefined || l.quantityReceived === null ? 0 : toCents(l.quantityReceived);
      if ((sum = addCents(sum, c)) === null) return null;
    }
  }
  return sum;
}

export const PURCHASE_ORDER_RULES: RuleDefinition[] = [PO_REQUIRED, PO_UNKNOWN, PO_CURRENCY, PO_PRICE, PO_QTY];
