import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiError, forbidden } from '../../common/api-error';
import { AuthService } from './auth.service';
import { ROLES_KEY } from './roles.decorator';
import { CSRF_HEADER, staffCredentialOf } from './session-cookies';
import { StaffPrincipal, StaffRole } from './staff-principal';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Staff auth (reviewers, managers, admins) with role checks from @Roles. The token comes from
 * `Authorization: Bearer` (API clients) or the HttpOnly session cookie (the web pages); a cookie session
 * must also send its CSRF token in X-CSRF-Token on every state-changing request. The account is checked
 * on every request (disabled, token version, current role).
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx
      .switchToHttp()
      .getRequest<FastifyRequest & { principal?: StaffPrincipal; cookies?: Record<string, string | undefined> }>();
    const credential = staffCredentialOf(req);
    if (!credential)
      throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in and send the token as "Authorization: Bearer <token>"', [
        { path: 'headers.authorization', issue: 'missing', expected: 'Bearer token' },
      ]);
    const principal = await this.auth.authenticate(credential.token);
    if (
      credential.fromCookie &&
      !SAFE_METHODS.has(req.method) &&
      !this.auth.csrfMatches(credential.token, firstHeader(req.headers[CSRF_HEADER]))
    ) {
      throw new ApiError(
        403,
        'CSRF_TOKEN_INVALID',
        'A signed-in page must send its CSRF token in the X-CSRF-Token header',
        [{ path: `headers.${CSRF_HEADER}`, issue: 'missing or wrong', expected: 'the csrf_token cookie value' }],
      );
    }
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (roles?.length && !roles.includes(principal.role))
      throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    return true;
  }
}

const firstHeader = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
