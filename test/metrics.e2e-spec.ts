import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { MetricsRollupService, querySummary } from '@app/metrics';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

/**
 * Hand-computed fixtures: known timestamps in 2026-03-02 .. 2026-03-04 (UTC) and the figures they must give.
 * Resolution seconds [600, 1200, 1800, 2400, 6000] → p50 1800, p90 4560 (2400 + 0.6·3600), p95 5280.
 * Wait seconds [300, 600, 1200, 1800, 3600] → p50 1200, p90 2880, p95 3240.
 * Handle seconds [300, 480, 600, 600, 2400] → p50 600, p90 1680, p95 2040.
 */
describe('metrics API (hand-computed fixtures)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  let managerToken: string;
  let r1Token: string;
  let r1: string;
  let r2: string;
  const period = 'from=2026-03-02T00:00:00Z&to=2026-03-05T00:00:00Z';

  const get = (url: string, token = managerToken) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const login = async (email: string) =>
    (await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password: 'password' } })).json()
      .accessToken as string;

  beforeAll(async () => {
    env = await createTestEnvironment('metrics');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    await seedFixtures();
    managerToken = await login((await createStaffUser(ds, { role: 'manager', email: 'boss@example.com' })).email);
    r1Token = await login('r1@example.com');
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  async function seedFixtures() {
    const integration = (await createIntegration(ds)).id;
    r1 = (
      await createStaffUser(ds, {
        email: 'r1@example.com',
        name: 'Reviewer One',
        reviewer: { capacity: 4, weeklyGoal: 10, countries: ['FI'] },
      })
    ).id;
    r2 = (
      await createStaffUser(ds, {
        email: 'r2@example.com',
        name: 'Reviewer Two',
        reviewer: { capacity: 5, weeklyGoal: 4, countries: ['EE'], timeZone: 'Europe/Tallinn' },
      })
    ).id;
    for (const [key, country] of [
      ['vat.FI', 'FI'],
      ['vat.EE', 'EE'],
    ]) {
      await ds.query(
        `INSERT INTO review_queues (key, name, category, country, sla_minutes, warn_at_share) VALUES ($1, $1, 'regulatory', $2, 60, 0.75)
        ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, sla_minutes = 60, warn_at_share = 0.75`,
        [key, country],
      );
    }
    const [s1] = await ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Supplier One', 'FI00000001', 'FI') RETURNING id`,
    );
    const [s2] = await ds.query(
      `INSERT INTO suppliers (name, vat_id, country_code) VALUES ('Supplier Two', 'EE00000002', 'EE') RETURNING id`,
    );
    const inv: Record<string, string> = {};
    const invoices: [string, string, string | null, string][] = [
      ['I1', 'FI', s1.id, '2026-03-02T01:00:00Z'],
      ['I2', 'FI', s1.id, '2026-03-02T02:00:00Z'],
      ['I3', 'FI', s1.id, '2026-03-02T03:00:00Z'],
      ['I4', 'EE', s2.id, '2026-03-02T04:00:00Z'],
      ['I5', 'FI', s1.id, '2026-03-03T01:00:00Z'],
      ['I6', 'EE', s2.id, '2026-03-03T02:00:00Z'],
      ['I7', 'EE', s2.id, '2026-03-03T03:00:00Z'],
      ['I8', 'EE', s2.id, '2026-03-04T00:10:00Z'],
      ['I9', 'FI', null, '2026-03-04T01:00:00Z'],
      ['I10', 'FI', null, '2026-03-04T02:00:00Z'],
    ];
    for (const [name, country, supplier, at] of invoices) {
      const [row] = await ds.query(
        `INSERT INTO invoices (integration_id, source, format, status, invoice_number, buyer_country, supplier_id, canonical, received_at, validated_at)
        VALUES ($1, 'api', $2, 'ready', $3, $4, $5, '{}', $6::timestamptz, $6::timestamptz + interval '2 seconds') RETURNING id`,
        [integration, name === 'I4' ? 'ubl' : 'json', name, country, supplier, at],
      );
      inv[name] = row.id;
    }
    type Ex = {
      inv: string;
      queue: string;
      country: string;
      created: string;
      claimed?: string;
      resolved?: string;
      due?: string;
      by?: string;
      periods?: [string, string | null][];
    };
    const exceptions: Ex[] = [
      {
        inv: 'I1',
        queue: 'vat.FI',
        country: 'FI',
        created: '2026-03-02T08:00:00Z',
        claimed: '2026-03-02T08:05:00Z',
        resolved: '2026-03-02T08:10:00Z',
        due: '2026-03-02T12:00:00Z',
        by: r1,
        periods: [['2026-03-02T08:05:00Z', '2026-03-02T08:10:00Z']],
      },
      {
        inv: 'I2',
        queue: 'vat.FI',
        country: 'FI',
        created: '2026-03-02T09:00:00Z',
        claimed: '2026-03-02T09:10:00Z',
        resolved: '2026-03-02T09:20:00Z',
        due: '2026-03-02T10:00:00Z',
        by: r1,
        periods: [
          ['2026-03-02T09:10:00Z', '2026-03-02T09:15:00Z'],
          ['2026-03-02T09:17:00Z', '2026-03-02T09:20:00Z'],
        ],
      },
      {
        inv: 'I5',
        queue: 'vat.FI',
        country: 'FI',
        created: '2026-03-03T10:00:00Z',
        claimed: '2026-03-03T10:20:00Z',
        resolved: '2026-03-03T10:30:00Z',
        due: '2026-03-03T10:15:00Z',
        by: r1,
        periods: [['2026-03-03T10:20:00Z', '2026-03-03T10:30:00Z']],
      },
      {
        inv: 'I6',
        queue: 'vat.EE',
        country: 'EE',
        created: '2026-03-03T23:00:00Z',
        claimed: '2026-03-03T23:30:00Z',
        resolved: '2026-03-03T23:40:00Z',
        by: r2,
        periods: [['2026-03-03T23:30:00Z', null]],
      },
      {
        inv: 'I8',
        queue: 'vat.EE',
        country: 'EE',
        created: '2026-03-04T01:00:00Z',
        claimed: '2026-03-04T02:00:00Z',
        resolved: '2026-03-04T02:40:00Z',
        due: '2026-03-04T03:00:00Z',
        by: r2,
        periods: [['2026-03-04T02:00:00Z', '2026-03-04T02:40:00Z']],
      },
      { inv: 'I9', queue: 'vat.FI', country: 'FI', created: '2026-03-04T06:00:00Z', due: '2026-03-04T07:00:00Z' },
    ];
    for (const e of exceptions) {
      const [row] = await ds.query(
        `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, status, created_at, first_claimed_at, claimed_at, resolved_at, resolved_by, sla_due_at)
        VALUES ($1, $2, $2, 'regulatory', $3, $4, $5, $6, $6, $7, $8, $9) RETURNING id`,
        [
          inv[e.inv],
          e.queue,
          e.country,
          e.resolved ? 'resolved' : 'open',
          e.created,
          e.claimed ?? null,
          e.resolved ?? null,
          e.by ?? null,
          e.due ?? null,
        ],
      );
      for (const [start, end] of e.periods ?? []) {
        await ds.query(
          `INSERT INTO exception_work_periods (exception_id, reviewer_id, started_at, ended_at) VALUES ($1, $2, $3, $4)`,
          [row.id, e.by, start, end],
        );
      }
    }
    // Live work relative to now: one at risk, one breached (both with reviewer one), one resolved by reviewer two seconds ago.
    const live = async (
      invoice: string,
      created: string,
      due: string,
      assignee: string | null,
      resolved: string | null,
      by: string | null,
    ) =>
      ds.query(
        `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, status, created_at, sla_due_at, assignee_id, resolved_at, resolved_by)
       VALUES ($1, $2, $2, 'regulatory', $3, $4, now() - $5::interval, now() + $6::interval, $7, now() - $8::interval, $9)`,
        [
          inv[invoice],
          invoice === 'L3' ? 'vat.EE' : 'vat.FI',
          invoice === 'L3' ? 'EE' : 'FI',
          resolved ? 'resolved' : 'assigned',
          created,
          due,
          assignee,
          resolved,
          by,
        ],
      );
    for (const name of ['L1', 'L2', 'L3']) {
      const [row] = await ds.query(
        `INSERT INTO invoices (integration_id, source, format, status, invoice_number, buyer_country, canonical) VALUES ($1, 'api', 'json', 'in_review', $2, 'FI', '{}') RETURNING id`,
        [integration, name],
      );
      inv[name] = row.id;
    }
    await live('L1', '30 minutes', '5 minutes', r1, null, null);
    await live('L2', '2 days', '-1 day', r1, null, null);
    await live('L3', '10 minutes', '1 hour', null, '5 seconds', r2);
    await ds.query(`INSERT INTO findings (invoice_id, validation_run, rule_id, severity, category, field_path, message, route_key, created_at)
      SELECT i.id, 1, f.rule, 'blocking', 'regulatory', 'x', 'm', 'vat.FI', i.validated_at FROM invoices i JOIN (VALUES
        ('I1', 'BR-CO-15'), ('I2', 'BR-CO-15'), ('I2', 'BR-CO-15'), ('I9', 'BR-CO-15'), ('I6', 'EE-R-1'), ('I8', 'EE-R-1'), ('I5', 'PO-MISSING')) f(inv, rule)
      ON i.invoice_number = f.inv`);
    await ds.query(`INSERT INTO findings (invoice_id, validation_run, rule_id, severity, category, field_path, message, route_key)
      SELECT id, 1, 'WARN-ONLY', 'warning', 'data-quality', 'x', 'm', 'data.FI' FROM invoices WHERE invoice_number = 'I3'`);
  }

  const expectedSummary = {
    received: 10,
    validated: 10,
    touchless: 4,
    touchlessRate: 0.4,
    exceptionsOpened: 6,
    exceptionsResolved: 5,
    resolutionTime: { count: 5, mean: 2400, p50: 1800, p90: 4560, p95: 5280 },
    waitTime: { count: 5, mean: 1500, p50: 1200, p90: 2880, p95: 3240 },
    handleTime: { count: 5, mean: 876, p50: 600, p90: 1680, p95: 2040 },
    percentileMethod: 'exact',
    slaAttainment: 0.75,
    scope: 'all',
  };

  it('computes the summary from raw rows before any roll-up', async () => {
    const res = await get(`/v1/metrics/summary?${period}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ...expectedSummary, rolledThrough: null });
    expect(body.throughput.perHour).toBeCloseTo(5 / 72, 10);
    expect(body.throughput.perDay).toBeCloseTo(5 / 3, 10);
    expect(body.series).toEqual([
      { day: '2026-03-02', received: 4, opened: 2, resolved: 2 },
      { day: '2026-03-03', received: 3, opened: 2, resolved: 2 },
      { day: '2026-03-04', received: 3, opened: 2, resolved: 1 },
    ]);
  });

  it('gives the same figures when whole days come from the roll-up and the rest from raw rows', async () => {
    const before = (await get(`/v1/metrics/summary?${period}`)).json();
    const rollup = new MetricsRollupService(ds);
    const result = await rollup.refresh(undefined, new Date('2026-03-04T12:00:00Z'));
    expect(result).toMatchObject({ first: '2026-03-02', last: '2026-03-03', days: 2 });
    const after = (await get(`/v1/metrics/summary?${period}`)).json();
    expect(after.rolledThrough).toBe('2026-03-03');
    expect({ ...after, rolledThrough: null }).toEqual(before);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM metric_exception_daily`);
    expect(n).toBeGreaterThan(0);
  });

  it('reads percentiles from the histogram roll-up above the exact limit, within the bucket width', async () => {
    const s = await querySummary(
      ds,
      { from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-05T00:00:00Z') },
      0,
    );
    expect(s.percentileMethod).toBe('histogram');
    expect(s.resolutionTime.count).toBe(5);
    expect(s.resolutionTime.mean).toBeCloseTo(2400, 6);
    for (const [got, want] of [
      [s.resolutionTime.p50, 1800],
      [s.waitTime.p50, 1200],
      [s.handleTime.p95, 2040],
      [s.resolutionTime.p90, 4560],
    ] as const) {
      expect(Math.abs((got as number) - want) / want).toBeLessThan(0.1);
    }
    // Whole months come from the monthly tier and give the same histogram as the daily rows.
    await new MetricsRollupService(ds).refresh(undefined, new Date('2026-05-02T12:00:00Z'));
    const [{ months }] = await ds.query(`SELECT count(DISTINCT month)::int AS months FROM metric_duration_monthly`);
    expect(months).toBeGreaterThanOrEqual(1);
    const long = await querySummary(
      ds,
      { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') },
      0,
    );
    expect([long.resolutionTime, long.waitTime, long.handleTime]).toEqual([s.resolutionTime, s.waitTime, s.handleTime]);
    await ds.query(`UPDATE metric_rollup_state SET rolled_through = '2026-03-03'`);
  });

  it('filters by country and by queue', async () => {
    const fi = (await get(`/v1/metrics/summary?${period}&country=FI`)).json();
    expect(fi).toMatchObject({
      received: 6,
      validated: 6,
      touchless: 2,
      exceptionsOpened: 4,
      exceptionsResolved: 3,
      slaAttainment: 2 / 3,
    });
    expect(fi.touchlessRate).toBeCloseTo(2 / 6, 10);
    expect(fi.resolutionTime).toMatchObject({ p50: 1200, count: 3 });
    const ee = (await get(`/v1/metrics/summary?${period}&queue=vat.EE`)).json();
    expect(ee).toMatchObject({
      exceptionsOpened: 2,
      exceptionsResolved: 2,
      slaAttainment: 1,
      filters: { queue: 'vat.EE', country: null },
    });
    expect(ee.resolutionTime).toMatchObject({ p50: 4200, count: 2 });
    expect(ee.waitTime).toMatchObject({ p50: 2700 });
  });

  it('lists queue backlog with ageing, SLA risk and arrival/service rates', async () => {
    const res = await get(`/v1/metrics/queues?${period}`);
    expect(res.statusCode).toBe(200);
    const fi = res.json().queues.find((q: { key: string }) => q.key === 'vat.FI');
    expect(fi).toMatchObject({
      backlog: 3,
      unassigned: 1,
      atRisk: 1,
      breached: 2,
      arrivals: 4,
      resolved: 3,
      slaAttainment: 2 / 3,
      ageing: { under1h: 1, h1to4: 0, h4to24: 0, d1to3: 1, d3to7: 0, over7d: 1 },
    });
    expect(fi.arrivalRatePerHour).toBeCloseTo(4 / 72, 10);
    expect(fi.serviceRatePerHour).toBeCloseTo(3 / 72, 10);
    expect(fi.oldestAgeSeconds).toBeGreaterThan(200 * 86400);
    const ee = res.json().queues.find((q: { key: string }) => q.key === 'vat.EE');
    expect(ee).toMatchObject({ backlog: 0, arrivals: 2, resolved: 2, oldestAgeSeconds: null });
  });

  it('shows reviewer load, resolutions and goal progress', async () => {
    const body = (await get(`/v1/metrics/reviewers?${period}`)).json();
    const one = body.reviewers.find((r: { reviewerId: string }) => r.reviewerId === r1);
    const two = body.reviewers.find((r: { reviewerId: string }) => r.reviewerId === r2);
    expect(one).toMatchObject({
      open: 2,
      capacity: 4,
      utilisation: 0.5,
      resolvedInPeriod: 3,
      medianHandleSeconds: 480,
      weeklyGoal: 10,
      goalProgress: 0,
      availability: 'online',
    });
    expect(two).toMatchObject({
      open: 0,
      resolvedToday: 1,
      resolvedThisWeek: 1,
      resolvedInPeriod: 2,
      medianHandleSeconds: 1500,
      goalProgress: 0.25,
      timeZone: 'Europe/Tallinn',
    });
  });

  it('ranks root causes by supplier, country and rule', async () => {
    const bySupplier = (await get(`/v1/metrics/root-causes?${period}&by=supplier&minInvoices=0`)).json();
    expect(
      bySupplier.items.map((i: { label: string; rate: number; validated: number; affected: number }) => [
        i.label,
        i.validated,
        i.affected,
        i.rate,
      ]),
    ).toEqual([
      ['Supplier One', 4, 3, 0.75],
      ['Supplier Two', 4, 2, 0.5],
      ['Unknown supplier', 2, 1, 0.5],
    ]);
    expect(bySupplier.totalValidated).toBe(10);
    const byCountry = (await get(`/v1/metrics/root-causes?${period}&by=country&minInvoices=0`)).json();
    expect(
      byCountry.items.map((i: { key: string; affected: number; exceptions: number }) => [
        i.key,
        i.affected,
        i.exceptions,
      ]),
    ).toEqual([
      ['FI', 4, 4],
      ['EE', 2, 2],
    ]);
    const byRule = (await get(`/v1/metrics/root-causes?${period}&by=rule&minInvoices=0`)).json();
    expect(
      byRule.items.map((i: { key: string; affected: number; exceptions: number; rate: number }) => [
        i.key,
        i.affected,
        i.exceptions,
        i.rate,
      ]),
    ).toEqual([
      ['BR-CO-15', 3, 4, 0.3],
      ['EE-R-1', 2, 2, 0.2],
      ['PO-MISSING', 1, 1, 0.1],
    ]);
    const fiRules = (await get(`/v1/metrics/root-causes?${period}&by=rule&minInvoices=0&country=FI`)).json();
    expect(fiRules.items.map((i: { key: string; rate: number }) => [i.key, i.rate])).toEqual([
      ['BR-CO-15', 0.5],
      ['PO-MISSING', 1 / 6],
    ]);
    const top = (await get(`/v1/metrics/root-causes?${period}&by=supplier&minInvoices=3&limit=1`)).json();
    expect(top.items.map((i: { label: string }) => i.label)).toEqual(['Supplier One']);
  });

  it('shows a reviewer only their own figures', async () => {
    const summary = (await get(`/v1/metrics/summary?${period}`, r1Token)).json();
    expect(summary).toMatchObject({
      scope: 'self',
      received: null,
      exceptionsOpened: null,
      exceptionsResolved: 3,
      slaAttainment: 2 / 3,
    });
    expect(summary.resolutionTime).toMatchObject({ count: 3, p50: 1200 });
    const reviewers = (await get(`/v1/metrics/reviewers?${period}`, r1Token)).json();
    expect(reviewers.reviewers.map((r: { reviewerId: string }) => r.reviewerId)).toEqual([r1]);
    expect((await get(`/v1/metrics/queues?${period}`, r1Token)).statusCode).toBe(403);
    expect((await get(`/v1/metrics/root-causes?${period}`, r1Token)).statusCode).toBe(403);
  });

  it('gives the same root causes and reviewer figures from raw rows, daily roll-ups and whole months', async () => {
    const [{ d: watermark }] = await ds.query(
      `SELECT to_char(rolled_through, 'YYYY-MM-DD') AS d FROM metric_rollup_state`,
    );
    const urls = [
      'from=2026-02-01T00:00:00Z&to=2026-05-01T00:00:00Z',
      'from=2026-02-15T06:00:00Z&to=2026-05-01T00:00:00Z',
      'from=2026-03-03T12:00:00Z&to=2026-04-30T00:00:00Z',
    ].flatMap((p) =>
      ['by=supplier', 'by=country', 'by=rule', 'by=supplier&country=FI', 'by=rule&country=EE', 'by=country&country=EE']
        .map((by) => `/v1/metrics/root-causes?${p}&${by}&minInvoices=0`)
        .concat(`/v1/metrics/reviewers?${p}`),
    );
    const read = async () => Promise.all(urls.map(async (u) => (await get(u)).json()));
    await ds.query(`DELETE FROM metric_rollup_state`);
    const raw = await read();
    // The earlier refresh rolled up through 2026-05-01, so March and April come from the monthly tiers.
    await ds.query(`INSERT INTO metric_rollup_state (name, rolled_through) VALUES ('daily', '2026-05-01')`);
    const [{ months }] = await ds.query(
      `SELECT count(*)::int AS months FROM metric_supplier_monthly WHERE country = '*' AND month IN ('2026-03-01', '2026-04-01')`,
    );
    expect(months).toBeGreaterThan(0);
    const rolled = await read();
    expect(rolled).toEqual(raw);
    expect(raw[0].items.map((i: { label: string; validated: number }) => [i.label, i.validated])).toEqual([
      ['Supplier One', 4],
      ['Supplier Two', 4],
      ['Unknown supplier', 2],
    ]);
    const one = raw[6].reviewers.find((r: { reviewerId: string }) => r.reviewerId === r1);
    expect(one).toMatchObject({ resolvedInPeriod: 3, medianHandleSeconds: 480 });
    await ds.query(`UPDATE metric_rollup_state SET rolled_through = $1`, [watermark]);
  });

  it('rejects bad filters and missing credentials in the error shape of the contract', async () => {
    const bad = await get(`/v1/metrics/summary?country=fin`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('country');
    const inverted = await get(`/v1/metrics/summary?from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z`);
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().error.code).toBe('INVALID_PERIOD');
    expect((await get(`/v1/metrics/root-causes?by=colour`)).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/metrics/summary' })).statusCode).toBe(401);
  });
});
