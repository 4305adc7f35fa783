import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The SQL of integrations' API keys (only the SHA-256 of a key is stored). */
@Injectable()
export class IntegrationKeysRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The enabled integration a key belongs to: one indexed read, as the API-key guard runs it on a cache miss. */
  async activeByKeyHash(keyHash: string): Promise<{ id: string; name: string } | null> {
    const [row] = await this.ds.query(`SELECT id, name FROM integrations WHERE key_hash = $1 AND disabled_at IS NULL`, [
      keyHash,
    ]);
    return row ?? null;
  }
}
