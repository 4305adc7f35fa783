import { createHash } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfigModule, EnvironmentVariables } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { QueueingModule } from '@app/queueing';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { IntakeModule } from './modules/intake/intake.module';
import { IntegrationsModule } from './modules/integrations/integrations.module';
import { MasterDataModule } from './modules/master-data/master-data.module';
import { RulesCatalogModule } from './modules/rules-catalog/rules-catalog.module';
import { logDestination } from './common/logging/log-destination';
import { API_FEATURE_MODULES } from './feature-modules';

/**
 * Whose bucket a request counts against: an integration's whole key (hashed), so a key's own traffic
 * is limited per key; sign-in and invitation routes always by client address (a made-up X-Api-Key must
 * not open a fresh bucket there). The address is the socket peer unless TRUSTED_PROXIES says otherwise.
 */
export function throttleTracker(req: Record<string, any>): string {
  const key = req.headers?.['x-api-key'] as string | undefined;
  if (!key || String(req.url ?? '').startsWith('/v1/auth/')) return `ip:${req.ip}`;
  return `key:${createHash('sha256').update(String(key)).digest('base64url')}`;
}

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: EnvironmentVariables) => {
        const options = {
          level: cfg.LOG_LEVEL,
          redact: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie'],
          // One line per request comes from AccessLogHook (Fastify onResponse), which sees every answer.
          autoLogging: false,
        };
        const destination = logDestination();
        return { pinoHttp: destination ? [options, destination] : options };
      },
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: EnvironmentVariables) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: cfg.RATE_LIMIT_PER_MINUTE }],
        getTracker: throttleTracker,
      }),
    }),
    PersistenceModule,
    QueueingModule,
    AuthModule,
    HealthModule,
    IntakeModule,
    IntegrationsModule,
    MasterDataModule,
    RulesCatalogModule,
    ...API_FEATURE_MODULES,
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class AppModule {}
