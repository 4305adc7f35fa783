import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueueFourEyes } from './pending-change.kinds';

type Sql = Pick<EntityManager, 'query'>;

/** The SQL of a queue's four-eyes settings as an approved change loosens them (in the approval's transaction). */
@Injectable()
export class QueueFourEyesRepository {
  /** Locks the queue and reads its four-eyes settings (the threshold as a decimal string). */
  async lock(
    em: Sql,
    queueKey: string,
  ): Promise<{ four_eyes: boolean; four_eyes_amount_threshold: string | null } | null> {
    const [q] = await em.query(
      `SELECT four_eyes, four_eyes_amount_threshold FROM review_queues WHERE key = $1 FOR UPDATE`,
      [queueKey],
    );
    return q ?? null;
  }

  /** Sets the settings the change names; one it does not name stays as it is (a null threshold clears it). */
  async set(em: Sql, queueKey: string, f: QueueFourEyes): Promise<void> {
    await em.query(
      `UPDATE review_queues SET four_eyes = CASE WHEN $2 THEN $3::boolean ELSE four_eyes END,
        four_eyes_amount_threshold = CASE WHEN $4 THEN $5::numeric ELSE four_eyes_amount_threshold END, updated_at = now() WHERE key = $1`,
      [
        queueKey,
        'fourEyes' in f,
        f.fourEyes ?? null,
        'fourEyesAmountThreshold' in f,
        f.fourEyesAmountThreshold ?? null,
      ],
    );
  }
}
