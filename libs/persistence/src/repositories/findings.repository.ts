import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A run's findings as parallel columns (one entry per finding): they go to PostgreSQL as arrays, so
 * any number of findings is one statement.
 */
export interface FindingColumns {
  /** The exception a blocking finding belongs to; null for warnings. */
  exceptionIds: (string | null)[];
  ruleIds: string[];
  severities: string[];
  categories: string[];
  fieldPaths: string[];
  messages: string[];
  expected: (string | null)[];
  actual: (string | null)[];
  hints: (string | null)[];
  routeKeys: string[];
}

export interface StoredFinding {
  ruleId: string;
  severity: string;
  category: string;
  fieldPath: string;
  message: string;
  expected: string | null;
  actual: string | null;
  hint: string | null;
  routeKey: string;
  exceptionId: string | null;
}

/** What `validation_runs` keeps of a run: the packs that judged it, the hash of its settings, its counts. */
export interface RunProvenance {
  invoiceId: string;
  run: number;
  packs: { name: string; version: string; contentHash: string }[];
  settingsHash: string;
  findings: number;
  blocking: number;
}

export interface ValidationRunRow {
  run: number;
  packs: { name: string; version: string; contentHash: string }[];
  settings_hash: string;
  findings: number;
  blocking: number;
  created_at: Date;
}

/**
 * The SQL of validation results: `findings`, `finding_suppressions` (what the per-rule cap left out) and
 * `validation_runs` (each run's provenance). Written by the worker in the verdict's transaction, read by
 * the API and by revalidation.
 */
@Injectable()
export class FindingsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The findings of several runs (of several invoices) in one statement. */
  async insertRunFindings(
    em: EntityManager,
    runs: { invoiceId: string; run: number; columns: FindingColumns }[],
  ): Promise<void> {
    const all = runs.filter((r) => r.columns.ruleIds.length);
    if (!all.length) return;
    const col = <T>(pick: (c: FindingColumns) => T[]) => all.flatMap((r) => pick(r.columns));
    await em.query(
      `INSERT INTO findings (invoice_id, exception_id, validation_run, rule_id, severity, category, field_path, message, expected, actual, hint, route_key)
     SELECT f.invoice_id, f.exception_id, f.run, f.rule_id, f.severity, f.category, f.field_path, f.message, f.expected, f.actual, f.hint, f.route_key
     FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       AS f(invoice_id, run, exception_id, rule_id, severity, category, field_path, message, expected, actual, hint, route_key)`,
      [
        all.flatMap((r) => r.columns.ruleIds.map(() => r.invoiceId)),
        all.flatMap((r) => r.columns.ruleIds.map(() => r.run)),
        col((c) => c.exceptionIds),
        col((c) => c.ruleIds),
        col((c) => c.severities),
        col((c) => c.categories),
        col((c) => c.fieldPaths),
        col((c) => c.messages),
        col((c) => c.expected),
        col((c) => c.actual),
        col((c) => c.hints),
        col((c) => c.routeKeys),
      ],
    );
  }

  /** How many findings of each rule the cap left out of runs (pairwise arrays per run), one statement. */
  async insertRunSuppressions(
    em: EntityManager,
    runs: { invoiceId: string; run: number; ruleIds: string[]; counts: number[] }[],
  ): Promise<void> {
    const all = runs.filter((r) => r.ruleIds.length);
    if (!all.length) return;
    await em.query(
      `INSERT INTO finding_suppressions (invoice_id, validation_run, rule_id, suppressed)
         SELECT s.invoice_id, s.run, s.rule_id, s.n FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[]) AS s(invoice_id, run, rule_id, n)`,
      [
        all.flatMap((r) => r.ruleIds.map(() => r.invoiceId)),
        all.flatMap((r) => r.ruleIds.map(() => r.run)),
        all.flatMap((r) => r.ruleIds),
        all.flatMap((r) => r.counts),
      ],
    );
  }

  /**
   * Runs' provenance (the packs that judged each, the hash of its settings, its counts), a run recorded once.
   * Each distinct list of packs is sent once and kept once (`rule_pack_sets`, keyed by the MD5 of its jsonb
   * text); a run names its list. Two plain INSERTs, so that a caller's CombinedWrites sends them with its
   * other writes (the run's reference to its list is checked at the end of that statement, when the list is in).
   * Each list is read and hashed once per statement, in a join: indexed per run (`($7::jsonb[])[k]`), a generic
   * plan of the prepared statement parsed the whole array again for every run.
   */
  async insertRuns(em: EntityManager, runs: RunProvenance[]): Promise<void> {
    if (!runs.length) return;
    const lists: string[] = [];
    const listOf = new Map<string, number>();
    const listIndex = runs.map((r) => {
      const json = JSON.stringify(
        r.packs.map((p) => ({ name: p.name, version: p.version, contentHash: p.contentHash })),
      );
      let k = listOf.get(json);
      if (k === undefined) listOf.set(json, (k = lists.push(json))); // 1-based, as PostgreSQL's arrays
      return k;
    });
    await em.query(
      `INSERT INTO rule_pack_sets (hash, packs) SELECT md5(p::text), p FROM unnest($1::jsonb[]) AS p ON CONFLICT (hash) DO NOTHING`,
      [lists],
    );
    await em.query(
      `INSERT INTO validation_runs (invoice_id, run, pack_set, settings_hash, findings, blocking)
         SELECT u.invoice_id, u.run, l.hash, u.settings_hash, u.findings, u.blocking
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::int[], $6::int[]) AS u(invoice_id, run, k, settings_hash, findings, blocking)
         JOIN (SELECT k, md5(p::text) AS hash FROM unnest($7::jsonb[]) WITH ORDINALITY AS x(p, k)) l ON l.k = u.k
                    ON CONFLICT (invoice_id, run) DO NOTHING`,
      [
        runs.map((r) => r.invoiceId),
        runs.map((r) => r.run),
        listIndex,
        runs.map((r) => r.settingsHash),
        runs.map((r) => r.findings),
        runs.map((r) => r.blocking),
        lists,
      ],
    );
  }

  /** The stored findings of a run, by severity (blocking first) then rule id. */
  ofRun(invoiceId: string, run: number): Promise<StoredFinding[]> {
    return this.ds.query(
      `SELECT rule_id AS "ruleId", severity, category, field_path AS "fieldPath", message, expected, actual, hint, route_key AS "routeKey", exception_id AS "exceptionId"
       FROM findings WHERE invoice_id = $1 AND validation_run = $2 ORDER BY severity, rule_id`,
      [invoiceId, run],
    );
  }

  /** What the per-rule cap left out of a run, by rule id. */
  suppressionsOfRun(invoiceId: string, run: number): Promise<{ ruleId: string; suppressed: number }[]> {
    return this.ds.query(
      `SELECT rule_id AS "ruleId", suppressed FROM finding_suppressions WHERE invoice_id = $1 AND validation_run = $2 ORDER BY rule_id`,
      [invoiceId, run],
    );
  }

  /** A run's provenance; null when the run has none (not finished, or from before provenance was kept). */
  async run(invoiceId: string, run: number): Promise<ValidationRunRow | null> {
    const [row] = await this.ds.query(
      `SELECT v.run, s.packs, v.settings_hash, v.findings, v.blocking, v.created_at
         FROM validation_runs v JOIN rule_pack_sets s ON s.hash = v.pack_set WHERE v.invoice_id = $1 AND v.run = $2`,
      [invoiceId, run],
    );
    return row ?? null;
  }

  /** The rule ids with a blocking finding in the invoice's latest run. */
  async blockingRuleIdsOfLatestRun(invoiceId: string): Promise<string[]> {
    const rows: { rule_id: string }[] = await this.ds.query(
      `SELECT DISTINCT f.rule_id FROM findings f JOIN invoices i ON i.id = f.invoice_id AND f.validation_run = i.validation_runs
       WHERE f.invoice_id = $1 AND f.severity = 'blocking'`,
      [invoiceId],
    );
    return rows.map((r) => r.rule_id);
  }
}
