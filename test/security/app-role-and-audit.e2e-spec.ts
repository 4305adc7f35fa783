import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_ROLE, ensureRoleSql } from '@app/persistence';
import {
  createIntegration,
  createStaffUser,
  createTestEnvironment,
  sampleInvoice,
  TestEnvironment,
} from '@app/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';

/**
 * The migrations create a non-superuser application role with the grants the app needs, and make
 * audit_events append-only for everyone (the superuser the tests connect as included).
 */
describe('application role and append-only audit trail', () => {
  let env: TestEnvironment;
  let pg: Client;
  const saved = { ...process.env };
  const login = `t_login_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    env = await createTestEnvironment('approle');
    const owner = await createApiApp({ logger: false }); // runs the migrations as the owner (superuser here)
    await owner.init();
    await owner.close();
    pg = new Client({ connectionString: env.databaseUrl });
    await pg.connect();
    await pg.query(`SET search_path = ${env.schema}`);
  });

  afterAll(async () => {
    await pg?.query(`DROP ROLE IF EXISTS ${login}`).catch(() => undefined);
    await pg?.end();
    await env?.cleanup();
    process.env = saved;
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit events even to a superuser; INSERT works', async () => {
    const [{ rolsuper }] = (await pg.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows;
    expect(rolsuper).toBe(true);
    const {
      rows: [e],
    } = await pg.query(
      `INSERT INTO audit_events (aggregate_type, aggregate_id, action, actor_type) VALUES ('invoice', gen_random_uuid(), 'test', 'system') RETURNING id`,
    );
    await expect(pg.query(`UPDATE audit_events SET action = 'forged' WHERE id = $1`, [e.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(pg.query(`DELETE FROM audit_events WHERE id = $1`, [e.id])).rejects.toThrow(/append-only/);
    await expect(pg.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    const {
      rows: [still],
    } = await pg.query(`SELECT action FROM audit_events WHERE id = $1`, [e.id]);
    expect(still.action).toBe('test');
  });

  it('creates a non-superuser application role with the grants the app needs, none to rewrite the audit trail', async () => {
    const {
      rows: [role],
    } = await pg.query(
      `SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1`,
      [APP_ROLE],
    );
    expect(role).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolbypassrls: false,
      rolcanlogin: false,
    });
    const can = async (table: string, privilege: string) =>
      (await pg.query(`SELECT has_table_privilege($1, $2, $3) AS ok`, [APP_ROLE, `${env.schema}.${table}`, privilege]))
        .rows[0].ok;
    for (const p of ['SELECT', 'INSERT']) expect(await can('audit_events', p)).toBe(true);
    for (const p of ['UPDATE', 'DELETE', 'TRUNCATE']) expect(await can('audit_events', p)).toBe(false);
    for (const t of ['invoices', 'exceptions', 'supplier_bank_accounts', 'review_queues', 'pending_changes']) {
      for (const p of ['SELECT', 'INSERT', 'UPDATE', 'DELETE']) expect([t, p, await can(t, p)]).toEqual([t, p, true]);
      expect(await can(t, 'TRUNCATE')).toBe(false);
    }
    expect(await can('schema_migrations', 'INSERT')).toBe(false);
    const {
      rows: [schema],
    } = await pg.query(
      `SELECT has_schema_privilege($1, $2, 'CREATE') AS create, has_schema_privilege($1, $2, 'USAGE') AS usage`,
      [APP_ROLE, env.schema],
    );
    expect(schema).toEqual({ create: false, usage: true });
  });

  it('creating the role is race-free: many migrations at once all succeed', async () => {
    const name = `t_race_${randomBytes(4).toString('hex')}`;
    const clients = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const c = new Client({ connectionString: env.databaseUrl });
        await c.connect();
        return c;
      }),
    );
    try {
      await Promise.all(
        clients.map(async (c) => {
          await c.query('BEGIN');
          await c.query(ensureRoleSql(name));
          await c.query('COMMIT');
        }),
      );
      expect((await pg.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = $1`, [name])).rows[0].n).toBe(1);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await pg.query(`DROP ROLE IF EXISTS ${name}`);
    }
  });

  it('runs the API as a login in the application role: sign-in, master data, intake, review lists', async () => {
    const owner = new DataSource({
      type: 'postgres',
      url: env.databaseUrl,
      schema: env.schema,
      extra: { options: `-c search_path=${env.schema},public` },
    });
    await owner.initialize();
    const { apiKey } = await createIntegration(owner);
    const manager = await createStaffUser(owner, { role: 'manager' });
    await owner.destroy();

    await pg.query(`CREATE ROLE ${login} LOGIN IN ROLE ${APP_ROLE}`);
    const url = new URL(env.databaseUrl);
    url.username = login;
    Object.assign(process.env, { DATABASE_URL: url.toString(), MIGRATE_ON_START: 'false' });
    const app: NestFastifyApplication = await createApiApp({ logger: false });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const [{ current_user }] = await app.get(DataSource).query('SELECT current_user');
      expect(current_user).toBe(login);
      const token = (
        await app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { email: manager.email, password: 'password' },
        })
      ).json().accessToken;
      const auth = { authorization: `Bearer ${token}` };
      const supplier = await app.inject({
        method: 'POST',
        url: '/v1/suppliers',
        headers: auth,
        payload: { name: 'Acme Oy', vatId: 'FI02089088', countryCode: 'FI' },
      });
      expect(supplier.statusCode).toBe(201);
      const patched = await app.inject({
        method: 'PATCH',
        url: `/v1/suppliers/${supplier.json().id}`,
        headers: auth,
        payload: { paymentTermsDays: 30 },
      });
      expect(patched.statusCode).toBe(200);
      const posted = await app.inject({
        method: 'POST',
        url: '/v1/invoices',
        headers: { 'x-api-key': apiKey },
        payload: sampleInvoice(),
      });
      expect(posted.statusCode).toBe(202);
      expect(
        (await app.inject({ method: 'GET', url: `/v1/invoices/${posted.json().id}`, headers: { 'x-api-key': apiKey } }))
          .statusCode,
      ).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/v1/queues', headers: auth })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/v1/metrics/summary', headers: auth })).statusCode).toBe(200);
      await expect(app.get(DataSource).query(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await app.close();
    }
  });
});
