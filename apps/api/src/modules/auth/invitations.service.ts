import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { recordAudit } from '@app/persistence';
import { ApiError } from '../../common/api-error';
import { hashPassword, hashToken } from './auth.service';
import { assertPasswordPolicy } from './password-policy';
import { StaffInvitationsRepository } from './staff-invitations.repository';
import { StaffPrincipal } from './staff-principal';
import { StaffUsersRepository } from './staff-users.repository';

export interface Invitation {
  token: string;
  url: string;
  expiresAt: string;
}

const invalid = () =>
  new ApiError(
    400,
    'INVALID_INVITATION',
    'The invitation link is unknown, used, revoked or expired; ask for a new one',
    [{ path: 'token', issue: 'not a valid invitation' }],
  );

/**
 * Accounts are created without a password; the invited person sets their own with a one-time link.
 * The token is 32 random bytes; only its SHA-256 is stored, it expires (INVITATION_TTL_HOURS) and a new
 * invitation revokes the earlier ones. The same link resets a forgotten password (an admin or manager
 * issues it; nobody ever chooses another person's password).
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(StaffInvitationsRepository) private readonly invitations: StaffInvitationsRepository,
    @Inject(StaffUsersRepository) private readonly users: StaffUsersRepository,
  ) {}

  /** Issues an invitation inside the caller's transaction (`by` null: the operator's command line). */
  async issue(em: EntityManager, userId: string, by: StaffPrincipal | null): Promise<Invitation> {
    const token = randomBytes(32).toString('base64url');
    await this.invitations.revokeOpen(em, userId);
    const row = await this.invitations.create(em, {
      userId,
      tokenHash: hashToken(token),
      createdBy: by?.userId ?? null,
      ttlHours: this.cfg.INVITATION_TTL_HOURS,
    });
    await recordAudit(em, {
      aggregateType: 'staff_user',
      aggregateId: userId,
      action: 'invited',
      actor: by ? { type: 'staff', id: by.userId } : { type: 'system', id: 'cli' },
      data: { invitationId: row.id, expiresAt: new Date(row.expires_at).toISOString() },
    });
    // The token travels in the fragment: browsers never send it to a server or write it to access logs.
    return { token, url: `/login#invitation=${token}`, expiresAt: new Date(row.expires_at).toISOString() };
  }

  /** Sets the invited person's own password; the link works once. Earlier tokens of the user are revoked. */
  async accept(token: string, password: string) {
    const pending = await this.invitations.usable(hashToken(token));
    if (!pending) throw invalid();
    assertPasswordPolicy(password, [pending.email, pending.name, ...String(pending.email).split(/[@.]/)]);
    const hash = await hashPassword(password);
    return this.ds.transaction(async (em) => {
      const used = await this.invitations.markUsed(em, pending.id);
      if (!used) throw invalid();
      const u = await this.users.setPassword(em, pending.user_id, hash);
      await recordAudit(em, {
        aggregateType: 'staff_user',
        aggregateId: u.id,
        action: 'password_set',
        actor: { type: 'staff', id: u.id },
        data: { invitationId: pending.id },
      });
      return { user: { id: u.id, email: u.email, name: u.name, role: u.role } };
    });
  }
}
