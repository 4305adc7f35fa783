/** Collects positional parameters while a query is assembled from fragments. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder. */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any[]>;
}
