import { Module } from '@nestjs/common';
import { PendingChangesController } from './pending-changes.controller';
import { PendingChangesService } from './pending-changes.service';

@Module({ controllers: [PendingChangesController], providers: [PendingChangesService] })
export class PendingChangesModule {}
