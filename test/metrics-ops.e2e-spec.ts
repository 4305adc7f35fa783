import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { MetricsRollupService } from '@app/metrics';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { ALL_QUEUES } from '@app/queueing';
import { createApiApp } from '../apps/api/src/bootstrap';

describe('Prometheus /metrics and the queue board', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;

  const login = async (role: 'admin' | 'reviewer') => {
    const u = await createStaffUser(ds, { role });
    return (
      await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: u.email, password: 'password' } })
    ).json().accessToken as string;
  };
  const sample = (text: string, line: string) =>
    text
      .split('\n')
      .find((l) => l.startsWith(`${line} `))
      ?.slice(line.length + 1);

  beforeAll(async () => {
    env = await createTestEnvironment('metricsops');
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    const integration = (await createIntegration(ds)).id;
    await ds.query(
      `INSERT INTO review_queues (key, name, category, country, sla_minutes) VALUES ('vat.FI', 'VAT FI', 'regulatory', 'FI', 60) ON CONFLICT (key) DO NOTHING`,
    );
    // Two days ago (rolled up) and today (raw tail): validation took 0.3 s, 4 s and 20 s.
    const rows = await ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, buyer_country, canonical, received_at, validated_at)
      VALUES ($1, 'api', 'json', 'ready', 'A', 'FI', '{}', now() - interval '2 days', now() - interval '2 days' + interval '0.3 seconds'),
             ($1, 'api', 'ubl', 'in_review', 'B', 'FI', '{}', now() - interval '2 days', now() - interval '2 days' + interval '4 seconds'),
             ($1, 'api', 'json', 'in_review', 'C', 'EE', '{}', now() - interval '1 minute', now() - interval '1 minute' + interval '20 seconds')
      RETURNING id`,
      [integration],
    );
    await ds.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, status, created_at, sla_due_at, resolved_at)
      VALUES ($1, 'vat.FI', 'vat.FI', 'regulatory', 'FI', 'resolved', now() - interval '2 days', now() - interval '2 days' + interval '1 hour', now() - interval '1 day'),
             ($2, 'vat.FI', 'vat.FI', 'regulatory', 'FI', 'open', now() - interval '3 hours', now() - interval '1 hour', NULL)`,
      [rows[1].id, rows[2].id],
    );
    await new MetricsRollupService(ds).refresh();
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('exposes intake counts, validation duration, queue depth and SLA breaches computed from PostgreSQL', async () => {
    await app.inject({ method: 'GET', url: '/health/live' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(sample(text, 'triage_invoices_received_total{format="json",country="FI"}')).toBe('1');
    expect(sample(text, 'triage_invoices_received_total{format="json",country="EE"}')).toBe('1');
    expect(sample(text, 'triage_invoices{format="ubl",country="FI",status="in_review"}')).toBe('1');
    expect(sample(text, 'triage_invoice_validation_duration_seconds_bucket{format="json",le="0.5"}')).toBe('1');
    expect(sample(text, 'triage_invoice_validation_duration_seconds_bucket{format="json",le="30"}')).toBe('2');
    expect(sample(text, 'triage_invoice_validation_duration_seconds_bucket{format="json",le="+Inf"}')).toBe('2');
    expect(Number(sample(text, 'triage_invoice_validation_duration_seconds_sum{format="json"}'))).toBeCloseTo(20.3, 3);
    expect(sample(text, 'triage_review_queue_depth{queue="vat.FI"}')).toBe('1');
    expect(Number(sample(text, 'triage_review_queue_oldest_age_seconds{queue="vat.FI"}'))).toBeGreaterThanOrEqual(
      3 * 3600 - 5,
    );
    expect(sample(text, 'triage_review_queue_sla_breached{queue="vat.FI"}')).toBe('1');
    // One resolved after its due time (rolled up) plus one open past due.
    expect(sample(text, 'triage_sla_breaches_total{queue="vat.FI"}')).toBe('2');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} 1/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('keeps exact invoice counts by status through inserts, updates, deletes and compaction', async () => {
    const exact = () =>
      ds.query(
        `SELECT format, coalesce(buyer_country, '--') AS country, status, count(*)::int AS n FROM invoices GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
    const kept = () =>
      ds.query(
        `SELECT format, country, status, sum(n)::int AS n FROM metric_invoice_status GROUP BY 1, 2, 3 HAVING sum(n) > 0 ORDER BY 1, 2, 3`,
      );
    const integration = (await createIntegration(ds)).id;
    await ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, buyer_country, canonical)
      SELECT $1, 'api', 'cii', 'received', 'S' || g, CASE WHEN g % 2 = 0 THEN 'DE' END, '{}' FROM generate_series(1, 5) g`,
      [integration],
    );
    await ds.query(`UPDATE invoices SET status = 'ready' WHERE invoice_number IN ('S1', 'S2')`);
    await ds.query(`UPDATE invoices SET buyer_country = 'NL' WHERE invoice_number = 'S3'`);
    await ds.query(`UPDATE invoices SET updated_at = now() WHERE invoice_number = 'S4'`);
    await ds.query(`DELETE FROM invoices WHERE invoice_number = 'S5'`);
    const want = await exact();
    expect(want).toContainEqual({ format: 'cii', country: 'NL', status: 'received', n: 1 });
    expect(await kept()).toEqual(want);
    const [{ rows: before }] = await ds.query(`SELECT count(*)::int AS rows FROM metric_invoice_status`);
    await new MetricsRollupService(ds).compactStatusCounts();
    const [{ rows: after }] = await ds.query(`SELECT count(*)::int AS rows FROM metric_invoice_status`);
    expect(after).toBeLessThan(before);
    expect(await kept()).toEqual(want);
  });

  it('lets only admins open the queue board', async () => {
    expect((await app.inject({ method: 'GET', url: '/admin/queues/api/queues' })).statusCode).toBe(401);
    const html = await app.inject({ method: 'GET', url: '/admin/queues', headers: { accept: 'text/html' } });
    expect(html.statusCode).toBe(302);
    expect(html.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');
    const reviewer = await login('reviewer');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/admin/queues/api/queues',
          headers: { authorization: `Bearer ${reviewer}` },
        })
      ).statusCode,
    ).toBe(403);
    const admin = await login('admin');
    const ok = await app.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { cookie: `access_token=${admin}` },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      ok
        .json()
        .queues.map((q: { name: string }) => q.name)
        .sort(),
    ).toEqual([...ALL_QUEUES].sort()); // every queue of the job catalogue, and nothing else
    const page = await app.inject({
      method: 'GET',
      url: '/admin/queues',
      headers: { cookie: `access_token=${admin}` },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html');
  });
});
