import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ACTIVE_STATUSES, type ExceptionRow, sqlStatusList } from '@app/triage';

/** An exception a verdict needs: the invoice's route key, and the queue to use when none has the key's name. */
export interface RouteToOpen {
  invoiceId: string;
  routeKey: string;
  category: string;
  country: string | null;
  fallbackQueue: string;
}

export interface OpenedException {
  id: string;
  inserted: boolean;
  status: string;
}

/** The SQL by which a validation verdict opens exceptions and a revalidation finds the ones it no longer needs. */
@Injectable()
export class ValidationExceptionsRepository {
  /**
   * Each invoice's exception for a route key, opened unless it exists (then only touched): in the queue
   * configured for the route key itself, else in `fallbackQueue`, with the invoice's supplier, amount and
   * currency; one statement for all, answered in the order given. `inserted` tells a new exception from
   * an existing one. An (invoice, route key) appears once.
   */
  async openForRoutes(em: EntityManager, routes: RouteToOpen[]): Promise<OpenedException[]> {
    if (!routes.length) return [];
    const col = <T>(pick: (r: RouteToOpen) => T) => routes.map(pick);
    const rows: (OpenedException & { invoice_id: string; route_key: string })[] = await em.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, country, supplier_id, amount, currency, status)
         SELECT r.invoice_id, r.route_key, COALESCE((SELECT key FROM review_queues WHERE key = r.route_key), r.fallback_queue),
                r.category, r.country, i.supplier_id, i.payable, i.currency, 'open'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
                AS r(invoice_id, route_key, category, country, fallback_queue, n)
         JOIN invoices i ON i.id = r.invoice_id
         ORDER BY r.n
         ON CONFLICT (invoice_id, route_key) DO UPDATE SET updated_at = now()
         RETURNING id, invoice_id, route_key, (xmax = 0) AS inserted, status`,
      [
        col((r) => r.invoiceId),
        col((r) => r.routeKey),
        col((r) => r.category),
        col((r) => r.country),
        col((r) => r.fallbackQueue),
      ],
    );
    const byKey = new Map(rows.map((r) => [`${r.invoice_id}\u0000${r.route_key}`, r]));
    return routes.map((r) => {
      const ex = byKey.get(`${r.invoiceId}\u0000${r.routeKey}`);
      if (!ex) throw new Error(`no invoice ${r.invoiceId} to open an exception for`);
      return { id: ex.id, inserted: ex.inserted, status: ex.status };
    });
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
