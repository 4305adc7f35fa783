import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';

export const REDIS_HEALTH_CLIENT = Symbol('REDIS_HEALTH_CLIENT');

/** A dedicated, lazily connected client for readiness pings (fails fast instead of queueing commands). */
export const redisHealthProvider = {
  provide: REDIS_HEALTH_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (cfg: EnvironmentVariables) =>
    new Redis(cfg.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
    }),
};

@Injectable()
export class RedisHealthCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_HEALTH_CLIENT) private readonly redis: Redis) {}
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
