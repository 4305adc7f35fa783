import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TriageClock, triageClock } from '@app/triage';
import { QueuesController } from './queues.controller';
import { QueuesRepository } from './queues.repository';
import { QueuesService } from './queues.service';

@Module({
  controllers: [QueuesController],
  providers: [{ provide: TriageClock, useValue: triageClock }, QueuesRepository, QueuesService],
  exports: [QueuesService],
})
export class QueuesModule implements OnApplicationBootstrap {
  constructor(@Inject(QueuesService) private readonly queues: QueuesService) {}

  /** Default queues for the ten countries and the supplier rules (existing settings are kept). */
  async onApplicationBootstrap(): Promise<void> {
    await this.queues.seedDefaults();
  }
}
