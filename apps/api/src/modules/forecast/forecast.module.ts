import { Module } from '@nestjs/common';
import { TriageClock, triageClock } from '@app/triage';
import { ForecastController } from './forecast.controller';
import { ForecastRepository } from './forecast.repository';
import { ForecastService } from './forecast.service';

@Module({
  controllers: [ForecastController],
  providers: [{ provide: TriageClock, useValue: triageClock }, ForecastService, ForecastRepository],
})
export class ForecastModule {}
