import { EntityManager } from 'typeorm';
import {
  explainScans,
  openTestDatabase,
  recordingQueries,
  SentStatement,
  TestDatabase,
} from '@app/persistence/testing';
import { TriageFixtures } from '../testing/triage-fixtures';
import { lockException } from './exception.repository';
import {
  pauseSla,
  resumeForNewInvoiceVersions,
  resumeInvoicePauses,
  resumeSla,
  SlaPauseError,
  slaPausesOf,
} from './sla-pause.repository';

describe('SLA pause repository (PostgreSQL)', () => {
  let db: TestDatabase;
  let fx: TriageFixtures;
  const reviewer = { type: 'staff' as const, id: 'r-1' };
  const WED_09 = new Date('2026-11-25T09:00:00Z');
  const WED_11 = new Date('2026-11-25T11:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase('triage_sla_pause_repo');
    fx = await new TriageFixtures(db.ds).init();
    // Business hours Monday to Friday 08:00–17:00 UTC.
    await fx.queue('vat.EE', { calendar: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00', holidays: [] } });
  });
  afterAll(() => db?.close());

  /** Due Thursday 10:00: 600 business minutes after Wednesday 09:00. */
  const item = (invoice?: string) =>
    (invoice ? Promise.resolve(invoice) : fx.invoice()).then((inv) =>
      fx.exception(inv, 'vat.EE', { slaStartedAt: WED_09, slaDueAt: new Date('2026-11-26T10:00:00Z') }),
    );
  const pause = (id: string, waitingFor: 'supplier' | 'buyer' = 'supplier', now = WED_09) =>
    db.ds.transaction(async (em) =>
      pauseSla(em, (await lockException(em, id))!, { waitingFor, reason: 'asked', actor: reviewer, now }),
    );

  it('keeps the business minutes left with the pause and lays them out again from the resume', async () => {
    const id = await item();
    const paused = await pause(id);
    expect(paused.sla_paused_at).toEqual(WED_09);
    const [p] = await db.ds.query(
      `SELECT due_remaining_minutes::float8 AS due, ended_at FROM exception_sla_pauses WHERE exception_id = $1`,
      [id],
    );
    expect(p).toEqual({ due: 600, ended_at: null });
    await expect(pause(id)).rejects.toMatchObject({ code: 'SLA_ALREADY_PAUSED' });

    const resumed = await db.ds.transaction(async (em) =>
      resumeSla(em, (await lockException(em, id))!, { answer: 'manual', actor: reviewer, now: WED_11 }),
    );
    // 600 minutes from Wednesday 11:00: 360 on Wednesday, 240 on Thursday from 08:00.
    expect(resumed).toMatchObject({ sla_paused_at: null, sla_paused_seconds: '7200' });
    expect(resumed.sla_due_at).toEqual(new Date('2026-11-26T12:00:00Z'));
    expect(await slaPausesOf(db.ds, id)).toEqual([
      {
        waitingFor: 'supplier',
        reason: 'asked',
        pausedBy: { type: 'staff', id: 'r-1' },
        startedAt: WED_09.toISOString(),
        endedAt: WED_11.toISOString(),
        answer: 'manual',
        businessMinutes: 120,
      },
    ]);
    expect(await fx.auditActions(id)).toEqual(['sla_paused', 'sla_resumed']);
    await expect(
      db.ds.transaction(async (em) =>
        resumeSla(em, (await lockException(em, id))!, { answer: 'manual', actor: reviewer, now: WED_11 }),
      ),
    ).rejects.toBeInstanceOf(SlaPauseError);
  });

  it('refuses to pause a closed item', async () => {
    const id = await fx.exception(await fx.invoice(), 'vat.EE', { status: 'resolved' });
    await expect(pause(id)).rejects.toMatchObject({ code: 'EXCEPTION_CLOSED' });
  });

  it("resumes only the invoice's items waiting for the party that answered", async () => {
    const invoice = await fx.invoice();
    const [forBuyer, forSupplier] = [await item(invoice), await item(invoice)];
    await pause(forBuyer, 'buyer');
    await pause(forSupplier, 'supplier');
    const resumed = await db.ds.transaction((em) =>
      resumeInvoicePauses(em, invoice, 'buyer', { answer: 'buyer_reply', actor: reviewer, now: WED_11 }),
    );
    expect(resumed.map((r) => r.id)).toEqual([forBuyer]);
    const [still] = await db.ds.query(`SELECT sla_paused_at FROM exceptions WHERE id = $1`, [forSupplier]);
    expect(still.sla_paused_at).toEqual(WED_09);
  });

  it('a new version of the invoice (same seller, same number) answers the items waiting for the supplier', async () => {
    const old = await fx.invoice({ sellerVatId: 'FI12345678', number: 'INV-7' });
    const waiting = await item(old);
    await pause(waiting, 'supplier');
    const unrelated = await item(await fx.invoice({ sellerVatId: 'FI12345678', number: 'INV-8' }));
    await pause(unrelated, 'supplier');
    const newer = await fx.invoice({ sellerVatId: 'FI12345678', number: 'INV-7' });
    const resumed = await db.ds.transaction((em) =>
      resumeForNewInvoiceVersions(em, [newer], { type: 'system', id: 'system' }, WED_11).then(
        (m) => m.get(newer) ?? [],
      ),
    );
    expect(resumed.map((r) => r.id)).toEqual([waiting]);
    expect((await slaPausesOf(db.ds, waiting))[0].answer).toBe('new_invoice_version');
    expect((await slaPausesOf(db.ds, unrelated))[0].answer).toBeNull();
  });

  it('new versions of several invoices answer their items in one call, each item once', async () => {
    const a = await item(await fx.invoice({ sellerVatId: 'EE100', number: 'A-1' }));
    const b = await item(await fx.invoice({ sellerVatId: 'EE100', number: 'B-1' }));
    await pause(a, 'supplier');
    await pause(b, 'supplier');
    const newA = await fx.invoice({ sellerVatId: 'EE100', number: 'A-1' });
    const newA2 = await fx.invoice({ sellerVatId: 'EE100', number: 'A-1' });
    const newB = await fx.invoice({ sellerVatId: 'EE100', number: 'B-1' });
    const none = await fx.invoice({ sellerVatId: 'EE100', number: 'C-1' });
    const resumed = await db.ds.transaction((em) =>
      resumeForNewInvoiceVersions(em, [newA, newA2, newB, none], { type: 'system', id: 'system' }, WED_11),
    );
    const first = [newA, newA2].sort()[0];
    expect([...resumed.keys()].sort()).toEqual([first, newB].sort());
    expect(resumed.get(first)!.map((r) => r.id)).toEqual([a]);
    expect(resumed.get(newB)!.map((r) => r.id)).toEqual([b]);
    for (const id of [a, b]) {
      const pauses = await slaPausesOf(db.ds, id);
      expect(pauses).toHaveLength(1);
      expect(pauses[0].answer).toBe('new_invoice_version');
    }
  });

  it("finds an invoice's earlier versions without reading all the seller's invoices, however many it sent", async () => {
    // Planned from the few items waiting (exceptions_sla_paused_idx), then their invoices by key.
    const old = await fx.invoice({ sellerVatId: 'LV40003000000', number: 'BIG 1' });
    await pause(await item(old), 'supplier');
    await db.ds.query(
      `INSERT INTO invoices (id, integration_id, source, format, status, document_kind, invoice_number, type_code, issue_date,
         currency, seller_name, seller_vat_id, seller_country, tax_exclusive, tax_total, payable, canonical)
       SELECT gen_random_uuid(), integration_id, source, format, 'ready', document_kind, 'BIG-' || g, type_code, issue_date,
         currency, seller_name, seller_vat_id, seller_country, tax_exclusive, tax_total, payable, canonical
       FROM invoices, generate_series(1, 20000) g WHERE id = $1`,
      [old],
    );
    const newer = await fx.invoice({ sellerVatId: 'LV40003000000', number: 'BIG 1' });
    await db.ds.query(`ANALYZE invoices; ANALYZE exceptions`);
    let sent: SentStatement[] = [];
    const resumed = await db.ds.transaction((em) => {
      const recording = recordingQueries<EntityManager>(em);
      sent = recording.sent;
      return resumeForNewInvoiceVersions(recording.db, [newer], { type: 'system', id: 'system' }, WED_11);
    });
    expect(resumed.get(newer)).toHaveLength(1);
    const { scans } = await explainScans(db.ds, sent[0]);
    expect(scans).not.toContain('Seq Scan invoices');
  });
});
