import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { hashApiKey } from './api-key';
import { IntegrationKeysRepository } from './integration-keys.repository';

describe('IntegrationKeysRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: IntegrationKeysRepository;

  beforeAll(async () => {
    db = await openTestDatabase('intkeysrepo');
    repo = new IntegrationKeysRepository(db.ds);
  });
  afterAll(() => db?.close());

  it('finds the enabled integration of a key hash', async () => {
    const i = await createIntegration(db.ds, 'ERP one');
    await createIntegration(db.ds, 'ERP two');
    expect(await repo.activeByKeyHash(hashApiKey(i.apiKey))).toEqual({ id: i.id, name: 'ERP one' });
  });

  it('finds nothing for an unknown key or a disabled integration', async () => {
    const i = await createIntegration(db.ds, 'ERP gone');
    await db.ds.query(`UPDATE integrations SET disabled_at = now() WHERE id = $1`, [i.id]);
    expect(await repo.activeByKeyHash(hashApiKey(i.apiKey))).toBeNull();
    expect(await repo.activeByKeyHash(hashApiKey('itk_never_issued'))).toBeNull();
  });
});
