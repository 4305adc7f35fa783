import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACTIVE_STATUSES, CLAIMABLE_STATUSES, ExceptionRow, sqlStatusList, TriageClock } from '@app/triage';
import { badRequest } from '../../common/api-error';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { ExceptionListQuery } from './dto/exception-list.query';
import { exceptionView } from './exception.view';
import { DEFAULT_LANGUAGE, localizeFinding, type Language } from '@app/rules';

type Sort = NonNullable<ExceptionListQuery['sort']>;
const CSV_MAX_ROWS = 10_000;
const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Sort order and the keyset condition "after this row" for each sort (cursor paging, stable under inserts). */
const ORDERS: Record<Sort, { order: string; key: string[]; after: (p: string[]) => string }> = {
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

interface ReasonRow {
  rule_id: string;
  message: string;
  expected: string | null;
  actual: string | null;
  field_path: string;
}

export interface ListedException extends ReturnType<typeof exceptionView> {
  invoiceNumber: string | null;
  sellerName: string | null;
  supplierName: string | null;
  assigneeName: string | null;
  ruleIds: string[];
  /** One sentence per blocking rule, in the response language (messageEn: the stored English). */
  reasons: { ruleId: string; message: string; messageEn: string }[];
  ageSeconds: number;
  overdue: boolean;
}

/**
 * The exception list behind the manager's seat: filters, text search and keyset (cursor) paging.
 * Managers and admins see every item; a reviewer sees exactly what `GET /v1/exceptions/{id}` would show
 * them: items they hold, first-approved or resolved, and waiting items of queues they have the skills for.
 */
@Injectable()
export class ExceptionListService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(TriageClock) private readonly clock: TriageClock,
  ) {}

  async list(
    p: StaffPrincipal,
    q: ExceptionListQuery,
    lang: Language = DEFAULT_LANGUAGE,
  ): Promise<{ items: ListedException[]; nextCursor: string | null; lang: Language }> {
    const sort: Sort = q.sort ?? 'priority';
    const order = ORDERS[sort];
    const limit = q.limit ?? 50;
    const values: unknown[] = [];
    const $ = (v: unknown) => {
      values.push(v);
      return `$${values.length}`;
    };
    const now = $(this.clock.now());
    const where: string[] = [];

    const statuses = new Set<string>();
    for (const s of (q.status ?? 'active').split(','))
      (s === 'active' ? ACTIVE_STATUSES : [s]).forEach((x) => statuses.add(x));
    where.push(`e.status IN (${sqlStatusList([...statuses])})`);
    if (q.queue) where.push(`e.queue_key = ${$(q.queue)}`);
    if (q.country) where.push(`e.country = ${$(q.country)}`);
    if (q.supplier) where.push(`e.supplier_id = ${$(q.supplier)}::uuid`);
    if (q.assignee === 'none') where.push('e.assignee_id IS NULL');
    else if (q.assignee) where.push(`e.assignee_id = ${$(q.assignee === 'me' ? p.userId : q.assignee)}::uuid`);
    if (q.minAgeHours !== undefined)
      where.push(`e.created_at <= ${now}::timestamptz - make_interval(hours => ${$(q.minAgeHours)}::int)`);
    if (q.maxAgeHours !== undefined)
      where.push(`e.created_at > ${now}::timestamptz - make_interval(hours => ${$(q.maxAgeHours)}::int)`);
    if (q.createdFrom) where.push(`e.created_at >= ${$(q.createdFrom)}::timestamptz`);
    if (q.createdTo) where.push(`e.created_at < ${$(q.createdTo)}::timestamptz`);
    const breached = `(e.sla_breached_at IS NOT NULL OR e.sla_due_at <= ${now}::timestamptz)`;
    if (q.breached === 'true') where.push(breached);
    if (q.breached === 'false') where.push(`NOT ${breached}`);
    if (q.q?.trim()) {
      const text = q.q.trim();
      const like = $(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(i.invoice_number ILIKE ${like} OR i.seller_name ILIKE ${like} OR s.name ILIKE ${like} OR e.queue_key ILIKE ${like}
        OR EXISTS (SELECT 1 FROM findings f WHERE f.exception_id = e.id AND f.rule_id ILIKE ${like})${/^[0-9a-f-]{36}$/i.test(text) ? ` OR e.id = ${$(text)}::uuid` : ''})`);
    }
    if (!isManager(p)) {
      const me = $(p.userId);
      where.push(`(e.assignee_id = ${me} OR e.first_approver_id = ${me} OR e.resolved_by = ${me}
        OR (e.assignee_id IS NULL AND e.status IN (${sqlStatusList(CLAIMABLE_STATUSES)}) AND EXISTS (
          SELECT 1 FROM reviewers r JOIN review_queues rq ON rq.key = e.queue_key WHERE r.id = ${me}
            AND r.countries @> rq.required_countries AND r.languages @> rq.required_languages AND r.categories @> rq.required_categories)))`);
    }
    if (q.cursor) where.push(order.after(this.decodeCursor(q.cursor, sort, order.key.length).map((v) => $(v))));

    const rows: (ExceptionRow & Record<string, any>)[] = await this.ds.query(
      `SELECT e.*, i.invoice_number, i.seller_name, s.name AS supplier_name, u.name AS assignee_name,
              extract(epoch FROM ${now}::timestamptz - e.created_at)::float8 AS age_seconds, ${breached} AS overdue,
              ARRAY(SELECT DISTINCT f.rule_id FROM findings f WHERE f.exception_id = e.id AND f.severity = 'blocking' ORDER BY 1) AS rule_ids,
              (SELECT json_agg(x ORDER BY x.rule_id) FROM (SELECT DISTINCT ON (f.rule_id) f.rule_id, f.message, f.expected, f.actual, f.field_path
                 FROM findings f WHERE f.exception_id = e.id AND f.severity = 'blocking' ORDER BY f.rule_id, f.id) x) AS reasons,
              ${order.key.map((k, i) => `${k} AS cursor_k${i}`).join(', ')}
       FROM exceptions e JOIN invoices i ON i.id = e.invoice_id
         LEFT JOIN suppliers s ON s.id = e.supplier_id LEFT JOIN staff_users u ON u.id = e.assignee_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${order.order} LIMIT ${$(limit + 1)}`,
      values,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        ...exceptionView(r),
        invoiceNumber: r.invoice_number,
        sellerName: r.seller_name,
        supplierName: r.supplier_name,
        assigneeName: r.assignee_name,
        ruleIds: r.rule_ids ?? [],
        reasons: ((r.reasons ?? []) as ReasonRow[]).map((f) => ({
          ruleId: f.rule_id,
          message: localizeFinding(
            { ruleId: f.rule_id, message: f.message, expected: f.expected, actual: f.actual, fieldPath: f.field_path },
            lang,
          ).message,
          messageEn: f.message,
        })),
        ageSeconds: Math.max(0, Math.round(Number(r.age_seconds))),
        overdue: r.overdue === true && !['resolved', 'superseded'].includes(r.status),
      })),
      lang,
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify([sort, ...order.key.map((_, i) => last[`cursor_k${i}`]), last.id])).toString(
              'base64url',
            )
          : null,
    };
  }

  /** Every matching row (up to 10,000) as CSV: one page after the other with the same filters. */
  async csv(p: StaffPrincipal, q: ExceptionListQuery): Promise<{ body: string; truncated: boolean }> {
    const header = [
      'id',
      'status',
      'queue',
      'country',
      'invoice',
      'seller',
      'supplier',
      'amount',
      'currency',
      'priority',
      'assignee',
      'created',
      'sla_due',
      'overdue',
      'age_hours',
      'rules',
    ];
    const lines = [header.join(',')];
    let cursor = q.cursor;
    let count = 0;
    for (;;) {
      const page = await this.list(p, { ...q, limit: 500, cursor });
      for (const x of page.items) {
        lines.push(
          [
            x.id,
            x.status,
            x.queueKey,
            x.country,
            x.invoiceNumber,
            x.sellerName,
            x.supplierName,
            x.amount,
            x.currency,
            x.priority,
            x.assigneeName,
            x.createdAt,
            x.sla.dueAt,
            x.overdue,
            (x.ageSeconds / 3600).toFixed(1),
            x.ruleIds.join(' '),
          ]
            .map(csvCell)
            .join(','),
        );
        if (++count >= CSV_MAX_ROWS)
          return {
            body: `${lines.join('\r\n')}\r\n`,
            truncated: !!page.nextCursor || page.items.indexOf(x) < page.items.length - 1,
          };
      }
      if (!page.nextCursor) return { body: `${lines.join('\r\n')}\r\n`, truncated: false };
      cursor = page.nextCursor;
    }
  }

  private decodeCursor(cursor: string, sort: Sort, keys: number): string[] {
    try {
      const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!Array.isArray(parts) || parts.length !== keys + 2 || parts.some((x) => typeof x !== 'string'))
        throw new Error('shape');
      if (parts[0] !== sort) throw new Error('sort');
      const [, ...rest] = parts as string[];
      if (!/^[0-9a-f-]{36}$/i.test(rest[rest.length - 1])) throw new Error('id');
      for (const k of rest.slice(0, -1))
        if (k !== 'infinity' && !/^-?\d+(\.\d+)?$/.test(k) && Number.isNaN(Date.parse(k))) throw new Error('key');
      return rest;
    } catch {
      throw badRequest('INVALID_CURSOR', 'The cursor is not one this list returned for this sort order', [
        {
          path: 'query.cursor',
          issue: 'not a valid cursor',
          expected: `nextCursor of a previous page sorted by ${sort}`,
        },
      ]);
    }
  }
}

/** RFC 4180 cell; text that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
