import { createHash } from 'node:crypto';

/** Audit events key aggregates by uuid; a queue's is derived from its key (stable, name-based). */
export function queueAggregateId(key: string): string {
  const h = createHash('sha1').update(`queue:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
