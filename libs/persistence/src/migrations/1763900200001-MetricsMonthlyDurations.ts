import { MigrationInterface, QueryRunner } from 'typeorm';

/** Monthly sums of the duration histograms: a year of percentiles reads 12 months instead of 365 days of buckets. */
export class MetricsMonthlyDurations1763900200001 implements MigrationInterface {
  name = 'MetricsMonthlyDurations1763900200001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE metric_duration_monthly (
      measure text NOT NULL,
      queue_key text NOT NULL,
      country text NOT NULL,
      month date NOT NULL,
      bucket smallint NOT NULL,
      n int NOT NULL,
      PRIMARY KEY (measure, queue_key, country, month, bucket)
    )`);
    // Existing daily rows (if any) are folded in by the next full roll-up rebuild.
    await q.query(`DELETE FROM metric_rollup_state`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS metric_duration_monthly`);
  }
}
