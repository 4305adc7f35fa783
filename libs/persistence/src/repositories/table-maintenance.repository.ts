import { DataSource, EntityManager } from 'typeorm';

/**
 * The tables the product writes all day. PostgreSQL may run with autovacuum off or tuned down (many
 * managed and small deployments do), so the product keeps their statistics and visibility maps
 * current itself: plans of the intake, validation and claim queries must not depend on luck.
 */
export const HOT_TABLES = [
  'invoices',
  'outbox',
  'idempotency_records',
  'exceptions',
  'findings',
  'audit_events',
  'exception_work_periods',
  'exception_comments',
  'reviewers',
] as const;

export interface MaintenanceThresholds {
  /** ANALYZE when rows changed since the last analyze exceed base + scale × live rows. */
  analyzeBase: number;
  analyzeScale: number;
  /** VACUUM ANALYZE when dead rows exceed base + scale × live rows. */
  vacuumBase: number;
  vacuumScale: number;
  /**
   * No second VACUUM of a table within this many seconds: dead rows that an old snapshot elsewhere
   * still needs stay counted after a vacuum, and vacuuming again at once would only repeat the work.
   */
  vacuumMinIntervalSeconds: number;
  /**
   * No second ANALYZE of a table within this many seconds unless it doubled (gained as many rows as it
   * held; updates do not count): under sustained intake the 10 % rule alone re-analyzed invoices every few seconds.
   */
  analyzeMinIntervalSeconds: number;
}

/**
 * Vacuum tighter than autovacuum's default (50 + 20%): claims and duplicate look-ups are index walks that
 * dead rows slow down. Analyze at autovacuum's own scale (10%) and, like autovacuum (one look per table a
 * minute), at most once a minute unless the table doubled: the planner scales its estimates by the table's
 * current size anyway, and an ANALYZE samples up to 30,000 rows whatever the change (0.2-1.1 s each on the
 * intake tables under load). At 5 % a table that grew from empty to 70,000 rows was analyzed about 50 times
 * during the bench's intake (105 s of PostgreSQL time for 70,000 invoices, pg_stat_statements); at 10 %
 * alone, ANALYZE was still a fifth to a quarter of PostgreSQL's statement time.
 */
export const DEFAULT_MAINTENANCE_THRESHOLDS: MaintenanceThresholds = {
  analyzeBase: 500,
  analyzeScale: 0.1,
  vacuumBase: 1000,
  vacuumScale: 0.05,
  vacuumMinIntervalSeconds: 300,
  analyzeMinIntervalSeconds: 60,
};

/**
 * Whether `changed` rows since the last ANALYZE of a table that then held `rows` rows, `secondsSince`
 * seconds ago (Infinity: never), call for another: past base + scale × rows, and either a minute since
 * or the table doubled. `grown` is how many rows it gained since (by default every changed row: intake
 * counts the rows it inserted); updates and deletes count toward the threshold, not toward the doubling.
 */
export const analyzeDue = (
  changed: number,
  rows: number,
  secondsSince = Infinity,
  t: MaintenanceThresholds = DEFAULT_MAINTENANCE_THRESHOLDS,
  grown = changed,
) => changed > t.analyzeBase + t.analyzeScale * rows && (grown >= rows || secondsSince >= t.analyzeMinIntervalSeconds);

export interface TableMaintenance {
  table: string;
  action: 'analyze' | 'vacuum analyze';
  liveRows: number;
  deadRows: number;
  modifiedSinceAnalyze: number;
}

type Db = DataSource | EntityManager;
const dataSourceOf = (db: Db): DataSource => (db instanceof DataSource ? db : db.connection);
export const schemaOf = (db: Db): string => (dataSourceOf(db).options as { schema?: string }).schema ?? 'public';
const qualified = (schema: string, table: string) => `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;

/** The schema's own tables (never the whole database: other schemas belong to others). */
async function schemaTables(db: Db, schema: string): Promise<string[]> {
  const rows: { relname: string }[] = await db.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r','p') ORDER BY c.relname`,
    [schema],
  );
  return rows.map((r) => r.relname);
}

/** ANALYZE the given tables of the data source's schema (all of its tables when none are named), in one statement. */
export async function analyzeTables(db: Db, tables?: readonly string[]): Promise<string[]> {
  const schema = schemaOf(db);
  const existing = await schemaTables(db, schema);
  const names = tables ? tables.filter((t) => existing.includes(t)) : existing;
  if (names.length) await db.query(`ANALYZE ${names.map((t) => qualified(schema, t)).join(', ')}`);
  return names;
}

/** What a table's statistics describe: the rows it held at its last ANALYZE (or VACUUM), and how long ago that was. */
export interface StatisticsAge {
  table: string;
  /** pg_class.reltuples: -1 when never analyzed. */
  rows: number;
  /** Seconds since the last ANALYZE; Infinity when never. */
  secondsSince: number;
}

/**
 * After a bulk write of `written` rows per table: ANALYZE the tables whose statistics no longer
 * describe them (never analyzed, or `analyzeDue`). Decided from pg_class.reltuples, which is exact at
 * once (the activity counters are flushed lazily). Returns the tables analyzed and, for the caller's
 * next decision, the age of each table's statistics as found (before this ANALYZE).
 */
export async function analyzeIfOutgrown(
  db: Db,
  written: Record<string, number>,
  t = DEFAULT_MAINTENANCE_THRESHOLDS,
): Promise<{ analyzed: string[]; ages: StatisticsAge[] }> {
  const schema = schemaOf(db);
  const rows: { relname: string; reltuples: number; since: number | null }[] = await db.query(
    `SELECT c.relname, c.reltuples::float8 AS reltuples,
            extract(epoch FROM now() - GREATEST(pg_stat_get_last_analyze_time(c.oid), pg_stat_get_last_autoanalyze_time(c.oid)))::float8 AS since
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind = 'r'`,
    [schema, Object.keys(written)],
  );
  const ages = rows.map((r) => ({ table: r.relname, rows: r.reltuples, secondsSince: r.since ?? Infinity }));
  const stale = ages
    .filter((a) => a.rows < 0 || analyzeDue(written[a.table], a.rows, a.secondsSince, t))
    .map((a) => a.table);
  return { analyzed: stale.length ? await analyzeTables(db, stale) : [], ages };
}

/**
 * One maintenance pass over the hot tables: VACUUM ANALYZE those with many dead rows, ANALYZE those
 * changed a lot since their last analyze (or never analyzed while holding rows). Reads
 * pg_stat_user_tables; VACUUM cannot run inside a transaction, so pass the DataSource, not a manager.
 */
export async function maintainHotTables(
  ds: DataSource,
  t = DEFAULT_MAINTENANCE_THRESHOLDS,
  tables: readonly string[] = HOT_TABLES,
): Promise<TableMaintenance[]> {
  const schema = schemaOf(ds);
  const stats: {
    relname: string;
    live: string;
    dead: string;
    mods: string;
    analyzed_rows: number;
    analyzed: boolean;
    since: number | null;
    vacuumed_recently: boolean;
  }[] = await ds.query(
    `SELECT s.relname, s.n_live_tup AS live, s.n_dead_tup AS dead, s.n_mod_since_analyze AS mods,
            GREATEST(c.reltuples, 0)::float8 AS analyzed_rows,
            (s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL) AS analyzed,
            extract(epoch FROM now() - GREATEST(s.last_analyze, s.last_autoanalyze))::float8 AS since,
            COALESCE(GREATEST(s.last_vacuum, s.last_autovacuum) > now() - make_interval(secs => $3), false) AS vacuumed_recently
     FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     WHERE s.schemaname = $1 AND s.relname = ANY($2::text[]) ORDER BY s.relname`,
    [schema, tables, t.vacuumMinIntervalSeconds],
  );
  const done: TableMaintenance[] = [];
  for (const s of stats) {
    const live = Number(s.live),
      dead = Number(s.dead),
      mods = Number(s.mods),
      // What the last ANALYZE (or VACUUM) counted: `mods` also counts updates, which do not grow a table.
      before = s.analyzed_rows;
    const vacuum = dead > t.vacuumBase + t.vacuumScale * live && !s.vacuumed_recently;
    const analyze =
      analyzeDue(mods, before, s.since ?? Infinity, t, Math.max(0, live - before)) || (!s.analyzed && live + mods > 0);
    if (!vacuum && !analyze) continue;
    await ds.query(`${vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE'} ${qualified(schema, s.relname)}`);
    done.push({
      table: s.relname,
      action: vacuum ? 'vacuum analyze' : 'analyze',
      liveRows: live,
      deadRows: dead,
      modifiedSinceAnalyze: mods,
    });
  }
  return done;
}
