import { DataSource } from 'typeorm';
import { DemoBatch } from './demo-simulation';
import { DemoDataRepository } from './repositories/demo-data.repository';

/** Writes a simulated batch with one set-based INSERT per table (jsonb_to_recordset), not row by row. */
export function writeBatch(ds: DataSource, b: DemoBatch): Promise<void> {
  return new DemoDataRepository(ds).writeBatch(b);
}
