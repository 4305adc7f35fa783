import type { QueueStats, QueueView } from '@app/contracts';
import { QueueRow } from '@app/triage';

export type { QueueStats };

/** A queue as the API shows it (the HTTP contract's QueueView). */
export function queueView(q: QueueRow, stats?: QueueStats): QueueView {
  return {
    key: q.key,
    name: q.name,
    category: q.category,
    country: q.country,
    slaMinutes: q.sla_minutes,
    warnAtShare: Number(q.warn_at_share),
    calendar: q.calendar,
    timeZone: q.time_zone,
    requiredCountries: q.required_countries,
    requiredLanguages: q.required_languages,
    requiredCategories: q.required_categories,
    priorityRule: q.priority_rule,
    fourEyes: q.four_eyes,
    fourEyesAmountThreshold: q.four_eyes_amount_threshold,
    claimTimeoutMinutes: q.claim_timeout_minutes,
    routeByCountry: q.route_by_country ?? false,
    countryFallbackMinutes: q.country_fallback_minutes ?? 60,
    /** EUR per hour of review (decimal string). */
    hourlyCost: q.hourly_cost,
    /** Since when the queue is in surge mode (served time-to-breach first); null: no surge. */
    surgeSince: q.surge_since ? new Date(q.surge_since).toISOString() : null,
    ...(stats ? { stats } : {}),
  };
}
