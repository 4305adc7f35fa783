import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isoDay } from '../definitions/period.util';
import {
  clearRolledThrough,
  compactInvoiceStatusCounts,
  readFirstEventDay,
  readRolledThrough,
  rollUpDays,
  rollUpMonths,
  saveRolledThrough,
} from '../repositories/metrics-rollup.repository';

const DAY_MS = 86_400_000;
const CHUNK_DAYS = 14;

export interface RollupResult {
  first: string | null;
  last: string | null;
  days: number;
  ms: number;
}

/**
 * Refreshes the daily roll-ups. Only finished UTC days are rolled up; each run recomputes from the
 * day before the watermark (events committed just after midnight) to yesterday. Days after the
 * watermark are read from raw rows by the queries, so the figures are right whether or not this ran.
 */
@Injectable()
export class MetricsRollupService {
  private readonly logger = new Logger('MetricsRollup');

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  rolledThrough(): Promise<string | null> {
    return readRolledThrough(this.ds);
  }

  /** Recomputes every day from the first event (after bulk loads with back-dated timestamps). */
  async rebuild(onProgress?: (done: number, total: number) => void): Promise<RollupResult> {
    await clearRolledThrough(this.ds);
    return this.refresh(onProgress);
  }

  async refresh(onProgress?: (done: number, total: number) => void, now = new Date()): Promise<RollupResult> {
    const started = Date.now();
    await this.compactStatusCounts();
    const last = isoDay(new Date(now.getTime() - DAY_MS));
    const watermark = await this.rolledThrough();
    const first = watermark
      ? isoDay(new Date(Date.parse(`${watermark}T00:00:00Z`) - DAY_MS))
      : await readFirstEventDay(this.ds);
    if (!first || first > last) {
      await saveRolledThrough(this.ds, last);
      return { first: null, last, days: 0, ms: Date.now() - started };
    }
    const startMs = Date.parse(`${first}T00:00:00Z`);
    const endMs = Date.parse(`${last}T00:00:00Z`) + DAY_MS;
    const total = Math.round((endMs - startMs) / DAY_MS);
    for (let t = startMs; t < endMs; t += CHUNK_DAYS * DAY_MS) {
      const to = Math.min(endMs, t + CHUNK_DAYS * DAY_MS);
      await rollUpDays(this.ds, new Date(t), new Date(to));
      onProgress?.(Math.round((to - startMs) / DAY_MS), total);
    }
    await rollUpMonths(this.ds, first, last);
    await saveRolledThrough(this.ds, last);
    const result = { first, last, days: total, ms: Date.now() - started };
    this.logger.debug(`rolled up ${total} day(s) ${first}..${last} in ${result.ms} ms`);
    return result;
  }

  /** Folds the invoice triggers' signed status deltas (see compactInvoiceStatusCounts). */
  compactStatusCounts(): Promise<void> {
    return compactInvoiceStatusCounts(this.ds);
  }
}
