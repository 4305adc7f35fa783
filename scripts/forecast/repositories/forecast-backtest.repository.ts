import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The SQL of the forecast backtest: the span of the stored exceptions and the arrivals that came. */
@Injectable()
export class ForecastBacktestRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** When the first and the last exception was created (null without any). */
  async span(): Promise<{ first: Date | null; last: Date | null }> {
    const [{ first, last }] = await this.ds.query(
      `SELECT min(created_at) AS first, max(created_at) AS last FROM exceptions`,
    );
    return { first, last };
  }

  /** Exceptions created per queue and UTC day in [from, to) (pairs without any are left out). */
  arrivalsByQueueAndDay(from: Date, to: Date): Promise<{ queue_key: string; day: string; n: number }[]> {
    return this.ds.query(
      `SELECT queue_key, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n FROM exceptions
     WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2`,
      [from, to],
    );
  }
}
