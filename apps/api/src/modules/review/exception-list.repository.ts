import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLAIMABLE_STATUSES, ExceptionRow, sqlStatusList } from '@app/triage';
import { ExceptionListQuery } from './dto/exception-list.query';

export type ExceptionSort = NonNullable<ExceptionListQuery['sort']>;

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Sort order and the keyset condition "after this row" for each sort (cursor paging, stable under inserts). */
const ORDERS: Record<ExceptionSort, { order: string; key: string[]; after: (p: string[]) => string }> = {
  priority: {
    order: 'e.priority DESC, e.created_at, e.id',
    key: ['e.priority::text', TS('e.created_at')],
    after: ([k1, k2, id]) =>
      `(e.priority < ${k1}::numeric OR (e.priority = ${k1}::numeric AND (e.created_at, e.id) > (${k2}::timestamptz, ${id}::uuid)))`,
  },
  oldest: {
    order: 'e.created_at, e.id',
    key: [TS('e.created_at')],
    after: ([k1, id]) => `(e.created_at, e.id) > (${k1}::timestamptz, ${id}::uuid)`,
  },
  newest: {
    order: 'e.created_at DESC, e.id DESC',
    key: [TS('e.created_at')],
    after: ([k1, id]) => `(e.created_at, e.id) < (${k1}::timestamptz, ${id}::uuid)`,
  },
  due: {
    order: `COALESCE(e.sla_due_at, 'infinity'::timestamptz), e.id`,
    key: [`CASE WHEN e.sla_due_at IS NULL THEN 'infinity' ELSE ${TS('e.sla_due_at')} END`],
    after: ([k1, id]) => `(COALESCE(e.sla_due_at, 'infinity'::timestamptz), e.id) > (${k1}::timestamptz, ${id}::uuid)`,
  },
};

/** How many sort keys a cursor of the sort carries before the row id. */
export const cursorKeyCount = (sort: ExceptionSort): number => ORDERS[sort].key.length;

export interface ExceptionListFilter {
  now: Date;
  sort: ExceptionSort;
  statuses: string[];
  queue?: string;
  country?: string;
  supplier?: string;
  /** "none" for unassigned items, else a reviewer id. */
  assignee?: string;
  minAgeHours?: number;
  maxAgeHours?: number;
  createdFrom?: string;
  createdTo?: string;
  breached?: 'true' | 'false';
  /** Searched in invoice number, seller and supplier name, queue and rule ids (and the item id when it is one). */
  text?: string;
  /** Only what this reviewer may see; every item when absent (managers). */
  reviewerId?: string;
  /** The sort keys and the id of the previous page's last row. */
  after?: string[];
  limit: number;
}

export interface FindingReasonRow {
  rule_id: string;
  message: string;
  expected: string | null;
  actual: string | null;
  field_path: string;
}

export type ListedExceptionRow = ExceptionRow & {
  invoice_number: string | null;
  seller_name: string | null;
  supplier_name: string | null;
  assignee_name: string | null;
  age_seconds: number;
  overdue: boolean;
  rule_ids: string[] | null;
  reasons: FindingReasonRow[] | null;
  [cursorKey: `cursor_k${number}`]: string;
};

/** The SQL of the exception list: filters, text search and keyset paging in one statement. */
@Injectable()
export class ExceptionListRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** One page, plus one row more when a next page exists; each row carries its cursor keys (`cursor_k<i>`). */
  page(f: ExceptionListFilter): Promise<ListedExceptionRow[]> {
    const order = ORDERS[f.sort];
    const values: unknown[] = [];
    const $ = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    const now = $(f.now);
    const where: string[] = [];

    where.push(`e.status IN (${sqlStatusList(f.statuses)})`);
    if (f.queue) where.push(`e.queue_key = ${$(f.queue)}`);
    if (f.country) where.push(`e.country = ${$(f.country)}`);
    if (f.supplier) where.push(`e.supplier_id = ${$(f.supplier)}::uuid`);
    if (f.assignee === 'none') where.push('e.assignee_id IS NULL');
    else if (f.assignee) where.push(`e.assignee_id = ${$(f.assignee)}::uuid`);
    if (f.minAgeHours !== undefined)
      where.push(`e.created_at <= ${now}::timestamptz - make_interval(hours => ${$(f.minAgeHours)}::int)`);
    if (f.maxAgeHours !== undefined)
      where.push(`e.created_at > ${now}::timestamptz - make_interval(hours => ${$(f.maxAgeHours)}::int)`);
    if (f.createdFrom) where.push(`e.created_at >= ${$(f.createdFrom)}::timestamptz`);
    if (f.createdTo) where.push(`e.created_at < ${$(f.createdTo)}::timestamptz`);
    const breached = `(e.sla_breached_at IS NOT NULL OR e.sla_due_at <= ${now}::timestamptz)`;
    if (f.breached === 'true') where.push(breached);
    if (f.breached === 'false') where.push(`NOT ${breached}`);
    if (f.text) {
      const text = f.text;
      const like = $(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(i.invoice_number ILIKE ${like} OR i.seller_name ILIKE ${like} OR s.name ILIKE ${like} OR e.queue_key ILIKE ${like}
        OR EXISTS (SELECT 1 FROM findings f WHERE f.exception_id = e.id AND f.rule_id ILIKE ${like})${/^[0-9a-f-]{36}$/i.test(text) ? ` OR e.id = ${$(text)}::uuid` : ''})`);
    }
    if (f.reviewerId) {
      const me = $(f.reviewerId);
      where.push(`(e.assignee_id = ${me} OR e.first_approver_id = ${me} OR e.resolved_by = ${me}
        OR (e.assignee_id IS NULL AND e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND EXISTS (
          SELECT 1 FROM reviewers r JOIN review_queues rq ON rq.key = e.queue_key WHERE r.id = ${me}
            AND r.countries @> rq.required_countries AND r.languages @> rq.required_languages AND r.categories @> rq.required_categories)))`);
    }
    if (f.after) where.push(order.after(f.after.map((v) => $(v))));

    return this.ds.query(
      `SELECT e.*, i.invoice_number, i.seller_name, s.name AS supplier_name, u.name AS assignee_name,
              extract(epoch FROM ${now}::timestamptz - e.created_at)::float8 AS age_seconds, ${breached} AS overdue,
              ARRAY(SELECT DISTINCT f.rule_id FROM findings f WHERE f.exception_id = e.id AND f.severity = 'blocking' ORDER BY 1) AS rule_ids,
              (SELECT json_agg(x ORDER BY x.rule_id) FROM (SELECT DISTINCT ON (f.rule_id) f.rule_id, f.message, f.expected, f.actual, f.field_path
                 FROM findings f WHERE f.exception_id = e.id AND f.severity = 'blocking' ORDER BY f.rule_id, f.id) x) AS reasons,
              ${order.key.map((k, i) => `${k} AS cursor_k${i}`).join(', ')}
       FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
         LEFT JOIN suppliers s ON s.id = e.supplier_id LEFT JOIN staff_users u ON u.id = e.assignee_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${order.order} LIMIT ${$(f.limit + 1)}`,
      values,
    );
  }
}
