import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, recordAudit } from '@app/persistence';
import { ApiError, conflict, notFound } from '../../common/api-error';
import { CreateGoodsReceiptDto, CreatePurchaseOrderDto } from './dto/purchase-order.dto';

/** Purchase orders and goods receipts: what the 2-way and 3-way match compare invoices against. */
@Injectable()
export class PurchaseOrderService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async create(dto: CreatePurchaseOrderDto, actor: Actor) {
    return this.ds.transaction(async (em) => {
      const [supplier] = await em.query(`SELECT id FROM suppliers WHERE id = $1`, [dto.supplierId]);
      if (!supplier)
        throw new ApiError(400, 'UNKNOWN_SUPPLIER', 'supplierId names no supplier on file', [
          { path: 'supplierId', issue: 'unknown supplier', actual: dto.supplierId },
        ]);
      const [dup] = await em.query(`SELECT id FROM purchase_orders WHERE number = $1`, [dto.number]);
      if (dup)
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
      const [po] = await em.query(
        `INSERT INTO purchase_orders (number, supplier_id, currency, buyer_country) VALUES ($1,$2,$3,$4) RETURNING id`,
        [dto.number, dto.supplierId, dto.currency, dto.buyerCountry ?? null],
      );
      await em.query(
        `INSERT INTO purchase_order_lines (purchase_order_id, line_number, description, quantity, unit_price)
         SELECT $1, l."lineNumber", l.description, l.quantity::numeric, l."unitPrice"::numeric
         FROM jsonb_to_recordset($2::jsonb) AS l("lineNumber" text, description text, quantity text, "unitPrice" text)`,
        [po.id, JSON.stringify(dto.lines)],
      );
      await recordAudit(em, {
        aggregateType: 'purchase_order',
        aggregateId: po.id,
        action: 'created',
        actor,
        data: dto,
      });
      return this.get(po.id, em);
    });
  }

  async get(id: string, em: Pick<EntityManager, 'query'> = this.ds) {
    const [po] = await em.query(
      `SELECT p.id, p.number, p.supplier_id, p.currency, p.buyer_country, p.created_at,
              json_agg(json_build_object('lineNumber', l.line_number, 'description', l.description, 'quantity', l.quantity::text, 'unitPrice', l.unit_price::text) ORDER BY l.line_number) AS lines
       FROM purchase_orders p JOIN purchase_order_lines l ON l.purchase_order_id = p.id WHERE p.id::text = $1 OR p.number = $1 GROUP BY p.id`,
      [id],
    );
    if (!po) throw notFound('Purchase order', id);
    const receipts = await em.query(
      `SELECT g.id, g.reference, g.received_at AS "receivedAt",
              json_agg(json_build_object('poLineNumber', gl.po_line_number, 'quantityReceived', gl.quantity_received::text)) AS lines
       FROM goods_receipts g JOIN goods_receipt_lines gl ON gl.goods_receipt_id = g.id WHERE g.purchase_order_id = $1 GROUP BY g.id ORDER BY g.received_at`,
      [po.id],
    );
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
      const [po] = await em.query(`SELECT id FROM purchase_orders WHERE number = $1`, [dto.purchaseOrderNumber]);
      if (!po)
        throw new ApiError(400, 'UNKNOWN_PURCHASE_ORDER', 'purchaseOrderNumber names no purchase order', [
          { path: 'purchaseOrderNumber', issue: 'unknown', actual: dto.purchaseOrderNumber },
        ]);
      const lines: { line_number: string }[] = await em.query(
        `SELECT line_number FROM purchase_order_lines WHERE purchase_order_id = $1`,
        [po.id],
      );
      const known = new Set(lines.map((l) => l.line_number));
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
      const [gr] = await em.query(
        `INSERT INTO goods_receipts (purchase_order_id, reference, received_at) VALUES ($1,$2,COALESCE($3::timestamptz, now())) RETURNING id`,
        [po.id, dto.reference ?? null, dto.receivedAt ?? null],
      );
      await em.query(
        `INSERT INTO goods_receipt_lines (goods_receipt_id, po_line_number, quantity_received)
         SELECT $1, l."poLineNumber", l."quantityReceived"::numeric FROM jsonb_to_recordset($2::jsonb) AS l("poLineNumber" text, "quantityReceived" text)`,
        [gr.id, JSON.stringify(dto.lines)],
      );
      await recordAudit(em, {
        aggregateType: 'purchase_order',
        aggregateId: po.id,
        action: 'goods_received',
        actor,
        data: dto,
      });
      return { id: gr.id, purchaseOrderId: po.id };
    });
  }
}
