import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createIntegration, createTestEnvironment, registerSampleSupplier, TestEnvironment } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

/** The HTTP API of a pipeline spec: its own schema, an integration's key, the sample supplier in master data. */
export interface PipelineApi {
  env: TestEnvironment;
  app: NestFastifyApplication;
  ds: DataSource;
  /** The `x-api-key` of an integration named 'erp'. */
  key: string;
  /** Closes the API, drops the schema and restores the environment variables `bootPipelineApi` set. */
  close(): Promise<void>;
}

/**
 * Starts the API on a fresh test schema, as the pipeline specs begin: `env` is set in process.env after
 * the schema exists and before the API reads its configuration (the worker a spec starts later reads it
 * too). The spec starts and closes its worker itself, before `close`.
 */
export async function bootPipelineApi(
  schema: string,
  opts: { env?: Record<string, string> } = {},
): Promise<PipelineApi> {
  const env = await createTestEnvironment(schema);
  const before = Object.fromEntries(Object.keys(opts.env ?? {}).map((k) => [k, process.env[k]]));
  Object.assign(process.env, opts.env);
  const restore = () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  let app: NestFastifyApplication | undefined;
  try {
    app = await createApiApp({ logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const ds = app.get(DataSource);
    const key = (await createIntegration(ds, 'erp')).apiKey;
    await registerSampleSupplier(ds);
    const started = app;
    return {
      env,
      app: started,
      ds,
      key,
      async close() {
        await started.close();
        await env.cleanup();
        restore();
      },
    };
  } catch (err) {
    // A spec whose start failed leaves nothing behind for the next one.
    await app?.close();
    await env.cleanup();
    restore();
    throw err;
  }
}
