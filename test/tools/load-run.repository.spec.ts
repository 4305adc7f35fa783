import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { createRunSchema, LoadRunRepository } from '../../scripts/shared/repositories/load-run.repository';

describe('LoadRunRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: LoadRunRepository;

  beforeAll(async () => {
    db = await openTestDatabase('loadrunrepo');
    repo = new LoadRunRepository(db.ds);
  });
  afterAll(() => db?.close());

  const schemaExists = async (name: string) =>
    (await db.ds.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [name]))[0].n === 1;

  it("creates a run's schema (again without failing) and drops it", async () => {
    const name = `${db.env.schema}_run`;
    await createRunSchema(db.env.databaseUrl, name);
    await createRunSchema(db.env.databaseUrl, name);
    expect(await schemaExists(name)).toBe(true);
    await repo.dropSchema(name);
    expect(await schemaExists(name)).toBe(false);
  });

  it("adds the sample invoice's supplier with its bank account", async () => {
    const id = await repo.addSampleSupplier();
    expect(await db.ds.query(`SELECT name, vat_id, payment_terms_days FROM suppliers WHERE id = $1`, [id])).toEqual([
      { name: 'Acme Oy', vat_id: 'FI02089088', payment_terms_days: 30 },
    ]);
    expect(await db.ds.query(`SELECT iban FROM supplier_bank_accounts WHERE supplier_id = $1`, [id])).toEqual([
      { iban: 'FI2112345600000785' },
    ]);
  });

  it('counts the given invoices that reached a final status', async () => {
    const { id: integrationId } = await createIntegration(db.ds);
    const ids: string[] = (
      await db.ds.query(
        `INSERT INTO invoices (integration_id, source, format, status, invoice_number, canonical)
         SELECT $1, 'api', 'json', s, 'N-' || s, '{}' FROM unnest($2::text[]) AS s RETURNING id`,
        [integrationId, ['ready', 'in_review', 'failed', 'received', 'validating']],
      )
    ).map((r: { id: string }) => r.id);
    expect(await repo.finished(ids)).toBe(3);
    expect(await repo.finished(ids.slice(3))).toBe(0);
    expect(await repo.finished([])).toBe(0);
  });
});
