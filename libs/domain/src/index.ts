export * from './invoice/canonical-invoice';
