import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

type Sql = Pick<EntityManager, 'query'>;

/** A purchase order with its lines (quantities and prices as decimal strings). */
export interface PurchaseOrderRow {
  id: string;
  number: string;
  supplier_id: string;
  currency: string;
  buyer_country: string | null;
  created_at: Date;
  lines: { lineNumber: string; description: string | null; quantity: string; unitPrice: string }[];
}

export interface GoodsReceiptRow {
  id: string;
  reference: string | null;
  receivedAt: Date;
  lines: { poLineNumber: string; quantityReceived: string }[];
}

/** The SQL of purchase orders, their lines and goods receipts (the 2-way and 3-way match's other side). */
@Injectable()
export class PurchaseOrderRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async idByNumber(em: Sql, number: string): Promise<string | null> {
    const [row] = await em.query(`SELECT id FROM purchase_orders WHERE number = $1`, [number]);
    return row?.id ?? null;
  }

  async insert(
    em: Sql,
    po: { number: string; supplierId: string; currency: string; buyerCountry: string | null },
  ): Promise<string> {
    const [row] = await em.query(
      `INSERT INTO purchase_orders (number, supplier_id, currency, buyer_country) VALUES ($1,$2,$3,$4) RETURNING id`,
      [po.number, po.supplierId, po.currency, po.buyerCountry],
    );
    return row.id;
  }

  /** Writes the lines in one statement; quantity and unit price are decimal strings (NUMERIC). */
  async insertLines(
    em: Sql,
    purchaseOrderId: string,
    lines: { lineNumber: string; description?: string; quantity: string; unitPrice: string }[],
  ): Promise<void> {
    await em.query(
      `INSERT INTO purchase_order_lines (purchase_order_id, line_number, description, quantity, unit_price)
         SELECT $1, l."lineNumber", l.description, l.quantity::numeric, l."unitPrice"::numeric
         FROM jsonb_to_recordset($2::jsonb) AS l("lineNumber" text, description text, quantity text, "unitPrice" text)`,
      [purchaseOrderId, JSON.stringify(lines)],
    );
  }

  /** A purchase order by id or number, with its lines. */
  async withLines(idOrNumber: string, em: Sql = this.ds): Promise<PurchaseOrderRow | null> {
    const [po] = await em.query(
      `SELECT p.id, p.number, p.supplier_id, p.currency, p.buyer_country, p.created_at,
              json_agg(json_build_object('lineNumber', l.line_number, 'description', l.description, 'quantity', l.quantity::text, 'unitPrice', l.unit_price::text) ORDER BY l.line_number) AS lines
       FROM purchase_orders p JOIN purchase_order_lines l ON l.purchase_order_id = p.id WHERE p.id::text = $1 OR p.number = $1 GROUP BY p.id`,
      [idOrNumber],
    );
    return po ?? null;
  }

  /** The goods receipts of a purchase order with their lines, oldest first. */
  goodsReceipts(purchaseOrderId: string, em: Sql = this.ds): Promise<GoodsReceiptRow[]> {
    return em.query(
      `SELECT g.id, g.reference, g.received_at AS "receivedAt",
              json_agg(json_build_object('poLineNumber', gl.po_line_number, 'quantityReceived', gl.quantity_received::text)) AS lines
       FROM goods_receipts g JOIN goods_receipt_lines gl ON gl.goods_receipt_id = g.id WHERE g.purchase_order_id = $1 GROUP BY g.id ORDER BY g.received_at`,
      [purchaseOrderId],
    );
  }

  async lineNumbers(em: Sql, purchaseOrderId: string): Promise<string[]> {
    const lines: { line_number: string }[] = await em.query(
      `SELECT line_number FROM purchase_order_lines WHERE purchase_order_id = $1`,
      [purchaseOrderId],
    );
    return lines.map((l) => l.line_number);
  }

  /** A goods receipt, received now unless a time is given. */
  async insertGoodsReceipt(
    em: Sql,
    purchaseOrderId: string,
    reference: string | null,
    receivedAt: string | null,
  ): Promise<string> {
    const [gr] = await em.query(
      `INSERT INTO goods_receipts (purchase_order_id, reference, received_at) VALUES ($1,$2,COALESCE($3::timestamptz, now())) RETURNING id`,
      [purchaseOrderId, reference, receivedAt],
    );
    return gr.id;
  }

  async insertGoodsReceiptLines(
    em: Sql,
    goodsReceiptId: string,
    lines: { poLineNumber: string; quantityReceived: string }[],
  ): Promise<void> {
    await em.query(
      `INSERT INTO goods_receipt_lines (goods_receipt_id, po_line_number, quantity_received)
         SELECT $1, l."poLineNumber", l."quantityReceived"::numeric FROM jsonb_to_recordset($2::jsonb) AS l("poLineNumber" text, "quantityReceived" text)`,
      [goodsReceiptId, JSON.stringify(lines)],
    );
  }
}
