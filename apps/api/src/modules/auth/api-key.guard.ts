import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/api-error';
import { hashApiKey } from './api-key';

export interface IntegrationPrincipal { kind: 'integration'; integrationId: string; name: string }

/** Authenticates integrations by `X-Api-Key`; a short cache keeps the hot path off the database. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache = new Map<string, { principal: IntegrationPrincipal | null; until: number }>();

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: IntegrationPrincipal }>();
    const key = req.headers['x-api-key'];
    if (!key) throw new ApiError(401, 'UNAUTHENTICATED', 'Send your integration key in the X-Api-Key header', [{ path: 'headers.x-api-key', issue: 'missing', expected: 'an API key' }]);
    const hash = hashApiKey(key);
    const now = Date.now();
    let hit = this.cache.get(hash);
    if (!hit || hit.until < now) {
      const [row] = await this.ds.query(`SELECT id, name FROM integrations WHERE key_hash = $1 AND disabled_at IS NULL`, [hash]);
      hit = { principal: row ? { kind: 'integration', integrationId: row.id, name: row.name } : null, until: now + 30_000 };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, hit);
    }
    if (!hit.principal) throw new ApiError(401, 'INVALID_API_KEY', 'The API key is unknown or disabled', [{ path: 'headers.x-api-key', issue: 'unknown key' }]);
    req.principal = hit.principal;
    return true;
  }
}
