import { EntityManager } from 'typeorm';

interface Part {
  sql: string;
  params: unknown[];
}

/**
 * Writes whose results nobody reads, collected and sent to PostgreSQL as one statement: each becomes a
 * data-modifying CTE of it (`WITH w0 AS (INSERT ...), w1 AS (UPDATE ...) SELECT 1`), its parameters
 * renumbered after those of the writes before it. One round trip instead of one per write: a round
 * trip costs both processes a wake-up and a socket write (about 0.1 ms of client CPU each on a 2-core
 * VM, measured with node-postgres), and the worker's verdict of a group was five of them.
 *
 * `em` is handed to functions that only write (one `query` per call, result unused): it records their
 * statements and answers `[]`. All of a combined statement's writes see the database as it was before
 * the statement (none sees another's rows) and run together; so only independent writes belong in one,
 * and a statement that needs to see them comes after `flush`. A write with its own WITH clause is run
 * alone (PostgreSQL allows data-modifying WITH only at the top level).
 */
export class CombinedWrites {
  private parts: Part[] = [];

  readonly em = {
    query: (sql: string, params: unknown[] = []) => {
      this.parts.push({ sql, params });
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;

  /** Runs what was recorded, in the caller's transaction (`em`), and forgets it. */
  async flush(em: EntityManager): Promise<void> {
    const parts = this.parts;
    this.parts = [];
    const alone = parts.filter((p) => /^\s*WITH\b/i.test(p.sql));
    const together = parts.filter((p) => !alone.includes(p));
    if (together.length === 1) await em.query(together[0].sql, together[0].params);
    else if (together.length > 1) {
      const params: unknown[] = [];
      const ctes = together.map((p, i) => {
        const offset = params.length;
        params.push(...p.params);
        return `w${i} AS (${p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
      });
      await em.query(`WITH ${ctes.join(',\n')}\nSELECT 1`, params);
    }
    for (const p of alone) await em.query(p.sql, p.params);
  }
}
