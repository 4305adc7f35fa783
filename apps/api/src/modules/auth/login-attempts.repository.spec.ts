import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { LoginAttemptsRepository } from './login-attempts.repository';

describe('LoginAttemptsRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: LoginAttemptsRepository;
  const attempt = (email: string, ip: string, outcome: 'success' | 'failure' | 'locked') =>
    repo.record({ email, userId: null, ip, outcome, reason: 'test', userAgent: 'jest' });

  beforeAll(async () => {
    db = await openTestDatabase('loginattemptsrepo');
    repo = new LoginAttemptsRepository(db.ds);
  });
  afterAll(() => db?.close());

  it('records an attempt with its client and settles it', async () => {
    const id = await repo.record({
      email: 'a@example.com',
      userId: null,
      ip: '10.0.0.1',
      outcome: 'failure',
      reason: 'pending',
      userAgent: 'curl',
    });
    await repo.settle(id, 'success', null, 'password');
    const [row] = await db.ds.query(`SELECT email, ip, outcome, reason, user_agent FROM login_attempts WHERE id = $1`, [
      id,
    ]);
    expect(row).toEqual({
      email: 'a@example.com',
      ip: '10.0.0.1',
      outcome: 'success',
      reason: 'password',
      user_agent: 'curl',
    });
  });

  it("counts an email's failures since its last success and an address's failures within the window", async () => {
    await attempt('b@example.com', '10.0.0.2', 'failure');
    await attempt('b@example.com', '10.0.0.2', 'success');
    await attempt('b@example.com', '10.0.0.2', 'failure');
    await attempt('b@example.com', '10.0.0.3', 'failure');
    await attempt('b@example.com', '10.0.0.2', 'locked');
    await attempt('c@example.com', '10.0.0.2', 'failure');
    const [old] = await db.ds.query(
      `INSERT INTO login_attempts (email, ip, outcome, attempted_at) VALUES ('b@example.com', '10.0.0.2', 'failure', now() - interval '2 hours') RETURNING id`,
    );
    expect(old.id).toBeDefined();
    const c = await repo.counts('b@example.com', '10.0.0.2', '15 minutes');
    expect(c.email_failures).toBe(2);
    expect(c.ip_failures).toBe(3);
    expect(new Date(c.last_failure!).getTime()).toBeLessThanOrEqual(new Date(c.now).getTime());
    expect(new Date(c.ip_oldest!).getTime()).toBeGreaterThan(new Date(c.now).getTime() - 15 * 60_000);
  });

  it('counts nothing for an email and address without failures', async () => {
    const c = await repo.counts('nobody@example.com', '10.9.9.9', '15 minutes');
    expect(c).toMatchObject({ email_failures: 0, ip_failures: 0, last_failure: null, ip_oldest: null });
  });
});
