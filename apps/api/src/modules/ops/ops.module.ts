import { Module } from '@nestjs/common';
import { AccessLogHook } from './access-log/access-log.hook';
import { BusinessMetricsCollector } from './prometheus/business-metrics.collector';
import { HttpMetricsHook } from './prometheus/http-metrics.hook';
import { PipelineMetricsCollector } from './prometheus/pipeline-metrics.collector';
import { PrometheusController } from './prometheus/prometheus.controller';
import { PrometheusRegistry } from './prometheus/prometheus-registry';
import { QueueBoardModule } from './queue-board/queue-board.module';

/** Operator surfaces: the access log, Prometheus /metrics and the queue board. */
@Module({
  imports: [QueueBoardModule],
  controllers: [PrometheusController],
  providers: [AccessLogHook, PrometheusRegistry, BusinessMetricsCollector, PipelineMetricsCollector, HttpMetricsHook],
})
export class OpsModule {}
