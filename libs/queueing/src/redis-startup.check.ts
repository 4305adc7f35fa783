import Redis from 'ioredis';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';

export const REDIS_STARTUP_CHECK = Symbol('REDIS_STARTUP_CHECK');

/** Start-up refuses to continue, with a clear message, when Redis does not answer. */
export async function checkRedis(url: string): Promise<true> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (err) {
    throw new Error(`Redis is not reachable at ${url.replace(/\/\/[^@/]*@/, '//***@')}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

/** A factory provider, so the check runs while the application is being created. */
export const redisStartupCheckProvider = {
  provide: REDIS_STARTUP_CHECK,
  inject: [APP_CONFIG],
  useFactory: (cfg: EnvironmentVariables) => checkRedis(cfg.REDIS_URL),
};
