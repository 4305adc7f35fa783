import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ACTIVE_STATUSES, type ExceptionRow, sqlStatusList } from '@app/triage';

/** The SQL by which a validation verdict opens exceptions and a revalidation finds the ones it no longer needs. */
@Injectable()
export class ValidationExceptionsRepository {
  /**
   * The invoice's exception for a route key, opened unless it exists (then only touched): in the queue
   * configured for the route key itself, else in `fallbackQueue`, with the invoice's supplier, amount and
   * currency. `inserted` tells a new exception from an existing one.
   */
  async openForRoute(
    em: EntityManager,
    e: { invoiceId: string; routeKey: string; category: string; country: string | null; fallbackQueue: string },
  ): Promise<{ id: string; inserted: boolean; status: string }> {
    const [ex] = await em.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, supplier_id, amount, currency, status)
         SELECT $1, $2, COALESCE((SELECT key FROM review_queues WHERE key = $2), $5), $3, $4, i.supplier_id, i.payable, i.currency, 'open'
         FROM invoices i WHERE i.id = $1
         ON CONFLICT (invoice_id, route_key) DO UPDATE SET updated_at = now()
         RETURNING id, (xmax = 0) AS inserted, status`,
      [e.invoiceId, e.routeKey, e.category, e.country, e.fallbackQueue],
    );
    return ex;
  }

  /**
   * Locks and returns the invoice's active exceptions whose route key has no blocking finding in run
   * `run` (when that is the invoice's latest run), by id.
   */
  staleAfterRun(em: EntityManager, invoiceId: string, run: number): Promise<ExceptionRow[]> {
    return em.query(
      `SELECT e.* FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
       WHERE e.invoice_id = $1 AND i.validation_runs = $2 AND e.status IN (${sqlStatusList(ACTIVE_STATUSES)})
         AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.invoice_id = e.invoice_id AND f.validation_run = $2 AND f.severity = 'blocking' AND f.route_key = e.route_key)
       ORDER BY e.id FOR UPDATE OF e`,
      [invoiceId, run],
    );
  }
}
