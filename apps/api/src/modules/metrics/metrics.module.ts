import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { SupplierScorecardController } from './scorecard/supplier-scorecard.controller';
import { SupplierScorecardService } from './scorecard/supplier-scorecard.service';

@Module({ controllers: [MetricsController, SupplierScorecardController], providers: [SupplierScorecardService] })
export class MetricsModule {}
