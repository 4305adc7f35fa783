import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { activeResources, activeResourcesSettled, createTestEnvironment, TestEnvironment } from '@app/testing';
import { hashApiKey } from '../apps/api/src/modules/auth/api-key';
import { createApiApp } from '../apps/api/src/bootstrap';
import { createWorkerContext } from '../apps/worker/src/bootstrap';

/** Both processes refuse an unsafe production configuration before serving anything. */
describe('production start-up', () => {
  let env: TestEnvironment;
  let saved: NodeJS.ProcessEnv;
  const production = () => ({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    METRICS_TOKEN: randomBytes(24).toString('base64url'),
  });

  beforeAll(async () => {
    env = await createTestEnvironment('prodstart');
    saved = { ...process.env }; // with the test environment's database, schema, queue prefix and migration settings
  });
  afterEach(() => {
    process.env = { ...saved };
  });
  afterAll(async () => {
    await env.cleanup();
  });

  it('the API and the worker refuse the default JWT secret, and leave nothing running behind', async () => {
    const before = activeResources();
    Object.assign(process.env, production(), { JWT_SECRET: 'local-development-secret-change-me' });
    await expect(createApiApp({ logger: false })).rejects.toThrow(/JWT_SECRET: is a known default/);
    await expect(createWorkerContext({ logger: false })).rejects.toThrow(/JWT_SECRET/);
    // A refused start used to leave the worker's queues and pools connected (8 sockets).
    expect(await activeResourcesSettled(before)).toBe(before);
  });

  it('the API and the worker refuse demo credentials', async () => {
    Object.assign(process.env, production(), { DEMO_ADMIN_PASSWORD: 'admin-password' });
    await expect(createApiApp({ logger: false })).rejects.toThrow(/DEMO_ADMIN_PASSWORD: demo credentials are refused/);
    await expect(createWorkerContext({ logger: false })).rejects.toThrow(/DEMO_ADMIN_PASSWORD/);
  });

  it('the API refuses a database holding the demo integration key, and starts once it is disabled', async () => {
    // Migrate and insert the demo seed's key the way scripts/start-local.sh would.
    const app = await createApiApp({ logger: false });
    await app.init();
    await app.close();
    const pg = new Client({ connectionString: env.databaseUrl });
    await pg.connect();
    try {
      await pg.query(
        `INSERT INTO "${env.schema}".integrations (name, key_prefix, key_hash) VALUES ('Demo ERP', 'demo', $1)`,
        [hashApiKey('itk_local_demo_key')],
      );
      Object.assign(process.env, production());
      const refused = await createApiApp({ logger: false });
      await expect(refused.init()).rejects.toThrow(/refuses demo credentials.*integration Demo ERP/);
      await refused.close().catch(() => undefined);
      await pg.query(`UPDATE "${env.schema}".integrations SET disabled_at = now()`);
      const ok = await createApiApp({ logger: false });
      await ok.init();
      await ok.close();
    } finally {
      await pg.end();
    }
  });
});
