/**
 * Recovery of invoices whose hand-over to the validation queue was lost (a crash between commit and enqueue, a
 * Redis flush): N committed `received` invoices with no job, one reconciliation pass, then the wall time until every
 * one has its verdict, with the worker (in this process) running. Prints, per round, the pass's time, the jobs
 * it enqueued, the recovery's wall time and rate and this process's CPU per invoice.
 *
 *   node scripts/demo-data/ts-run.mjs bench/reconcile-recovery.bench.ts [invoices=3000] [rounds=3]
 *
 * Uses its own schema and queue prefix (dropped at the end; BENCH_KEEP_SCHEMA=1 keeps the schema) on DATABASE_URL /
 * REDIS_URL (or the TEST_ ones).
 */
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { JobProducer, QueueName } from '@app/queueing';
import { createIntegration, createTestEnvironment, registerSampleSupplier, sampleInvoice } from '@app/testing';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { InvoiceReconciliationService } from '../apps/worker/src/maintenance/invoice-reconciliation.service';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 3000);
  const rounds = Number(process.argv[3] ?? 3);
  const env = await createTestEnvironment('bench_recovery');
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  try {
    const ds = worker.get(DataSource);
    const producer = worker.get(JobProducer);
    const reconciliation = worker.get(InvoiceReconciliationService);
    const { id: integrationId } = await createIntegration(ds, 'recovery');
    // The sample invoice's supplier on file (and its IBAN), as a back office has it: a clean invoice is touchless.
    const supplierId = await registerSampleSupplier(ds);
    const template = sampleInvoice();
    for (let round = 1; round <= rounds; round++) {
      // Committed and never handed over: `received`, older than the stale interval, no job anywhere. Each its own
      // amount (unit price u euros): with one amount, every invoice was a near-duplicate candidate of every other.
      const rows = Array.from({ length: n }, (_, g) => {
        const u = 100 + (round - 1) * n + g;
        const net = (2 * u).toFixed(2);
        const tax = (0.51 * u).toFixed(2);
        const payable = (2.51 * u).toFixed(2);
        const number = `R${round}-${g}`;
        const canonical = {
          ...template,
          invoiceNumber: number,
          lines: [{ ...template.lines[0], unitPrice: u.toFixed(2), netAmount: net }],
          vatBreakdown: [{ ...template.vatBreakdown[0], taxableAmount: net, taxAmount: tax }],
          totals: { lineNetTotal: net, taxExclusive: net, taxTotal: tax, taxInclusive: payable, payable },
        };
        return { number, payable, canonical };
      });
      const ids: string[] = (
        await ds.query(
          `INSERT INTO invoices (integration_id, source, format, status, invoice_number, issue_date, currency, seller_name,
             seller_vat_id, seller_country, buyer_vat_id, buyer_country, supplier_id, payable, canonical, updated_at)
           SELECT $1, 'batch', 'json', 'received', x.number, $3::date, $4, $5, $6, $7, $8, $9, $10, x.payable::numeric,
                  x.canonical, now() - interval '1 hour'
           FROM jsonb_to_recordset($2::jsonb) AS x(number text, payable text, canonical jsonb) RETURNING id`,
          [
            integrationId,
            JSON.stringify(rows),
            template.issueDate,
            template.currency,
            template.seller.name,
            template.seller.vatId,
            template.seller.countryCode,
            template.buyer.vatId,
            template.buyer.countryCode,
            supplierId,
          ],
        )
      ).map((r: { id: string }) => r.id);
      await ds.query(`ANALYZE invoices`);
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const outcome = await reconciliation.reconcile(0);
      const passMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const jobs = (await producer.pending(QueueName.InvoiceValidate)).length;
      for (;;) {
        const [r] = await ds.query(
          `SELECT count(*)::int AS done FROM invoices WHERE id = ANY($1::uuid[]) AND status NOT IN ('received','validating')`,
          [ids],
        );
        if (r.done === ids.length) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      const [{ ready }] = await ds.query(
        `SELECT count(*) FILTER (WHERE status = 'ready')::int AS ready FROM invoices WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      console.log(
        `round ${round}: ${n} lost hand-overs; pass ${passMs.toFixed(0)} ms requeued ${outcome.requeued} as ≤ ${jobs} jobs; ` +
          `all validated (${ready} ready) in ${wallS.toFixed(2)} s = ${Math.round(n / wallS)} invoices/s; ` +
          `this process (worker) ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms CPU an invoice`,
      );
    }
  } finally {
    await worker.close();
    if (process.env.BENCH_KEEP_SCHEMA === '1') console.log(`schema kept: ${env.schema}`);
    else await env.cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
