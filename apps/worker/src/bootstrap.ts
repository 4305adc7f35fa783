import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { validateEnvironment } from '@app/config';
import { checkPostgres } from '@app/persistence';
import { checkRedis } from '@app/queueing';
import { WorkerModule } from './worker.module';

/**
 * Builds the worker's application context (used by main.ts and by the end-to-end tests). The configuration
 * and the services are checked before anything that connects is built, as the API's start does: a start
 * refused inside NestFactory (the configuration is validated again by a provider) leaves the queues and
 * pools made so far running in the process, with no context to close them.
 */
export async function createWorkerContext(opts: { logger?: boolean } = {}): Promise<INestApplicationContext> {
  const cfg = validateEnvironment(process.env);
  await checkPostgres(cfg.DATABASE_URL);
  await checkRedis(cfg.REDIS_URL);
  return NestFactory.createApplicationContext(WorkerModule, {
    bufferLogs: opts.logger !== false,
    abortOnError: false,
    logger: opts.logger === false ? false : undefined,
  });
}
