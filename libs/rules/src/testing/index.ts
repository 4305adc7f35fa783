// Test-only helpers of the rules lib (public sub-entry `@app/rules/testing`).
export * from '../packs/countries/shared/testing/domestic-invoice.fixture';
