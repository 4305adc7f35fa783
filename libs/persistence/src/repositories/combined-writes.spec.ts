import { DataSource, EntityManager } from 'typeorm';
import { createTestEnvironment, TestEnvironment } from '@app/testing';
import { CombinedWrites } from './combined-writes';
import { typeOrmOptions } from '../typeorm-options';

describe('combined writes', () => {
  let env: TestEnvironment;
  let ds: DataSource;
  beforeAll(async () => {
    env = await createTestEnvironment('combinedwrites');
    ds = new DataSource(typeOrmOptions({ url: env.databaseUrl, schema: env.schema, poolSize: 2 }));
    await ds.initialize();
    await ds.query(`CREATE TABLE a (id int PRIMARY KEY, note text)`);
    await ds.query(`CREATE TABLE b (id int PRIMARY KEY, tags text[])`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await env?.cleanup();
  });

  /** Counts the statements the manager sends. */
  const counting = (em: EntityManager) => {
    const sent: string[] = [];
    const query = em.query.bind(em);
    return {
      sent,
      em: Object.assign(Object.create(em) as EntityManager, {
        query: (sql: string, params?: unknown[]) => {
          sent.push(sql);
          return query(sql, params);
        },
      }),
    };
  };

  it('sends independent writes as one statement, each with its own parameters, in one transaction', async () => {
    await ds.transaction(async (tx) => {
      const { sent, em } = counting(tx);
      const w = new CombinedWrites();
      await w.em.query(`INSERT INTO a (id, note) SELECT * FROM unnest($1::int[], $2::text[])`, [
        [1, 2],
        ['one', '$2'],
      ]);
      await w.em.query(`INSERT INTO b (id, tags) VALUES ($1, $2)`, [7, ['x', 'y']]);
      await w.em.query(`UPDATE a SET note = $2 WHERE id = $1 AND note IS NULL`, [
        1,
        'unchanged: sees no row of this statement',
      ]);
      expect(sent).toEqual([]);
      await w.flush(em);
      expect(sent).toHaveLength(1);
      await w.flush(em); // nothing left
      expect(sent).toHaveLength(1);
    });
    expect(await ds.query(`SELECT id, note FROM a ORDER BY id`)).toEqual([
      { id: 1, note: 'one' },
      { id: 2, note: '$2' },
    ]);
    expect(await ds.query(`SELECT id, tags FROM b`)).toEqual([{ id: 7, tags: ['x', 'y'] }]);
  });

  it('answers the rows of a statement sent together with the recorded writes', async () => {
    await ds.query(`INSERT INTO a (id, note) VALUES (10, 'ten'), (11, 'eleven')`);
    const rows = await ds.transaction(async (tx) => {
      const { sent, em } = counting(tx);
      const w = new CombinedWrites();
      await w.em.query(`INSERT INTO b (id, tags) VALUES ($1, $2)`, [10, ['routed']]);
      const out = await w.flushWith<{ id: number; note: string }>(
        em,
        `UPDATE a SET note = upper(note) FROM unnest($1::int[]) AS u(id) WHERE a.id = u.id RETURNING a.id, a.note`,
        [[10, 11]],
      );
      expect(sent).toHaveLength(1);
      // Alone, too, its rows come back as rows.
      expect(
        await new CombinedWrites().flushWith(em, `UPDATE a SET note = note WHERE id = $1 RETURNING id`, [10]),
      ).toEqual([{ id: 10 }]);
      return out;
    });
    expect(rows.sort((x, y) => x.id - y.id)).toEqual([
      { id: 10, note: 'TEN' },
      { id: 11, note: 'ELEVEN' },
    ]);
    expect(await ds.query(`SELECT tags FROM b WHERE id = 10`)).toEqual([{ tags: ['routed'] }]);
  });

  it('runs a write with its own WITH clause alone, and a failing write rolls back the others', async () => {
    await ds.transaction(async (tx) => {
      const { sent, em } = counting(tx);
      const w = new CombinedWrites();
      await w.em.query(`WITH s AS (SELECT 3 AS id) INSERT INTO a (id, note) SELECT id, 'three' FROM s`);
      await w.em.query(`INSERT INTO b (id) VALUES ($1)`, [8]);
      await w.flush(em);
      expect(sent).toHaveLength(2);
    });
    expect((await ds.query(`SELECT count(*)::int AS n FROM a WHERE id = 3`))[0].n).toBe(1);
    const w = new CombinedWrites();
    await w.em.query(`INSERT INTO b (id) VALUES ($1)`, [9]);
    await w.em.query(`INSERT INTO a (id) VALUES ($1)`, [1]); // duplicate key
    await expect(ds.transaction((tx) => w.flush(tx))).rejects.toThrow(/duplicate key/);
    expect((await ds.query(`SELECT count(*)::int AS n FROM b WHERE id = 9`))[0].n).toBe(0);
  });
});
