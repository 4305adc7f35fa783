import 'reflect-metadata';
import { keepHeapCapOnMainThread, validateEnvironment } from '@app/config';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const heapMb = keepHeapCapOnMainThread(); // before any thread pool starts
  const cfg = validateEnvironment(process.env);
  const app = await createApiApp();
  await app.listen({ port: cfg.PORT, host: cfg.HOST });
  console.log(`API listening on http://${cfg.HOST}:${cfg.PORT} (docs at /docs; heap limit ${heapMb} MB)`);
}

main().catch((err) => {
  console.error(`API failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
