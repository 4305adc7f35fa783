import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The SQL the staffing forecast reads besides its inputs (@app/triage loads those): surges, queues, arrivals. */
@Injectable()
export class ForecastRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  surgingQueues(): Promise<{ key: string; surge_since: Date }[]> {
    return this.ds.query(`SELECT key, surge_since FROM review_queues WHERE surge_since IS NOT NULL`);
  }

  /** Exceptions created per UTC day in [from, to) (days without any are left out). */
  arrivalsByDay(from: Date, to: Date): Promise<{ day: string; n: number }[]> {
    return this.ds.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n FROM exceptions
       WHERE created_at >= $1 AND created_at < $2 GROUP BY 1`,
      [from, to],
    );
  }
}
