import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FINAL_STATUSES } from '../../shared/run-options';

export interface ChaosTally {
  /** Invoice rows of the run's integration. */
  rows: number;
  /** Accepted invoices without a final status (or without a row). */
  lost: number;
  /** Invoices with more than one verdict for the same validation run. */
  dupVerdicts: number;
  /** Invoice numbers stored more than once. */
  dupRows: number;
  failed: number;
}

/** The SQL of the chaos run's verdict. */
@Injectable()
export class ChaosRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async tally(acceptedIds: string[], integrationId: string): Promise<ChaosTally> {
    const [t] = await this.ds.query(
      `SELECT (SELECT count(*) FROM invoices WHERE integration_id = $2)::int AS rows,
            (SELECT count(*) FROM unnest($1::uuid[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM invoices i WHERE i.id = a.id AND i.status = ANY($3::text[])))::int AS lost,
            (SELECT count(*) FROM (SELECT aggregate_id, data->>'run' FROM audit_events WHERE aggregate_type = 'invoice' AND action LIKE 'validated_%'
               AND aggregate_id = ANY($1::uuid[]) GROUP BY 1, 2 HAVING count(*) > 1) d)::int AS "dupVerdicts",
            (SELECT count(*) FROM (SELECT invoice_number FROM invoices WHERE integration_id = $2 GROUP BY 1 HAVING count(*) > 1) d)::int AS "dupRows",
            (SELECT count(*) FROM invoices WHERE id = ANY($1::uuid[]) AND status = 'failed')::int AS failed`,
      [acceptedIds, integrationId, FINAL_STATUSES],
    );
    return t;
  }
}
