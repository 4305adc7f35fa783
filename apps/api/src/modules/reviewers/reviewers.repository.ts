import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HELD_STATUSES, Sql, sqlStatusList } from '@app/triage';
import { ReviewerProfileDto } from './dto/reviewer.dto';

/** A profile setting's column and how its value is stored. */
const COLUMNS: Record<Exclude<keyof ReviewerProfileDto, 'name'>, [string, (v: any) => unknown]> = {
  countries: ['countries', (v) => v],
  languages: ['languages', (v) => v],
  categories: ['categories', (v) => v],
  capacity: ['capacity', (v) => v],
  availability: ['availability', (v) => v],
  timeZone: ['time_zone', (v) => v],
  workingHours: ['working_hours', (v) => JSON.stringify(v)],
  weeklyGoal: ['weekly_goal', (v) => v],
  homeCountry: ['home_country', (v) => v],
  uiLanguage: ['ui_language', (v) => v],
  substituteId: ['substitute_id', (v) => v],
  returnOnComeback: ['return_on_comeback', (v) => v],
};

const SELECT = `SELECT r.*, u.email, u.role, (SELECT count(*)::int FROM exceptions x WHERE x.assignee_id = r.id AND x.status IN (${sqlStatusList(HELD_STATUSES)})) AS open
  FROM reviewers r JOIN staff_users u ON u.id = r.id`;

export interface ReviewerRow {
  id: string;
  display_name: string;
  countries: string[];
  languages: string[];
  categories: string[];
  capacity: number;
  availability: string;
  time_zone: string;
  working_hours: { days: number[]; start: string; end: string };
  weekly_goal: number;
  home_country: string | null;
  ui_language: string | null;
  substitute_id: string | null;
  return_on_comeback: boolean;
  last_assigned_at: Date | null;
  last_active_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A profile with its account's email and role and the number of items the reviewer holds. */
export type ReviewerProfileRow = ReviewerRow & { email: string; role: string; open: number };

/** The SQL of reviewer profiles and the staff accounts they belong to. */
@Injectable()
export class ReviewersRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Profiles of enabled accounts, by display name. */
  list(): Promise<ReviewerProfileRow[]> {
    return this.ds.query(`${SELECT} WHERE u.disabled_at IS NULL ORDER BY r.display_name`);
  }

  async get(id: string): Promise<ReviewerProfileRow | null> {
    const [row] = await this.ds.query(`${SELECT} WHERE r.id = $1`, [id]);
    return row ?? null;
  }

  /** A staff account has the email, whatever its case. */
  async emailTaken(em: Sql, email: string): Promise<boolean> {
    const [exists] = await em.query(`SELECT 1 FROM staff_users WHERE lower(email) = lower($1)`, [email]);
    return !!exists;
  }

  /** A staff account without a password (an invitation sets it) and its empty reviewer profile; returns the id. */
  async createAccount(em: Sql, a: { email: string; name: string; role: string }): Promise<string> {
    const [u] = await em.query(
      `INSERT INTO staff_users (email, name, password_hash, role) VALUES (lower($1),$2,NULL,$3) RETURNING id`,
      [a.email, a.name, a.role],
    );
    await em.query(`INSERT INTO reviewers (id, display_name) VALUES ($1,$2)`, [u.id, a.name]);
    return u.id;
  }

  async exists(em: Sql, id: string): Promise<boolean> {
    const [s] = await em.query(`SELECT 1 FROM reviewers WHERE id = $1`, [id]);
    return !!s;
  }

  /** Locks a profile for the rest of the transaction; null when unknown. */
  async lock(em: Sql, id: string): Promise<ReviewerRow | null> {
    const [before] = await em.query(`SELECT * FROM reviewers WHERE id = $1 FOR UPDATE`, [id]);
    return before ?? null;
  }

  /**
   * Stores the profile settings given (a name goes to the account too); returns the updated profile, or
   * null when nothing was given.
   */
  async updateProfile(em: Sql, id: string, dto: ReviewerProfileDto): Promise<ReviewerRow | null> {
    const keys = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((k) => dto[k] !== undefined);
    const sets = keys.map((k, i) => `${COLUMNS[k][0]} = $${i + 2}`);
    if (dto.name !== undefined) {
      sets.push(`display_name = $${keys.length + 2}`);
      await em.query(`UPDATE staff_users SET name = $2 WHERE id = $1`, [id, dto.name]);
    }
    if (!sets.length) return null;
    const [rows] = await em.query(
      `UPDATE reviewers SET ${sets.join(', ')}, updated_at = clock_timestamp() WHERE id = $1 RETURNING *`,
      [id, ...keys.map((k) => COLUMNS[k][1](dto[k])), ...(dto.name !== undefined ? [dto.name] : [])],
    );
    return rows[0] ?? null;
  }
}
