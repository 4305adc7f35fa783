import { zonedParts } from '../sla/zoned-time.util';

export interface ReviewerSkills {
  countries: string[];
  languages: string[];
  categories: string[];
}

export interface QueueRequirements {
  requiredCountries: string[];
  requiredLanguages: string[];
  requiredCategories: string[];
}

export interface WorkingHours {
  days: number[];
  start: string;
  end: string;
}

const covers = (have: string[], need: string[]) => need.every((n) => have.includes(n));

/** A reviewer may work a queue when they hold every skill it requires (the SQL twin is in eligibility.sql.ts). */
export function hasSkillsFor(r: ReviewerSkills, q: QueueRequirements): boolean {
  return (
    covers(r.countries, q.requiredCountries) &&
    covers(r.languages, q.requiredLanguages) &&
    covers(r.categories, q.requiredCategories)
  );
}

/** Whether `now` is inside the reviewer's working hours in their own time zone. */
export function isWithinWorkingHours(hours: WorkingHours, timeZone: string, now: Date): boolean {
  const z = zonedParts(now, timeZone);
  if (!hours.days.includes(z.isoWeekday)) return false;
  const minutes = z.hour * 60 + z.minute;
  const [sh, sm] = hours.start.split(':').map(Number);
  const [eh, em] = hours.end.split(':').map(Number);
  return minutes >= sh * 60 + (sm || 0) && minutes < eh * 60 + (em || 0);
}
