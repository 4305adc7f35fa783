import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();
const nameOf = (text: string): string => {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
};

/**
 * Runs a hot statement as a named prepared statement on the manager's connection: PostgreSQL parses it
 * once per connection and, after a few executions, reuses a generic plan instead of planning every
 * call (the claim statements took longer to plan than to run). The name is a hash of the text, so
 * every distinct text is prepared once per connection. Needs a manager bound to a connection (inside
 * a transaction); otherwise falls back to a plain query.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const qr = em.queryRunner as unknown as { connect?: () => Promise<PgClient>; isReleased?: boolean } | undefined;
  if (!qr?.connect || qr.isReleased) return em.query(text, values);
  const client = await qr.connect();
  const res = await client.query({ name: nameOf(text), text, values });
  return res.rows as T[];
}
