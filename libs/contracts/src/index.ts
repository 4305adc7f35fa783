/**
 * The HTTP contract of the API: the response types the controllers declare and the web pages
 * `import type`. Types only: nothing here exists at run time, so nothing enters the web bundle
 * (test/code-health/contracts.spec.ts holds that).
 */
export type * from './auth.contract';
export type * from './catalogue.contract';
export type * from './errors.contract';
export type * from './exception-context.contract';
export type * from './exceptions.contract';
export type * from './findings.contract';
export type * from './invoices.contract';
export type * from './metrics.contract';
export type * from './queues.contract';
export type * from './reviewers.contract';
