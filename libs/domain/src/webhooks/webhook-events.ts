/** The events integrations may subscribe to (written by the audit trigger of migration Webhooks). */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.validated',
  'invoice.in_review',
  'invoice.ready',
  'invoice.rejected',
  'invoice.returned',
  'exception.resolved',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The JSON body of one delivery; the same bytes for every attempt and re-delivery. */
export interface WebhookEventBody {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
}
