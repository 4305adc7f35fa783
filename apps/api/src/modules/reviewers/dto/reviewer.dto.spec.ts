import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateReviewerDto, ReviewerProfileDto } from './reviewer.dto';

const errorsOf = <T extends object>(cls: new () => T, body: object) =>
  validateSync(plainToInstance(cls, body) as object, { whitelist: true, forbidNonWhitelisted: true }).map(
    (e) => e.property,
  );

describe('reviewer DTOs', () => {
  const base = { email: 'a@example.com', name: 'Anna', countries: ['FI'], capacity: 5 };

  it('a new reviewer needs a name: leaving it out is a validation error, not a NOT NULL violation later', () => {
    const { name: _name, ...noName } = base;
    expect(errorsOf(CreateReviewerDto, noName)).toEqual(['name']);
    expect(errorsOf(CreateReviewerDto, { ...base, name: '' })).toEqual(['name']);
    expect(errorsOf(CreateReviewerDto, { ...base, name: null })).toEqual(['name']);
    expect(errorsOf(CreateReviewerDto, base)).toEqual([]);
  });

  it('a new reviewer keeps every profile rule of the profile it extends', () => {
    expect(errorsOf(CreateReviewerDto, { ...base, capacity: -1 })).toEqual(['capacity']);
    expect(errorsOf(CreateReviewerDto, { ...base, countries: ['fi'] })).toEqual(['countries']);
    expect(errorsOf(CreateReviewerDto, { ...base, workingHours: { days: [1], start: '25:00', end: '17:00' } })).toEqual(
      ['workingHours'],
    );
    expect(errorsOf(CreateReviewerDto, { ...base, email: 'nope' })).toEqual(['email']);
    expect(errorsOf(CreateReviewerDto, { ...base, surprise: 1 })).toEqual(['surprise']);
  });

  it('a profile change may leave the name out but not send it as null', () => {
    expect(errorsOf(ReviewerProfileDto, { capacity: 3 })).toEqual([]);
    expect(errorsOf(ReviewerProfileDto, { name: null })).toEqual(['name']);
  });
});
