import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { PrometheusRegistry } from './prometheus-registry';

/** Observes every HTTP request's latency by route pattern (not raw URL, so label cardinality stays bounded). */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly host: HttpAdapterHost,
    @Inject(PrometheusRegistry) private readonly prom: PrometheusRegistry,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onResponse', (req, reply, done) => {
      const route = req.routeOptions?.url ?? 'unmatched';
      this.prom.httpDuration.observe(
        { method: req.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}
