import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { RedisHealthCloser, redisHealthProvider } from './redis-health.provider';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [redisHealthProvider, RedisHealthCloser],
})
export class HealthModule {}
