/** Anything with a `query` method (DataSource, EntityManager). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** A statement as a repository sent it. */
export interface SentStatement {
  sql: string;
  params?: unknown[];
}

/**
 * A stand-in for `target` (typed as the caller's DataSource or EntityManager) that passes every statement on
 * and records it, so that a spec can EXPLAIN exactly what a repository sent.
 */
export function recordingQueries<T>(target: Queryable): { db: T; sent: SentStatement[] } {
  const sent: SentStatement[] = [];
  const db = {
    query: (sql: string, params?: unknown[]) => {
      sent.push({ sql, params });
      return target.query(sql, params);
    },
  } as unknown as T;
  return { db, sent };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

/**
 * The plan PostgreSQL makes for a statement (`EXPLAIN (FORMAT JSON)`, with ANALYZE when asked: it runs),
 * and its scans, each "node type, relation, index" as far as the node has them, e.g.
 * "Index Scan invoices invoices_pkey", "Bitmap Index Scan invoices_in_review_idx", "Seq Scan invoices".
 */
export async function explainScans(
  db: Queryable,
  statement: SentStatement,
  opts: { analyze?: boolean } = {},
): Promise<{ scans: string[]; plan: Record<string, unknown> }> {
  const [{ 'QUERY PLAN': plan }] = await db.query(
    `EXPLAIN (${opts.analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${statement.sql}`,
    statement.params,
  );
  const scans: string[] = [];
  const walk = (n: PlanNode) => {
    if (n['Relation Name'] || n['Index Name'])
      scans.push([n['Node Type'], n['Relation Name'], n['Index Name']].filter(Boolean).join(' '));
    (n.Plans ?? []).forEach(walk);
  };
  walk(plan[0].Plan);
  return { scans, plan: plan[0] };
}
