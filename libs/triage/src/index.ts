export * from './clock/triage-clock';
export * from './exception/exception-state';
export * from './exception/decision';
export * from './exception/four-eyes';
export * from './holidays/national-holidays';
export * from './sla/business-hours';
export * from './sla/sla-plan';
export * from './sla/zoned-time.util';
export * from './priority/priority';
export * from './eligibility/eligibility';
export * from './eligibility/eligibility.sql';
export * from './queues/queue-defaults';
export * from './repositories';
// The claim path stays in store/ until its rework lands; its exports are unchanged.
export * from './store/claim-next';
export * from './forecast';
export * from './queues/queue-aggregate-id';
