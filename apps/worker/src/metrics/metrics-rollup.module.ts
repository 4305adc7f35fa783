import { Module } from '@nestjs/common';
import { MetricsRollupService } from '@app/metrics';

/** Provides the daily roll-up refresher; the maintenance scheduler runs it as the "rollup" task. */
@Module({ providers: [MetricsRollupService], exports: [MetricsRollupService] })
export class MetricsRollupModule {}
