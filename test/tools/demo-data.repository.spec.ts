import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { ensureQueues } from '../../scripts/demo-data/demo-master-data';
import { DemoRandom } from '../../scripts/demo-data/demo-random';
import { DemoSimulation } from '../../scripts/demo-data/demo-simulation';
import { makeReviewers, makeSuppliers } from '../../scripts/demo-data/demo-world';
import { DemoDataRepository } from '../../scripts/demo-data/repositories/demo-data.repository';

describe('DemoDataRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: DemoDataRepository;

  beforeAll(async () => {
    db = await openTestDatabase('demodatarepo');
    repo = new DemoDataRepository(db.ds);
  });
  afterAll(() => db?.close());

  it("finds the generator's integration once it is added", async () => {
    expect(await repo.integrationId()).toBeNull();
    const id = await repo.addIntegration('generator-key-hash');
    expect(await repo.integrationId()).toBe(id);
  });

  it('adds buying entities and suppliers once, and bank accounts pairwise', async () => {
    await repo.addBuyingEntity('FI', 'Our entity FI', 'FI12345671', 'Europe/Helsinki');
    await repo.addBuyingEntity('FI', 'Another name', 'FI00000000', 'Europe/Helsinki');
    expect(await db.ds.query(`SELECT name, vat_id FROM buying_entities WHERE country_code = 'FI'`)).toEqual([
      { name: 'Our entity FI', vat_id: 'FI12345671' },
    ]);
    const rec = (vat_id: string, name: string) => ({
      name,
      vat_id,
      country_code: 'EE',
      currency: 'EUR',
      language: 'et',
      requires_po: false,
    });
    await repo.addSuppliers([rec('EE100000001', 'One OÜ'), rec('EE100000002', 'Two OÜ')]);
    await repo.addSuppliers([rec('EE100000001', 'Renamed OÜ')]);
    const ids = await repo.supplierIds(['EE100000001', 'EE100000002', 'EE999']);
    expect(ids.map((r) => r.vat_id).sort()).toEqual(['EE100000001', 'EE100000002']);
    expect(await db.ds.query(`SELECT name, language, payment_terms_days FROM suppliers ORDER BY vat_id`)).toEqual([
      { name: 'One OÜ', language: 'et', payment_terms_days: 30 },
      { name: 'Two OÜ', language: 'et', payment_terms_days: 30 },
    ]);
    await repo.addBankAccounts(
      ids.map((r) => r.id),
      ids.map((r) => `IBAN-${r.vat_id}`),
    );
    await repo.addBankAccounts([ids[0].id], [`IBAN-${ids[0].vat_id}`]);
    expect(
      await db.ds.query(
        `SELECT s.vat_id, b.iban FROM supplier_bank_accounts b JOIN suppliers s ON s.id = b.supplier_id ORDER BY 1`,
      ),
    ).toEqual([
      { vat_id: 'EE100000001', iban: 'IBAN-EE100000001' },
      { vat_id: 'EE100000002', iban: 'IBAN-EE100000002' },
    ]);
  });

  it('keeps an existing account and updates its reviewer profile; adds the manager once', async () => {
    const id = await repo.ensureReviewerAccount('rev@example.com', 'Rev', 'hash-1');
    expect(await repo.ensureReviewerAccount('rev@example.com', 'Other', 'hash-2')).toBe(id);
    expect(await db.ds.query(`SELECT name, password_hash FROM staff_users WHERE id = $1`, [id])).toEqual([
      { name: 'Rev', password_hash: 'hash-1' },
    ]);
    const profile = {
      id,
      name: 'Rev',
      countries: ['EE'],
      languages: ['et'],
      categories: ['supplier'],
      capacity: 5,
      availability: 'online',
      timeZone: 'Europe/Tallinn',
      weeklyGoal: 10,
    };
    await repo.upsertReviewer(profile);
    await repo.upsertReviewer({ ...profile, countries: ['EE', 'LV'], capacity: 8, languages: ['en'] });
    expect(
      await db.ds.query(`SELECT countries, languages, capacity, weekly_goal FROM reviewers WHERE id = $1`, [id]),
    ).toEqual([{ countries: ['EE', 'LV'], languages: ['et'], capacity: 8, weekly_goal: 10 }]);
    await repo.ensureManager('m-1');
    await repo.ensureManager('m-2');
    expect(
      await db.ds.query(`SELECT role, password_hash FROM staff_users WHERE email = 'manager@example.com'`),
    ).toEqual([{ role: 'manager', password_hash: 'm-1' }]);
  });

  it('writes a simulated batch set-based and deletes generated invoices with everything hanging off them', async () => {
    const rnd = new DemoRandom(7);
    const suppliers = makeSuppliers(rnd, 2);
    const reviewers = makeReviewers(rnd, 3);
    await repo.addSuppliers(
      suppliers.map((s) => ({
        name: s.name,
        vat_id: s.vatId,
        country_code: s.country,
        currency: s.currency,
        language: 'en',
        requires_po: false,
      })),
    );
    const ids = new Map((await repo.supplierIds(suppliers.map((s) => s.vatId))).map((r) => [r.vat_id, r.id]));
    for (const s of suppliers) s.id = ids.get(s.vatId);
    for (const r of reviewers) {
      r.id = await repo.ensureReviewerAccount(r.email, r.name, 'x');
      await repo.upsertReviewer({ ...r, id: r.id, categories: ['supplier'] });
    }
    const integrationId = (await repo.integrationId())!;
    const now = Date.parse('2030-06-30T12:00:00Z');
    const sim = new DemoSimulation(rnd, suppliers, reviewers, integrationId, now - 7 * 86_400_000, now);
    const batch = sim.batch(300);
    await ensureQueues(db.ds, sim.queueKeys);
    const before = await repo.totals();
    await repo.writeBatch(batch);
    const after = await repo.totals();
    expect(after.invoices - before.invoices).toBe(300);
    expect(after.exceptions - before.exceptions).toBe(batch.exceptions.length);
    expect(batch.exceptions.length).toBeGreaterThan(0);
    expect(after.open).toBe(batch.exceptions.filter((e) => !e.resolved_at).length);
    const [{ n: findings }] = await db.ds.query(`SELECT count(*)::int AS n FROM findings`);
    expect(findings).toBe(batch.findings.length);
    await repo.deleteGenerated();
    expect(await repo.totals()).toEqual({ invoices: 0, exceptions: 0, open: 0 });
    expect(await db.ds.query(`SELECT count(*)::int AS n FROM exception_work_periods`)).toEqual([{ n: 0 }]);
  });
});
