import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_ROLE } from '@app/persistence';
import { createIntegration, createTestEnvironment, sampleInvoice, TestEnvironment } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

/**
 * Four processes (two APIs, two workers) of 20 connections each nearly fill a default PostgreSQL
 * (max_connections 100): DATABASE_POOL_SIZE sizes each process's share, and a connection the server
 * refuses (too many clients, the database starting or shutting down) is answered 503 DATABASE_BUSY with
 * Retry-After, never 500, with nothing of the refused request stored.
 */
describe('database connections (HTTP, PostgreSQL)', () => {
  let env: TestEnvironment;
  let pg: Client;
  let apiKey: string;
  const saved = { ...process.env };
  const login = `t_conn_${randomBytes(4).toString('hex')}`;

  const startApi = async (poolSize: string): Promise<NestFastifyApplication> => {
    const url = new URL(env.databaseUrl);
    url.username = login;
    Object.assign(process.env, {
      DATABASE_URL: url.toString(),
      MIGRATE_ON_START: 'false',
      DATABASE_POOL_SIZE: poolSize,
    });
    const app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  };
  const post = (app: NestFastifyApplication, n: number) =>
    app.inject({
      method: 'POST',
      url: '/v1/invoices',
      headers: { 'x-api-key': apiKey },
      payload: sampleInvoice({ invoiceNumber: `CONN-${n}` }),
    });
  const sessionsOfLogin = async (): Promise<number> =>
    (
      await pg.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()`, [
        login,
      ])
    ).rows[0].n;

  beforeAll(async () => {
    env = await createTestEnvironment('dbconn');
    const owner = await createApiApp({ logger: false }); // migrates as the owner
    await owner.init();
    apiKey = (await createIntegration(owner.get(DataSource), 'erp')).apiKey;
    await owner.close();
    pg = new Client({ connectionString: env.databaseUrl });
    await pg.connect();
    await pg.query(`SET search_path = ${env.schema}`);
    await pg.query(`CREATE ROLE ${login} LOGIN IN ROLE ${APP_ROLE}`);
  });

  afterAll(async () => {
    await pg?.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [login]);
    await pg?.query(`DROP ROLE IF EXISTS ${login}`).catch(() => undefined);
    await pg?.end();
    await env?.cleanup();
    process.env = saved;
  });

  it('opens at most DATABASE_POOL_SIZE connections, however many requests are in flight', async () => {
    const app = await startApi('2');
    try {
      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await sessionsOfLogin());
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => post(app, i)));
      sampling = false;
      await sampler;
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 202));
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(2);
    } finally {
      await app.close();
    }
  });

  it('answers 503 DATABASE_BUSY with Retry-After when PostgreSQL refuses a connection, and stores nothing of it', async () => {
    const app = await startApi('8');
    try {
      // The API keeps the connections it opened at start-up; it may open no more than those.
      await pg.query(`ALTER ROLE ${login} CONNECTION LIMIT ${await sessionsOfLogin()}`);
      const [answers, lists] = await Promise.all([
        Promise.all(Array.from({ length: 12 }, (_, i) => post(app, 100 + i))),
        Promise.all(
          Array.from({ length: 12 }, () =>
            app.inject({ method: 'GET', url: '/v1/invoices?limit=5', headers: { 'x-api-key': apiKey } }),
          ),
        ),
      ]);
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.every((s) => s === 202 || s === 503)).toBe(true);
      expect(lists.every((l) => l.statusCode === 200 || l.statusCode === 503)).toBe(true);
      const busy = [...answers, ...lists].filter((a) => a.statusCode === 503);
      expect(busy.length).toBeGreaterThan(0);
      for (const b of busy) {
        expect(b.headers['retry-after']).toBe('1');
        expect(b.json().error).toMatchObject({ code: 'DATABASE_BUSY' });
        expect(b.json().error.message).toMatch(/retry/i);
      }
      const accepted = answers.filter((a) => a.statusCode === 202).map((a) => a.json().id as string);
      const stored = await pg.query(`SELECT id FROM invoices WHERE invoice_number LIKE 'CONN-1__'`);
      expect(stored.rows.map((r) => r.id).sort()).toEqual(accepted.sort());

      // Room again: the same requests go through.
      await pg.query(`ALTER ROLE ${login} CONNECTION LIMIT -1`);
      const again = await Promise.all(
        answers.map((a, i) => (a.statusCode === 503 ? post(app, 100 + i) : Promise.resolve(a))),
      );
      expect(again.map((a) => a.statusCode)).toEqual(answers.map(() => 202));
    } finally {
      await app.close();
    }
  });
});
