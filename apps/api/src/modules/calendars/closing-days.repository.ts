import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { QueueRow } from '@app/triage';

type Sql = Pick<EntityManager, 'query'>;

export interface ClosingDayRow {
  id: string;
  day: string;
  country: string | null;
  queue_key: string | null;
  reason: string;
  created_by: string;
  created_at: Date;
}

const COLUMNS = `id, to_char(day, 'YYYY-MM-DD') AS day, country, queue_key, reason, created_by, created_at`;

/** The SQL of company closing days, and of the queues a closing day closes. */
@Injectable()
export class ClosingDaysRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Closing days from a day on (`from`, else `today`), company-wide ones first within a day. */
  list(from: string | null, today: Date): Promise<ClosingDayRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM closing_days WHERE day >= COALESCE($1::date, $2::date) ORDER BY day, country NULLS FIRST, queue_key NULLS FIRST`,
      [from, today],
    );
  }

  /** Null when the same day is already closed for the same scope. */
  async insert(
    em: Sql,
    d: { day: string; country: string | null; queueKey: string | null; reason: string; createdBy: string },
  ): Promise<ClosingDayRow | null> {
    const [row] = await em.query(
      `INSERT INTO closing_days (day, country, queue_key, reason, created_by) VALUES ($1,$2,$3,$4,$5)
           ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [d.day, d.country, d.queueKey, d.reason, d.createdBy],
    );
    return row ?? null;
  }

  async lock(em: Sql, id: string): Promise<ClosingDayRow | null> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM closing_days WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async delete(em: Sql, id: string): Promise<void> {
    await em.query(`DELETE FROM closing_days WHERE id = $1`, [id]);
  }

  /** Locks the queues a closing day of this scope closes (null: any queue, or any country), by key. */
  lockQueues(em: Sql, queueKey: string | null, country: string | null): Promise<QueueRow[]> {
    return em.query(
      `SELECT * FROM review_queues WHERE ($1::text IS NULL OR key = $1) AND ($2::text IS NULL OR calendar->>'country' = $2)
       ORDER BY key FOR UPDATE`,
      [queueKey, country],
    );
  }
}
