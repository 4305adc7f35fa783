import { Module } from '@nestjs/common';
import { MasterDataModule } from '../master-data/master-data.module';
import { PendingChangesController } from './pending-changes.controller';
import { PendingChangesService } from './pending-changes.service';
import { QueueFourEyesRepository } from './queue-four-eyes.repository';

@Module({
  imports: [MasterDataModule],
  controllers: [PendingChangesController],
  providers: [PendingChangesService, QueueFourEyesRepository],
})
export class PendingChangesModule {}
