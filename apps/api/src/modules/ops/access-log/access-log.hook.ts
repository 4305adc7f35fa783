import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PinoLogger } from 'nestjs-pino';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const SECRET_QUERY = /([?&](?:token|code|password|key|secret)=)[^&#]*/gi;

/** Who made the request, once a guard has recognised them: `staff:<id>` or `integration:<id>`. */
function actorOf(req: FastifyRequest): string | undefined {
  const p = (req as { principal?: { kind: string; userId?: string; integrationId?: string } }).principal;
  if (!p) return undefined;
  return p.kind === 'staff' ? `staff:${p.userId}` : `integration:${p.integrationId}`;
}

/**
 * One access log line per request, written from Fastify's onResponse hook so that it covers every
 * answer: guards (401/403), the throttler (429), unknown routes (404), the queue board and static pages.
 * (nestjs-pino's request middleware does not match every route under Nest 12 + Fastify, so its own
 * automatic request logging is switched off in favour of this.) Headers are not logged; secret-looking
 * query parameters are masked.
 */
@Injectable()
export class AccessLogHook implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onResponse', async (req, reply) => {
      if (req.url.startsWith('/health')) return;
      const logger = PinoLogger.root;
      if (!logger) return;
      const statusCode = reply.statusCode;
      const line = {
        reqId: req.id,
        method: req.method,
        url: req.url.replace(SECRET_QUERY, '$1[redacted]'),
        route: req.routeOptions?.url,
        statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
        actor: actorOf(req),
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      };
      if (statusCode >= 500) logger.error(line, 'request completed');
      else if (statusCode >= 400) logger.warn(line, 'request completed');
      else logger.info(line, 'request completed');
    });
  }
}
