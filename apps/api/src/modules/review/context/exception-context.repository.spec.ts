import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration, createStaffUser, insertException, insertInvoice, insertRow } from '@app/testing';
import { supplierView } from '../../master-data/supplier.view';
import { ExceptionContextRepository } from './exception-context.repository';

const at = (iso: string) => new Date(iso);

describe('ExceptionContextRepository', () => {
  let db: TestDatabase;
  let repo: ExceptionContextRepository;
  let supplierId: string;

  beforeAll(async () => {
    db = await openTestDatabase('exception-context-repo');
    repo = new ExceptionContextRepository(db.ds);
    supplierId = (
      await insertRow(db.ds, 'suppliers', {
        name: 'Acme Oy',
        vat_id: 'FI02089088',
        country_code: 'FI',
        price_tolerance_pct: '2.5',
        quantity_tolerance_pct: '0.10',
        payment_terms_days: 30,
        currency: 'EUR',
        language: 'fi',
        created_at: at('2026-01-02T03:04:05Z'),
        updated_at: at('2026-02-03T04:05:06Z'),
      })
    ).id;
  });
  afterAll(() => db.close());

  it("reads the invoice with exact amounts and dates as text, and the latest run's findings", async () => {
    const inv = await insertInvoice(db.ds, {
      payable: '1255.10',
      issue_date: '2026-11-02',
      currency: 'EUR',
      purchase_order_reference: 'PO-1',
      validation_runs: 2,
    });
    const x = await insertException(db.ds, { invoice_id: inv.id });
    for (const [run, rule] of [
      [1, 'OLD'],
      [2, 'NEW'],
    ] as const)
      await insertRow(db.ds, 'findings', {
        invoice_id: inv.id,
        exception_id: x.id,
        validation_run: run,
        rule_id: rule,
        severity: 'blocking',
        category: 'data',
        field_path: 'lines[0].unitPrice',
        message: 'm',
        hint: 'h',
        route_key: 'data.FI',
      });
    expect(await repo.invoice(inv.id)).toMatchObject({
      id: inv.id,
      payable: '1255.10',
      issue_date: '2026-11-02',
      purchase_order_reference: 'PO-1',
      status: 'in_review',
    });
    expect(await repo.latestFindings(inv.id)).toEqual([
      {
        rule_id: 'NEW',
        severity: 'blocking',
        field_path: 'lines[0].unitPrice',
        hint: 'h',
        message: 'm',
        expected: null,
        actual: null,
        exception_id: x.id,
      },
    ]);
  });

  it('reads the stored PDF: its description without the bytes, and the bytes', async () => {
    const inv = await insertInvoice(db.ds);
    expect(await repo.originalInfo(inv.id)).toBeNull();
    expect(await repo.original(inv.id)).toBeNull();
    await insertRow(db.ds, 'invoice_originals', {
      invoice_id: inv.id,
      content_type: 'application/pdf',
      attachment_name: 'factur-x.xml',
      content: Buffer.from('%PDF-1.7'),
      byte_size: 8,
    });
    expect(await repo.originalInfo(inv.id)).toEqual({
      content_type: 'application/pdf',
      attachment_name: 'factur-x.xml',
      byte_size: 8,
    });
    expect((await repo.original(inv.id))?.content.toString()).toBe('%PDF-1.7');
  });

  it('reads a purchase order with its tolerances, lines and goods receipts in order', async () => {
    const po = await insertRow(db.ds, 'purchase_orders', { number: 'PO-77', supplier_id: supplierId, currency: 'EUR' });
    for (const [n, q, p] of [
      ['2', '5', '10.50'],
      ['1', '3.000', '99.9900'],
    ])
      await insertRow(db.ds, 'purchase_order_lines', {
        purchase_order_id: po.id,
        line_number: n,
        quantity: q,
        unit_price: p,
      });
    const late = await insertRow(db.ds, 'goods_receipts', {
      purchase_order_id: po.id,
      reference: 'GR-2',
      received_at: at('2026-11-20T00:00:00Z'),
    });
    const early = await insertRow(db.ds, 'goods_receipts', {
      purchase_order_id: po.id,
      reference: 'GR-1',
      received_at: at('2026-11-10T00:00:00Z'),
    });
    await insertRow(db.ds, 'goods_receipt_lines', {
      goods_receipt_id: late.id,
      po_line_number: '1',
      quantity_received: '1',
    });
    await insertRow(db.ds, 'goods_receipt_lines', {
      goods_receipt_id: early.id,
      po_line_number: '2',
      quantity_received: '5',
    });
    await insertRow(db.ds, 'goods_receipt_lines', {
      goods_receipt_id: early.id,
      po_line_number: '1',
      quantity_received: '2',
    });

    expect(await repo.purchaseOrder('PO-77')).toEqual({
      id: po.id,
      number: 'PO-77',
      currency: 'EUR',
      supplier_id: supplierId,
      supplier_name: 'Acme Oy',
      ptol: '2.5',
      qtol: '0.10',
    });
    expect(await repo.purchaseOrder('PO-missing')).toBeNull();
    expect(await repo.purchaseOrderLines(po.id)).toEqual([
      { line_number: '1', description: null, quantity: '3.000', unit_price: '99.9900' },
      { line_number: '2', description: null, quantity: '5', unit_price: '10.50' },
    ]);
    expect((await repo.goodsReceipts(po.id)).map((r) => [r.reference, r.po_line_number, r.quantity])).toEqual([
      ['GR-1', '1', '2'],
      ['GR-1', '2', '5'],
      ['GR-2', '1', '1'],
    ]);
  });

  it("finds a duplicate's earlier invoice: by id, else the same amount of the seller, same number first, then closest date", async () => {
    const { id: integrationId } = await createIntegration(db.ds);
    const inv = (v: Record<string, unknown>) =>
      insertInvoice(db.ds, {
        integration_id: integrationId,
        seller_vat_id: 'EE100',
        payable: '100.00',
        currency: 'EUR',
        ...v,
      });
    const current = await inv({ invoice_number: 'A-1', issue_date: '2026-11-10' });
    const near = await inv({ invoice_number: 'X-9', issue_date: '2026-11-09' });
    await inv({ invoice_number: 'X-8', issue_date: '2026-10-01' });
    await inv({ invoice_number: 'X-7', issue_date: '2026-11-10', payable: '100.01' });
    await inv({ invoice_number: 'X-6', issue_date: '2026-11-10', seller_vat_id: 'EE200' });
    const current2 = (await repo.invoice(current.id))!;
    expect((await repo.likelyEarlier(current2))?.id).toBe(near.id);
    const sameNumber = await inv({ invoice_number: ' a-1 ', issue_date: '2026-01-01' });
    expect((await repo.likelyEarlier(current2))?.id).toBe(sameNumber.id);
    expect(await repo.invoiceById(near.id)).toMatchObject({ id: near.id, invoice_number: 'X-9', status: 'in_review' });
    expect(await repo.invoiceById('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('reads the supplier record, its accounts and its audit history with actor names, newest first', async () => {
    const s = await repo.supplier(supplierId);
    expect(s).toMatchObject({ name: 'Acme Oy', ptol: '2.5', qtol: '0.10', language: 'fi', currency: 'EUR' });
    expect(supplierView(s!)).toEqual({
      id: supplierId,
      name: 'Acme Oy',
      vatId: 'FI02089088',
      countryCode: 'FI',
      blocked: false,
      blockedReason: null,
      requiresPo: false,
      priceTolerancePct: '2.5',
      quantityTolerancePct: '0.10',
      paymentTermsDays: 30,
      currency: 'EUR',
      language: 'fi',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-02-03T04:05:06.000Z',
    });
    expect(await repo.supplier('00000000-0000-0000-0000-000000000000')).toBeNull();

    await insertRow(db.ds, 'supplier_bank_accounts', { supplier_id: supplierId, iban: 'FI2112345600000785' });
    await insertRow(db.ds, 'supplier_bank_accounts', {
      supplier_id: supplierId,
      iban: 'EE382200221020145685',
      created_at: at('2020-01-01T00:00:00Z'),
    });
    expect((await repo.bankAccounts(supplierId)).map((a) => a.iban)).toEqual([
      'EE382200221020145685',
      'FI2112345600000785',
    ]);

    const manager = await createStaffUser(db.ds, { role: 'manager', name: 'Mia' });
    const integration = await createIntegration(db.ds, 'ERP');
    const event = (v: Record<string, unknown>) =>
      insertRow(db.ds, 'audit_events', { aggregate_type: 'supplier', aggregate_id: supplierId, ...v });
    await event({ action: 'created', actor_type: 'integration', actor_id: integration.id });
    await event({ action: 'updated', actor_type: 'staff', actor_id: manager.id });
    await event({ action: 'bank_accounts_added', actor_type: 'system' });
    expect((await repo.supplierHistory(supplierId)).map((h) => [h.action, h.actor_name])).toEqual([
      ['bank_accounts_added', 'system'],
      ['updated', 'Mia'],
      ['created', 'ERP'],
    ]);
    for (let i = 0; i < 50; i++) await event({ action: `filler-${i}`, actor_type: 'system' });
    const history = await repo.supplierHistory(supplierId);
    expect(history).toHaveLength(50);
    expect([history[0].action, history[49].action]).toEqual(['filler-49', 'filler-0']);
  });
});
