export * from './invoice/canonical-invoice';
export * from './invoice/invoice-state';
export * from './state/state-machine';
export * from './invoice/recompute-invoice';
export * from './vocabulary';
