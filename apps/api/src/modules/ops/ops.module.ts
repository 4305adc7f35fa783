import { Module } from '@nestjs/common';
import { BusinessMetricsCollector } from './prometheus/business-metrics.collector';
import { HttpMetricsHook } from './prometheus/http-metrics.hook';
import { PrometheusController } from './prometheus/prometheus.controller';
import { PrometheusRegistry } from './prometheus/prometheus-registry';
import { QueueBoardModule } from './queue-board/queue-board.module';

/** Operator surfaces: Prometheus /metrics and the queue board. */
@Module({
  imports: [QueueBoardModule],
  controllers: [PrometheusController],
  providers: [PrometheusRegistry, BusinessMetricsCollector, HttpMetricsHook],
})
export class OpsModule {}
