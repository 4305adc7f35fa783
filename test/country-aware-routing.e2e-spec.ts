import { triageClock } from '@app/triage';
import { TriageRoutingService } from '../apps/worker/src/triage/triage-routing.service';
import { bootTriage, exceptionRow, openException, routingDrained, staff, TriageHarness } from './triage.fixtures';

/** Supplier work goes first to someone who knows the invoice's country, to anyone after the queue's wait. */
describe('country-aware supplier routing (PostgreSQL + Redis, controllable clock)', () => {
  let h: TriageHarness;
  beforeAll(async () => {
    h = await bootTriage('country-routing');
  });
  afterAll(async () => h?.close());

  it('an Estonian supplier issue waits for an Estonian reader, then falls back after 60 minutes', async () => {
    triageClock.set('2026-11-25T09:00:00Z');
    const finn = await staff(h, { countries: ['FI'], categories: ['supplier'] });
    const x = await openException(h, { routeKey: 'supplier.bank-account', category: 'supplier', country: 'EE' });
    await routingDrained(h);
    const [q] = await h.ds.query(
      `SELECT route_by_country, country_fallback_minutes FROM review_queues WHERE key = $1`,
      ['supplier.bank-account'],
    );
    expect(q).toEqual({ route_by_country: true, country_fallback_minutes: 60 });
    const manager = await staff(h, { role: 'manager' });
    const shown = await h.api.inject({ method: 'GET', url: '/v1/queues/supplier.bank-account', headers: manager.auth });
    expect(JSON.parse(shown.body)).toMatchObject({ routeByCountry: true, countryFallbackMinutes: 60 });
    expect((await exceptionRow(h, x.id)).assignee_id).toBeNull(); // nobody reads Estonian yet

    // A Finnish item goes to the Finn at once.
    const y = await openException(h, { routeKey: 'supplier.bank-account', category: 'supplier', country: 'FI' });
    await routingDrained(h);
    expect((await exceptionRow(h, y.id)).assignee_id).toBe(finn.id);

    // After the wait, the Estonian item goes to whoever is eligible.
    triageClock.set('2026-11-25T10:01:00Z');
    expect(await h.worker.get(TriageRoutingService).route(x.id)).toBe(finn.id);
  });

  it('with an Estonian reader on shift, the Estonian item goes to them', async () => {
    triageClock.set('2026-11-25T09:00:00Z');
    await staff(h, { countries: ['FI'], categories: ['supplier'], capacity: 50 });
    const eesti = await staff(h, { countries: ['EE'], categories: ['supplier'], capacity: 50 });
    const x = await openException(h, { routeKey: 'po.price-variance', category: 'supplier', country: 'EE' });
    await routingDrained(h);
    expect((await exceptionRow(h, x.id)).assignee_id).toBe(eesti.id);
  });

  it('filling a reviewer’s capacity (coming online, after a decision) respects the country too, until the wait is over', async () => {
    triageClock.set('2026-11-26T09:00:00Z');
    const x = await openException(h, { routeKey: 'supplier.payment-terms', category: 'supplier', country: 'LT' });
    const z = await openException(h, { routeKey: 'supplier.payment-terms', category: 'supplier', country: 'LV' });
    await routingDrained(h);
    expect((await exceptionRow(h, x.id)).assignee_id).toBeNull();
    const latvian = await staff(h, { countries: ['LV'], categories: ['supplier'], capacity: 50 });
    const routing = h.worker.get(TriageRoutingService);
    // The Latvian reader gets the Latvian item by fill, not the Lithuanian one.
    const filled = (await routing.fill(latvian.id)).map((r) => r.id);
    expect(filled).toContain(z.id);
    expect(filled).not.toContain(x.id);
    expect((await exceptionRow(h, x.id)).assignee_id).toBeNull();
    // After the queue's wait, fill hands the Lithuanian item on as well.
    triageClock.set('2026-11-26T10:01:00Z');
    expect((await routing.fill(latvian.id)).map((r) => r.id)).toContain(x.id);
  });
});
