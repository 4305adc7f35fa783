import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { ApiError, notFound } from '../../../common/api-error';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * /metrics answers only to the scrape token (`Authorization: Bearer <METRICS_TOKEN>`) when one is set;
 * production refuses to start without one (see internalSurfaceProblems). METRICS_ENABLED=false hides it.
 * A Nest guard runs on the route Fastify matched, so every spelling of the path is covered.
 */
@Injectable()
export class ScrapeTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables) {
    this.expected = cfg.METRICS_TOKEN ? digest(cfg.METRICS_TOKEN) : null;
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (this.cfg.METRICS_ENABLED === 'false') throw notFound('Route', 'metrics');
    if (!this.expected) return true;
    const header =
      ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (given && timingSafeEqual(digest(given), this.expected)) return true;
    throw new ApiError(401, 'UNAUTHENTICATED', 'Send the scrape token as "Authorization: Bearer <METRICS_TOKEN>"', [
      { path: 'headers.authorization', issue: given ? 'wrong token' : 'missing', expected: 'Bearer <METRICS_TOKEN>' },
    ]);
  }
}
