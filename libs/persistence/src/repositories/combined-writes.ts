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
    await this.run(em, undefined);
  }

  /**
   * Runs `sql` (a statement without a WITH clause of its own, e.g. an UPDATE ... RETURNING) together with
   * what was recorded, in one statement, and answers its rows.
   */
  async flushWith<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
    return (await this.run(em, { sql, params })) as T[];
  }

  private async run(em: EntityManager, last: Part | undefined): Promise<unknown[]> {
    const parts = this.parts;
    this.parts = [];
    const alone = parts.filter((p) => /^\s*WITH\b/i.test(p.sql));
    const together = parts.filter((p) => !alone.includes(p));
    let rows: unknown[] = [];
    if (!last && together.length === 1) await em.query(together[0].sql, together[0].params);
    else if (together.length > 1 || last) {
      const params: unknown[] = [];
      const cte = (p: Part, name: string) => {
        const offset = params.length;
        params.push(...p.params);
        return `${name} AS (${p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
      };
      const ctes = together.map((p, i) => cte(p, `w${i}`));
      if (last) ctes.push(cte(last, 'answer'));
      // Always a SELECT: its rows come back as rows (an UPDATE's through TypeORM as [rows, count]).
      rows = await em.query(`WITH ${ctes.join(',\n')}\nSELECT ${last ? '* FROM answer' : '1'}`, params);
    }
    for (const p of alone) await em.query(p.sql, p.params);
    return rows;
  }
}
