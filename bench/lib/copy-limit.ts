/**
 * The batch target's limit (issue 16): the rows of a batch of invoices written by PostgreSQL's COPY, on two
 * connections, measured beside the product's own figure in the same run (bench/run.ts, bench/write-ceiling.bench.ts).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { CanonicalInvoice } from '@app/domain';

/**
 * The same rows (invoice with canonical JSON, lines, VAT breakdown, outbox) written by COPY through psql on two
 * connections. The product keeps an invoice's lines and VAT breakdown in its canonical JSON only (views since
 * migration InvoiceLinesFromDocument) and writes no outbox record at intake; the reference still writes the
 * lines and breakdown as rows, into tables shaped as the product's were (keyed, each row checked against its
 * invoice), and an outbox record per invoice, so that the limit is the one the issue set.
 */
export async function copyLimit(
  ds: DataSource,
  dbUrl: string,
  invoices: CanonicalInvoice[],
  integrationId: string,
): Promise<number> {
  const schema = (ds.options as { schema: string }).schema;
  await ds.query(`CREATE TABLE IF NOT EXISTS "${schema}".copy_invoice_lines (
      invoice_id uuid NOT NULL REFERENCES "${schema}".invoices(id) ON DELETE CASCADE, position int NOT NULL, line_id text, description text,
      quantity numeric, unit_code text, unit_price numeric, net_amount numeric, vat_category text, vat_rate numeric,
      po_line_reference text, PRIMARY KEY (invoice_id, position))`);
  await ds.query(`CREATE TABLE IF NOT EXISTS "${schema}".copy_invoice_vat_breakdown (
      invoice_id uuid NOT NULL REFERENCES "${schema}".invoices(id) ON DELETE CASCADE, position int NOT NULL, category text, rate numeric,
      taxable_amount numeric, tax_amount numeric, PRIMARY KEY (invoice_id, position))`);
  const dir = join(tmpdir(), `bench-copy-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const esc = (v: unknown) =>
    v === null || v === undefined
      ? '\\N'
      : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  const halves = [invoices.slice(0, invoices.length / 2), invoices.slice(invoices.length / 2)];
  const files = halves.map((part, h) => {
    const inv: string[] = [],
      lines: string[] = [],
      vat: string[] = [],
      outbox: string[] = [];
    for (const i of part) {
      const id = randomUUID();
      inv.push(
        [
          id,
          integrationId,
          'batch',
          'json',
          'received',
          `COPY-${i.invoiceNumber}`,
          i.issueDate,
          i.currency,
          i.seller?.vatId,
          i.totals?.payable,
          JSON.stringify(i),
        ]
          .map(esc)
          .join('\t'),
      );
      (i.lines ?? []).forEach((l, p) =>
        lines.push(
          [id, p, l.id, l.description, l.quantity, l.unitPrice, l.netAmount, l.vatCategory, l.vatRate]
            .map(esc)
            .join('\t'),
        ),
      );
      (i.vatBreakdown ?? []).forEach((v, p) =>
        vat.push([id, p, v.category, v.rate, v.taxableAmount, v.taxAmount].map(esc).join('\t')),
      );
      outbox.push(['invoice.received', id].map(esc).join('\t'));
    }
    const sql = join(dir, `copy-${h}.sql`);
    const body = [
      `SET search_path = "${schema}";`,
      'BEGIN;',
      'COPY invoices (id, integration_id, source, format, status, invoice_number, issue_date, currency, seller_vat_id, payable, canonical) FROM STDIN;',
      ...inv,
      '\\.',
      'COPY copy_invoice_lines (invoice_id, position, line_id, description, quantity, unit_price, net_amount, vat_category, vat_rate) FROM STDIN;',
      ...lines,
      '\\.',
      'COPY copy_invoice_vat_breakdown (invoice_id, position, category, rate, taxable_amount, tax_amount) FROM STDIN;',
      ...vat,
      '\\.',
      'COPY outbox (topic, aggregate_id) FROM STDIN;',
      ...outbox,
      '\\.',
      'COMMIT;',
      '',
    ].join('\n');
    writeFileSync(sql, body);
    return sql;
  });
  const t0 = process.hrtime.bigint();
  await Promise.all(
    files.map(
      (file) =>
        new Promise<void>((res, rej) => {
          const p = spawn('psql', [dbUrl, '-q', '-v', 'ON_ERROR_STOP=1', '-f', file], {
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let err = '';
          p.stderr.on('data', (d: Buffer) => {
            err += d.toString();
          });
          p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`psql COPY failed: ${err}`))));
        }),
    ),
  );
  const rate = invoices.length / (Number(process.hrtime.bigint() - t0) / 1e9);
  rmSync(dir, { recursive: true, force: true });
  return rate;
}
