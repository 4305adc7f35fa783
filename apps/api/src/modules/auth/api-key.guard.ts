import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../../common/api-error';
import { hashApiKey } from './api-key';
import { IntegrationKeysRepository } from './integration-keys.repository';

export interface IntegrationPrincipal {
  kind: 'integration';
  integrationId: string;
  name: string;
}

/** How long a looked-up key is trusted without asking the database (other API instances see a rotation within this). */
const CACHE_MS = 10_000;

const KEY_CACHE = new Map<string, { principal: IntegrationPrincipal | null; until: number }>();

/** Authenticates integrations by `X-Api-Key`; a short cache keeps the hot path off the database. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** Shared by every instance of the guard (Nest makes one per module that uses it). */
  private readonly cache = KEY_CACHE;

  constructor(@Inject(IntegrationKeysRepository) private readonly integrations: IntegrationKeysRepository) {}

  /** Drops cached keys after a key is rotated or disabled, so the old key stops working at once here. */
  forget(): void {
    this.cache.clear();
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: IntegrationPrincipal }>();
    const key = req.headers['x-api-key'];
    if (!key)
      throw new ApiError(401, 'UNAUTHENTICATED', 'Send your integration key in the X-Api-Key header', [
        { path: 'headers.x-api-key', issue: 'missing', expected: 'an API key' },
      ]);
    const hash = hashApiKey(key);
    const now = Date.now();
    let hit = this.cache.get(hash);
    if (!hit || hit.until < now) {
      const row = await this.integrations.activeByKeyHash(hash);
      hit = {
        principal: row ? { kind: 'integration', integrationId: row.id, name: row.name } : null,
        until: now + CACHE_MS,
      };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, hit);
    }
    if (!hit.principal)
      throw new ApiError(401, 'INVALID_API_KEY', 'The API key is unknown or disabled', [
        { path: 'headers.x-api-key', issue: 'unknown key' },
      ]);
    req.principal = hit.principal;
    return true;
  }
}
