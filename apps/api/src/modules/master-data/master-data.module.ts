import { Module } from '@nestjs/common';
import { MasterDataController } from './master-data.controller';
import { PurchaseOrderService } from './purchase-order.service';
import { SupplierService } from './supplier.service';

@Module({
  controllers: [MasterDataController],
  providers: [SupplierService, PurchaseOrderService],
  exports: [SupplierService],
})
export class MasterDataModule {}
