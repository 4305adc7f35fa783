export { queueAggregateId } from '@app/triage';
