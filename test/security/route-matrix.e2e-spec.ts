import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createIntegration, createStaffUser, createTestEnvironment, TestEnvironment } from '@app/testing';
import { buildOpenApiDocument, createApiApp } from '../../apps/api/src/bootstrap';

/**
 * Every route of the OpenAPI document × every kind of caller against one expected-status table
 * (test/security/route-matrix.json), plus routes outside OpenAPI (queue board, /metrics, /docs, web pages)
 * and percent-encoded spellings of every path. A route without a row fails the test, with the rows to add.
 *
 * Each route gets fresh records for its path parameters (an invoice of integration A, an exception held by
 * `reviewer`, a supplier, a pending change requested by `manager`, …); the callers run in the fixed order
 * below, so one caller's successful change is what the next one meets. Request bodies are `{}`: allowed
 * callers mostly get 400 (the body is checked after authorisation), denied ones 401/403/404.
 * ROUTE_MATRIX_RECORD=1 writes the observed table instead of comparing (review every changed cell!).
 */
const PRINCIPALS = ['anonymous', 'integrationA', 'integrationB', 'reviewer', 'reviewer2', 'manager', 'admin'] as const;
type Principal = (typeof PRINCIPALS)[number];
type Row = Record<Principal, number>;
interface Matrix {
  principals: Principal[];
  /** Request bodies for rows where `{}` would stop every caller at validation (then the row would show 400, not who may act). */
  bodies: Record<string, unknown>;
  openApi: Record<string, Row>;
  outsideOpenApi: { routes: Record<string, Row>; prefixes: Record<string, string> };
}

const MATRIX_FILE = join(__dirname, 'route-matrix.json');
const METRICS_TOKEN = 'matrix-scrape-token-0123456789abcdef';

describe('route × role matrix', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;
  const saved = { ...process.env };
  const registered: { method: string; url: string }[] = [];
  const headers = {} as Record<Principal, Record<string, string>>;
  const ids = {} as Record<'integrationA' | 'reviewer' | 'manager', string>;
  const staff = {} as Record<'reviewer' | 'reviewer2' | 'manager' | 'admin', { email: string; password: string }>;
  const matrix: Matrix = JSON.parse(readFileSync(MATRIX_FILE, 'utf8'));
  const observed: Matrix = {
    principals: [...PRINCIPALS],
    bodies: matrix.bodies,
    openApi: {},
    outsideOpenApi: { routes: {}, prefixes: matrix.outsideOpenApi.prefixes },
  };

  const signIn = async (who: keyof typeof staff) => {
    const res = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: staff[who] });
    headers[who] = { authorization: `Bearer ${res.json().accessToken}` };
  };

  beforeAll(async () => {
    env = await createTestEnvironment('routematrix');
    process.env.METRICS_TOKEN = METRICS_TOKEN;
    app = await createApiApp({ logger: false });
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (r) => {
        for (const m of [r.method].flat()) if (m !== 'HEAD') registered.push({ method: m, url: r.url });
      });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    ds = app.get(DataSource);
    headers.anonymous = {};
    const a = await createIntegration(ds, 'integration A');
    const b = await createIntegration(ds, 'integration B');
    ids.integrationA = a.id;
    headers.integrationA = { 'x-api-key': a.apiKey };
    headers.integrationB = { 'x-api-key': b.apiKey };
    const skills = { countries: ['FI'], languages: [], categories: ['regulatory', 'supplier', 'data-quality'] };
    for (const [who, role] of [
      ['reviewer', 'reviewer'],
      ['reviewer2', 'reviewer'],
      ['manager', 'manager'],
      ['admin', 'admin'],
    ] as const) {
      const u = await createStaffUser(ds, { role, reviewer: skills });
      staff[who] = { email: u.email, password: u.password };
      if (who === 'reviewer' || who === 'manager') ids[who] = u.id;
      await signIn(who);
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
    process.env = saved;
  });

  /** Fresh records for one route's path parameters. */
  const fixtureFor = async (path: string): Promise<Record<string, string>> => {
    const invoice = async () =>
      (
        await ds.query(
          `INSERT INTO invoices (integration_id, source, format, status, invoice_number, currency, payable, buyer_country, canonical, validation_runs)
       VALUES ($1,'api','json','in_review',$2,'EUR','100.00','FI',$3,1) RETURNING id`,
          [
            ids.integrationA,
            `M-${randomBytes(4).toString('hex')}`,
            JSON.stringify({ invoiceNumber: 'M', currency: 'EUR', lines: [{ id: '1', vatRate: '25.5' }] }),
          ],
        )
      )[0].id as string;
    // The posted PDF of a Factur-X invoice, so that the routes serving it answer 200 where they may.
    const withOriginal = async (invoiceId: string) => {
      await ds.query(
        `INSERT INTO invoice_originals (invoice_id, content_type, attachment_name, content, byte_size) VALUES ($1, 'application/pdf', 'factur-x.xml', '\\x255044462d', 5)`,
        [invoiceId],
      );
      return invoiceId;
    };
    const supplier = async (blocked = false) =>
      (
        await ds.query(
          `INSERT INTO suppliers (name, vat_id, country_code, blocked) VALUES ('Matrix Oy', $1, 'FI', $2) RETURNING id`,
          [`FI${randomBytes(4).readUInt32BE() % 100000000}`.padEnd(10, '0'), blocked],
        )
      )[0].id as string;
    if (path.startsWith('/v1/invoices/')) return { id: await withOriginal(await invoice()) };
    if (path.startsWith('/v1/exceptions/')) {
      const inv = await withOriginal(await invoice());
      const [e] = await ds.query(
        `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, amount, currency, status, assignee_id, claimed_at)
        VALUES ($1,'vat.FI','vat.FI','regulatory','FI','100.00','EUR','assigned',$2, now()) RETURNING id`,
        [inv, ids.reviewer],
      );
      return { id: e.id };
    }
    if (path === '/v1/review/next') {
      await ds.query(
        `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, amount, currency, status)
        VALUES ($1,'vat.FI','vat.FI','regulatory','FI','100.00','EUR','open')`,
        [await invoice()],
      );
      return {};
    }
    if (path.startsWith('/v1/suppliers/')) return { id: await supplier() };
    if (path.startsWith('/v1/purchase-orders/')) {
      const number = `PO-${randomBytes(4).toString('hex')}`;
      const [po] = await ds.query(
        `INSERT INTO purchase_orders (number, supplier_id, currency) VALUES ($1, $2, 'EUR') RETURNING id`,
        [number, await supplier()],
      );
      await ds.query(
        `INSERT INTO purchase_order_lines (purchase_order_id, line_number, quantity, unit_price) VALUES ($1, '1', 1, 10)`,
        [po.id],
      );
      return { idOrNumber: number };
    }
    if (path.startsWith('/v1/pending-changes/')) {
      const target = await supplier(true);
      const [c] = await ds.query(
        `INSERT INTO pending_changes (kind, target_type, target_id, payload, requested_by) VALUES ('supplier.unblock','supplier',$1,'{}',$2) RETURNING id`,
        [target, ids.manager],
      );
      return { id: c.id };
    }
    if (path.startsWith('/v1/queues/')) return { key: 'vat.FI' };
    if (path.startsWith('/v1/closing-days/')) {
      const [d] = await ds.query(
        `INSERT INTO closing_days (day, queue_key, reason, created_by) VALUES ('2099-01-02', NULL, 'matrix', $1)
         ON CONFLICT DO NOTHING RETURNING id`,
        [ids.manager],
      );
      return d ? { id: d.id } : {};
    }
    if (path.startsWith('/v1/webhooks/') || path.startsWith('/v1/admin/webhooks/')) {
      const [endpoint] = await ds.query(
        `INSERT INTO webhook_endpoints (integration_id, url, event_types, secret) VALUES ($1, 'https://erp.example.com/hook', '{invoice.ready}', 'whsec_matrix') RETURNING id`,
        [ids.integrationA],
      );
      if (path.startsWith('/v1/webhooks/endpoints/')) return { id: endpoint.id };
      const [event] = await ds.query(
        `INSERT INTO webhook_events (event_type, integration_id, invoice_id, audit_event_id, payload, occurred_at)
         VALUES ('invoice.ready', $1, $2, -floor(random() * 1e12)::bigint, '{}', now()) RETURNING id`,
        [ids.integrationA, await invoice()],
      );
      const [d] = await ds.query(
        `INSERT INTO webhook_deliveries (event_id, endpoint_id, status) VALUES ($1, $2, 'failed') RETURNING id`,
        [event.id, endpoint.id],
      );
      return { id: d.id };
    }
    if (path.startsWith('/v1/reviewers/')) return { id: ids.reviewer };
    if (path.startsWith('/v1/admin/staff/')) return { id: (await createStaffUser(ds, { role: 'reviewer' })).id };
    if (path.startsWith('/v1/admin/integrations/')) return { id: (await createIntegration(ds, 'integration C')).id };
    return {};
  };

  const fill = (path: string, params: Record<string, string>) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? randomUUID());
  /** The same path with the first letter of its first segment percent-encoded: Fastify routes both alike. */
  const encoded = (url: string) =>
    url.replace(
      /^\/(v1\/)?([a-z])/,
      (_, v1: string | undefined, c: string) => `/${v1 ?? ''}%${c.charCodeAt(0).toString(16)}`,
    );

  const send = async (method: string, url: string, who: Principal, body: unknown = {}) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: headers[who],
      ...(['POST', 'PUT', 'PATCH'].includes(method) ? { payload: body as object } : {}),
    });
    return res.statusCode;
  };

  /** A call such as logout may end a staff session: sign in again so the next route meets the same callers. */
  const keepSignedIn = async () => {
    for (const who of ['reviewer', 'reviewer2', 'manager', 'admin'] as const) {
      if ((await app.inject({ method: 'GET', url: '/v1/me', headers: headers[who] })).statusCode === 401)
        await signIn(who);
    }
  };

  const runRow = async (method: string, path: string, problems: string[]): Promise<Row> => {
    const params = await fixtureFor(path);
    const url = fill(path, params);
    const body = matrix.bodies[`${method} ${path}`] ?? {};
    const row = {} as Row;
    for (const who of PRINCIPALS) row[who] = await send(method, url, who, body);
    const variant = encoded(url);
    if (variant !== url) {
      const anon = await send(method, variant, 'anonymous', body);
      if (anon !== row.anonymous)
        problems.push(`${method} ${variant} as anonymous: ${anon}, but ${row.anonymous} on ${url}`);
      const other = await send(method, variant, 'reviewer2', body);
      if (row.reviewer2 >= 400 && other < 400)
        problems.push(`${method} ${variant} as reviewer2: ${other}, but ${row.reviewer2} on ${url}`);
    }
    await keepSignedIn();
    // What one route left open or held must not change what the next route meets (review/next would take it).
    await ds.query(`UPDATE exceptions SET status = 'superseded', assignee_id = NULL WHERE status <> 'superseded'`);
    return row;
  };

  const compare = (section: string, expected: Record<string, Row>, got: Record<string, Row>, problems: string[]) => {
    const missing = Object.keys(got).filter((k) => !expected[k]);
    if (missing.length) {
      problems.push(
        `routes without a row in ${section} of test/security/route-matrix.json; add (after checking each status is what it should be):\n` +
          missing.map((k) => `    ${JSON.stringify(k)}: ${JSON.stringify(got[k])},`).join('\n'),
      );
    }
    for (const [k, row] of Object.entries(got)) {
      if (!expected[k]) continue;
      const diff = PRINCIPALS.filter((p) => expected[k][p] !== row[p]).map(
        (p) => `${p}: expected ${expected[k][p]}, got ${row[p]}`,
      );
      if (diff.length) problems.push(`${k}: ${diff.join('; ')}`);
    }
    const gone = Object.keys(expected).filter((k) => !got[k]);
    if (gone.length)
      problems.push(`rows in ${section} for routes that no longer exist (remove them): ${gone.join(', ')}`);
  };

  it('every route × caller answers as the table says; encoded paths answer like plain ones', async () => {
    const doc = buildOpenApiDocument(app);
    const problems: string[] = [];
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path })),
    );
    expect(operations.length).toBeGreaterThan(30);
    for (const op of operations.sort((x, y) => `${x.path} ${x.method}`.localeCompare(`${y.path} ${y.method}`))) {
      observed.openApi[`${op.method} ${op.path}`] = await runRow(op.method, op.path, problems);
    }
    for (const key of Object.keys(matrix.outsideOpenApi.routes).sort()) {
      const [method, path] = key.split(' ');
      observed.outsideOpenApi.routes[key] = await runRow(method, path, problems);
    }

    // Every route Fastify serves is either in OpenAPI (so in the table above) or explicitly listed as outside it.
    const inDoc = new Set(operations.map((o) => `${o.method} ${o.path}`));
    const unclassified = registered.filter((r) => {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      if (inDoc.has(`${r.method} ${path}`) || matrix.outsideOpenApi.routes[`${r.method} ${path}`]) return false;
      return !Object.keys(matrix.outsideOpenApi.prefixes).some((p) => path === p || path.startsWith(`${p}/`));
    });
    if (unclassified.length) {
      problems.push(
        `routes outside the OpenAPI document and outside outsideOpenApi of test/security/route-matrix.json; list them under outsideOpenApi.routes:\n` +
          unclassified.map((r) => `    "${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}"`).join('\n'),
      );
    }

    if (process.env.ROUTE_MATRIX_RECORD) {
      writeFileSync(MATRIX_FILE, `${JSON.stringify(observed, null, 2)}\n`);
      expect(problems).toEqual([]);
      return;
    }
    compare('openApi', matrix.openApi, observed.openApi, problems);
    compare('outsideOpenApi.routes', matrix.outsideOpenApi.routes, observed.outsideOpenApi.routes, problems);
    expect(problems).toEqual([]);
  });

  it('the table itself never lets a caller in where the roles say no', () => {
    // Routes of integrations (API key): their invoices and their webhooks.
    const integrationOnly = (k: string) => k.includes('/v1/invoices') || k.includes(' /v1/webhooks/');
    const staffOnly = (k: string) =>
      !integrationOnly(k) && !k.includes('/v1/auth/') && !k.includes('/health/') && !k.startsWith('GET /v1/rules');
    for (const [k, row] of Object.entries(matrix.openApi)) {
      if (staffOnly(k)) {
        expect([k, row.anonymous, row.integrationA, row.integrationB]).toEqual([k, 401, 401, 401]);
      }
      if (integrationOnly(k)) expect([k, row.reviewer, row.manager, row.admin]).toEqual([k, 401, 401, 401]);
      if (k.includes('/v1/admin/')) expect([k, row.reviewer < 400, row.reviewer2 < 400]).toEqual([k, false, false]);
      if (k.includes('/v1/admin/integrations')) expect([k, row.manager < 400]).toEqual([k, false]);
      if (k.includes('/v1/pending-changes/{id}/approve')) expect([k, row.manager]).toEqual([k, 403]); // requested by that manager
    }
    for (const [k, row] of Object.entries(matrix.outsideOpenApi.routes)) {
      if (k.includes('/admin/queues'))
        expect([k, ...PRINCIPALS.filter((p) => p !== 'admin').map((p) => row[p] < 400)]).toEqual([
          k,
          false,
          false,
          false,
          false,
          false,
          false,
        ]);
      if (k.startsWith('GET /metrics')) expect(PRINCIPALS.every((p) => row[p] === 401)).toBe(true);
    }
  });
});
