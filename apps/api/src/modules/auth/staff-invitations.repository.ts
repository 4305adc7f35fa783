import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The SQL of invitation links (only a token's SHA-256 is stored). */
@Injectable()
export class StaffInvitationsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Revokes the user's links not yet used. */
  async revokeOpen(em: EntityManager, userId: string): Promise<void> {
    await em.query(
      `UPDATE staff_invitations SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
      [userId],
    );
  }

  async create(
    em: EntityManager,
    i: { userId: string; tokenHash: string; createdBy: string | null; ttlHours: number },
  ): Promise<{ id: string; expires_at: Date }> {
    const [row] = await em.query(
      `INSERT INTO staff_invitations (user_id, token_hash, created_by, expires_at) VALUES ($1,$2,$3, now() + make_interval(hours => $4)) RETURNING id, expires_at`,
      [i.userId, i.tokenHash, i.createdBy, i.ttlHours],
    );
    return row;
  }

  /** The usable invitation of a token hash (not used, revoked or expired; the account enabled), with its account. */
  async usable(tokenHash: string): Promise<{ id: string; user_id: string; email: string; name: string } | null> {
    const [row] = await this.ds.query(
      `SELECT i.id, i.user_id, u.email, u.name FROM staff_invitations i JOIN staff_users u ON u.id = i.user_id
       WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now() AND u.disabled_at IS NULL`,
      [tokenHash],
    );
    return row ?? null;
  }

  /** Uses the invitation up; null when it was used, revoked or expired meanwhile. */
  async markUsed(em: EntityManager, id: string): Promise<{ user_id: string } | null> {
    const [[row]] = await em.query(
      `UPDATE staff_invitations SET used_at = now() WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING user_id`,
      [id],
    );
    return row ?? null;
  }
}
