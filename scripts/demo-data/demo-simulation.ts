import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import type { CanonicalInvoice } from '@app/domain';
import { Finding, PriorInvoiceRecord, validateInvoice } from '@app/rules';
import { defaultRuleSettings } from '@app/rules/settings';
import {
  BREACH_BOOST,
  computePriority,
  DEFAULT_QUEUE_KEYS,
  defaultQueueSettings,
  fallbackQueueKey,
  planSla,
} from '@app/triage';
import { COUNTRIES, COUNTRY_WEIGHT, Country, DefectKind, HANDLE_MEDIAN_MINUTES, STANDARD_VAT } from './demo-profiles';
import { DemoRandom } from './demo-random';
import { buyerVatIdOf, DemoReviewer, DemoSupplier, offsetOf } from './demo-world';
import { demoIban } from '../../apps/api/src/cli/demo-identities';

/** Rates a country does not charge (an old standard rate or a neighbour's), for the "outdated rate" defect. */
const WRONG_RATE: Record<Country, string> = {
  EE: '20',
  FI: '24',
  SE: '24',
  NO: '24',
  DK: '24',
  LV: '22',
  LT: '22',
  PL: '22',
  DE: '16',
  NL: '19',
};
const SETTINGS = defaultRuleSettings();
const dayIso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Applies one deliberate defect to a correct invoice. Returns false when it does not apply (e.g. no earlier
 * invoice to duplicate). What the defect leads to is left to the rules.
 */
function applyDefect(
  inv: CanonicalInvoice,
  defect: DefectKind,
  ctx: { buyer: Country; prior?: PriorInvoiceRecord; sellerCountry: Country },
): boolean {
  const money = (d: Decimal) => d.toFixed(2);
  const t = inv.totals!;
  const v = inv.vatBreakdown![0];
  const line = inv.lines![0];
  switch (defect) {
    case 'vat-amount': {
      if (new Decimal(v.rate ?? '0').isZero()) return false;
      const tax = new Decimal(v.taxAmount!).plus(1);
      v.taxAmount = money(tax);
      t.taxTotal = money(tax);
      t.taxInclusive = money(new Decimal(t.taxExclusive!).plus(tax));
      t.payable = t.taxInclusive;
      return true;
    }
    case 'vat-rate-outdated': {
      if (new Decimal(v.rate ?? '0').isZero()) return false;
      const rate = WRONG_RATE[ctx.buyer];
      const tax = new Decimal(v.taxableAmount!).mul(rate).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      line.vatRate = rate;
      v.rate = rate;
      v.taxAmount = money(tax);
      t.taxTotal = money(tax);
      t.taxInclusive = money(new Decimal(t.taxExclusive!).plus(tax));
      t.payable = t.taxInclusive;
      return true;
    }
    case 'seller-vat-typo': {
      const id = inv.seller!.vatId!;
      const last = id.search(/\d(?!.*\d)/);
      inv.seller!.vatId = `${id.slice(0, last)}${(Number(id[last]) + 1) % 10}${id.slice(last + 1)}`;
      return true;
    }
    case 'totals-inclusive':
      t.taxInclusive = money(new Decimal(t.taxInclusive!).plus(10));
      return true;
    case 'line-net-total':
      t.lineNetTotal = money(new Decimal(t.lineNetTotal!).plus(5));
      return true;
    case 'buyer-country-missing':
      delete inv.buyer!.countryCode;
      delete inv.buyer!.address!.countryCode;
      return true;
    case 'new-bank-account': {
      const iban = demoIban(ctx.sellerCountry);
      inv.seller!.iban = iban;
      inv.paymentMeans = [{ typeCode: '58', accounts: [{ iban }] }];
      return true;
    }
    case 'long-payment-terms':
      inv.dueDate = dayIso(Date.parse(`${inv.issueDate}T00:00:00Z`) + 90 * 86_400_000);
      return true;
    case 'near-duplicate': {
      const p = ctx.prior;
      if (!p || p.currency !== inv.currency) return false;
      // The same amounts as the earlier invoice, two days later, its number with the last character changed.
      const earlier = p as PriorInvoiceRecord & { invoice?: CanonicalInvoice };
      if (!earlier.invoice) return false;
      inv.lines = JSON.parse(JSON.stringify(earlier.invoice.lines));
      inv.vatBreakdown = JSON.parse(JSON.stringify(earlier.invoice.vatBreakdown));
      inv.totals = JSON.parse(JSON.stringify(earlier.invoice.totals));
      const n = p.invoiceNumber;
      inv.invoiceNumber = `${n.slice(0, -1)}${n.endsWith('9') ? '8' : String(Number(n.slice(-1)) + 1 || 1)}`;
      inv.issueDate = dayIso(Date.parse(`${p.issueDate}T00:00:00Z`) + 2 * 86_400_000);
      return true;
    }
  }
}

const MIN = 60_000;
const HOUR = 3_600_000;

export interface DemoBatch {
  invoices: Record<string, unknown>[];
  exceptions: Record<string, unknown>[];
  findings: Record<string, unknown>[];
  periods: Record<string, unknown>[];
}

/** Simulates invoices arriving over [start, now) and the reviewers working the exceptions they raise. */
export class DemoSimulation {
  private readonly byCountry = new Map<Country, DemoSupplier[]>();
  private readonly reviewersFor = new Map<Country, DemoReviewer[]>();
  private seq = 0;
  /** The last invoices of each supplier (seller VAT id), as the duplicate rules see them. */
  private readonly prior = new Map<string, (PriorInvoiceRecord & { invoice: CanonicalInvoice })[]>();
  /** Queue keys the written exceptions use (the writer makes sure they exist). */
  readonly queueKeys = new Set<string>();

  constructor(
    private readonly rnd: DemoRandom,
    private readonly suppliers: DemoSupplier[],
    private readonly reviewers: DemoReviewer[],
    private readonly integrationId: string,
    private readonly start: number,
    private readonly now: number,
  ) {
    for (const c of COUNTRIES) {
      this.byCountry.set(
        c,
        suppliers.filter((s) => s.country === c),
      );
      this.reviewersFor.set(
        c,
        reviewers.filter((r) => r.countries.includes(c)),
      );
    }
  }

  batch(size: number): DemoBatch {
    const out: DemoBatch = { invoices: [], exceptions: [], findings: [], periods: [] };
    for (let i = 0; i < size; i++) this.invoice(out);
    return out;
  }

  /** Arrivals follow office hours of the buying entity: weekdays 8–17 busy, evenings and weekends quiet. */
  private arrival(country: Country): number {
    for (;;) {
      const t = this.start + this.rnd.next() * (this.now - this.start);
      const local = new Date(t + offsetOf(country) * HOUR);
      const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
      const h = local.getUTCHours();
      const w = (weekend ? 0.12 : 1) * (h >= 8 && h < 17 ? 1 : h >= 6 && h < 20 ? 0.25 : 0.04);
      if (this.rnd.next() < w) return t;
    }
  }

  /** Next office-hours moment (08:00–17:00 local, Mon–Fri) at or after t. */
  private nextOfficeTime(t: number, country: Country): number {
    for (let i = 0; i < 96; i++) {
      const local = new Date(t + offsetOf(country) * HOUR);
      const d = local.getUTCDay();
      const h = local.getUTCHours();
      if (d !== 0 && d !== 6 && h >= 8 && h < 17) return t;
      t = Math.floor((t + HOUR) / HOUR) * HOUR;
    }
    return t;
  }

  /**
   * One invoice: a correct document, sometimes with its supplier's habitual defects, validated by the real
   * rule engine with the supplier's master data. Every finding and exception comes from that verdict;
   * SLA due times come from the queue's business-hours calendar, priorities from the queue's rule.
   */
  private invoice(out: DemoBatch): void {
    const rnd = this.rnd;
    const buyer = rnd.weighted(COUNTRY_WEIGHT);
    const pool = rnd.next() < 0.85 ? this.byCountry.get(buyer)! : this.suppliers;
    const supplier = rnd.pick(pool);
    const received = this.arrival(buyer);
    const validated = received + Math.min(rnd.logNormal(900, 0.8), 60_000);
    const id = randomUUID();
    const number = `${supplier.country}-${new Date(received).getUTCFullYear()}-${String(++this.seq).padStart(7, '0')}`;
    const domestic = supplier.country === buyer;
    const rate = domestic ? STANDARD_VAT[buyer] : '0';
    const category = domestic ? 'S' : 'AE';
    const net = new Decimal(rnd.int(2_000, 2_500_000)).div(100);
    const tax = net.mul(rate).div(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const payable = net.plus(tax);
    const issue = dayIso(received - rnd.int(0, 3) * 86_400_000);
    const sellerCountry = supplier.country;
    const invoice: CanonicalInvoice = {
      invoiceNumber: number,
      issueDate: issue,
      typeCode: '380',
      currency: supplier.currency,
      dueDate: dayIso(Date.parse(`${issue}T00:00:00Z`) + 30 * 86_400_000),
      delivery: { date: issue },
      seller: {
        name: supplier.name,
        vatId: supplier.vatId,
        countryCode: sellerCountry,
        iban: supplier.iban,
        ...(sellerCountry === 'DK'
          ? { legalRegistrationId: supplier.vatId.slice(2), legalRegistrationSchemeId: '0184' }
          : {}),
        address: { line1: 'Harbour Street 1', city: 'Capital', postalCode: '10001', countryCode: sellerCountry },
      },
      buyer: {
        name: `Our entity ${buyer}`,
        vatId: buyerVatIdOf(buyer),
        countryCode: buyer,
        address: { line1: 'Main Road 2', city: 'Capital', postalCode: '20002', countryCode: buyer },
      },
      paymentMeans: [{ typeCode: '58', accounts: [{ iban: supplier.iban }] }],
      lines: [
        {
          id: '1',
          description: 'Services',
          quantity: '1',
          unitCode: 'C62',
          unitPrice: net.toFixed(2),
          netAmount: net.toFixed(2),
          vatCategory: category,
          vatRate: rate,
        },
      ],
      vatBreakdown: [
        {
          category,
          rate,
          taxableAmount: net.toFixed(2),
          taxAmount: tax.toFixed(2),
          ...(category === 'AE' ? { exemptionReason: 'Reverse charge', exemptionReasonCode: 'VATEX-EU-AE' } : {}),
        },
      ],
      totals: {
        lineNetTotal: net.toFixed(2),
        taxExclusive: net.toFixed(2),
        taxTotal: tax.toFixed(2),
        taxInclusive: payable.toFixed(2),
        payable: payable.toFixed(2),
      },
    };
    const priorOfSeller = this.prior.get(supplier.vatId) ?? [];
    const defects =
      rnd.next() < supplier.errorRate
        ? Array.from({ length: rnd.next() < 0.85 ? 1 : 2 }, () => rnd.pick(supplier.habits).defect)
        : [];
    const applied = [...new Set(defects)].filter((d) =>
      applyDefect(invoice, d, { buyer, sellerCountry, prior: priorOfSeller[priorOfSeller.length - 1] }),
    );

    const known = invoice.seller!.vatId === supplier.vatId;
    const findings: Finding[] = validateInvoice(invoice, {
      format: 'json',
      buyerCountry: buyer,
      settings: SETTINGS,
      supplier: {
        supplier: known
          ? {
              id: supplier.id!,
              name: supplier.name,
              vatId: supplier.vatId,
              countryCode: sellerCountry,
              blocked: false,
              requiresPo: false,
              bankAccounts: [supplier.iban],
              priceTolerancePct: '2',
              quantityTolerancePct: '0',
              paymentTermsDays: 30,
              currency: supplier.currency,
            }
          : null,
        purchaseOrder: null,
        goodsReceipts: [],
        priorInvoices: known ? priorOfSeller.map(({ invoice: _i, ...p }) => p) : [],
      },
    });
    const finalPayable = invoice.totals!.payable!;
    priorOfSeller.push({
      id,
      invoiceNumber: invoice.invoiceNumber!,
      issueDate: invoice.issueDate!,
      payable: finalPayable,
      currency: invoice.currency!,
      invoice,
    });
    if (priorOfSeller.length > 3) priorOfSeller.shift();
    this.prior.set(supplier.vatId, priorOfSeller);

    // As the validation step does: one exception per route key of the blocking findings.
    const blocking = findings.filter((f) => f.severity === 'blocking');
    const byRoute = new Map<string, Finding[]>();
    for (const f of blocking) byRoute.set(f.routeKey, [...(byRoute.get(f.routeKey) ?? []), f]);

    const decisions: string[] = [];
    let allClosed = true;
    let lastResolved = validated;
    for (const [routeKey, group] of byRoute) {
      const cat = group[0].category;
      const queueKey = (DEFAULT_QUEUE_KEYS as readonly string[]).includes(routeKey)
        ? routeKey
        : fallbackQueueKey(routeKey);
      this.queueKeys.add(`${queueKey}|${cat}`);
      const queue = defaultQueueSettings(queueKey, cat);
      const exceptionId = randomUUID();
      const created = validated;
      const plan = planSla(new Date(created), {
        slaMinutes: queue.slaMinutes,
        warnAtShare: queue.warnAtShare,
        calendar: queue.calendar,
        timeZone: queue.timeZone,
      });
      const due = plan.dueAt.getTime();
      const family = routeKey.split('.')[0];
      const country = /^[a-z]+\.([A-Z]{2})$/.exec(routeKey)?.[1] ?? buyer;
      const eligible = queue.requiredCountries.length
        ? this.reviewers.filter((r) => queue.requiredCountries.every((c) => r.countries.includes(c as Country)))
        : this.reviewers;
      const reviewer = rnd.pick(eligible.length ? eligible : this.reviewers);
      const claimed = this.nextOfficeTime(created, buyer) + rnd.logNormal(150 * MIN, 1.2);
      const handle = rnd.logNormal((HANDLE_MEDIAN_MINUTES[family] ?? 6) * MIN * reviewer.pace, 0.7);
      const paused = rnd.next() < 0.2 ? rnd.logNormal(45 * MIN, 0.8) : 0;
      const resolved = claimed + handle + paused;
      const until = Math.min(this.now, resolved);
      const breached = until > due;
      const basePriority = computePriority(
        { amount: finalPayable, dueDate: invoice.dueDate ?? null, enteredAt: new Date(created) },
        queue.priorityRule,
        new Date(Math.min(this.now, resolved)),
      );
      const row: Record<string, unknown> = {
        id: exceptionId,
        invoice_id: id,
        route_key: routeKey,
        queue_key: queueKey,
        category: cat,
        country,
        supplier_id: known ? supplier.id : null,
        amount: finalPayable,
        currency: invoice.currency,
        priority: basePriority + (breached && resolved >= this.now ? BREACH_BOOST : 0),
        created_at: iso(created),
        sla_started_at: iso(created),
        sla_warn_at: plan.warnAt.toISOString(),
        sla_due_at: iso(due),
        sla_warned_at: until > plan.warnAt.getTime() ? plan.warnAt.toISOString() : null,
        sla_breached_at: breached ? iso(due) : null,
        escalated_at: breached && resolved >= this.now ? iso(due) : null,
        status: 'open',
        handle_seconds: 0,
      };
      if (claimed >= this.now) {
        allClosed = false;
      } else if (resolved >= this.now) {
        allClosed = false;
        Object.assign(row, {
          status: 'assigned',
          assignee_id: reviewer.id,
          claimed_at: iso(claimed),
          first_claimed_at: iso(claimed),
          last_activity_at: iso(claimed),
        });
        out.periods.push({
          exception_id: exceptionId,
          reviewer_id: reviewer.id,
          started_at: iso(claimed),
          ended_at: null,
        });
      } else {
        const decision = rnd.weighted({ approve: 58, correct: 22, reject: 9, return_to_supplier: 11 });
        decisions.push(decision);
        lastResolved = Math.max(lastResolved, resolved);
        Object.assign(row, {
          status: 'resolved',
          assignee_id: reviewer.id,
          claimed_at: iso(claimed),
          first_claimed_at: iso(claimed),
          last_activity_at: iso(resolved),
          decision,
          decision_reason: `${decision.replace(/_/g, ' ')}: ${group[0].hint ?? group[0].message}`,
          resolved_by: reviewer.id,
          resolved_at: iso(resolved),
          handle_seconds: Math.round(handle / 1000),
        });
        if (paused) {
          const firstPart = handle * 0.4;
          out.periods.push({
            exception_id: exceptionId,
            reviewer_id: reviewer.id,
            started_at: iso(claimed),
            ended_at: iso(claimed + firstPart),
          });
          out.periods.push({
            exception_id: exceptionId,
            reviewer_id: reviewer.id,
            started_at: iso(claimed + firstPart + paused),
            ended_at: iso(resolved),
          });
        } else {
          out.periods.push({
            exception_id: exceptionId,
            reviewer_id: reviewer.id,
            started_at: iso(claimed),
            ended_at: iso(resolved),
          });
        }
      }
      out.exceptions.push(row);
      for (const f of group) {
        out.findings.push({
          invoice_id: id,
          exception_id: exceptionId,
          rule_id: f.ruleId,
          severity: f.severity,
          category: f.category,
          field_path: f.fieldPath,
          message: f.message,
          expected: f.expected ?? null,
          actual: f.actual ?? null,
          hint: f.hint ?? null,
          route_key: f.routeKey,
          created_at: iso(validated),
        });
      }
    }
    for (const f of findings.filter((x) => x.severity !== 'blocking')) {
      out.findings.push({
        invoice_id: id,
        exception_id: null,
        rule_id: f.ruleId,
        severity: f.severity,
        category: f.category,
        field_path: f.fieldPath,
        message: f.message,
        expected: f.expected ?? null,
        actual: f.actual ?? null,
        hint: f.hint ?? null,
        route_key: f.routeKey,
        created_at: iso(validated),
      });
    }
    const status = !byRoute.size
      ? 'ready'
      : !allClosed
        ? 'in_review'
        : decisions.includes('reject')
          ? 'rejected'
          : decisions.includes('return_to_supplier')
            ? 'returned_to_supplier'
            : 'ready';
    out.invoices.push({
      id,
      integration_id: this.integrationId,
      format: 'json',
      status,
      invoice_number: invoice.invoiceNumber,
      issue_date: invoice.issueDate,
      due_date: invoice.dueDate,
      currency: invoice.currency,
      seller_name: supplier.name,
      seller_vat_id: invoice.seller!.vatId,
      seller_country: sellerCountry,
      buyer_vat_id: buyerVatIdOf(buyer),
      buyer_country: buyer,
      supplier_id: known ? supplier.id : null,
      tax_exclusive: invoice.totals!.taxExclusive,
      tax_total: invoice.totals!.taxTotal,
      payable: finalPayable,
      received_at: iso(received),
      validated_at: iso(validated),
      finalized_at: status === 'in_review' ? null : iso(byRoute.size ? lastResolved : validated),
      canonical: invoice,
      defects: applied,
    });
  }
}

const iso = (t: number) => new Date(t).toISOString();
