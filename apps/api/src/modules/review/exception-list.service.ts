import { Inject, Injectable } from '@nestjs/common';
import type { ListedException } from '@app/contracts';
import { ACTIVE_STATUSES, TriageClock } from '@app/triage';
import { badRequest } from '../../common/api-error';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { ExceptionListQuery } from './dto/exception-list.query';
import { exceptionView } from './exception.view';
import { cursorKeyCount, ExceptionListRepository, ExceptionSort } from './exception-list.repository';
import { DEFAULT_LANGUAGE, localizeFinding, type Language } from '@app/rules';

const CSV_MAX_ROWS = 10_000;

/**
 * The exception list behind the manager's seat: filters, text search and keyset (cursor) paging.
 * Managers and admins see every item; a reviewer sees exactly what `GET /v1/exceptions/{id}` would show
 * them: items they hold, first-approved or resolved, and waiting items of queues they have the skills for.
 */
@Injectable()
export class ExceptionListService {
  constructor(
    @Inject(ExceptionListRepository) private readonly repo: ExceptionListRepository,
    @Inject(TriageClock) private readonly clock: TriageClock,
  ) {}

  async list(
    p: StaffPrincipal,
    q: ExceptionListQuery,
    lang: Language = DEFAULT_LANGUAGE,
  ): Promise<{ items: ListedException[]; nextCursor: string | null; lang: Language }> {
    const sort: ExceptionSort = q.sort ?? 'priority';
    const limit = q.limit ?? 50;
    const statuses = new Set<string>();
    for (const s of (q.status ?? 'active').split(','))
      (s === 'active' ? ACTIVE_STATUSES : [s]).forEach((x) => statuses.add(x));
    const rows = await this.repo.page({
      now: this.clock.now(),
      sort,
      statuses: [...statuses],
      queue: q.queue,
      country: q.country,
      supplier: q.supplier,
      assignee: q.assignee === 'me' ? p.userId : q.assignee,
      minAgeHours: q.minAgeHours,
      maxAgeHours: q.maxAgeHours,
      createdFrom: q.createdFrom,
      createdTo: q.createdTo,
      breached: q.breached,
      text: q.q?.trim() || undefined,
      reviewerId: isManager(p) ? undefined : p.userId,
      after: q.cursor ? this.decodeCursor(q.cursor, sort) : undefined,
      limit,
    });
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
        reasons: (r.reasons ?? []).map((f) => ({
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
          ? Buffer.from(
              JSON.stringify([
                sort,
                ...Array.from({ length: cursorKeyCount(sort) }, (_, i) => last[`cursor_k${i}`]),
                last.id,
              ]),
            ).toString('base64url')
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

  private decodeCursor(cursor: string, sort: ExceptionSort): string[] {
    const keys = cursorKeyCount(sort);
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
