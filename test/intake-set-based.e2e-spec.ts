import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  createIntegration,
  createTestEnvironment,
  sampleInvoice,
  TestEnvironment,
  UUID_V7,
  uuidV7Ms,
} from '@app/testing';
import { JobProducer } from '@app/queueing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { IntakeService } from '../apps/api/src/modules/intake/intake.service';

/** A batch is written set-based: the same rows, statuses and audit trail as one invoice at a time. */
describe('batch intake written set-based', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let ds: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment('intakeset');
    app = await createApiApp({ logger: false });
    await app.init();
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  /** One JSON invoice posted alone (a single POST's path). */
  const acceptOne = (integrationId: string, invoiceNumber: string) =>
    app
      .get(IntakeService)
      .accept(integrationId, { format: 'json', invoice: sampleInvoice({ invoiceNumber }) as never }, 'api');

  it('gives invoices time-ordered ids (UUID version 7): they ascend in the order invoices are accepted, so their index entries append', async () => {
    const intake = app.get(IntakeService);
    const { id: integrationId } = await createIntegration(ds, 'erp-ordered');
    const first = await acceptOne(integrationId, 'ORD-0');
    const { results } = await intake.acceptBatch(
      integrationId,
      Array.from({ length: 20 }, (_, i) => sampleInvoice({ invoiceNumber: `ORD-${i + 1}` })),
    );
    const ids = [(first.body as { id: string }).id, ...results.map((r) => r.id!)];
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    // The id's first 48 bits are the time it was made, in ms: within the time of this test.
    expect(Math.abs(uuidV7Ms(ids[0]) - Date.now())).toBeLessThan(60_000);
  });

  it('stores every accepted item with lines, VAT and audit and queues the validation of received ones; copies inside the batch and of earlier invoices are duplicates of the first', async () => {
    const intake = app.get(IntakeService);
    const { id: integrationId } = await createIntegration(ds, 'erp');
    const earlier = await acceptOne(integrationId, 'OLD-1');
    const earlierId = (earlier.body as { id: string }).id;
    const twoLines = sampleInvoice({ invoiceNumber: 'NEW-1' });
    twoLines.lines.push({ ...twoLines.lines[0], id: '2' });
    const { results } = await intake.acceptBatch(integrationId, [
      twoLines,
      sampleInvoice({ invoiceNumber: 'NEW-1' }),
      { invoiceNumber: 'BAD' },
      sampleInvoice({ invoiceNumber: 'OLD-1' }),
      sampleInvoice({ invoiceNumber: 'NEW-2' }),
    ]);
    expect(results.map((r) => [r.index, r.status ?? 'error'])).toEqual([
      [0, 'received'],
      [1, 'duplicate'],
      [2, 'error'],
      [3, 'duplicate'],
      [4, 'received'],
    ]);
    expect(results[1].duplicateOf).toBe(results[0].id);
    expect(results[3].duplicateOf).toBe(earlierId);
    const ids = [0, 1, 3, 4].map((i) => results[i].id!);
    const rows = await ds.query(
      `SELECT i.id, i.status, i.duplicate_of, i.source, i.supplier_id IS NOT NULL AS has_supplier, i.payable::text AS payable, i.issue_date::text AS issue_date,
              (SELECT count(*)::int FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines,
              (SELECT count(*)::int FROM invoice_vat_breakdown v WHERE v.invoice_id = i.id) AS vat,
              (SELECT count(*)::int FROM outbox o WHERE o.aggregate_id = i.id) AS outbox,
              (SELECT array_agg(a.action || ':' || a.to_state || ':' || a.actor_type || ':' || a.actor_id ORDER BY a.id) FROM audit_events a WHERE a.aggregate_id = i.id) AS audit
       FROM invoices i WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r: { id: string }) => [r.id, r]));
    const audit = (action: string, status: string) => [`${action}:${status}:integration:${integrationId}`];
    expect(byId.get(ids[0])).toMatchObject({
      status: 'received',
      lines: 2,
      vat: 1,
      outbox: 0,
      source: 'batch',
      payable: '1255.00',
      issue_date: '2026-11-02',
      audit: audit('received', 'received'),
    });
    expect(byId.get(ids[1])).toMatchObject({
      status: 'duplicate',
      duplicate_of: ids[0],
      lines: 1,
      outbox: 0,
      audit: audit('received_duplicate', 'duplicate'),
    });
    expect(byId.get(ids[2])).toMatchObject({ status: 'duplicate', duplicate_of: earlierId, outbox: 0 });
    expect(byId.get(ids[3])).toMatchObject({ status: 'received', lines: 1, vat: 1, outbox: 0 });
    // No outbox record: the batch's received invoices go to the validation queue (run 1) once committed.
    const queued = await app.get(JobProducer).pendingValidationRuns();
    expect(ids.map((id) => queued.has(`${id}:1`))).toEqual([true, false, false, true]);
    const [{ lines }] = await ds.query(
      `SELECT line_id || ':' || quantity::text || ':' || unit_price::text || ':' || vat_rate::text AS lines FROM invoice_lines WHERE invoice_id = $1 AND position = 1`,
      [ids[0]],
    );
    expect(lines).toBe('2:2:500.00:25.5');
  });
});
