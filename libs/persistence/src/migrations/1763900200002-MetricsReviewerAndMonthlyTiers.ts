import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roll-ups that keep the year-long metrics reads small:
 * - metric_reviewer_daily: per reviewer and UTC day of resolution, the handle time of every item
 *   resolved (an array, so the median stays exact rather than read from a histogram);
 * - monthly sums of the supplier, rule and invoice roll-ups ('*' in metric_supplier_monthly.country is
 *   the total over countries, so an unfiltered ranking reads one row per supplier and month);
 * - metric_invoice_status: exact invoice counts by (format, country, status), kept by statement-level
 *   triggers that append one signed delta row per changed group (no hot row to wait on) and compacted
 *   by the roll-up refresh, so the status gauge never scans the invoices table.
 */
export class MetricsReviewerAndMonthlyTiers1763900200002 implements MigrationInterface {
  name = 'MetricsReviewerAndMonthlyTiers1763900200002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE metric_reviewer_daily (
      day date NOT NULL,
      reviewer_id uuid NOT NULL,
      resolved int NOT NULL,
      handle_seconds float8[] NOT NULL,
      PRIMARY KEY (day, reviewer_id)
    )`);
    await q.query(`CREATE TABLE metric_supplier_monthly (
      month date NOT NULL,
      country text NOT NULL,
      supplier_key text NOT NULL,
      validated int NOT NULL DEFAULT 0,
      affected int NOT NULL DEFAULT 0,
      exceptions int NOT NULL DEFAULT 0,
      PRIMARY KEY (month, country, supplier_key)
    )`);
    await q.query(`CREATE TABLE metric_rule_monthly (
      month date NOT NULL,
      country text NOT NULL,
      rule_id text NOT NULL,
      affected int NOT NULL DEFAULT 0,
      findings int NOT NULL DEFAULT 0,
      PRIMARY KEY (month, country, rule_id)
    )`);
    await q.query(`CREATE TABLE metric_invoice_monthly (
      month date NOT NULL,
      country text NOT NULL,
      format text NOT NULL,
      received int NOT NULL DEFAULT 0,
      validated int NOT NULL DEFAULT 0,
      touchless int NOT NULL DEFAULT 0,
      exceptions int NOT NULL DEFAULT 0,
      PRIMARY KEY (month, country, format)
    )`);

    await q.query(`CREATE TABLE metric_invoice_status (
      format text NOT NULL,
      country text NOT NULL,
      status text NOT NULL,
      n bigint NOT NULL
    )`);
    // search_path is pinned to the schema the migration runs in, so the triggers write beside the invoices they count.
    await q.query(`CREATE FUNCTION metric_invoice_status_ins() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO metric_invoice_status (format, country, status, n)
          SELECT format, coalesce(buyer_country, '--'), status, count(*) FROM new_rows GROUP BY 1, 2, 3;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION metric_invoice_status_del() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO metric_invoice_status (format, country, status, n)
          SELECT format, coalesce(buyer_country, '--'), status, -count(*) FROM old_rows GROUP BY 1, 2, 3;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION metric_invoice_status_upd() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO metric_invoice_status (format, country, status, n)
          SELECT format, country, status, sum(n) FROM (
            SELECT format, coalesce(buyer_country, '--') AS country, status, 1 AS n FROM new_rows
            UNION ALL SELECT format, coalesce(buyer_country, '--'), status, -1 FROM old_rows) d
          GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION metric_invoice_status_truncate() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        DELETE FROM metric_invoice_status;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER invoices_status_count_ins AFTER INSERT ON invoices REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION metric_invoice_status_ins()`);
    await q.query(`CREATE TRIGGER invoices_status_count_del AFTER DELETE ON invoices REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION metric_invoice_status_del()`);
    await q.query(`CREATE TRIGGER invoices_status_count_upd AFTER UPDATE ON invoices REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION metric_invoice_status_upd()`);
    await q.query(`CREATE TRIGGER invoices_status_count_truncate AFTER TRUNCATE ON invoices
      FOR EACH STATEMENT EXECUTE FUNCTION metric_invoice_status_truncate()`);
    // Seeded inside the migration's transaction, after the triggers exist, so no write is counted twice or missed.
    await q.query(`LOCK TABLE invoices IN SHARE MODE`);
    await q.query(`INSERT INTO metric_invoice_status (format, country, status, n)
      SELECT format, coalesce(buyer_country, '--'), status, count(*) FROM invoices GROUP BY 1, 2, 3`);

    // The new tiers are filled by the next full roll-up rebuild.
    await q.query(`DELETE FROM metric_rollup_state`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ins', 'del', 'upd', 'truncate']) {
      await q.query(`DROP TRIGGER IF EXISTS invoices_status_count_${t} ON invoices`);
      await q.query(`DROP FUNCTION IF EXISTS metric_invoice_status_${t}()`);
    }
    for (const t of [
      'metric_invoice_status',
      'metric_invoice_monthly',
      'metric_rule_monthly',
      'metric_supplier_monthly',
      'metric_reviewer_daily',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
