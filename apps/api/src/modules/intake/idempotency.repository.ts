import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface IdempotencyRecord {
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

/** The SQL of `idempotency_records`: an integration's Idempotency-Key, its request hash and its first answer. */
@Injectable()
export class IdempotencyRepository {
  /**
   * Claims the key for this request (answer still empty); false when another request holds it. A claim
   * made by a transaction still open waits for it to end.
   */
  async claim(em: EntityManager, integrationId: string, key: string, requestHash: string): Promise<boolean> {
    const inserted = await em.query(
      `INSERT INTO idempotency_records (integration_id, key, request_hash, response_status, response_body)
       VALUES ($1,$2,$3,0,'{}') ON CONFLICT DO NOTHING RETURNING key`,
      [integrationId, key, requestHash],
    );
    return inserted.length > 0;
  }

  /** The record of a key another request claimed, share-locked so its transaction has ended; null when gone. */
  async prior(em: EntityManager, integrationId: string, key: string): Promise<IdempotencyRecord | null> {
    const [prior] = await em.query(
      `SELECT request_hash, response_status, response_body FROM idempotency_records WHERE integration_id = $1 AND key = $2 FOR SHARE`,
      [integrationId, key],
    );
    return prior ?? null;
  }

  /** Keeps the answer given to the request that claimed the key, for its replays. */
  async saveAnswer(
    em: EntityManager,
    integrationId: string,
    key: string,
    status: number,
    body: unknown,
  ): Promise<void> {
    await em.query(
      `UPDATE idempotency_records SET response_status = $3, response_body = $4 WHERE integration_id = $1 AND key = $2`,
      [integrationId, key, status, JSON.stringify(body)],
    );
  }
}
