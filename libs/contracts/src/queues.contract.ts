import type { BusinessCalendar, QueueDefaults } from '@app/triage';

/** Live counts of a queue. */
export interface QueueStats {
  open: number;
  unassigned: number;
  oldestAgeSeconds: number | null;
  atRisk: number;
  breached: number;
  /** Waiting for the supplier or the buyer: their SLA clock stands still. */
  paused: number;
}

/** A review queue and its settings (GET /v1/queues/{key}): the settings a queue has by default, as stored. */
export interface QueueView extends Omit<QueueDefaults, 'calendar'> {
  calendar: BusinessCalendar;
  countryFallbackMinutes: number;
  /** EUR per hour of review (decimal string). */
  hourlyCost?: string;
  /** Since when the queue is in surge mode (served time-to-breach first); null: no surge. */
  surgeSince: string | null;
  stats?: QueueStats;
}

/** GET /v1/queues. */
export interface QueueList {
  items: QueueView[];
}

/** A change that waits for a second person (dual control). */
export interface PendingChangeView {
  id: string;
  kind: string;
  targetType: 'supplier' | 'queue';
  targetId: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  requestedBy: string;
  requestedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** POST /v1/queues and PATCH /v1/queues/{key}: the queue, and the changes that wait for a second approver. */
export interface QueueChangeResult extends QueueView {
  pendingChanges: PendingChangeView[];
}
