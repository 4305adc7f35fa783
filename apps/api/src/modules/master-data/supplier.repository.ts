import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { UpdateSupplierDto } from './dto/supplier.dto';

type Sql = Pick<EntityManager, 'query'>;

/** A supplier row with its tolerances as text (NUMERIC, never a float) and its IBANs. */
export type SupplierRow = Record<string, any>;

/** The controls that dual control guards, as an approved change finds them (tolerances as text). */
export interface SupplierControlsRow {
  id: string;
  blocked: boolean;
  blocked_reason: string | null;
  ptol: string;
  qtol: string;
}

/** The SQL of suppliers and their bank accounts. */
@Injectable()
export class SupplierRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async exists(em: Sql, id: string): Promise<boolean> {
    const [row] = await em.query(`SELECT id FROM suppliers WHERE id = $1`, [id]);
    return !!row;
  }

  async idByVatId(em: Sql, vatId: string): Promise<string | null> {
    const [row] = await em.query(`SELECT id FROM suppliers WHERE vat_id = $1`, [vatId]);
    return row?.id ?? null;
  }

  /** A new id, known before the row is written (pending changes of a new supplier name it). */
  async newId(em: Sql): Promise<string> {
    const [{ id }] = await em.query(`SELECT gen_random_uuid() AS id`);
    return id;
  }

  /** Writes a new supplier; tolerances not given take the defaults (2 % price, 0 % quantity). */
  async insert(em: Sql, id: string, dto: UpdateSupplierDto): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO suppliers (id, name, vat_id, country_code, blocked, blocked_reason, requires_po, price_tolerance_pct, quantity_tolerance_pct, payment_terms_days, currency, language)
         VALUES ($12,$1,$2,$3,$4,$5,$6,COALESCE($7::numeric, 2),COALESCE($8::numeric, 0),$9,$10,$11) RETURNING id`,
      [
        dto.name,
        dto.vatId,
        dto.countryCode,
        dto.blocked ?? false,
        dto.blockedReason ?? null,
        dto.requiresPo ?? false,
        dto.priceTolerancePct ?? null,
        dto.quantityTolerancePct ?? null,
        dto.paymentTermsDays ?? null,
        dto.currency ?? null,
        dto.language ?? null,
        id,
      ],
    );
    return row.id;
  }

  async lock(em: Sql, id: string): Promise<boolean> {
    const [row] = await em.query(`SELECT id FROM suppliers WHERE id = $1 FOR UPDATE`, [id]);
    return !!row;
  }

  /** Changes the fields given (unblocking clears the reason); the VAT id never changes. */
  async update(em: Sql, id: string, dto: UpdateSupplierDto): Promise<void> {
    await em.query(
      `UPDATE suppliers SET name = COALESCE($2, name), country_code = COALESCE($3, country_code), blocked = COALESCE($4, blocked),
           blocked_reason = CASE WHEN $4 = false THEN NULL ELSE COALESCE($5, blocked_reason) END, requires_po = COALESCE($6, requires_po),
           price_tolerance_pct = COALESCE($7::numeric, price_tolerance_pct), quantity_tolerance_pct = COALESCE($8::numeric, quantity_tolerance_pct),
           payment_terms_days = COALESCE($9, payment_terms_days), currency = COALESCE($10, currency), language = COALESCE($11, language), updated_at = now()
         WHERE id = $1`,
      [
        id,
        dto.name ?? null,
        dto.countryCode ?? null,
        dto.blocked ?? null,
        dto.blockedReason ?? null,
        dto.requiresPo ?? null,
        dto.priceTolerancePct ?? null,
        dto.quantityTolerancePct ?? null,
        dto.paymentTermsDays ?? null,
        dto.currency ?? null,
        dto.language ?? null,
      ],
    );
  }

  async row(id: string, em: Sql = this.ds): Promise<SupplierRow | null> {
    const [s] = await em.query(
      `SELECT s.*, s.price_tolerance_pct::text AS ptol, s.quantity_tolerance_pct::text AS qtol,
              COALESCE(array_agg(b.iban ORDER BY b.iban) FILTER (WHERE b.iban IS NOT NULL), '{}') AS ibans
       FROM suppliers s LEFT JOIN supplier_bank_accounts b ON b.supplier_id = s.id WHERE s.id = $1 GROUP BY s.id`,
      [id],
    );
    return s ?? null;
  }

  /** Suppliers by name (a part of it) or VAT id (its start), and country; by name. */
  rows(q: { search?: string; country?: string; limit?: number; offset?: number }): Promise<SupplierRow[]> {
    return this.ds.query(
      `SELECT s.*, s.price_tolerance_pct::text AS ptol, s.quantity_tolerance_pct::text AS qtol,
              COALESCE(array_agg(b.iban ORDER BY b.iban) FILTER (WHERE b.iban IS NOT NULL), '{}') AS ibans
       FROM suppliers s LEFT JOIN supplier_bank_accounts b ON b.supplier_id = s.id
       WHERE ($1::text IS NULL OR s.name ILIKE '%' || $1 || '%' OR s.vat_id ILIKE $1 || '%') AND ($2::text IS NULL OR s.country_code = $2)
       GROUP BY s.id ORDER BY s.name LIMIT $3 OFFSET $4`,
      [q.search ?? null, q.country ?? null, q.limit ?? 100, q.offset ?? 0],
    );
  }

  /** The supplier's identity, as a scorecard names it. */
  async identity(id: string): Promise<{ id: string; name: string; vat_id: string; country_code: string } | null> {
    const [s] = await this.ds.query(`SELECT id, name, vat_id, country_code FROM suppliers WHERE id = $1`, [id]);
    return s ?? null;
  }

  /** Keeps exactly these bank accounts (normalised IBANs). */
  async replaceBankAccounts(em: Sql, supplierId: string, ibans: string[]): Promise<void> {
    await em.query(`DELETE FROM supplier_bank_accounts WHERE supplier_id = $1 AND NOT (iban = ANY($2::text[]))`, [
      supplierId,
      ibans,
    ]);
    if (ibans.length) await this.addBankAccounts(em, supplierId, ibans);
  }

  async addBankAccounts(em: Sql, supplierId: string, ibans: string[]): Promise<void> {
    await em.query(
      `INSERT INTO supplier_bank_accounts (supplier_id, iban) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [supplierId, ibans],
    );
  }

  /** Locks the supplier for an approved change and reads the controls it may change. */
  async lockControls(em: Sql, id: string): Promise<SupplierControlsRow | null> {
    const [s] = await em.query(
      `SELECT id, blocked, blocked_reason, price_tolerance_pct::text AS ptol, quantity_tolerance_pct::text AS qtol FROM suppliers WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return s ?? null;
  }

  async touch(em: Sql, id: string): Promise<void> {
    await em.query(`UPDATE suppliers SET updated_at = now() WHERE id = $1`, [id]);
  }

  async unblock(em: Sql, id: string): Promise<void> {
    await em.query(`UPDATE suppliers SET blocked = false, blocked_reason = NULL, updated_at = now() WHERE id = $1`, [
      id,
    ]);
  }

  /** Sets the tolerances given (decimal strings); null keeps one as it is. */
  async setTolerances(em: Sql, id: string, pricePct: string | null, quantityPct: string | null): Promise<void> {
    await em.query(
      `UPDATE suppliers SET price_tolerance_pct = COALESCE($2::numeric, price_tolerance_pct), quantity_tolerance_pct = COALESCE($3::numeric, quantity_tolerance_pct),
        updated_at = now() WHERE id = $1`,
      [id, pricePct, quantityPct],
    );
  }
}
