/**
 * Realistic validation traffic for the rule engine: domestic invoices to our ten buying entities that
 * pass every pack (EN 16931, country packs with the national Peppol rules, supplier pack against a
 * matching SupplierContext), except for a known share carrying one planted, typical defect.
 */
import type { CanonicalAllowanceCharge, CanonicalInvoice, CanonicalLine } from '@app/domain';
import type { PriorInvoiceRecord, PurchaseOrderRecord, SupplierContext, ValidateOptions } from '@app/rules';
import { SUPPLIERS, leitwegId, type SupplierProfile } from './rules-traffic.fixtures';
import { pickDefect, type PlantedDefect } from './rules-traffic.defects';
import { addDays, cents, money, recomputeTotals, rng } from './rules-traffic.amounts';

export interface TrafficCase {
  invoice: CanonicalInvoice;
  options: ValidateOptions;
  /** The one defect planted in the invoice; absent on a clean invoice. */
  planted?: PlantedDefect;
}

export interface TrafficOptions {
  count: number;
  /** Share of invoices with one planted defect (0..1). */
  defectRate?: number;
  seed?: number;
}

export const DEFAULT_DEFECT_RATE = 0.12;

const PEPPOL_BIS = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
const XRECHNUNG = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
const ITEMS = [
  'Copy paper A4',
  'Toner cartridge',
  'Laptop',
  'Monitor 27"',
  'Office chair',
  'Cable kit',
  'Consulting hour',
  'Maintenance',
  'Safety gloves',
  'Pallet',
];

function baseInvoice(
  k: number,
  sp: SupplierProfile,
  rand: () => number,
): { invoice: CanonicalInvoice; context: SupplierContext } {
  const e = sp.entity;
  const seq = 100000 + k;
  const issueDate = addDays('2026-01-05', Math.floor(rand() * 85));
  const withPo = sp.record.requiresPo || rand() < 0.3;
  const poNumber = `PO-${e.cc}-${seq}`;
  const lineCount = 1 + Math.floor(rand() * 10);
  const lines: CanonicalLine[] = [];
  const poLines: PurchaseOrderRecord['lines'] = [];
  for (let i = 0; i < lineCount; i++) {
    const qty = 1 + Math.floor(rand() * 20);
    const priceCents = 100 + Math.floor(rand() * 50000);
    const name = ITEMS[Math.floor(rand() * ITEMS.length)];
    const line: CanonicalLine = {
      id: String(i + 1),
      name,
      quantity: String(qty),
      unitCode: 'C62',
      unitPrice: money(priceCents),
      netAmount: money(qty * priceCents),
      vatCategory: 'S',
      vatRate: e.rate,
    };
    if (withPo) {
      line.poLineReference = String(i + 1);
      poLines.push({
        lineNumber: String(i + 1),
        description: name,
        quantity: String(qty),
        unitPrice: money(priceCents),
      });
    }
    lines.push(line);
  }
  const xrechnung = e.cc === 'DE';
  const invoice: CanonicalInvoice = {
    customizationId: xrechnung ? XRECHNUNG : PEPPOL_BIS,
    profileId: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
    invoiceNumber: `${e.cc}-2026-${seq}`,
    issueDate,
    typeCode: '380',
    currency: e.currency,
    dueDate: addDays(issueDate, sp.record.paymentTermsDays!),
    buyerReference: xrechnung ? leitwegId('991', `${String(k % 100000).padStart(5, '0')}`) : `REF-${e.cc}-${k % 1000}`,
    ...(withPo ? { purchaseOrderReference: poNumber } : {}),
    delivery: { date: addDays(issueDate, -Math.floor(rand() * 5)) },
    seller: {
      name: sp.record.name,
      vatId: sp.vatId,
      legalRegistrationId: sp.legalRegistrationId,
      ...(sp.legalRegistrationSchemeId ? { legalRegistrationSchemeId: sp.legalRegistrationSchemeId } : {}),
      ...(sp.taxRegistrationId ? { taxRegistrationId: sp.taxRegistrationId } : {}),
      countryCode: e.cc,
      address: { line1: 'Industrial Road 1', city: 'Capital', postalCode: '10001', countryCode: e.cc },
      electronicAddress: { id: sp.vatId, schemeId: '9930' },
      iban: sp.iban,
      contact: {
        name: 'Accounts receivable',
        phone: '+000 100 200',
        email: `ar@supplier-${e.cc.toLowerCase()}.example`,
      },
    },
    buyer: {
      name: `Our entity ${e.cc}`,
      vatId: e.vatId,
      countryCode: e.cc,
      address: { line1: 'Main Street 2', city: 'Capital', postalCode: '10002', countryCode: e.cc },
      electronicAddress: { id: e.vatId, schemeId: '9930' },
    },
    paymentMeans: [
      { typeCode: e.paymentMeansCode, remittanceInfo: `${e.cc}-2026-${seq}`, accounts: [{ iban: sp.iban }] },
    ],
    lines,
  };
  if (rand() < 0.2) {
    const freight: CanonicalAllowanceCharge = {
      chargeIndicator: true,
      amount: money(500 + Math.floor(rand() * 5000)),
      vatCategory: 'S',
      vatRate: e.rate,
      reason: 'Freight',
      reasonCode: 'FC',
    };
    invoice.allowanceCharges = [freight];
  }
  recomputeTotals(invoice, e.rate);
  // Earlier invoices of the supplier: other numbers and amounts, so neither duplicate rule has a match.
  const payable = cents(invoice.totals!.payable!);
  const priorInvoices: PriorInvoiceRecord[] = [1, 2, 3].map((back) => ({
    id: `prior-${k}-${back}`,
    invoiceNumber: `${e.cc}-2026-${seq - 10 * back}`,
    issueDate: addDays(issueDate, -7 * back),
    payable: money(payable + 1000 * back + 37),
    currency: e.currency,
  }));
  const purchaseOrder: PurchaseOrderRecord | null = withPo
    ? { id: `po-${k}`, number: poNumber, supplierId: sp.record.id, currency: e.currency, lines: poLines }
    : null;
  // Three-way match for half of the PO invoices: everything ordered was received.
  const goodsReceipts =
    withPo && rand() < 0.5
      ? [{ poNumber, lines: poLines.map((l) => ({ poLineNumber: l.lineNumber, quantityReceived: l.quantity })) }]
      : [];
  return { invoice, context: { supplier: sp.record, purchaseOrder, goodsReceipts, priorInvoices } };
}

/** Generates the traffic: one case per invoice, round-robin over the ten buying entities. */
export function generateTraffic({ count, defectRate = DEFAULT_DEFECT_RATE, seed = 42 }: TrafficOptions): TrafficCase[] {
  const rand = rng(seed);
  const out: TrafficCase[] = [];
  for (let k = 0; k < count; k++) {
    const sp = SUPPLIERS[k % SUPPLIERS.length];
    const { invoice, context } = baseInvoice(k, sp, rand);
    const c: TrafficCase = { invoice, options: { format: 'json', buyerCountry: sp.entity.cc, supplier: context } };
    if (rand() < defectRate) {
      const defect = pickDefect(sp, invoice, context, rand);
      if (defect) c.planted = defect.plant(invoice, context, sp, rand);
    }
    out.push(c);
  }
  return out;
}
