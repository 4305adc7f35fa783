import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { APP_CONFIG, argon2Options, EnvironmentVariables } from '@app/config';
import { recordAudit } from '@app/persistence';
import { ApiError } from '../../common/api-error';
import { hashApiKey } from './api-key';
import { LoginClient, LoginThrottle, normaliseEmail } from './login-throttle.service';
import { STAFF_ROLES, StaffPrincipal, StaffRole } from './staff-principal';
import { StaffUsersRepository } from './staff-users.repository';

/** The claims of a staff token; `tv` is the user's token version when it was issued. */
export interface StaffTokenClaims {
  sub: string;
  email: string;
  name: string;
  role: StaffRole;
  tv: number;
  exp: number;
  iat: number;
}

const invalidToken = () =>
  new ApiError(401, 'INVALID_TOKEN', 'The access token is invalid, expired or revoked; sign in again');

/**
 * Staff sign-in and sessions: argon2id password hashes; HS256 tokens with exp, iss and aud; a per-user
 * token version checked on every request (logout, disabling, a role or password change revoke every
 * earlier token at once); the same argon2 work for unknown emails as for known ones.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private dummyHash: Promise<string> | null = null;
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(StaffUsersRepository) private readonly users: StaffUsersRepository,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = hashPassword(randomBytes(24).toString('base64url'));
    if (this.cfg.NODE_ENV === 'production') await this.refuseDemoData();
  }

  async login(rawEmail: string, password: string, client: LoginClient) {
    const email = normaliseEmail(rawEmail);
    await this.throttle.check(email, client);
    // Written as a failure before the slow check, so that parallel guesses count against the limits too.
    const attempt = await this.throttle.record(email, null, client, 'failure', 'pending');
    const user = await this.users.forSignIn(email);
    const usable = !!user && !user.disabled_at && !!user.password_hash;
    // Unknown, disabled and not-yet-activated accounts verify against a dummy hash: the same work, the same answer.
    const ok =
      (await argon2.verify(usable ? user.password_hash! : await this.dummy(), password).catch(() => false)) && usable;
    if (!ok) {
      await this.throttle.settle(
        attempt,
        user?.id ?? null,
        'failure',
        !user
          ? 'unknown email'
          : user.disabled_at
            ? 'account disabled'
            : !user.password_hash
              ? 'invitation not accepted'
              : 'wrong password',
      );
      throw new ApiError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong');
    }
    await this.throttle.settle(attempt, user.id, 'success', 'password');
    const accessToken = await this.issue(user);
    return {
      accessToken,
      expiresAt: new Date(Date.now() + this.cfg.JWT_TTL_SECONDS * 1000).toISOString(),
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }

  issue(user: { id: string; email: string; name: string; role: StaffRole; token_version: number }): Promise<string> {
    return this.jwt.signAsync({
      sub: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      tv: user.token_version,
    });
  }

  /** Verifies a token (HS256 only, exp/iss/aud required) and checks the account as it is now. */
  async authenticate(token: string): Promise<StaffPrincipal> {
    let claims: StaffTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<StaffTokenClaims>(token);
    } catch {
      throw invalidToken();
    }
    if (
      typeof claims.exp !== 'number' ||
      typeof claims.iat !== 'number' ||
      typeof claims.sub !== 'string' ||
      !/^[0-9a-f-]{36}$/i.test(claims.sub)
    )
      throw invalidToken();
    const user = await this.users.forSession(claims.sub);
    // Tokens issued before token versions existed carry none: they count as version 0.
    if (!user || user.disabled_at || (claims.tv ?? 0) !== user.token_version || !STAFF_ROLES.includes(user.role))
      throw invalidToken();
    return { kind: 'staff', userId: user.id, email: user.email, name: user.name, role: user.role };
  }

  /** Revokes every token of the user (this one included). */
  async logout(p: StaffPrincipal): Promise<void> {
    await this.ds.transaction(async (em) => {
      await this.users.revokeTokens(em, p.userId);
      await recordAudit(em, {
        aggregateType: 'staff_user',
        aggregateId: p.userId,
        action: 'signed_out',
        actor: { type: 'staff', id: p.userId },
      });
    });
  }

  /** The CSRF token of a cookie session: an HMAC of the session token, so it cannot be planted or guessed. */
  csrfTokenFor(token: string): string {
    return createHmac('sha256', this.cfg.JWT_SECRET).update(`csrf:${token}`).digest('base64url');
  }

  csrfMatches(token: string, sent: string | undefined): boolean {
    if (!sent) return false;
    const a = Buffer.from(this.csrfTokenFor(token));
    const b = Buffer.from(sent);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private dummy(): Promise<string> {
    return (this.dummyHash ??= hashPassword(randomBytes(24).toString('base64url')));
  }

  /** Production never runs with the demo seed's integration key or accounts. */
  private async refuseDemoData(): Promise<void> {
    let found: { what: string }[] = [];
    try {
      found = await this.users.activeDemoCredentials(hashApiKey('itk_local_demo_key'));
    } catch (e) {
      this.logger.warn(`could not check for demo data: ${(e as Error).message}`);
    }
    if (found.length)
      throw new Error(
        `NODE_ENV=production refuses demo credentials; disable or remove: ${found.map((f) => f.what).join(', ')}`,
      );
  }
}

export const hashPassword = (plain: string) => argon2.hash(plain, argon2Options());

/** SHA-256 of a high-entropy one-time token (invitations): only the hash is stored. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
