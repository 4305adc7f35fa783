import { Inject, Injectable } from '@nestjs/common';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { ApiError, conflict, notFound } from '../../common/api-error';
import { requestChanges } from '../pending-changes/pending-change.repository';
import { CreateSupplierDto, UpdateSupplierDto } from './dto/supplier.dto';
import { NEW_SUPPLIER_BASELINE, splitSupplierChange } from './supplier-dual-control';
import { SupplierRepository } from './supplier.repository';
import { SupplierRecordRow, supplierView } from './supplier.view';

const UUID = /^[0-9a-f-]{36}$/i;

/** Supplier master data; every change is audited. IBANs are checked and stored normalised. */
@Injectable()
export class SupplierService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(SupplierRepository) private readonly suppliers: SupplierRepository,
  ) {}

  /**
   * A new supplier starts from the defaults; bank accounts and tolerances above the defaults are left
   * for a second manager (pendingChanges in the answer), as on any later change.
   */
  async create(body: CreateSupplierDto, actor: Actor) {
    const ibans = normaliseIbans(body.bankAccounts ?? []);
    return this.ds.transaction(async (em) => {
      if (await this.suppliers.idByVatId(em, body.vatId))
        throw conflict('SUPPLIER_EXISTS', `A supplier with VAT id ${body.vatId} exists`, [
          { path: 'vatId', issue: 'already on file', actual: body.vatId },
        ]);
      const id = await this.suppliers.newId(em);
      const { immediate: dto, requests } = splitSupplierChange(id, NEW_SUPPLIER_BASELINE, {
        ...body,
        bankAccounts: ibans,
      });
      const supplierId = await this.suppliers.insert(em, id, dto);
      await this.suppliers.replaceBankAccounts(em, supplierId, dto.bankAccounts ?? []);
      await recordAudit(em, {
        aggregateType: 'supplier',
        aggregateId: supplierId,
        action: 'created',
        actor,
        data: { ...dto, bankAccounts: dto.bankAccounts ?? [] },
      });
      const pendingChanges = await requestChanges(em, requests, actor.id!, null);
      return { ...(await this.get(supplierId, em)), pendingChanges };
    });
  }

  /** Applies what only tightens control; the rest becomes pending changes (in the answer) for a second manager. */
  async update(id: string, body: UpdateSupplierDto, actor: Actor) {
    if (!UUID.test(id)) throw notFound('Supplier', id);
    const ibans = body.bankAccounts ? normaliseIbans(body.bankAccounts) : undefined;
    return this.ds.transaction(async (em) => {
      if (!(await this.suppliers.lock(em, id))) throw notFound('Supplier', id);
      const before = await this.get(id, em);
      const { immediate: dto, requests } = splitSupplierChange(id, before, { ...body, bankAccounts: ibans });
      await this.suppliers.update(em, id, dto);
      if (dto.bankAccounts) await this.suppliers.replaceBankAccounts(em, id, dto.bankAccounts);
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
    const s = await this.suppliers.row(id, em);
    if (!s) throw notFound('Supplier', id);
    return toSupplier(s);
  }

  async list(q: { search?: string; country?: string; limit?: number; offset?: number }) {
    const rows = await this.suppliers.rows(q);
    return { items: rows.map(toSupplier) };
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
  return { ...supplierView(s as SupplierRecordRow), bankAccounts: s.ibans };
}
