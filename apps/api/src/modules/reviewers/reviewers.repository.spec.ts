import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser, insertException } from '@app/testing';
import { ReviewersRepository } from './reviewers.repository';

describe('ReviewersRepository', () => {
  let db: TestDatabase;
  let repo: ReviewersRepository;

  beforeAll(async () => {
    db = await openTestDatabase('reviewers-repo');
    repo = new ReviewersRepository(db.ds);
  });
  afterAll(() => db.close());

  it('creates an account without a password and its default profile; emails are taken whatever their case', async () => {
    const id = await db.ds.transaction((em) =>
      repo.createAccount(em, { email: 'New.Person@Example.com', name: 'New Person', role: 'manager' }),
    );
    const [u] = await db.ds.query(`SELECT email, name, role, password_hash FROM staff_users WHERE id = $1`, [id]);
    expect(u).toEqual({ email: 'new.person@example.com', name: 'New Person', role: 'manager', password_hash: null });
    expect(await repo.get(id)).toMatchObject({
      id,
      display_name: 'New Person',
      email: 'new.person@example.com',
      role: 'manager',
      capacity: 10,
      availability: 'off',
      open: 0,
    });
    expect(await repo.emailTaken(db.ds, 'NEW.person@example.COM')).toBe(true);
    expect(await repo.emailTaken(db.ds, 'other@example.com')).toBe(false);
    expect(await repo.exists(db.ds, id)).toBe(true);
    expect(await repo.exists(db.ds, '00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(await repo.get('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('lists enabled profiles by name with the number of items each holds', async () => {
    const zed = await createStaffUser(db.ds, { name: 'Zed' });
    const amy = await createStaffUser(db.ds, { name: 'Amy' });
    const gone = await createStaffUser(db.ds, { name: 'Gone' });
    await db.ds.query(`UPDATE staff_users SET disabled_at = now() WHERE id = $1`, [gone.id]);
    await insertException(db.ds, { status: 'assigned', assignee_id: amy.id });
    await insertException(db.ds, { status: 'second_review', assignee_id: amy.id });
    await insertException(db.ds, { status: 'resolved', assignee_id: amy.id });
    const names = (await repo.list()).map((r) => [r.display_name, r.open]);
    expect(names).toEqual([
      ['Amy', 2],
      ['New Person', 0],
      ['Zed', 0],
    ]);
    expect((await repo.get(zed.id))?.email).toBe(zed.email);
  });

  it('locks a profile and stores only the settings given, the name on the account too', async () => {
    const r = await createStaffUser(db.ds, { name: 'Old Name' });
    const sub = await createStaffUser(db.ds);
    const updated = await db.ds.transaction(async (em) => {
      expect((await repo.lock(em, r.id))?.display_name).toBe('Old Name');
      const free = await db.ds.query(`SELECT id FROM reviewers WHERE id = $1 FOR UPDATE SKIP LOCKED`, [r.id]);
      expect(free).toEqual([]);
      return repo.updateProfile(em, r.id, {
        name: 'New Name',
        capacity: 3,
        availability: 'away',
        workingHours: { days: [1, 2], start: '07:00', end: '15:00' },
        substituteId: sub.id,
        homeCountry: undefined,
      });
    });
    expect(updated).toMatchObject({
      display_name: 'New Name',
      capacity: 3,
      availability: 'away',
      working_hours: { days: [1, 2], start: '07:00', end: '15:00' },
      substitute_id: sub.id,
      home_country: null,
    });
    const [u] = await db.ds.query(`SELECT name FROM staff_users WHERE id = $1`, [r.id]);
    expect(u.name).toBe('New Name');
    expect(await repo.updateProfile(db.ds, r.id, {})).toBeNull();
    expect((await repo.updateProfile(db.ds, r.id, { name: 'Third' }))?.display_name).toBe('Third');
  });
});
