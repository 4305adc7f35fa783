import { MetricFilter } from '@app/metrics';
import { badRequest } from '../../common/api-error';
import { MetricsQuery } from './dto/metrics-query.dto';

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;

/** Turns the query into a period: default the last 30 UTC days up to now; at most 400 days. */
export function toMetricFilter(q: MetricsQuery, now = new Date()): MetricFilter {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS - 29 * DAY_MS);
  if (!(from < to))
    throw badRequest('INVALID_PERIOD', 'from must be before to', [
      { path: 'from', issue: 'not before to', expected: `< ${to.toISOString()}`, actual: from.toISOString() },
    ]);
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) {
    throw badRequest('INVALID_PERIOD', `A period spans at most ${MAX_DAYS} days`, [
      { path: 'from', issue: 'period too long', expected: `at most ${MAX_DAYS} days` },
    ]);
  }
  return { from, to, queue: q.queue, country: q.country };
}
