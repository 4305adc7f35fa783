import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sql } from '@app/triage';

export interface ReasonCodeRow {
  code: string;
  label: string;
  decisions: string[];
  active: boolean;
  sort: number;
  invoice_response_reason: string | null;
  invoice_response_action: string | null;
  created_at: Date;
  updated_at: Date;
}

export type ReasonCodeInput = Pick<
  ReasonCodeRow,
  'code' | 'label' | 'decisions' | 'active' | 'sort' | 'invoice_response_reason' | 'invoice_response_action'
>;

/** The SQL of the decision reason codes. */
@Injectable()
export class ReasonCodesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Active codes (every code with `all`), in their sort order. */
  list(all: boolean): Promise<ReasonCodeRow[]> {
    return this.ds.query(`SELECT * FROM decision_reason_codes ${all ? '' : 'WHERE active'} ORDER BY sort, code`);
  }

  /** Locks one code for the rest of the transaction; null when it does not exist yet. */
  async lock(em: Sql, code: string): Promise<ReasonCodeRow | null> {
    const [row] = await em.query(`SELECT * FROM decision_reason_codes WHERE code = $1 FOR UPDATE`, [code]);
    return row ?? null;
  }

  async upsert(em: Sql, c: ReasonCodeInput): Promise<ReasonCodeRow> {
    const [row] = await em.query(
      `INSERT INTO decision_reason_codes (code, label, decisions, active, sort, invoice_response_reason, invoice_response_action)
         VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (code) DO UPDATE SET label = $2, decisions = $3, active = $4, sort = $5, invoice_response_reason = $6,
           invoice_response_action = $7, updated_at = now() RETURNING *`,
      [c.code, c.label, c.decisions, c.active, c.sort, c.invoice_response_reason, c.invoice_response_action],
    );
    return row;
  }

  /** The audit aggregate id of a code: stable, derived from the code. */
  async aggregateId(em: Sql, code: string): Promise<string> {
    const [{ id }] = await em.query(`SELECT md5('decision-reason-code:' || $1)::uuid AS id`, [code]);
    return id;
  }

  /** An active code with the decisions it is a reason for; null when unknown or inactive. */
  async active(em: Sql, code: string): Promise<Pick<ReasonCodeRow, 'code' | 'decisions'> | null> {
    const [row] = await em.query(`SELECT code, decisions FROM decision_reason_codes WHERE code = $1 AND active`, [
      code,
    ]);
    return row ?? null;
  }
}
