import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { defaultQueueSettings } from '@app/triage';
import { COUNTRIES, COUNTRY_WEIGHT, Country, HANDLE_MEDIAN_MINUTES, STANDARD_VAT } from './demo-profiles';
import { DemoRandom } from './demo-random';
import { buyerVatIdOf, DemoReviewer, DemoSupplier, offsetOf } from './demo-world';

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

  constructor(
    private readonly rnd: DemoRandom,
    private readonly suppliers: DemoSupplier[],
    private readonly reviewers: DemoReviewer[],
    private readonly integrationId: string,
    private readonly start: number,
    private readonly now: number,
  ) {
    for (const c of COUNTRIES) {
      this.byCountry.set(c, suppliers.filter((s) => s.country === c));
      this.reviewersFor.set(c, reviewers.filter((r) => r.countries.includes(c)));
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

  private invoice(out: DemoBatch): void {
    const rnd = this.rnd;
    const buyer = rnd.weighted(COUNTRY_WEIGHT);
    const pool = rnd.next() < 0.85 ? this.byCountry.get(buyer)! : this.suppliers;
    const supplier = rnd.pick(pool);
    const received = this.arrival(buyer);
    const validated = received + Math.min(rnd.logNormal(900, 0.8), 60_000);
    const id = randomUUID();
    const number = `${supplier.country}-${new Date(received).getUTCFullYear()}-${String(++this.seq).padStart(7, '0')}`;
    const rate = supplier.country === buyer ? STANDARD_VAT[buyer] : '0';
    const net = new Decimal(rnd.int(2_000, 2_500_000)).div(100);
    const tax = net.mul(rate).div(100).toDecimalPlaces(2);
    const payable = net.plus(tax);
    const issue = new Date(received - rnd.int(0, 3) * 86_400_000).toISOString().slice(0, 10);
    const due = new Date(received + 30 * 86_400_000).toISOString().slice(0, 10);
    const picked = rnd.next() < supplier.errorRate ? Array.from({ length: rnd.next() < 0.85 ? 1 : 2 }, () => rnd.pick(supplier.habits)) : [];
    // One exception per route key, as validation groups findings.
    const habits = picked.filter((h, i) => picked.findIndex((o) => o.routeKey === h.routeKey) === i);

    const decisions: string[] = [];
    let allClosed = true;
    let lastResolved = validated;
    for (const habit of habits) {
      const routeKey = habit.routeKey.replace('{cc}', buyer);
      const exceptionId = randomUUID();
      const created = validated;
      const sla = defaultQueueSettings(routeKey, habit.category).slaMinutes * MIN;
      const family = routeKey.split('.')[0];
      const eligible = routeKey.startsWith('vat.') || routeKey.startsWith('data.') ? this.reviewersFor.get(buyer)! : this.reviewers;
      const reviewer = rnd.pick(eligible.length ? eligible : this.reviewers);
      const claimed = this.nextOfficeTime(created, buyer) + rnd.logNormal(150 * MIN, 1.2);
      const handle = rnd.logNormal((HANDLE_MEDIAN_MINUTES[family] ?? 6) * MIN * reviewer.pace, 0.7);
      const paused = rnd.next() < 0.2 ? rnd.logNormal(45 * MIN, 0.8) : 0;
      const resolved = claimed + handle + paused;
      const due = created + sla;
      const row: Record<string, unknown> = {
        id: exceptionId, invoice_id: id, route_key: routeKey, queue_key: routeKey, category: habit.category, country: buyer, supplier_id: supplier.id,
        amount: payable.toFixed(2), currency: supplier.currency, priority: Number(payable.div(1000).toFixed(2)), created_at: iso(created), sla_due_at: iso(due),
        sla_warned_at: Math.min(this.now, resolved) > created + sla * 0.75 ? iso(created + sla * 0.75) : null,
        sla_breached_at: Math.min(this.now, resolved) > due ? iso(due) : null, status: 'open', handle_seconds: 0,
      };
      if (claimed >= this.now) {
        allClosed = false;
      } else if (resolved >= this.now) {
        allClosed = false;
        Object.assign(row, { status: 'assigned', assignee_id: reviewer.id, claimed_at: iso(claimed), first_claimed_at: iso(claimed), last_activity_at: iso(claimed) });
        out.periods.push({ exception_id: exceptionId, reviewer_id: reviewer.id, started_at: iso(claimed), ended_at: null });
      } else {
        const decision = rnd.weighted({ approve: 58, correct: 22, reject: 9, return_to_supplier: 11 });
        decisions.push(decision);
        lastResolved = Math.max(lastResolved, resolved);
        Object.assign(row, {
          status: 'resolved', assignee_id: reviewer.id, claimed_at: iso(claimed), first_claimed_at: iso(claimed), last_activity_at: iso(resolved),
          decision, decision_reason: `${decision.replace(/_/g, ' ')}: ${habit.hint}`, resolved_by: reviewer.id, resolved_at: iso(resolved),
          handle_seconds: Math.round(handle / 1000),
        });
        if (paused) {
          const firstPart = handle * 0.4;
          out.periods.push({ exception_id: exceptionId, reviewer_id: reviewer.id, started_at: iso(claimed), ended_at: iso(claimed + firstPart) });
          out.periods.push({ exception_id: exceptionId, reviewer_id: reviewer.id, started_at: iso(claimed + firstPart + paused), ended_at: iso(resolved) });
        } else {
          out.periods.push({ exception_id: exceptionId, reviewer_id: reviewer.id, started_at: iso(claimed), ended_at: iso(resolved) });
        }
      }
      out.exceptions.push(row);
      out.findings.push({ invoice_id: id, exception_id: exceptionId, rule_id: habit.ruleId, severity: 'blocking', category: habit.category, field_path: habit.fieldPath,
        message: habit.message, hint: habit.hint, route_key: routeKey, created_at: iso(validated) });
    }
    const status = !habits.length ? 'ready' : !allClosed ? 'in_review'
      : decisions.includes('reject') ? 'rejected' : decisions.includes('return_to_supplier') ? 'returned_to_supplier' : 'ready';
    out.invoices.push({
      id, integration_id: this.integrationId, format: supplier.format, status, invoice_number: number, issue_date: issue, due_date: due, currency: supplier.currency,
      seller_name: supplier.name, seller_vat_id: supplier.vatId, seller_country: supplier.country, buyer_vat_id: buyerVatIdOf(buyer), buyer_country: buyer,
      supplier_id: supplier.id, tax_exclusive: net.toFixed(2), tax_total: tax.toFixed(2), payable: payable.toFixed(2),
      received_at: iso(received), validated_at: iso(validated), finalized_at: status === 'in_review' ? null : iso(habits.length ? lastResolved : validated),
      canonical: {
        invoiceNumber: number, issueDate: issue, typeCode: '380', currency: supplier.currency, dueDate: due,
        seller: { name: supplier.name, vatId: supplier.vatId, countryCode: supplier.country, iban: supplier.iban },
        buyer: { name: `Our entity ${buyer}`, vatId: buyerVatIdOf(buyer), countryCode: buyer },
        lines: [{ id: '1', description: 'Services', quantity: '1', unitCode: 'C62', unitPrice: net.toFixed(2), netAmount: net.toFixed(2), vatCategory: rate === '0' ? 'AE' : 'S', vatRate: rate }],
        vatBreakdown: [{ category: rate === '0' ? 'AE' : 'S', rate, taxableAmount: net.toFixed(2), taxAmount: tax.toFixed(2) }],
        totals: { lineNetTotal: net.toFixed(2), taxExclusive: net.toFixed(2), taxTotal: tax.toFixed(2), taxInclusive: payable.toFixed(2), payable: payable.toFixed(2) },
      },
    });
  }
}

const iso = (t: number) => new Date(t).toISOString();
