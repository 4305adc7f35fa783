import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiError, forbidden } from '../../common/api-error';
import { ROLES_KEY } from './roles.decorator';
import { StaffPrincipal, StaffRole } from './staff-principal';

/** Bearer-token auth for staff (reviewers, managers, admins) with role checks from @Roles. */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(@Inject(JwtService) private readonly jwt: JwtService, @Inject(Reflector) private readonly reflector: Reflector) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: StaffPrincipal }>();
    const header = req.headers.authorization ?? '';
    const cookieToken = /(?:^|;\s*)access_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const token = header.startsWith('Bearer ') ? header.slice(7) : cookieToken;
    if (!token) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in and send the token as "Authorization: Bearer <token>"', [{ path: 'headers.authorization', issue: 'missing', expected: 'Bearer token' }]);
    let payload: { sub: string; email: string; name: string; role: StaffRole };
    try {
      payload = await this.jwt.verifyAsync(token);
    } catch {
      throw new ApiError(401, 'INVALID_TOKEN', 'The access token is invalid or expired; sign in again');
    }
    req.principal = { kind: 'staff', userId: payload.sub, email: payload.email, name: payload.name, role: payload.role };
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (roles?.length && !roles.includes(payload.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    return true;
  }
}
