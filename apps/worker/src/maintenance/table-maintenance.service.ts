import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DEFAULT_MAINTENANCE_THRESHOLDS,
  maintainHotTables,
  MaintenanceThresholds,
  TableMaintenance,
} from '@app/persistence';

/**
 * VACUUM ANALYZE / ANALYZE of the hot tables when pg_stat_user_tables shows enough dead rows or
 * changes since the last analyze: the product does not rely on the server's autovacuum being on.
 */
@Injectable()
export class TableMaintenanceService {
  private readonly logger = new Logger('TableMaintenance');

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async run(thresholds: MaintenanceThresholds = DEFAULT_MAINTENANCE_THRESHOLDS): Promise<TableMaintenance[]> {
    const done = await maintainHotTables(this.ds, thresholds);
    for (const d of done)
      this.logger.log(
        `${d.action} ${d.table} (live ${d.liveRows}, dead ${d.deadRows}, changed since analyze ${d.modifiedSinceAnalyze})`,
      );
    return done;
  }
}
