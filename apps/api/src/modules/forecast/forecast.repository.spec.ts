import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createIntegration } from '@app/testing';
import { ensureDefaultQueues, findQueue } from '@app/triage';
import { ForecastRepository } from './forecast.repository';

describe('ForecastRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: ForecastRepository;

  beforeAll(async () => {
    db = await openTestDatabase('forecastrepo');
    repo = new ForecastRepository(db.ds);
    await ensureDefaultQueues(db.ds);
  });
  afterAll(() => db?.close());

  it('lists the queues in surge with the time the surge began', async () => {
    expect(await repo.surgingQueues()).toEqual([]);
    await db.ds.query(`UPDATE review_queues SET surge_since = '2030-03-04T09:00:00Z' WHERE key = 'vat.EE'`);
    expect(await repo.surgingQueues()).toEqual([{ key: 'vat.EE', surge_since: new Date('2030-03-04T09:00:00Z') }]);
  });

  it("knows which queues exist (the triage lib's findQueue, which the forecast uses)", async () => {
    expect(await findQueue(db.ds.manager, 'vat.EE')).not.toBeNull();
    expect(await findQueue(db.ds.manager, 'vat.ZZ')).toBeNull();
  });

  it('counts exceptions created per UTC day within [from, to)', async () => {
    const { id: integrationId } = await createIntegration(db.ds);
    const [{ id: invoiceId }] = await db.ds.query(
      `INSERT INTO invoices (integration_id, source, format, status, invoice_number, canonical) VALUES ($1,'api','json','in_review','N-1','{}') RETURNING id`,
      [integrationId],
    );
    const at = [
      '2030-03-01T23:59:59Z', // before the range
      '2030-03-02T00:00:00Z',
      '2030-03-02T23:30:00Z',
      '2030-03-04T12:00:00Z',
      '2030-03-05T00:00:00Z', // the end is excluded
    ];
    await db.ds.query(
      `INSERT INTO exceptions (invoice_id, route_key, queue_key, category, status, created_at)
       SELECT $1, 'vat.EE.' || i, 'vat.EE', 'regulatory', 'open', t FROM unnest($2::timestamptz[]) WITH ORDINALITY AS u(t, i)`,
      [invoiceId, at],
    );
    const days = await repo.arrivalsByDay(new Date('2030-03-02T00:00:00Z'), new Date('2030-03-05T00:00:00Z'));
    expect(days.sort((a, b) => a.day.localeCompare(b.day))).toEqual([
      { day: '2030-03-02', n: 2 },
      { day: '2030-03-04', n: 1 },
    ]);
  });
});
