import type { DynamicModule, Type } from '@nestjs/common';
import { CalendarsModule } from './modules/calendars/calendars.module';
import { InvoiceResponseModule } from './modules/invoice-response/invoice-response.module';
import { ForecastModule } from './modules/forecast/forecast.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { OpsModule } from './modules/ops/ops.module';
import { PendingChangesModule } from './modules/pending-changes/pending-changes.module';
import { PipelineAdminModule } from './modules/pipeline-admin/pipeline-admin.module';
import { QueuesModule } from './modules/queues/queues.module';
import { ReviewModule } from './modules/review/review.module';
import { RevalidationModule } from './modules/revalidation/revalidation.module';
import { ReviewersModule } from './modules/reviewers/reviewers.module';
import { WebModule } from './modules/web/web.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

/**
 * Feature modules of the API beyond intake (master data, review, metrics, web pages). Each feature
 * registers itself here so app.module.ts stays small.
 */
export const API_FEATURE_MODULES: (Type<unknown> | DynamicModule)[] = [
  CalendarsModule,
  ForecastModule,
  InvoiceResponseModule,
  MetricsModule,
  OpsModule,
  PendingChangesModule,
  PipelineAdminModule,
  QueuesModule,
  RevalidationModule,
  ReviewModule,
  ReviewersModule,
  WebModule,
  WebhooksModule,
];
