import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { recordAudit } from '@app/persistence';
import { ApiError } from '../../common/api-error';
import { hashPassword, hashToken } from './auth.service';
import { assertPasswordPolicy } from './password-policy';
import { StaffPrincipal } from './staff-principal';

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
  ) {}

  /** Issues an invitation inside the caller's transaction (`by` null: the operator's command line). */
  async issue(em: EntityManager, userId: string, by: StaffPrincipal | null): Promise<Invitation> {
    const token = randomBytes(32).toString('base64url');
    await em.query(
      `UPDATE staff_invitations SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
      [userId],
    );
    const [row] = await em.query(
      `INSERT INTO staff_invitations (user_id, token_hash, created_by, expires_at) VALUES ($1,$2,$3, now() + make_interval(hours => $4)) RETURNING id, expires_at`,
      [userId, hashToken(token), by?.userId ?? null, this.cfg.INVITATION_TTL_HOURS],
    );
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
    const [pending] = await this.ds.query(
      `SELECT i.id, i.user_id, u.email, u.name FROM staff_invitations i JOIN staff_users u ON u.id = i.user_id
       WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now() AND u.disabled_at IS NULL`,
      [hashToken(token)],
    );
    if (!pending) throw invalid();
    assertPasswordPolicy(password, [pending.email, pending.name, ...String(pending.email).split(/[@.]/)]);
    const hash = await hashPassword(password);
    return this.ds.transaction(async (em) => {
      const [[used]] = await em.query(
        `UPDATE staff_invitations SET used_at = now() WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING user_id`,
        [pending.id],
      );
      if (!used) throw invalid();
      const [[u]] = await em.query(
        `UPDATE staff_users SET password_hash = $2, password_changed_at = now(), token_version = token_version + 1 WHERE id = $1 RETURNING id, email, name, role`,
        [pending.user_id, hash],
      );
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
