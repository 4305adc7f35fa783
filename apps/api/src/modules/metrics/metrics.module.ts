import { Module } from '@nestjs/common';
import { MasterDataModule } from '../master-data/master-data.module';
import { MetricsController } from './metrics.controller';
import { SupplierScorecardController } from './scorecard/supplier-scorecard.controller';
import { SupplierScorecardService } from './scorecard/supplier-scorecard.service';

@Module({
  imports: [MasterDataModule],
  controllers: [MetricsController, SupplierScorecardController],
  providers: [SupplierScorecardService],
})
export class MetricsModule {}
