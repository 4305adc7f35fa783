import { Client } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { typeOrmOptions } from './typeorm-options';
import { isTransientDatabaseError } from './transient-database-error';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('isTransientDatabaseError', () => {
  it('is true for refused or dropped connections and aborted races, as node-postgres and TypeORM throw them', () => {
    for (const code of ['53300', '57P01', '57P03', '08006', '08001', '40001', '40P01', '55P03'])
      expect([code, isTransientDatabaseError(Object.assign(new Error('x'), { code }))]).toEqual([code, true]);
    const wrapped = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
    );
    expect(isTransientDatabaseError(wrapped)).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('is false for errors of the request or the code', () => {
    for (const code of ['23505', '22P02', '42P01', '42501', 'ECONNREFUSED', 'FST_ERR_CTP_BODY_TOO_LARGE'])
      expect([code, isTransientDatabaseError(Object.assign(new Error('x'), { code }))]).toEqual([code, false]);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly by the user'))).toBe(false);
    expect(isTransientDatabaseError(undefined)).toBe(false);
    expect(isTransientDatabaseError('53300')).toBe(false);
  });

  it('recognises what PostgreSQL itself sends: a deadlock between two transactions', async () => {
    const ds = new DataSource(typeOrmOptions({ url, schema: 'public', poolSize: 2 }));
    await ds.initialize();
    const other = new Client({ connectionString: url });
    await other.connect();
    const table = `deadlock_probe_${process.pid}`;
    try {
      await other.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
      await other.query(`INSERT INTO ${table} VALUES (1), (2)`);
      const qr = ds.createQueryRunner();
      await qr.startTransaction();
      await other.query('BEGIN');
      await qr.query(`UPDATE ${table} SET id = id WHERE id = 1`);
      await other.query(`UPDATE ${table} SET id = id WHERE id = 2`);
      const a = qr.query(`UPDATE ${table} SET id = id WHERE id = 2`).then(
        () => null,
        (e: unknown) => e,
      );
      const b = other.query(`UPDATE ${table} SET id = id WHERE id = 1`).then(
        () => null,
        (e: unknown) => e,
      );
      const errors = (await Promise.all([a, b])).filter(Boolean);
      await qr.rollbackTransaction();
      await qr.release();
      await other.query('ROLLBACK');
      expect(errors).toHaveLength(1);
      expect(isTransientDatabaseError(errors[0])).toBe(true);
    } finally {
      await other.query(`DROP TABLE IF EXISTS ${table}`);
      await other.end();
      await ds.destroy();
    }
  });
});
