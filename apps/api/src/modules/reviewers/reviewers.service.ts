import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit } from '@app/persistence';
import { DEFAULT_LANGUAGE, normalizeLanguage } from '@app/rules';
import { conflict, forbidden, notFound, unprocessable } from '../../common/api-error';
import { InvitationsService } from '../auth/invitations.service';
import { isManager, StaffPrincipal } from '../auth/staff-principal';
import { ReviewJobsService } from '../review/review-jobs.service';
import { CreateReviewerDto, ReviewerProfileDto } from './dto/reviewer.dto';
import { SubstitutesService } from './substitutes.service';
import { ReviewerProfileRow, ReviewersRepository } from './reviewers.repository';

/** Reviewer profiles: skills, capacity, availability, time zone, working hours, weekly goal. */
@Injectable()
export class ReviewersService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(ReviewJobsService) private readonly jobs: ReviewJobsService,
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(SubstitutesService) private readonly substitutes: SubstitutesService,
    @Inject(ReviewersRepository) private readonly repo: ReviewersRepository,
  ) {}

  async list() {
    const rows = await this.repo.list();
    return { items: rows.map(view) };
  }

  async get(p: StaffPrincipal, id: string) {
    if (!isManager(p) && id !== p.userId) throw notFound('Reviewer', id);
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.get(id) : null;
    if (!row) throw notFound('Reviewer', id);
    return view(row);
  }

  /**
   * Creates the account and its reviewer profile with no password, and returns a one-time invitation
   * link with which the person sets their own. Managers create reviewers; only admins grant manager or admin.
   */
  async create(p: StaffPrincipal, dto: CreateReviewerDto) {
    const role = dto.role ?? 'reviewer';
    if (role !== 'reviewer' && p.role !== 'admin') throw forbidden(`Only an admin can grant the role ${role}`);
    checkTimeZone(dto.timeZone);
    const { id, invitation } = await this.ds.transaction(async (em) => {
      if (await this.repo.emailTaken(em, dto.email))
        throw conflict('EMAIL_TAKEN', `A staff user with email ${dto.email} exists`);
      const userId = await this.repo.createAccount(em, { email: dto.email, name: dto.name, role });
      await this.repo.updateProfile(em, userId, dto);
      await recordAudit(em, {
        aggregateType: 'reviewer',
        aggregateId: userId,
        action: 'created',
        actor: { type: 'staff', id: p.userId },
        data: { email: dto.email, role, ...profileOf(dto) },
      });
      return { id: userId, invitation: await this.invitations.issue(em, userId, p) };
    });
    await this.jobs.fill(id, 'created');
    return { ...(await this.get(p, id)), invitation };
  }

  /** Managers change everything; a reviewer may only set their own availability and workbench language. */
  async update(p: StaffPrincipal, idOrMe: string, dto: ReviewerProfileDto) {
    const id = idOrMe === 'me' ? p.userId : idOrMe;
    if (!isManager(p)) {
      if (id !== p.userId) throw notFound('Reviewer', id);
      const other = Object.keys(dto).filter(
        (k) => k !== 'availability' && k !== 'uiLanguage' && (dto as Record<string, unknown>)[k] !== undefined,
      );
      if (other.length) throw forbidden(`Only a manager can change ${other.join(', ')}`);
    }
    checkTimeZone(dto.timeZone);
    if (dto.substituteId === id)
      throw unprocessable('SUBSTITUTE_IS_SELF', 'A reviewer cannot be their own substitute', [
        { path: 'substituteId', issue: 'same as the reviewer', actual: id },
      ]);
    let availability: { before: string; after: string } | null = null;
    const version = await this.ds.transaction(async (em) => {
      if (dto.substituteId) {
        if (!(await this.repo.exists(em, dto.substituteId)))
          throw unprocessable('UNKNOWN_REVIEWER', `No reviewer ${dto.substituteId}`, [
            { path: 'substituteId', issue: 'unknown reviewer', actual: dto.substituteId },
          ]);
      }
      const before = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.lock(em, id) : null;
      if (!before) throw notFound('Reviewer', id);
      const row = await this.repo.updateProfile(em, id, dto);
      availability = { before: before.availability, after: row?.availability ?? before.availability };
      await recordAudit(em, {
        aggregateType: 'reviewer',
        aggregateId: id,
        action: 'updated',
        actor: { type: 'staff', id: p.userId },
        fromState: before.availability,
        toState: row?.availability ?? before.availability,
        data: profileOf(dto),
      });
      return new Date(row?.updated_at ?? before.updated_at).getTime();
    });
    if (availability) await this.substitutes.afterAvailability(p, id, availability);
    // Coming online, more capacity or new skills can unblock waiting work: the worker fills this reviewer.
    await this.jobs.fill(id, `profile-${version}`);
    return this.get({ ...p, role: 'admin' }, id);
  }
}

function profileOf(dto: ReviewerProfileDto) {
  const { name, countries, languages, categories, capacity, availability, timeZone, workingHours, weeklyGoal } = dto;
  const { homeCountry, uiLanguage, substituteId, returnOnComeback } = dto;
  return {
    substituteId,
    returnOnComeback,
    name,
    countries,
    languages,
    categories,
    capacity,
    availability,
    timeZone,
    workingHours,
    weeklyGoal,
    homeCountry,
    uiLanguage,
  };
}

function view(r: ReviewerProfileRow) {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    name: r.display_name,
    countries: r.countries,
    languages: r.languages,
    uiLanguage: r.ui_language ?? null,
    /** The language the workbench shows finding texts in: uiLanguage, else the first of languages we write, else en. */
    readingLanguage:
      normalizeLanguage(r.ui_language) ??
      (r.languages as string[]).map(normalizeLanguage).find(Boolean) ??
      DEFAULT_LANGUAGE,
    categories: r.categories,
    capacity: r.capacity,
    open: r.open,
    availability: r.availability,
    timeZone: r.time_zone,
    workingHours: r.working_hours,
    weeklyGoal: r.weekly_goal,
    homeCountry: r.home_country,
    substituteId: r.substitute_id,
    returnOnComeback: r.return_on_comeback,
    lastAssignedAt: r.last_assigned_at ? new Date(r.last_assigned_at).toISOString() : null,
    lastActiveAt: r.last_active_at ? new Date(r.last_active_at).toISOString() : null,
  };
}

function checkTimeZone(tz: string | undefined): void {
  if (tz === undefined) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw unprocessable('UNKNOWN_TIME_ZONE', `Unknown time zone ${tz}`, [
      { path: 'timeZone', issue: 'not an IANA time zone', actual: tz },
    ]);
  }
}
