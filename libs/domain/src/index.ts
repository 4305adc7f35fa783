export * from './invoice/canonical-invoice';
export * from './invoice/invoice-state';
export * from './state/state-machine';
export * from './invoice/recompute-invoice';
export * from './vocabulary';
export * from './webhooks/webhook-events';
export * from './webhooks/webhook-signature';
export * from './webhooks/webhook-url';
