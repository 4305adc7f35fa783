import { openTestDatabase, TestDatabase } from '../testing';
import { preparedQuery } from './prepared-query';

describe('preparedQuery (PostgreSQL)', () => {
  let db: TestDatabase;
  const TEXT = `SELECT $1::int + 1 AS n, 'prepared-query-spec' AS tag`;

  beforeAll(async () => {
    db = await openTestDatabase('prepared_query');
  });
  afterAll(() => db?.close());

  it('prepares a statement once per connection under a name derived from its text, and runs it with the values', async () => {
    const seen = await db.ds.transaction(async (em) => {
      expect(await preparedQuery(em, TEXT, [1])).toEqual([{ n: 2, tag: 'prepared-query-spec' }]);
      expect(await preparedQuery(em, TEXT, [41])).toEqual([{ n: 42, tag: 'prepared-query-spec' }]);
      return em.query(
        `SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%prepared-query-spec%'`,
      );
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].name).toMatch(/^p_[0-9a-f]{20}$/);
    expect(seen[0].statement).toBe(TEXT);
  });

  it('falls back to a plain query without a connection of its own (outside a transaction)', async () => {
    expect(await preparedQuery(db.ds.manager, TEXT, [9])).toEqual([{ n: 10, tag: 'prepared-query-spec' }]);
  });
});
