import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { ApiError, conflict, notFound } from '../../common/api-error';
import { CreateGoodsReceiptDto, CreatePurchaseOrderDto } from './dto/purchase-order.dto';
import { PurchaseOrderRepository } from './purchase-order.repository';
import { SupplierRepository } from './supplier.repository';

/** Purchase orders and goods receipts: what the 2-way and 3-way match compare invoices against. */
@Injectable()
export class PurchaseOrderService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(PurchaseOrderRepository) private readonly orders: PurchaseOrderRepository,
    @Inject(SupplierRepository) private readonly suppliers: SupplierRepository,
  ) {}

  async create(dto: CreatePurchaseOrderDto, actor: Actor) {
    return this.ds.transaction(async (em) => {
      if (!(await this.suppliers.exists(em, dto.supplierId)))
        throw new ApiError(400, 'UNKNOWN_SUPPLIER', 'supplierId names no supplier on file', [
          { path: 'supplierId', issue: 'unknown supplier', actual: dto.supplierId },
        ]);
      if (await this.orders.idByNumber(em, dto.number))
        throw conflict('PURCHASE_ORDER_EXISTS', `Purchase order ${dto.number} exists`, [
          { path: 'number', issue: 'already on file', actual: dto.number },
        ]);
      const seen = new Set<string>();
      dto.lines.forEach((l, i) => {
        if (seen.has(l.lineNumber))
          throw new ApiError(400, 'DUPLICATE_LINE_NUMBER', 'Line numbers must be unique', [
            { path: `lines[${i}].lineNumber`, issue: 'duplicate', actual: l.lineNumber },
          ]);
        seen.add(l.lineNumber);
      });
      const poId = await this.orders.insert(em, {
        number: dto.number,
        supplierId: dto.supplierId,
        currency: dto.currency,
        buyerCountry: dto.buyerCountry ?? null,
      });
      await this.orders.insertLines(em, poId, dto.lines);
      await recordAudit(em, {
        aggregateType: 'purchase_order',
        aggregateId: poId,
        action: 'created',
        actor,
        data: dto,
      });
      return this.get(poId, em);
    });
  }

  async get(id: string, em: Pick<EntityManager, 'query'> = this.ds) {
    const po = await this.orders.withLines(id, em);
    if (!po) throw notFound('Purchase order', id);
    const receipts = await this.orders.goodsReceipts(po.id, em);
    return {
      id: po.id,
      number: po.number,
      supplierId: po.supplier_id,
      currency: po.currency,
      buyerCountry: po.buyer_country,
      createdAt: po.created_at,
      lines: po.lines,
      goodsReceipts: receipts,
    };
  }

  async receive(dto: CreateGoodsReceiptDto, actor: Actor) {
    return this.ds.transaction(async (em) => {
      const poId = await this.orders.idByNumber(em, dto.purchaseOrderNumber);
      if (!poId)
        throw new ApiError(400, 'UNKNOWN_PURCHASE_ORDER', 'purchaseOrderNumber names no purchase order', [
          { path: 'purchaseOrderNumber', issue: 'unknown', actual: dto.purchaseOrderNumber },
        ]);
      const known = new Set(await this.orders.lineNumbers(em, poId));
      const bad = dto.lines.map((l, i) => ({ l, i })).filter(({ l }) => !known.has(l.poLineNumber));
      if (bad.length)
        throw new ApiError(
          400,
          'UNKNOWN_PO_LINE',
          'Goods receipt names lines the purchase order does not have',
          bad.map(({ l, i }) => ({
            path: `lines[${i}].poLineNumber`,
            issue: 'no such PO line',
            expected: [...known].join('|'),
            actual: l.poLineNumber,
          })),
        );
      const grId = await this.orders.insertGoodsReceipt(em, poId, dto.reference ?? null, dto.receivedAt ?? null);
      await this.orders.insertGoodsReceiptLines(em, grId, dto.lines);
      await recordAudit(em, {
        aggregateType: 'purchase_order',
        aggregateId: poId,
        action: 'goods_received',
        actor,
        data: dto,
      });
      return { id: grId, purchaseOrderId: poId };
    });
  }
}
