import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { BusinessMetricsCollector } from './business-metrics.collector';
import { PrometheusRegistry } from './prometheus-registry';

/** Prometheus scrape endpoint (text exposition format 0.0.4). Meant for the internal network, like /health. */
@ApiExcludeController()
@SkipThrottle()
@Controller()
export class PrometheusController {
  constructor(@Inject(PrometheusRegistry) private readonly prom: PrometheusRegistry, @Inject(BusinessMetricsCollector) private readonly business: BusinessMetricsCollector) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const [process, business] = await Promise.all([this.prom.registry.metrics(), this.business.exposition()]);
    return `${process}\n${business}`;
  }
}
