import { DataSource, EntityManager } from 'typeorm';
import { openTestDatabase, TestDatabase } from '../testing';
import { typeOrmOptions } from '../typeorm-options';
import { PreparingClient } from './preparing-client';

/**
 * Every connection of the product's pool prepares the parameterized statements it runs again: PostgreSQL
 * parses a repeated statement once per connection and may reuse a generic plan, where an unnamed statement
 * is parsed and planned on every call. Measured before this (pg_stat_statements, bench intake part, 6,000
 * single POSTs): planning alone was 2.2 s of the 9.4 s PostgreSQL spent in statements.
 */
describe('PreparingClient (PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('preparing_client');
  });
  afterAll(() => db?.close());

  /** The statements this connection has prepared whose text carries `tag`. */
  const preparedOn = (em: EntityManager, tag: string): Promise<{ name: string; statement: string }[]> =>
    em.query(`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '%' ORDER BY name`, [
      tag,
    ]);

  it('prepares a parameterized statement the second time its text is run, and answers as before', async () => {
    const text = `SELECT $1::int + 1 AS n, 'preparing-client-repeat' AS tag`;
    await db.ds.transaction(async (em) => {
      expect(await em.query(text, [1])).toEqual([{ n: 2, tag: 'preparing-client-repeat' }]);
      expect(await preparedOn(em, 'preparing-client-repeat')).toHaveLength(0); // once: not yet
      expect(await em.query(text, [41])).toEqual([{ n: 42, tag: 'preparing-client-repeat' }]);
      expect(await em.query(text, [-1])).toEqual([{ n: 0, tag: 'preparing-client-repeat' }]);
      const prepared = await preparedOn(em, 'preparing-client-repeat');
      expect(prepared).toHaveLength(1);
      expect(prepared[0].name).toMatch(/^q_[0-9a-f]{24}$/);
      expect(prepared[0].statement).toBe(text);
    });
  });

  it("keeps TypeORM's answers for writes ([rows, count] for UPDATE and DELETE)", async () => {
    await db.ds.query(`CREATE TABLE IF NOT EXISTS preparing_client_t (id int PRIMARY KEY, v text)`);
    const update = `UPDATE preparing_client_t SET v = $2 WHERE id <= $1 RETURNING id`;
    await db.ds.transaction(async (em) => {
      await em.query(`INSERT INTO preparing_client_t (id, v) SELECT g, 'a' FROM generate_series(1, 3) g`);
      for (let i = 0; i < 3; i++) expect(await em.query(update, [2, `b${i}`])).toEqual([[{ id: 1 }, { id: 2 }], 2]);
      expect(await preparedOn(em, 'preparing_client_t SET v')).toHaveLength(1);
    });
  });

  it('runs statements without parameters, and several statements in one text, unprepared', async () => {
    await db.ds.transaction(async (em) => {
      for (let i = 0; i < 3; i++) {
        await em.query(`SELECT 'preparing-client-plain' AS tag`);
        await em.query(`SELECT 1; SELECT 'preparing-client-multi' AS tag`);
      }
      expect(await preparedOn(em, 'preparing-client-plain')).toHaveLength(0);
      expect(await preparedOn(em, 'preparing-client-multi')).toHaveLength(0);
    });
  });

  it('prepares at most its limit of statements per connection; texts beyond it still run, unprepared', async () => {
    const ds = new DataSource({
      ...db.ds.options,
      extra: { ...(db.ds.options as { extra: object }).extra, Client: PreparingClient.limitedTo(3) },
    } as typeof db.ds.options);
    await ds.initialize();
    try {
      await ds.transaction(async (em) => {
        for (let k = 0; k < 5; k++)
          for (let i = 0; i < 2; i++)
            expect(await em.query(`SELECT $1::int * ${k} AS n, 'preparing-client-limit' AS tag`, [i + 1])).toEqual([
              { n: (i + 1) * k, tag: 'preparing-client-limit' },
            ]);
        expect(await preparedOn(em, 'preparing-client-limit')).toHaveLength(3);
      });
    } finally {
      await ds.destroy();
    }
  });

  it('is left out when prepared statements are turned off (DATABASE_PREPARED_STATEMENTS=false, for a pooler that loses them)', async () => {
    const on = typeOrmOptions({ url: 'postgres://x@127.0.0.1/x', schema: 'public' }) as { extra: { Client?: unknown } };
    expect(on.extra.Client).toBe(PreparingClient);
    const opts = typeOrmOptions({ url: db.env.databaseUrl, schema: db.env.schema, preparedStatements: false });
    const ds = new DataSource(opts);
    await ds.initialize();
    try {
      await ds.transaction(async (em) => {
        for (let i = 0; i < 3; i++) await em.query(`SELECT $1::int AS n, 'preparing-client-off' AS tag`, [i]);
        expect(await preparedOn(em, 'preparing-client-off')).toHaveLength(0);
      });
    } finally {
      await ds.destroy();
    }
  });

  it("answers with the new shape after a migration changes a prepared statement's columns (a rolling deploy)", async () => {
    await db.ds.query(`CREATE TABLE preparing_client_shape (id int PRIMARY KEY)`);
    await db.ds.query(`INSERT INTO preparing_client_shape VALUES (1)`);
    const select = `SELECT * FROM preparing_client_shape WHERE id = $1`;
    const inTransaction = `SELECT * FROM preparing_client_shape WHERE id = $1 AND $1 > 0`;
    const qr = db.ds.createQueryRunner();
    try {
      for (let i = 0; i < 3; i++) {
        expect(await qr.query(select, [1])).toEqual([{ id: 1 }]);
        expect(await qr.query(inTransaction, [1])).toEqual([{ id: 1 }]);
      }
      expect(await preparedOn(qr.manager, 'preparing_client_shape WHERE')).toHaveLength(2);
      // Another process (the new release) adds a column: PostgreSQL refuses the prepared statements' old plans.
      await db.ds.query(`ALTER TABLE preparing_client_shape ADD COLUMN note text DEFAULT 'x'`);
      expect(await qr.query(select, [1])).toEqual([{ id: 1, note: 'x' }]);
      expect(await qr.query(select, [1])).toEqual([{ id: 1, note: 'x' }]);
      // Inside a transaction the refused statement cannot be run again (the transaction is aborted): it fails
      // once with PostgreSQL's error, and the connection's next call runs it with the new shape.
      await qr.startTransaction();
      try {
        await expect(qr.query(inTransaction, [1])).rejects.toThrow(/cached plan must not change result type/);
      } finally {
        await qr.rollbackTransaction();
      }
      expect(await qr.query(inTransaction, [1])).toEqual([{ id: 1, note: 'x' }]);
    } finally {
      await qr.release();
    }
  });

  it('a statement that fails to parse is not taken as prepared: the next call reports the same error', async () => {
    const bad = `SELECT $1::int FROM preparing_client_missing_table`;
    for (let i = 0; i < 3; i++)
      await expect(db.ds.query(bad, [1])).rejects.toThrow(/preparing_client_missing_table.*does not exist/);
    expect(await db.ds.query(`SELECT $1::int AS n`, [7])).toEqual([{ n: 7 }]);
  });
});
