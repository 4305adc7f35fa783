import type { DynamicModule, Type } from '@nestjs/common';
import { MetricsRollupModule } from './metrics/metrics-rollup.module';
import { TriageWorkerModule } from './triage/triage-worker.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';

/** Worker feature modules beyond validation (routing, timers, roll-ups) register here. */
export const WORKER_FEATURE_MODULES: (Type<unknown> | DynamicModule)[] = [
  MetricsRollupModule,
  TriageWorkerModule,
  WebhooksWorkerModule,
];
