import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { keepHeapCapOnMainThread } from '@app/config';
import { createWorkerContext } from './bootstrap';

/** The queue workers: no HTTP port; stops gracefully on SIGTERM (active jobs finish first). */
async function main(): Promise<void> {
  const heapMb = keepHeapCapOnMainThread(); // before the validation threads start
  const app = await createWorkerContext();
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  console.log(`Worker started (heap limit ${heapMb} MB)`);
}

main().catch((err) => {
  console.error(`Worker failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
