import { PeriodPlan, splitMonths } from '../definitions/period.util';
import { SqlParams } from './sql-params';

export interface TieredSource {
  daily: string;
  monthly: string;
  /** Columns read from either tier (same names in both). */
  columns: string;
  /** Extra conditions on the daily rows and on the monthly rows (e.g. a country filter, or the '*' total row). */
  dailyWhere?: string;
  monthlyWhere?: string;
}

/**
 * The roll-up rows of a plan's rolled days: whole calendar months from the monthly tier, the days
 * before and after them from the daily tier. Null when nothing is rolled up.
 */
export function tieredRollupSql(sql: SqlParams, plan: PeriodPlan, src: TieredSource): string | null {
  if (!plan.rolled) return null;
  const split = splitMonths(plan.rolled.first, plan.rolled.last);
  const parts: string[] = [];
  if (split.months.length) {
    parts.push(
      `SELECT ${src.columns} FROM ${src.monthly} WHERE month = ANY(${sql.add(split.months, 'date[]')}) ${src.monthlyWhere ? `AND ${src.monthlyWhere}` : ''}`,
    );
  }
  for (const d of split.days) {
    parts.push(
      `SELECT ${src.columns} FROM ${src.daily} WHERE day BETWEEN ${sql.add(d.first, 'date')} AND ${sql.add(d.last, 'date')} ${src.dailyWhere ? `AND ${src.dailyWhere}` : ''}`,
    );
  }
  return parts.join(' UNION ALL ');
}
