import { Inject, Injectable } from '@nestjs/common';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { ApiError, conflict, notFound } from '../../common/api-error';
import { requestChanges } from '../pending-changes/pending-change.repository';
import { CreateSupplierDto, UpdateSupplierDto } from './dto/supplier.dto';
import { NEW_SUPPLIER_BASELINE, splitSupplierChange } from './supplier-dual-control';

const UUID = /^[0-9a-f-]{36}$/i;

/** Supplier master data; every change is audited. IBANs are checked and stored normalised. */
@Injectable()
export class SupplierService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * A new supplier starts from the defaults; bank accounts and tolerances above the defaults are left
   * for a second manager (pendingChanges in the answer), as on any later change.
   */
  async create(body: CreateSupplierDto, actor: Actor) {
    const ibans = normaliseIbans(body.bankAccounts ?? []);
    return this.ds.transaction(async (em) => {
      const [dup] = await em.query(`SELECT id FROM suppliers WHERE vat_id = $1`, [body.vatId]);
      if (dup)
        throw conflict('SUPPLIER_EXISTS', `A supplier with VAT id ${body.vatId} exists`, [
          { path: 'vatId', issue: 'already on file', actual: body.vatId },
        ]);
      const [{ id }] = await em.query(`SELECT gen_random_uuid() AS id`);
      const { immediate: dto, requests } = splitSupplierChange(id, NEW_SUPPLIER_BASELINE, {
        ...body,
        bankAccounts: ibans,
      });
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
      await this.replaceAccounts(em, row.id, dto.bankAccounts ?? []);
      await recordAudit(em, {
        aggregateType: 'supplier',
        aggregateId: row.id,
        action: 'created',
        actor,
        data: { ...dto, bankAccounts: dto.bankAccounts ?? [] },
      });
      const pendingChanges = await requestChanges(em, requests, actor.id!, null);
      return { ...(await this.get(row.id, em)), pendingChanges };
    });
  }

  /** Applies what only tightens control; the rest becomes pending changes (in the answer) for a second manager. */
  async update(id: string, body: UpdateSupplierDto, actor: Actor) {
    if (!UUID.test(id)) throw notFound('Supplier', id);
    const ibans = body.bankAccounts ? normaliseIbans(body.bankAccounts) : undefined;
    return this.ds.transaction(async (em) => {
      const [locked] = await em.query(`SELECT id FROM suppliers WHERE id = $1 FOR UPDATE`, [id]);
      if (!locked) throw notFound('Supplier', id);
      const before = await this.get(id, em);
      const { immediate: dto, requests } = splitSupplierChange(id, before, { ...body, bankAccounts: ibans });
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
      if (dto.bankAccounts) await this.replaceAccounts(em, id, dto.bankAccounts);
      const after = await this.get(id, em);
      await recordAudit(em, {
        aggregateType: 'supplier',
        aggregateId: id,
        action: 'updated',
        actor,
        reason: dto.reason ?? null,
        data: { before, after },
      });
      const pendingChanges = await requestChanges(em, requests, actor.id!, dto.reason);
      return { ...after, pendingChanges };
    });
  }

  async get(id: string, em: Pick<EntityManager, 'query'> = this.ds) {
    if (!UUID.test(id)) throw notFound('Supplier', id);
    const [s] = await em.query(
      `SELECT s.*, s.price_tolerance_pct::text AS ptol, s.quantity_tolerance_pct::text AS qtol,
              COALESCE(array_agg(b.iban ORDER BY b.iban) FILTER (WHERE b.iban IS NOT NULL), '{}') AS ibans
       FROM suppliers s LEFT JOIN supplier_bank_accounts b ON b.supplier_id = s.id WHERE s.id = $1 GROUP BY s.id`,
      [id],
    );
    if (!s) throw notFound('Supplier', id);
    return toSupplier(s);
  }

  async list(q: { search?: string; country?: string; limit?: number; offset?: number }) {
    const rows = await this.ds.query(
      `SELECT s.*, s.price_tolerance_pct::text AS ptol, s.quantity_tolerance_pct::text AS qtol,
              COALESCE(array_agg(b.iban ORDER BY b.iban) FILTER (WHERE b.iban IS NOT NULL), '{}') AS ibans
       FROM suppliers s LEFT JOIN supplier_bank_accounts b ON b.supplier_id = s.id
       WHERE ($1::text IS NULL OR s.name ILIKE '%' || $1 || '%' OR s.vat_id ILIKE $1 || '%') AND ($2::text IS NULL OR s.country_code = $2)
       GROUP BY s.id ORDER BY s.name LIMIT $3 OFFSET $4`,
      [q.search ?? null, q.country ?? null, q.limit ?? 100, q.offset ?? 0],
    );
    return { items: rows.map(toSupplier) };
  }

  private async replaceAccounts(em: EntityManager, supplierId: string, ibans: string[]) {
    await em.query(`DELETE FROM supplier_bank_accounts WHERE supplier_id = $1 AND NOT (iban = ANY($2::text[]))`, [
      supplierId,
      ibans,
    ]);
    if (ibans.length)
      await em.query(
        `INSERT INTO supplier_bank_accounts (supplier_id, iban) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [supplierId, ibans],
      );
  }
}

function normaliseIbans(list: string[]): string[] {
  const bad: { path: string; issue: string; expected: string; actual: string }[] = [];
  const out = list.map((raw, i) => {
    const iban = electronicFormatIBAN(raw) ?? '';
    if (!isValidIBAN(iban))
      bad.push({
        path: `bankAccounts[${i}]`,
        issue: 'invalid IBAN (format or checksum)',
        expected: 'a valid IBAN',
        actual: raw,
      });
    return iban;
  });
  if (bad.length) throw new ApiError(400, 'INVALID_IBAN', 'One or more bank accounts are not valid IBANs', bad);
  return [...new Set(out)];
}

function toSupplier(s: Record<string, any>) {
  return {
    id: s.id,
    name: s.name,
    vatId: s.vat_id,
    countryCode: s.country_code,
    blocked: s.blocked,
    blockedReason: s.blocked_reason,
    requiresPo: s.requires_po,
    priceTolerancePct: s.ptol,
    quantityTolerancePct: s.qtol,
    paymentTermsDays: s.payment_terms_days,
    currency: s.currency,
    language: s.language,
    bankAccounts: s.ibans,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}
