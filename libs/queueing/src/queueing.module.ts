import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, EnvironmentVariables } from '@app/config';
import { ALL_QUEUES } from './queue-names';
import { DEFAULT_JOB_OPTIONS, queuePrefix } from './job-options';
import { redisConnection } from './redis-connection';
import { JobProducer } from './job-producer';
import { OutboxRelayService } from './outbox-relay.service';
import { redisStartupCheckProvider } from './redis-startup.check';

/** Registers every queue of the registry; the API and the worker both import it. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (cfg: EnvironmentVariables) => ({
        connection: redisConnection(cfg.REDIS_URL),
        prefix: queuePrefix(cfg.QUEUE_PREFIX),
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [redisStartupCheckProvider, JobProducer, OutboxRelayService],
  exports: [BullModule, JobProducer, OutboxRelayService],
})
export class QueueingModule {}
