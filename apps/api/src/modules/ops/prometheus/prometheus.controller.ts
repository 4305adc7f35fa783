import { Controller, Get, Header, Inject, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { BusinessMetricsCollector } from './business-metrics.collector';
import { PipelineMetricsCollector } from './pipeline-metrics.collector';
import { PrometheusRegistry } from './prometheus-registry';
import { ScrapeTokenGuard } from './scrape-token.guard';

/** Prometheus scrape endpoint (text exposition format 0.0.4), behind the scrape token (METRICS_TOKEN). */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(ScrapeTokenGuard)
@Controller()
export class PrometheusController {
  constructor(
    @Inject(PrometheusRegistry) private readonly prom: PrometheusRegistry,
    @Inject(BusinessMetricsCollector) private readonly business: BusinessMetricsCollector,
    @Inject(PipelineMetricsCollector) private readonly pipeline: PipelineMetricsCollector,
  ) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const [process, business, pipeline] = await Promise.all([
      this.prom.registry.metrics(),
      this.business.exposition(),
      this.pipeline.exposition(),
    ]);
    return `${process}\n${business}\n${pipeline}`;
  }
}
