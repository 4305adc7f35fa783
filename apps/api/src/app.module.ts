import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
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
import { rateLimitOf, throttleTracker } from './common/throttle-tracker';
import { QueueThrottlerStorage } from './common/throttle-storage';
import { LanguageInterceptor } from './common/language/request-language';
import { ReviewerLanguageRepository } from './common/language/reviewer-language.repository';

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
        throttlers: [
          {
            name: 'default',
            ttl: 60_000,
            limit: rateLimitOf({
              perKey: cfg.RATE_LIMIT_PER_MINUTE,
              perStaffSession: cfg.STAFF_RATE_LIMIT_PER_MINUTE,
              perAddress: cfg.ADDRESS_RATE_LIMIT_PER_MINUTE,
            }),
          },
        ],
        getTracker: throttleTracker,
        // The library's storage, answer for answer, without copying a busy bucket's hits on every request.
        storage: new QueueThrottlerStorage(),
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
  providers: [
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_INTERCEPTOR, useClass: LanguageInterceptor },
    ReviewerLanguageRepository,
  ],
})
export class AppModule {}
