import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InvoiceStatus } from '@app/domain';
import { ACTIVE_STATUSES, ExceptionRow, SKILLS_MATCH_SQL, Sql, sqlStatusList } from '@app/triage';

export interface InvoiceForCorrectionRow {
  status: InvoiceStatus;
  canonical: Record<string, any>;
  validation_runs: number;
}

/**
 * The SQL of the review actions and decisions beside the exception's own transitions (which the triage
 * store applies): who may take a queue's items, comments, activity, and the invoice a decision locks or
 * corrects. Methods that take `em` run inside the caller's transaction.
 */
@Injectable()
export class ExceptionReviewRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The reviewer has every skill the queue requires (countries, languages, categories). */
  async hasSkillsFor(em: Sql, reviewerId: string, queueKey: string): Promise<boolean> {
    const [ok] = await em.query(
      `SELECT 1 FROM reviewers r JOIN review_queues q ON q.key = $2
       WHERE r.id = $1 AND ${SKILLS_MATCH_SQL}`,
      [reviewerId, queueKey],
    );
    return !!ok;
  }

  async reviewerExists(reviewerId: string): Promise<boolean> {
    const [r] = await this.ds.query(`SELECT 1 FROM reviewers WHERE id = $1`, [reviewerId]);
    return !!r;
  }

  async addComment(
    em: Sql,
    c: { exceptionId: string; authorId: string; text: string },
  ): Promise<{ id: string; created_at: Date }> {
    const [row] = await em.query(
      `INSERT INTO exception_comments (exception_id, author_id, text) VALUES ($1,$2,$3) RETURNING id, created_at`,
      [c.exceptionId, c.authorId, c.text],
    );
    return row;
  }

  /** The holder acted on the item: the item's clock of the abandoned-claim timeout moves. */
  async touch(em: Sql, exceptionId: string, now: Date): Promise<void> {
    await em.query(`UPDATE exceptions SET last_activity_at = $2 WHERE id = $1`, [exceptionId, now]);
  }

  /**
   * The reviewer's activity stamp (shown as "last active"; nothing decides on it), written after the
   * decision's transaction and never waiting: the router's push and a claim lock the reviewer's row for a
   * moment, and a stamp that waited there joined their lock queues. Taken inside the decision's transaction
   * it closed a cycle with a push for the same item (push: reviewer, then item; decision: item, then
   * reviewer), and after it a stamp queued behind two pushes was still picked as a deadlock's victim,
   * failing a committed decision. A row locked at that instant keeps its earlier stamp; the next action
   * writes it. Returns whether it was written.
   */
  async markReviewerActive(em: Sql, reviewerId: string, now: Date): Promise<boolean> {
    const [{ n }] = await em.query(
      `WITH r AS (SELECT id FROM reviewers WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED),
            u AS (UPDATE reviewers SET last_active_at = $2 FROM r WHERE reviewers.id = r.id RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
      [reviewerId, now],
    );
    return n > 0;
  }

  /** Locks the invoice for the rest of the transaction (invoice before exception: the lock order of every closing path). */
  async lockInvoice(em: Sql, invoiceId: string): Promise<void> {
    await em.query(`SELECT id FROM invoices WHERE id = $1 FOR UPDATE`, [invoiceId]);
  }

  /** Locks an invoice of the integration; null when unknown or another integration's. */
  async lockInvoiceOfIntegration(em: Sql, invoiceId: string, integrationId: string): Promise<{ id: string } | null> {
    const [inv] = await em.query(`SELECT id FROM invoices WHERE id = $1 AND integration_id = $2 FOR UPDATE`, [
      invoiceId,
      integrationId,
    ]);
    return inv ?? null;
  }

  async invoiceCanonical(em: Sql, invoiceId: string): Promise<Record<string, any>> {
    const [inv] = await em.query(`SELECT canonical FROM invoices WHERE id = $1`, [invoiceId]);
    return inv.canonical;
  }

  async invoiceForCorrection(em: Sql, invoiceId: string): Promise<InvoiceForCorrectionRow> {
    const [inv] = await em.query(`SELECT status, canonical, validation_runs FROM invoices WHERE id = $1`, [invoiceId]);
    return inv;
  }

  /** Locks the invoice's other active items, in id order. */
  lockOtherActive(em: Sql, invoiceId: string, exceptionId: string): Promise<ExceptionRow[]> {
    return em.query(
      `SELECT * FROM exceptions WHERE invoice_id = $1 AND id <> $2 AND status IN (${sqlStatusList(ACTIVE_STATUSES)}) ORDER BY id FOR UPDATE`,
      [invoiceId, exceptionId],
    );
  }

  async setInvoiceStatus(em: Sql, invoiceId: string, status: InvoiceStatus): Promise<void> {
    await em.query(`UPDATE invoices SET status = $2, updated_at = now() WHERE id = $1`, [invoiceId, status]);
  }
}
