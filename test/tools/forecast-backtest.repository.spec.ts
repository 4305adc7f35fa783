import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { ensureDefaultQueues } from '@app/triage';
import { ForecastBacktestRepository } from '../../scripts/forecast/repositories/forecast-backtest.repository';

describe('ForecastBacktestRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: ForecastBacktestRepository;

  beforeAll(async () => {
    db = await openTestDatabase('backtestrepo');
    repo = new ForecastBacktestRepository(db.ds);
    await ensureDefaultQueues(db.ds);
  });
  afterAll(() => db?.close());

  it('reads the span of the stored exceptions and the arrivals per queue and UTC day in [from, to)', async () => {
    expect(await repo.span()).toEqual({ first: null, last: null });
    const { id: integrationId } = await createIntegration(db.ds);
    const [{ id: invoiceId }] = await db.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, canonical) VALUES ($1,'api','json','in_review','N-1','{}') RETURNING id`,
      [integrationId],
    );
    const rows: [string, string][] = [
      ['vat.EE', '2030-03-01T23:59:59Z'],
      ['vat.EE', '2030-03-02T00:00:00Z'],
      ['vat.EE', '2030-03-02T23:00:00Z'],
      ['data.EE', '2030-03-02T12:00:00Z'],
      ['vat.EE', '2030-03-04T12:00:00Z'],
      ['vat.EE', '2030-03-05T00:00:00Z'],
    ];
    await db.ds.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, status, created_at)
       SELECT $1, q || '.' || i, q, 'regulatory', 'open', t FROM unnest($2::text[], $3::timestamptz[]) WITH ORDINALITY AS u(q, t, i)`,
      [invoiceId, rows.map((r) => r[0]), rows.map((r) => r[1])],
    );
    expect(await repo.span()).toEqual({
      first: new Date('2030-03-01T23:59:59Z'),
      last: new Date('2030-03-05T00:00:00Z'),
    });
    const arrivals = await repo.arrivalsByQueueAndDay(
      new Date('2030-03-02T00:00:00Z'),
      new Date('2030-03-05T00:00:00Z'),
    );
    expect(arrivals.sort((a, b) => `${a.queue_key}${a.day}`.localeCompare(`${b.queue_key}${b.day}`))).toEqual([
      { queue_key: 'data.EE', day: '2030-03-02', n: 1 },
      { queue_key: 'vat.EE', day: '2030-03-02', n: 2 },
      { queue_key: 'vat.EE', day: '2030-03-04', n: 1 },
    ]);
  });
});
