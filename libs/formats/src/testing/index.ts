// Test-only helpers of the formats lib (public sub-entry `@app/formats/testing`).
export { toUbl, toCii } from './canonical-xml.writer';
export * from './unit-test-sets';
export * from './fixtures';
