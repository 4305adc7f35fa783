import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import Redis from 'ioredis';
import { SkipThrottle } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { readPipelineState } from '@app/queueing';
import { REDIS_HEALTH_CLIENT } from './redis-health.provider';

@ApiTags('health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(TypeOrmHealthIndicator) private readonly db: TypeOrmHealthIndicator,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_HEALTH_CLIENT) private readonly redis: Redis,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: EnvironmentVariables,
  ) {}

  /**
   * The pipeline moves: no accepted invoice has waited longer than PIPELINE_STALE_AFTER_SECONDS for its
   * validation (503 otherwise, with the figures). Separate from /ready on purpose: a stuck worker must
   * page someone, not take the API that still accepts invoices out of the load balancer.
   */
  @Get('pipeline')
  async pipeline(@Res({ passthrough: true }) reply: FastifyReply) {
    const s = await readPipelineState(this.ds);
    const up = s.oldestUnvalidatedSeconds <= this.cfg.PIPELINE_STALE_AFTER_SECONDS;
    reply.status(up ? 200 : 503);
    return {
      status: up ? 'ok' : 'stalled',
      unvalidated: s.unvalidated,
      oldestUnvalidatedSeconds: Math.round(s.oldestUnvalidatedSeconds),
      failed: s.failed,
      staleAfterSeconds: this.cfg.PIPELINE_STALE_AFTER_SECONDS,
    };
  }

  /** The process is up. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** PostgreSQL and Redis answer: the API can take traffic. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 2000 }),
      async () => {
        const redis = this.indicators.check('redis');
        // Cleared once Redis answers: a probe every few seconds must not leave a timer behind each time.
        let timer: NodeJS.Timeout | undefined;
        try {
          if (this.redis.status === 'wait') await this.redis.connect();
          const pong = await Promise.race([
            this.redis.ping(),
            new Promise<string>((_, rej) => {
              timer = setTimeout(() => rej(new Error('timeout')), 2000);
            }),
          ]);
          return pong === 'PONG' ? redis.up() : redis.down({ message: `unexpected answer ${pong}` });
        } catch (e) {
          return redis.down({ message: (e as Error).message });
        } finally {
          clearTimeout(timer);
        }
      },
    ]);
  }
}
