import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface IntegrationRow {
  id: string;
  name: string;
  key_prefix: string;
  created_at: Date;
  disabled_at: Date | null;
}

/** The SQL of integrations (the systems that post invoices) and their API keys; only a key's hash is kept. */
@Injectable()
export class IntegrationsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async create(
    em: EntityManager,
    i: { name: string; keyPrefix: string; keyHash: string },
  ): Promise<Pick<IntegrationRow, 'id' | 'name' | 'created_at'>> {
    const [row] = await em.query(
      `INSERT INTO integrations (name, key_prefix, key_hash) VALUES ($1,$2,$3) RETURNING id, name, created_at`,
      [i.name, i.keyPrefix, i.keyHash],
    );
    return row;
  }

  /** Every integration, oldest first. */
  list(): Promise<IntegrationRow[]> {
    return this.ds.query(`SELECT id, name, key_prefix, created_at, disabled_at FROM integrations ORDER BY created_at`);
  }

  /** Locks the integration for a key change; its current key prefix, or null when unknown. */
  async lockKeyPrefix(em: EntityManager, id: string): Promise<string | null> {
    const [row] = await em.query(`SELECT key_prefix FROM integrations WHERE id = $1 FOR UPDATE`, [id]);
    return row ? row.key_prefix : null;
  }

  async replaceKey(
    em: EntityManager,
    id: string,
    k: { keyPrefix: string; keyHash: string },
  ): Promise<Omit<IntegrationRow, 'key_prefix'> | null> {
    const [[row]] = await em.query(
      `UPDATE integrations SET key_prefix = $2, key_hash = $3 WHERE id = $1 RETURNING id, name, created_at, disabled_at`,
      [id, k.keyPrefix, k.keyHash],
    );
    return row ?? null;
  }

  /** Disables for good (the first instant is kept); null when unknown. */
  async disable(em: EntityManager, id: string): Promise<IntegrationRow | null> {
    const [[row]] = await em.query(
      `UPDATE integrations SET disabled_at = COALESCE(disabled_at, now()) WHERE id = $1 RETURNING id, name, key_prefix, created_at, disabled_at`,
      [id],
    );
    return row ?? null;
  }
}
