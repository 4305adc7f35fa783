import { openTestDatabase, TestDatabase } from '@app/persistence/testing';
import { createStaffUser } from '@app/testing';
import { reviewerLanguage } from './request-language';
import { ReviewerLanguageRepository } from './reviewer-language.repository';

describe('ReviewerLanguageRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  let repo: ReviewerLanguageRepository;

  beforeAll(async () => {
    db = await openTestDatabase('reviewerlangrepo');
    repo = new ReviewerLanguageRepository(db.ds);
  });
  afterAll(() => db?.close());

  it("reads a reviewer's workbench language and the languages they read", async () => {
    const r = await createStaffUser(db.ds, { reviewer: { languages: ['xx', 'et', 'en'] } });
    expect(await repo.languagesOf(r.id)).toEqual({ ui_language: null, languages: ['xx', 'et', 'en'] });
    expect(await reviewerLanguage(repo, r.id)).toBe('et');
    await db.ds.query(`UPDATE reviewers SET ui_language = 'fi' WHERE id = $1`, [r.id]);
    expect(await repo.languagesOf(r.id)).toEqual({ ui_language: 'fi', languages: ['xx', 'et', 'en'] });
    expect(await reviewerLanguage(repo, r.id)).toBe('fi');
  });

  it('has nothing for a staff user without a reviewer profile', async () => {
    const admin = await createStaffUser(db.ds, { role: 'admin' });
    expect(await repo.languagesOf(admin.id)).toBeNull();
    expect(await reviewerLanguage(repo, admin.id)).toBeUndefined();
  });
});
