import { EntityManager } from 'typeorm';
import { DEFAULT_QUEUE_KEYS, defaultQueueSettings, QueueDefaults } from './queue-defaults';

/** Creates a review queue with its defaults unless one with that key exists (an admin's settings win). */
export async function ensureQueue(em: Pick<EntityManager, 'query'>, q: QueueDefaults): Promise<void> {
  await em.query(
    `INSERT INTO review_queues (key, name, category, country, sla_minutes, warn_at_share, calendar, time_zone, required_countries,
       required_languages, required_categories, priority_rule, four_eyes, four_eyes_amount_threshold, claim_timeout_minutes, route_by_country)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) ON CONFLICT (key) DO NOTHING`,
    [
      q.key,
      q.name,
      q.category,
      q.country,
      q.slaMinutes,
      q.warnAtShare,
      JSON.stringify(q.calendar),
      q.timeZone,
      q.requiredCountries,
      q.requiredLanguages,
      q.requiredCategories,
      JSON.stringify(q.priorityRule),
      q.fourEyes,
      q.fourEyesAmountThreshold,
      q.claimTimeoutMinutes ?? 30,
      q.routeByCountry ?? false,
    ],
  );
}

/** Seeds the default queues (idempotent; existing queues keep their settings). */
export async function ensureDefaultQueues(em: Pick<EntityManager, 'query'>): Promise<number> {
  for (const key of DEFAULT_QUEUE_KEYS) await ensureQueue(em, defaultQueueSettings(key));
  return DEFAULT_QUEUE_KEYS.length;
}
