import { hasSkillsFor, isWithinWorkingHours } from './eligibility';

describe('eligibility', () => {
  const vatEE = { requiredCountries: ['EE'], requiredLanguages: [], requiredCategories: ['regulatory'] };

  it('needs every required skill', () => {
    expect(hasSkillsFor({ countries: ['EE', 'FI'], languages: ['et'], categories: ['regulatory'] }, vatEE)).toBe(true);
    expect(hasSkillsFor({ countries: ['FI'], languages: ['et'], categories: ['regulatory'] }, vatEE)).toBe(false);
    expect(hasSkillsFor({ countries: ['EE'], languages: [], categories: ['supplier'] }, vatEE)).toBe(false);
  });

  it('checks working hours in the reviewer time zone', () => {
    const hours = { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' };
    // 06:30Z on a Wednesday is 08:30 in Tallinn but 06:30 in London
    expect(isWithinWorkingHours(hours, 'Europe/Tallinn', new Date('2026-11-25T06:30:00Z'))).toBe(true);
    expect(isWithinWorkingHours(hours, 'Europe/London', new Date('2026-11-25T06:30:00Z'))).toBe(false);
    expect(isWithinWorkingHours(hours, 'Europe/Tallinn', new Date('2026-11-28T10:00:00Z'))).toBe(false);
  });
});
