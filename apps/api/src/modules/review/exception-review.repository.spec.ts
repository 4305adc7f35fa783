import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser, insertException, insertInvoice } from '@app/testing';
import { ExceptionReviewRepository } from './exception-review.repository';

const NOW = new Date('2026-11-30T10:00:00Z');

describe('ExceptionReviewRepository', () => {
  let db: TestDatabase;
  let repo: ExceptionReviewRepository;
  const exceptionRow = async (id: string) => (await db.ds.query(`SELECT * FROM exceptions WHERE id = $1`, [id]))[0];
  const isLocked = async (table: string, id: string) =>
    (await db.ds.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE SKIP LOCKED`, [id])).length === 0;

  beforeAll(async () => {
    db = await openTestDatabase('exception-review-repo');
    repo = new ExceptionReviewRepository(db.ds);
  });
  afterAll(() => db.close());

  it('tells whether a reviewer has every skill a queue requires', async () => {
    await insertException(db.ds, { queue_key: 'vat.EE' });
    await db.ds.query(
      `UPDATE review_queues SET required_countries = '{EE}', required_languages = '{et}', required_categories = '{vat}' WHERE key = 'vat.EE'`,
    );
    const skilled = await createStaffUser(db.ds, {
      reviewer: { countries: ['EE', 'FI'], languages: ['et'], categories: ['vat', 'data'] },
    });
    const noLanguage = await createStaffUser(db.ds, { reviewer: { countries: ['EE'], categories: ['vat'] } });
    expect(await repo.hasSkillsFor(db.ds, skilled.id, 'vat.EE')).toBe(true);
    expect(await repo.hasSkillsFor(db.ds, noLanguage.id, 'vat.EE')).toBe(false);
    expect(await repo.hasSkillsFor(db.ds, skilled.id, 'no.such-queue')).toBe(false);
    expect(await repo.reviewerExists(skilled.id)).toBe(true);
    const manager = await createStaffUser(db.ds, { role: 'manager' });
    expect(await repo.reviewerExists(manager.id)).toBe(false);
  });

  it('adds comments and moves the activity clocks of item and reviewer', async () => {
    const r = await createStaffUser(db.ds);
    const x = await insertException(db.ds, { status: 'assigned', assignee_id: r.id });
    const c = await repo.addComment(db.ds, { exceptionId: x.id, authorId: r.id, text: 'asked the supplier' });
    expect(c.created_at).toBeInstanceOf(Date);
    const [stored] = await db.ds.query(`SELECT * FROM exception_comments WHERE id = $1`, [c.id]);
    expect(stored).toMatchObject({ exception_id: x.id, author_id: r.id, text: 'asked the supplier' });

    await repo.touch(db.ds, x.id, NOW);
    expect((await exceptionRow(x.id)).last_activity_at).toEqual(NOW);
    const [rev] = await db.ds.query(`SELECT last_active_at FROM reviewers WHERE id = $1`, [r.id]);
    expect(rev.last_active_at).toBeNull(); // the reviewer's stamp is its own statement, after the item's transaction
    const later = new Date(NOW.getTime() + 60_000);
    expect(await repo.markReviewerActive(db.ds, r.id, later)).toBe(true);
    const [rev2] = await db.ds.query(`SELECT last_active_at FROM reviewers WHERE id = $1`, [r.id]);
    expect(rev2.last_active_at).toEqual(later);
    // A row another transaction holds (a push's capacity gate) keeps its stamp: the stamp never waits.
    const holder = db.ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT id FROM reviewers WHERE id = $1 FOR UPDATE`, [r.id]);
      // Answered while the row is still held: a stamp that waited would only return after the rollback below.
      expect(await repo.markReviewerActive(db.ds, r.id, new Date(later.getTime() + 60_000))).toBe(false);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    const [rev3] = await db.ds.query(`SELECT last_active_at FROM reviewers WHERE id = $1`, [r.id]);
    expect(rev3.last_active_at).toEqual(later);
    expect((await exceptionRow(x.id)).last_activity_at).toEqual(NOW);
  });

  it('locks an invoice, and an invoice of an integration only for that integration', async () => {
    const inv = await insertInvoice(db.ds);
    const other = await insertInvoice(db.ds);
    await db.ds.transaction(async (em) => {
      await repo.lockInvoice(em, inv.id);
      expect(await isLocked('invoices', inv.id)).toBe(true);
      expect(await isLocked('invoices', other.id)).toBe(false);
    });
    await db.ds.transaction(async (em) => {
      expect(await repo.lockInvoiceOfIntegration(em, inv.id, other.integration_id)).toBeNull();
      expect(await repo.lockInvoiceOfIntegration(em, inv.id, inv.integration_id)).toEqual({ id: inv.id });
      expect(await isLocked('invoices', inv.id)).toBe(true);
    });
  });

  it('reads the invoice a correction changes, sets its status, and locks its other active items only', async () => {
    const inv = await insertInvoice(db.ds, { canonical: { invoiceNumber: 'A-1' }, validation_runs: 2 });
    const mine = await insertException(db.ds, { invoice_id: inv.id, route_key: 'data.FI' });
    const b = await insertException(db.ds, { invoice_id: inv.id, route_key: 'vat.FI', queue_key: 'vat.FI' });
    const a = await insertException(db.ds, { invoice_id: inv.id, route_key: 'po.price', queue_key: 'po.price' });
    await insertException(db.ds, {
      invoice_id: inv.id,
      route_key: 'supplier.x',
      queue_key: 'supplier.x',
      status: 'resolved',
    });

    expect(await repo.invoiceCanonical(db.ds, inv.id)).toEqual({ invoiceNumber: 'A-1' });
    expect(await repo.invoiceForCorrection(db.ds, inv.id)).toEqual({
      status: 'in_review',
      canonical: { invoiceNumber: 'A-1' },
      validation_runs: 2,
    });
    await db.ds.transaction(async (em) => {
      const others = await repo.lockOtherActive(em, inv.id, mine.id);
      expect(others.map((o) => o.id)).toEqual([a.id, b.id].sort());
      expect(await isLocked('exceptions', a.id)).toBe(true);
      expect(await isLocked('exceptions', mine.id)).toBe(false);
    });
    await repo.setInvoiceStatus(db.ds, inv.id, 'validating');
    expect((await repo.invoiceForCorrection(db.ds, inv.id)).status).toBe('validating');
  });
});
