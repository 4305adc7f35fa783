import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { createIntegration } from './fixtures';

type Sql = Pick<DataSource | EntityManager, 'query'>;
type Row = Record<string, any>;

/** Inserts one row with the given columns (plain objects stored as jsonb) and returns it whole. */
export async function insertRow(ds: Sql, table: string, values: Record<string, unknown>): Promise<Row> {
  const cols = Object.keys(values);
  const [row] = await ds.query(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    cols.map((c) => {
      const v = values[c];
      return v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !Buffer.isBuffer(v)
        ? JSON.stringify(v)
        : v;
    }),
  );
  return row;
}

/** A stored invoice (in review unless told otherwise), of a new integration unless one is given. */
export async function insertInvoice(ds: DataSource, values: Record<string, unknown> = {}): Promise<Row> {
  const integrationId = values.integration_id ?? (await createIntegration(ds)).id;
  return insertRow(ds, 'invoices', {
    source: 'api',
    format: 'json',
    status: 'in_review',
    invoice_number: `INV-${randomBytes(4).toString('hex')}`,
    canonical: {},
    ...values,
    integration_id: integrationId,
  });
}

/**
 * An exception of an invoice (a new one unless given), open in the data.FI queue unless told otherwise;
 * its queue is created with the table's defaults when missing.
 */
export async function insertException(ds: DataSource, values: Record<string, unknown> = {}): Promise<Row> {
  const invoiceId = values.invoice_id ?? (await insertInvoice(ds)).id;
  const queueKey = String(values.queue_key ?? 'data.FI');
  await ds.query(`INSERT INTO review_queues (key, name, category) VALUES ($1, $1, $2) ON CONFLICT (key) DO NOTHING`, [
    queueKey,
    queueKey.split('.')[0],
  ]);
  return insertRow(ds, 'exceptions', {
    route_key: 'data.FI',
    queue_key: 'data.FI',
    category: 'data',
    status: 'open',
    ...values,
    invoice_id: invoiceId,
  });
}

/** A review queue with the defaults of the table unless told otherwise. */
export async function insertQueue(ds: Sql, key: string, values: Record<string, unknown> = {}): Promise<Row> {
  return insertRow(ds, 'review_queues', { key, name: key, category: key.split('.')[0], ...values });
}
