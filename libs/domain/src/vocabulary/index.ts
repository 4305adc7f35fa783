// The product's vocabulary: countries, route keys and queue families. Public sub-entry `@app/domain/vocabulary`.
export * from './countries';
export * from './route-keys';
