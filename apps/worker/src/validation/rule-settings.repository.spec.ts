import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { RuleSettingsRepository } from './rule-settings.repository';

describe('RuleSettingsRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: RuleSettingsRepository;

  beforeAll(async () => {
    db = await openTestDatabase('rule_settings_repo');
    repo = new RuleSettingsRepository(db.ds);
  });
  afterAll(() => db.close());

  it('reads no override from an empty table', async () => {
    expect(await repo.overrides()).toEqual([]);
  });

  it('reads every override by key then validity start, dates as text and values as JSON', async () => {
    await db.ds.query(
      `INSERT INTO rule_settings (key, valid_from, valid_to, value) VALUES
         ('vatRates', '2026-01-01', NULL, '{"FI":{"standard":"25.5"}}'),
         ('amountTolerance', '2025-01-01', '2025-12-31', '"0.01"'),
         ('vatRates', '2024-09-01', '2025-12-31', '{"FI":{"standard":"24"}}'),
         ('amountTolerance', '2026-01-01', NULL, '"0.02"')`,
    );
    expect(await repo.overrides()).toEqual([
      { key: 'amountTolerance', valid_from: '2025-01-01', valid_to: '2025-12-31', value: '0.01' },
      { key: 'amountTolerance', valid_from: '2026-01-01', valid_to: null, value: '0.02' },
      { key: 'vatRates', valid_from: '2024-09-01', valid_to: '2025-12-31', value: { FI: { standard: '24' } } },
      { key: 'vatRates', valid_from: '2026-01-01', valid_to: null, value: { FI: { standard: '25.5' } } },
    ]);
  });
});
